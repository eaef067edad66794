"""A batch loses no good row: a dying worker, a failing print file, SIGTERM, a killed parent."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import pdf_pages
from pypdf import PdfReader
from test_batch import HEADER, TEMPLATE, leftovers

from handouts.write import output


@pytest.fixture
def template(tmp_path) -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


def roster_of(tmp_path: Path, names: list[str]) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + "".join(f"{name},,,,,,,\n" for name in names), encoding="utf-8")
    return path


def test_a_worker_that_dies_takes_only_its_own_row(run, tmp_path, template, monkeypatch):
    import handouts.run.build

    real = handouts.run.build.pdf_bytes

    def crashing(plan, **options):  # the workers are forked from this process, so they build with this
        if plan.patient.name == "Crash Test":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(plan, **options)

    monkeypatch.setattr(handouts.run.build, "pdf_bytes", crashing)
    names = [f"Patient {n}" for n in range(1, 9)]
    names.insert(3, "Crash Test")
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    result = run("batch", roster_of(tmp_path, names), "--template", template, "-o", out, "--merge", merged,
                 "--jobs", 2)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (f"{tmp_path / 'roster.csv'} row 5: not built: the worker process building it stopped "
                        "(killed by SIGKILL); please report this with the row")
    assert lines[-1].startswith("batch: 8 built, 1 failed") and "print file" in lines[-1]
    assert sorted(p.name for p in out.iterdir()) == sorted(f"patient-{n}.pdf" for n in range(1, 9))
    # Every handout on disk is in the print file, in roster order.
    reader = PdfReader(merged)
    assert [item.title for item in reader.outline] == names[:3] + names[4:]
    assert len(reader.pages) == sum(2 * pdf_pages(p) for p in out.iterdir())
    assert leftovers(tmp_path) == []


def test_a_print_file_that_fails_keeps_the_handouts_and_exits_1(run, tmp_path, template, monkeypatch):
    import handouts.write.merge

    real, added = handouts.write.merge.PrintFile.add, []

    def disk_fills(self, source, *args, **kwargs):
        added.append(source)
        if len(added) == 3:
            self._handle.write(b"part of a handout")  # what a full disk leaves: a print file half written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(self, source, *args, **kwargs)

    monkeypatch.setattr(handouts.write.merge.PrintFile, "add", disk_fills)
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    result = run("batch", roster_of(tmp_path, [f"Patient {n}" for n in range(1, 7)]), "--template", template,
                 "-o", out, "--merge", merged, "--jobs", 1)
    assert result.exit_code == 1
    [summary] = result.stderr.splitlines()
    assert re.fullmatch(rf"batch: 6 built, 0 failed, [\d.]+ s; print file {re.escape(str(merged))} not written "
                        r"\(No space left on device while adding patient-3.pdf\)", summary)
    assert len(list(out.iterdir())) == 6
    assert not merged.exists() and leftovers(tmp_path) == []


def test_a_row_whose_file_cannot_be_written_fails_alone(run, tmp_path, template):
    out = tmp_path / "out"
    (out / "patient-2.pdf").mkdir(parents=True)  # a folder where the PDF should go
    result = run("batch", roster_of(tmp_path, ["Patient 1", "Patient 2", "Patient 3"]), "--template", template,
                 "-o", out, "--merge", tmp_path / "print.pdf", "--jobs", 1)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{tmp_path / 'roster.csv'} row 3: ")
    assert lines[1].startswith("batch: 2 built, 1 failed")
    assert [item.title for item in PdfReader(tmp_path / "print.pdf").outline] == ["Patient 1", "Patient 3"]


def _start_batch(tmp_path: Path, template: Path, rows: int) -> subprocess.Popen:
    roster = roster_of(tmp_path, [f"Patient {n}" for n in range(rows)])
    return subprocess.Popen([sys.executable, "-m", "handouts", "batch", str(roster), "--template", str(template),
                             "-o", str(tmp_path / "out"), "--merge", str(tmp_path / "print.pdf"), "--jobs", "2"],
                            stderr=subprocess.PIPE, text=True)


def _wait_for_pdfs(folder: Path, count: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if folder.is_dir() and len([p for p in folder.iterdir() if p.suffix == ".pdf"]) >= count:
            return
        time.sleep(0.05)
    pytest.fail("the batch did not get going")


def _descendants(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found |= {int(child)} | _descendants(int(child))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _complete(folder: Path) -> None:
    for pdf in folder.iterdir():
        assert pdf.suffix == ".pdf" and pdf_pages(pdf) == 1, pdf


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_the_batch_like_ctrl_c(tmp_path, template):
    batch = _start_batch(tmp_path, template, 200)
    _wait_for_pdfs(tmp_path / "out", 3, batch)
    batch.send_signal(signal.SIGTERM)
    _, stderr = batch.communicate(timeout=60)
    assert batch.returncode == 128 + signal.SIGTERM, stderr
    summary = stderr.strip().splitlines()[-1]
    assert summary.startswith("batch: interrupted: ") and "not started" in summary
    assert f"{tmp_path / 'print.pdf'} not written" in summary
    built = int(summary.split("interrupted: ")[1].split(" built")[0])
    assert len(list((tmp_path / "out").iterdir())) == built < 200
    _complete(tmp_path / "out")
    assert not (tmp_path / "print.pdf").exists() and leftovers(tmp_path) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_parent_is_killed_and_leave_nothing_half_written(tmp_path, template):
    batch = _start_batch(tmp_path, template, 200)
    _wait_for_pdfs(tmp_path / "out", 3, batch)
    workers = _descendants(batch.pid)
    assert len(workers) >= 2
    batch.kill()
    batch.wait()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in workers)
    _complete(tmp_path / "out")
    assert not (tmp_path / "print.pdf").exists() and leftovers(tmp_path) == []


@pytest.mark.skipif(not output._HAS_TMPFILE, reason="this platform has no unnamed temporary files")
def test_a_file_being_written_has_no_name_until_it_is_complete(tmp_path):
    target = tmp_path / "handout.pdf"
    with output.atomic_file(target) as handle:
        handle.write(b"%PDF-1.4 half")
        assert list(tmp_path.iterdir()) == []  # SIGKILL here would leave nothing behind
    assert target.read_bytes() == b"%PDF-1.4 half"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~output._umask())
    with pytest.raises(KeyboardInterrupt), output.atomic_file(target) as handle:
        handle.write(b"new")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"%PDF-1.4 half" and [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


def test_without_unnamed_files_a_hidden_part_file_is_used_and_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "_HAS_TMPFILE", False)  # a platform or file system without O_TMPFILE
    target = tmp_path / "handout.pdf"
    with output.atomic_file(target) as handle:
        handle.write(b"%PDF-1.4 whole")
        [part] = tmp_path.iterdir()
        assert part.name.startswith(".") and part.name.endswith(".part")
    assert target.read_bytes() == b"%PDF-1.4 whole" and list(tmp_path.iterdir()) == [target]
    with pytest.raises(KeyboardInterrupt), output.atomic_file(target) as handle:
        handle.write(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"%PDF-1.4 whole" and list(tmp_path.iterdir()) == [target]


def _disk_fills_after(monkeypatch, files: int) -> None:
    """The output's disk full once `files` files are written: every later one fails with ENOSPC."""
    real, opened = output._unnamed, []

    def unnamed(folder):
        opened.append(folder)
        if len(opened) > files:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(folder)

    monkeypatch.setattr(output, "_unnamed", unnamed)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_full_disk_stops_the_batch_with_one_line(run, tmp_path, template, monkeypatch, jobs):
    _disk_fills_after(monkeypatch, 3)  # the workers are forked: each has its own count, so jobs=2 fills later
    out, merged = tmp_path / "out", tmp_path / "other" / "print.pdf"
    result = run("batch", roster_of(tmp_path, [f"Patient {n}" for n in range(1, 31)]), "--template", template,
                 "-o", out, "--merge", merged, "--jobs", jobs)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    built = len(list(out.iterdir()))
    assert 2 <= built < 30  # (the print file took one of the three in this process)
    assert re.fullmatch(rf"batch: stopped at patient-\d+\.pdf: No space left on device; free some space, or choose "
                        rf"another output folder; {built} built, {30 - built} not built; {re.escape(str(merged))} "
                        r"not written", line), line
    assert all(pdf_pages(p) for p in out.iterdir())  # every PDF left is complete
    assert not merged.exists() and leftovers(tmp_path) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB file system of its own (tmpfs), unmounted afterwards; skipped where it cannot be mounted."""
    folder = tmp_path / "disk"
    folder.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], check=True,
                       capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        why = exc.stderr.decode().strip() if isinstance(exc, subprocess.CalledProcessError) else exc
        pytest.skip(f"cannot mount a small tmpfs here (it needs root): {why}")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_full_tmpfs_stops_the_batch_with_one_line(run, tmp_path, template, small_disk):
    merged = tmp_path / "print.pdf"
    result = run("batch", roster_of(tmp_path, [f"Patient {n}" for n in range(1, 201)]), "--template", template,
                 "-o", small_disk, "--merge", merged, "--jobs", 2)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    built = sorted(small_disk.iterdir())
    assert re.fullmatch(rf"batch: stopped at patient-\d+\.pdf: No space left on device; free some space, or choose "
                        rf"another output folder; {len(built)} built, {200 - len(built)} not built; "
                        rf"{re.escape(str(merged))} not written", line), line
    assert 0 < len(built) < 200 and all(pdf_pages(p) for p in built)
    assert not merged.exists() and leftovers(tmp_path) == []
