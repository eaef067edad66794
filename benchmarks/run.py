"""How fast is handouts? Every figure as a median, and as a ratio to the floor measured in the same run.

    python benchmarks/run.py            # the full run (about two minutes on 2 cores)
    python benchmarks/run.py --quick    # fewer repeats and a 100-row roster, for a quick look

The reference handout is pdfkit_plans/neck-spasm-patient.yaml: the five seed
exercises with drawings, a dated ice-then-heat chart, advice and warnings.
The floor (benchmarks/floor.py) places the same text and pictures on a bare
reportlab canvas, with no layout engine.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "pdfkit_plans" / "neck-spasm-patient.yaml"
FLOOR = ROOT / "benchmarks" / "floor.py"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
# Commands run this checkout's code, wherever (and whether) handouts is installed. They may write
# bytecode, as `pip install` does: otherwise every cold run would time compiling the package.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(ROOT)


def median_time(action, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def command_time(args: list[str], repeats: int, cwd: Path) -> float:
    def once():
        subprocess.run(args, cwd=cwd, env=ENV, check=True, capture_output=True)

    once()  # the first run warms the disk cache and writes bytecode, not the process
    return median_time(once, repeats)


def write_roster(path: Path, rows: int) -> None:
    first = ["José", "Siobhán", "Zoë", "Ivan", "Nguyễn", "Amara", "Lars", "Mei", "Omar", "Priya"]
    last = ["Müller", "O'Neil", "Łukasiewicz", "Petrov", "Thị Lan", "Okafor", "Berg", "Chen", "Haddad", "Nair"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["patient", "id", "date", "injury_date", "exercises", "therapist", "layout", "language"])
        for i in range(rows):
            out.writerow([f"{first[i % 10]} {last[(i // 10) % 10]}", f"MRN-{10000 + i}", "", "", "", "", "", ""])


def batch(roster: Path, outdir: Path, jobs: int) -> tuple[float, int]:
    """Wall seconds and the peak memory (KB) of the largest process of one batch run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "handouts", "batch", str(roster), "--template", str(REFERENCE),
                    "-o", str(outdir), "--jobs", str(jobs)], env=ENV, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


MEMORY_PROBE = """
import resource, sys
from pathlib import Path
from handouts.build import pdf_bytes
from handouts.plan import load_plan
rss = lambda: int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize() // 1024
marks = {}
for n in range(1, int(sys.argv[2]) + 1):
    pdf_bytes(load_plan(Path(sys.argv[1])))
    if n in (50, int(sys.argv[2])):
        marks[n] = rss()
print(marks[50], marks[int(sys.argv[2])], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a 100-row roster")
    args = parser.parse_args()
    repeats, cold_repeats, rows = (10, 3, 100) if args.quick else (40, 9, 500)

    import floor

    from handouts.build import pdf_bytes
    from handouts.plan import load_plan

    work = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    content = floor.content_of(str(REFERENCE))
    (work / "content.json").write_text(json.dumps(content), encoding="utf-8")
    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs"

    # (a) one handout in process, after warm-up
    for _ in range(3):
        reference_pdf = pdf_bytes(load_plan(REFERENCE))
        floor.draw(content)
    ours = median_time(lambda: pdf_bytes(load_plan(REFERENCE)), repeats)
    bare = median_time(lambda: floor.draw(content), repeats)

    # (b) the cold command, whole process
    cold = command_time([sys.executable, "-m", "handouts", "build", str(REFERENCE), "-o", str(work / "ref.pdf")],
                        cold_repeats, work)
    cold_floor = command_time([sys.executable, str(FLOOR), str(work / "content.json"), str(work / "floor.pdf")],
                              cold_repeats, work)

    # (c) batch throughput, and (d) memory
    roster = work / "roster.csv"
    write_roster(roster, rows)
    one, peak_one = batch(roster, work / "out1", 1)
    two, peak_two = batch(roster, work / "out2", 2)
    probe = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(REFERENCE), str(rows)], check=True,
                           capture_output=True, text=True, env=ENV)
    rss50, rss_end, rss_peak = map(int, probe.stdout.split())

    print(f"handouts benchmark ({env_note}); reference: {REFERENCE.relative_to(ROOT)}")
    print(f"(a) one handout in process     {ours * 1000:7.1f} ms   floor {bare * 1000:6.1f} ms   "
          f"ratio {ours / bare:4.2f} (target <= 2.0)")
    print(f"(b) cold 'handouts build'      {cold * 1000:7.0f} ms   floor {cold_floor * 1000:6.0f} ms   "
          f"ratio {cold / cold_floor:4.2f} (target <= 1.3)")
    print(f"(c) batch of {rows} at --jobs 1  {one:7.1f} s    {rows / one:6.1f} handouts/s   "
          f"{one / rows / bare:4.1f}x the floor per handout")
    print(f"    batch of {rows} at --jobs 2  {two:7.1f} s    {rows / two:6.1f} handouts/s   "
          f"speed-up {one / two:4.2f} (target >= 1.7)")
    print(f"(d) memory per worker           {rss_peak / 1024:6.0f} MB peak; {rss50 / 1024:.0f} MB after 50 "
          f"handouts, {rss_end / 1024:.0f} MB after {rows} (target < 120 MB, flat); "
          f"largest batch process {max(peak_one, peak_two) / 1024:.0f} MB")
    print(f"(e) reference handout size     {len(reference_pdf) / 1024:7.0f} KB  (target < 200 KB)")


if __name__ == "__main__":
    main()
