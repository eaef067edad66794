"""`handouts build --watch`, run as a therapist runs it: build, edit the plan and its layout, make a mistake and
fix it, then Ctrl-C."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import MINIMAL_PLAN, pdf_pages, pdf_text

WAIT = 30  # seconds for one rebuild to be reported: a cold build on a busy machine, and a poll or two


class Watcher:
    """`handouts build PLAN --watch` in a process of its own, its output read a line at a time."""

    def __init__(self, plan):
        self.process = subprocess.Popen([sys.executable, "-m", "handouts", "build", plan.name, "--watch"],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        cwd=plan.parent)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.seen: list[str] = []

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_line(self) -> str:
        line = self.lines.get(timeout=WAIT)
        self.seen.append(line)
        return line

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=WAIT)
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return code


def save(path, text: str) -> None:
    time.sleep(0.05)  # a new modification time even on a file system that keeps coarse ones
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def watched(tmp_path):
    plan = tmp_path / "plan.yaml"
    (tmp_path / "brand.yaml").write_text("extends: default\n", encoding="utf-8")
    plan.write_text(MINIMAL_PLAN.replace("layout: default", "layout: brand.yaml"), encoding="utf-8")
    watcher = Watcher(plan)
    yield watcher, plan
    if watcher.process.poll() is None:
        watcher.process.kill()
        watcher.process.wait()


def test_it_rebuilds_on_each_save_and_keeps_the_last_good_pdf(watched):
    watcher, plan = watched
    pdf = plan.with_suffix(".pdf")
    assert watcher.next_line() == "watching plan.yaml and the files it uses; Ctrl-C stops"
    assert watcher.next_line() == "plan.yaml: 1 page -> plan.pdf"
    assert pdf_pages(pdf) == 1

    save(plan, plan.read_text(encoding="utf-8") + "log: true\n")  # the log adds its page, and the spasm diary runs onto one more
    assert watcher.next_line() == "plan.yaml: 3 pages -> plan.pdf"
    good = pdf.read_bytes()

    save(plan, plan.read_text(encoding="utf-8").replace("- neck-tilt", "- neck-tlit"))
    assert watcher.next_line() == ("plan.yaml:6:5: exercises[0]: unknown exercise 'neck-tlit' (did you mean "
                                   "'neck-tilt'?); see 'handouts list exercises'")
    assert pdf.read_bytes() == good  # the mistake wrote nothing

    save(plan, plan.read_text(encoding="utf-8").replace("- neck-tlit", "- neck-tilt"))
    assert watcher.next_line() == "plan.yaml: 3 pages -> plan.pdf"

    # The layout the plan names is watched too.
    save(plan.parent / "brand.yaml", "extends: default\nclinic: {name: Harbor Point Physio}\n")
    assert watcher.next_line() == "plan.yaml: 3 pages -> plan.pdf"
    assert "Harbor Point Physio" in pdf_text(pdf)

    assert watcher.stop() == 0
    assert not any("Traceback" in line or "Aborted" in line for line in watcher.seen), watcher.seen


def test_what_it_watches_is_every_file_the_build_read(tmp_path):
    # In a fresh process, as the watcher builds: one that has built before has the library and fonts cached.
    plan = tmp_path / "plan.yaml"
    plan.write_text(MINIMAL_PLAN, encoding="utf-8")
    script = ("import sys; from pathlib import Path; from handouts.run.watch import build_once\n"
              "outcome = build_once(Path(sys.argv[1]), Path(sys.argv[2]), False, None)\n"
              "print(*outcome.lines, *sorted(map(str, outcome.read)), sep='\\n')")
    result = subprocess.run([sys.executable, "-c", script, str(plan), str(tmp_path / "plan.pdf")],
                            capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == f"{plan}: 1 page -> {tmp_path / 'plan.pdf'}"
    from handouts.load.resources import data_dir

    read = set(lines[1:])
    for path in (plan, data_dir("layouts") / "default.yaml", data_dir("fonts") / "DejaVuSans.ttf",
                 data_dir("library") / "en" / "strings.yaml", data_dir("library") / "en" / "exercises" / "neck-tilt.yaml",
                 data_dir("images") / "drawings" / "neck-tilt.yaml", data_dir("images") / "logo.png"):
        assert str(path) in read, path
    assert str(data_dir("images") / "drawings" / "chin-tuck.yaml") not in read  # a drawing it does not print
