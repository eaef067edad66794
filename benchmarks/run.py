"""How fast is handouts? Every figure a median over repeats interleaved with what it is compared to.

    python benchmarks/run.py                 # the full run (about four minutes on 2 busy cores)
    python benchmarks/run.py --quick         # fewer repeats and a 100-row roster, for a quick look
    python benchmarks/run.py --big           # also the 5,000-row batch (memory flat in the row count?)
    python benchmarks/run.py --write-readme  # and put the table in README.md's Performance section

The reference handout is pdfkit_plans/neck-spasm-patient.yaml: the five seed
exercises with drawings, a dated ice-then-heat chart, advice and warnings.
The floor (benchmarks/floor.py) places the same text, logo and drawings on a
bare reportlab canvas, with no layout engine. Each repeat times handouts and
then its floor (or one batch setting and then the next), so a machine that
slows down mid-run slows both alike: each figure is a median with its minimum
and interquartile range, each ratio the median of the repeats' own ratios with
their range. The growth table (1 to 30 exercises) counts the full layouts each
plan costs and how far its time lies from a straight line through them all; the
plans that once took two full layouts (EVENED) are timed and counted too.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
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

# Runs `handouts` in this process and reports its own peak memory and its largest child's (a worker).
BATCH_DRIVER = """
import json, resource, sys
from handouts.cli import cli
code = 0
try:
    cli.main(args=sys.argv[1:], prog_name="handouts")
except SystemExit as end:
    code = end.code
print(json.dumps({"code": code, "parent_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


class Timing:
    """The seconds of one action over interleaved repeats: its median and spread."""

    def __init__(self, values: list[float]):
        self.values = values
        self.median = statistics.median(values)
        self.min = min(values)
        quartiles = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
        self.iqr = quartiles[2] - quartiles[0]

    def ms(self) -> str:
        return f"{self.median * 1000:.1f} ms (min {self.min * 1000:.1f}, IQR {self.iqr * 1000:.1f})"

    def ratio_to(self, other: Timing) -> tuple[float, float, float]:
        """The median ratio to `other`, and its range, repeat by repeat (both were timed in the same repeat)."""
        ratios = [ours / theirs for ours, theirs in zip(self.values, other.values)]
        return statistics.median(ratios), min(ratios), max(ratios)


def interleaved(actions: dict, repeats: int) -> dict[str, Timing]:
    """Each action's timing, the actions timed in turn within every repeat."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeats):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    return {name: Timing(values) for name, values in times.items()}


def ratio_line(ours: Timing, floor: Timing, target: float) -> str:
    median, low, high = ours.ratio_to(floor)
    return f"ratio {median:4.2f} (range {low:.2f}-{high:.2f}; target <= {target})"


class LayoutPasses:
    """Counts the full layouts (`render.document._build` calls) each handout costs: a plan should pay for one."""

    def __init__(self):
        from handouts.render import document

        self.document, self.original, self.count = document, document._build, 0

        def counted(*args, **kwargs):
            self.count += 1
            return self.original(*args, **kwargs)

        document._build = counted

    def of(self, make) -> int:
        self.count = 0
        make()
        return self.count


GROWTH = (1, 3, 5, 10, 20, 30)
FLOOR_BESIDE = 50  # floor handouts timed in each batch repeat


def growth_table(repeats: int, passes: LayoutPasses) -> list[str]:
    """The reference plan with 1 to 30 exercises: time, pages, KB and layouts, and how far each time lies from
    the straight line fitted through them (a jump means a second layout or a cliff in the layout engine)."""
    from pypdf import PdfReader

    from handouts.check.library import load_library
    from handouts.check.plan import load_plan
    from handouts.run.build import pdf_bytes

    ids = sorted(load_library("en").exercises)
    plans = {n: load_plan(REFERENCE, overrides={"exercises": ids[:n]}) for n in GROWTH}
    timings = interleaved({n: (lambda plan=plan: pdf_bytes(plan)) for n, plan in plans.items()}, repeats)
    slope, intercept = statistics.linear_regression(list(GROWTH), [timings[n].median for n in GROWTH])
    lines = ["    exercises   time (median)   pages     KB   layouts   off the line"]
    for n in GROWTH:
        data = pdf_bytes(plans[n])
        fitted = intercept + slope * n
        off = (timings[n].median - fitted) / fitted * 100
        lines.append(f"    {n:9d}   {timings[n].median * 1000:9.1f} ms   {len(PdfReader(io.BytesIO(data)).pages):5d}"
                     f"  {len(data) / 1024:5.0f}   {passes.of(lambda plan=plans[n]: pdf_bytes(plan)):7d}"
                     f"   {off:+6.1f}%{'  (over 15%)' if abs(off) > 15 else ''}")
    return lines


# The plans that took two full layouts before a page's breaks were widened as it was laid out (issue 27): the
# example plans and roster row whose pages were evened, each with the layout that evened them.
EVENED = [("neck-spasm-two-languages.yaml", "default"), ("neck-spasm-phases.yaml", "default"),
          ("neck-spasm-phases.yaml", "large-print"), ("leaflets/neck-spasm.yaml", "large-print"),
          ("leaflets/desk-posture.yaml", "large-print"), ("roster-example.csv row 11", "default")]


def evened_plans() -> dict:
    """The EVENED plans, checked, by name."""
    import datetime as dt

    from handouts.check.plan import load_plan
    from handouts.run.batch import roster_jobs

    plans = {}
    for name, layout in EVENED:
        if name.endswith("row 11"):
            jobs, _ = roster_jobs(ROOT / "pdfkit_plans" / "roster-example.csv",
                                  ROOT / "pdfkit_plans" / "roster-template.yaml", today=dt.date(2026, 11, 24))
            job = next(job for job in jobs if job.label.endswith(" row 11"))
            plans[f"{name} ({layout})"] = load_plan(job.plan, overrides=job.overrides, source=job.label)
        else:
            plans[f"{name} ({layout})"] = load_plan(ROOT / "pdfkit_plans" / name, overrides={"layout": layout})
    return plans


def evened_table(repeats: int, passes: LayoutPasses) -> list[str]:
    """The EVENED plans' time, pages and full layouts (one each, now), timed in turn."""
    from pypdf import PdfReader

    from handouts.run.build import pdf_bytes

    plans = evened_plans()
    timings = interleaved({name: (lambda plan=plan: pdf_bytes(plan)) for name, plan in plans.items()}, repeats)
    lines = ["    plans that took two full layouts before (issue 27):"]
    for name, plan in plans.items():
        pages = len(PdfReader(io.BytesIO(pdf_bytes(plan))).pages)
        lines.append(f"      {name:46s} {timings[name].ms()}   {pages:2d} pages   "
                     f"{passes.of(lambda plan=plan: pdf_bytes(plan))} layout(s)")
    return lines


def typed_plans() -> list[str]:
    """The reference plan as the page sends it while a therapist types: a new patient's name a letter at a time,
    a hold time retyped (an empty field on the way), and an exercise's note a word at a time."""
    text = REFERENCE.read_text(encoding="utf-8")
    plans = []
    name = "Maria Lopez"
    for end in range(1, len(name) + 1):
        plans.append(text.replace("José Müller", name[:end]))
    text = text.replace("José Müller", name)
    for hold in ("", "1", "10", "12"):
        plans.append(text.replace("hold_s: 15", f"hold_s: {hold}"))
    text = text.replace("hold_s: 15", "hold_s: 12")
    note = "Slow and small. Breathe out as you stretch; stop if it hurts more."
    words = note.split(" ")
    for end in range(1, len(words) + 1):
        plans.append(text.replace("Go gently. If your arm tingles, stop and call us.", " ".join(words[:end])))
    return plans


def preview_latency(repeats: int) -> str:
    """The page's preview (handouts/web/preview.py: the plan checked and, when right, built in memory) at each
    keystroke of `typed_plans`, in process: its median (p50) and 95th percentile, and how many edits built."""
    from handouts.web.preview import check_and_build

    plans = typed_plans()
    check_and_build(plans[-1], REFERENCE.parent)  # warm, as a page that has shown its first preview
    seconds, built = [], 0
    for _ in range(repeats):
        for text in plans:
            checked = check_and_build(text, REFERENCE.parent)
            seconds.append(checked.seconds)
            built += checked.pdf is not None
    cuts = statistics.quantiles(seconds, n=20)
    return (f"(f) preview as the therapist types  p50 {statistics.median(seconds) * 1000:.1f} ms   "
            f"p95 {cuts[18] * 1000:.1f} ms   (max {max(seconds) * 1000:.1f}; {len(seconds)} edits, "
            f"{built} of them built, the rest stopped at a mistake)")


def command(args: list[str]):
    def once():
        subprocess.run(args, env=ENV, check=True, capture_output=True)

    return once


def write_roster(path: Path, rows: int) -> None:
    first = ["José", "Siobhán", "Zoë", "Ivan", "Nguyễn", "Amara", "Lars", "Mei", "Omar", "Priya"]
    last = ["Müller", "O'Neil", "Łukasiewicz", "Petrov", "Thị Lan", "Okafor", "Berg", "Chen", "Haddad", "Nair"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["patient", "id", "date", "injury_date", "exercises", "therapist", "layout", "language"])
        for i in range(rows):
            out.writerow([f"{first[i % 10]} {last[(i // 10) % 10]}", f"MRN-{10000 + i}", "", "", "", "", "", ""])


class Batches:
    """Batch runs of one roster, keeping each run's memory figures."""

    def __init__(self, work: Path, roster: Path):
        self.work, self.roster = work, roster
        self.memory: dict[str, list[tuple[int, int]]] = {}

    def action(self, name: str, jobs: int, merge: bool):
        def once():
            out = self.work / f"out-{name}"
            args = [sys.executable, "-c", BATCH_DRIVER, "batch", str(self.roster), "--template", str(REFERENCE),
                    "-o", str(out), "--jobs", str(jobs)]
            if merge:
                args += ["--merge", str(self.work / f"print-{name}.pdf")]
            done = subprocess.run(args, env=ENV, check=True, capture_output=True, text=True)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            if figures["code"] not in (0, None):
                raise SystemExit(f"batch {name} failed: {done.stderr}")
            self.memory.setdefault(name, []).append((figures["parent_kb"], figures["worker_kb"]))

        return once

    def peak(self, name: str) -> tuple[float, float]:
        """The largest parent and worker peak (MB) over the runs of one setting."""
        runs = self.memory[name]
        return max(p for p, _ in runs) / 1024, max(w for _, w in runs) / 1024


# Where one handout's time goes: (label, file, function) whose cumulative time cProfile reports.
PHASES = [("reading and checking the plan", "plan.py", "load_plan"), ("composing the story", "story.py", "compose"),
          ("platypus wrapping paragraphs", "paragraph.py", "breakLines"),
          ("tables measuring their cells", "tables.py", "_calc"),
          ("saving the PDF (subsets, compression)", "pdfdoc.py", "GetPDFData")]


def time_shares(action, repeats: int) -> str:
    """The share of `action`'s time (under cProfile, which slows Python calls alike) spent in each phase."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.runcall(lambda: [action() for _ in range(repeats)])
    stats = pstats.Stats(profile).stats
    total = max(cumulative for _, _, _, cumulative, _ in stats.values())
    shares = []
    for label, filename, function in PHASES:
        cumulative = max((value[3] for (path, _, name), value in stats.items()
                          if name == function and path.endswith(filename)), default=0.0)
        shares.append(f"{label} {cumulative / total * 100:.0f}%")
    return ", ".join(shares)


def merge_cost(folder: Path, repeats: int) -> float:
    """Median seconds the parent spends adding one finished handout to a print file."""
    from handouts.write.merge import PrintFile

    pdfs = sorted(folder.iterdir())[:200]
    times = []
    for _ in range(repeats):
        with open(os.devnull, "wb") as sink:
            target = PrintFile(sink)
            started = time.perf_counter()
            for order, pdf in enumerate(pdfs):
                target.add(pdf, pdf.stem, order=order)
            target.close()
            times.append((time.perf_counter() - started) / len(pdfs))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, a 100-row roster")
    parser.add_argument("--big", action="store_true", help="also a 5,000-row batch with --merge (a few minutes)")
    parser.add_argument("--write-readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    repeats, cold_repeats, batch_repeats, rows = (10, 3, 1, 100) if args.quick else (40, 11, 3, 500)

    import floor

    from handouts.check.plan import load_plan
    from handouts.run.build import pdf_bytes

    work = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    content = floor.content_of(str(REFERENCE), str(work / "logo.png"))
    (work / "content.json").write_text(json.dumps(content), encoding="utf-8")
    lines = [(f"handouts benchmark (python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
             f"{os.getloadavg()[0]:.1f} at the start); reference: {REFERENCE.relative_to(ROOT)}")]
    rows_of_table = []

    # (a) one handout in process, after warm-up
    for _ in range(3):
        reference_pdf = pdf_bytes(load_plan(REFERENCE))
        floor_pdf = floor.draw(content)
    one = interleaved({"ours": lambda: pdf_bytes(load_plan(REFERENCE)), "floor": lambda: floor.draw(content)},
                      repeats)
    lines.append(f"(a) one handout in process     {one['ours'].ms()}   floor {one['floor'].ms()}   "
                 + ratio_line(one["ours"], one["floor"], 2.0))
    rows_of_table.append(("one handout, in process", f"{one['ours'].median * 1000:.0f} ms",
                          f"{one['floor'].median * 1000:.0f} ms", f"{one['ours'].ratio_to(one['floor'])[0]:.2f}"))
    lines.append("    where its time goes (cProfile; tables measure by wrapping paragraphs, so shares overlap): "
                 + time_shares(lambda: pdf_bytes(load_plan(REFERENCE)), 5))

    passes = LayoutPasses()
    lines.append(f"    layouts per handout: the reference {passes.of(lambda: pdf_bytes(load_plan(REFERENCE)))}; "
                 "with 1 to 30 exercises:")
    lines += growth_table(max(3, repeats // 4), passes)
    lines += evened_table(max(3, repeats // 4), passes)

    # (b) the cold command, whole process (one unmeasured run each writes bytecode and warms the disk cache)
    cold_actions = {
        "ours": command([sys.executable, "-m", "handouts", "build", str(REFERENCE), "-o", str(work / "ref.pdf")]),
        "floor": command([sys.executable, str(FLOOR), str(work / "content.json"), str(work / "floor.pdf")]),
    }
    interleaved(cold_actions, 1)
    cold = interleaved(cold_actions, cold_repeats)
    lines.append(f"(b) cold 'handouts build'      {cold['ours'].ms()}   floor {cold['floor'].ms()}   "
                 + ratio_line(cold["ours"], cold["floor"], 1.3))
    rows_of_table.append(("`handouts build`, whole cold process", f"{cold['ours'].median * 1000:.0f} ms",
                          f"{cold['floor'].median * 1000:.0f} ms", f"{cold['ours'].ratio_to(cold['floor'])[0]:.2f}"))

    # (c) batch throughput, with and without the print file, and (d) memory
    roster = work / "roster.csv"
    write_roster(roster, rows)
    batches = Batches(work, roster)
    # The floor timed again beside the batches (50 handouts a repeat), so a row's ratio compares like with like.
    timed = interleaved({"jobs1": batches.action("jobs1", 1, False),
                         "floor": lambda: [floor.draw(content) for _ in range(FLOOR_BESIDE)],
                         "jobs2": batches.action("jobs2", 2, False), "merge": batches.action("merge", 2, True)},
                        batch_repeats)
    row_ratios = [(ours / rows) / (theirs / FLOOR_BESIDE) for ours, theirs in zip(timed["jobs1"].values,
                                                                                  timed["floor"].values)]
    batch = {name: timing.median for name, timing in timed.items()}
    handouts_kb = sum(p.stat().st_size for p in (work / "out-merge").iterdir()) / 1024
    print_kb = (work / "print-merge.pdf").stat().st_size / 1024
    per_add = merge_cost(work / "out-merge", 3 if args.quick else 5)
    lines.append(f"(c) batch of {rows} at --jobs 1  {batch['jobs1']:7.1f} s    {rows / batch['jobs1']:6.1f} handouts/s"
                 f"   a row {statistics.median(row_ratios):4.2f}x the in-process floor timed beside it "
                 f"({batch['floor'] / FLOOR_BESIDE * 1000:.1f} ms; range {min(row_ratios):.2f}-{max(row_ratios):.2f};"
                 " target <= 2.0)")
    lines.append(f"    batch of {rows} at --jobs 2  {batch['jobs2']:7.1f} s    {rows / batch['jobs2']:6.1f} handouts/s"
                 f"   speed-up {batch['jobs1'] / batch['jobs2']:4.2f} (target >= 1.7)")
    lines.append(f"    ... and --merge           {batch['merge']:7.1f} s    {rows / batch['merge']:6.1f} handouts/s"
                 f"   the print file costs {(batch['merge'] / batch['jobs2'] - 1) * 100:+.0f}% "
                 f"(the parent adds a handout in {per_add * 1000:.1f} ms, while the workers build)")
    lines.append(f"    print file {print_kb / 1024:.1f} MB for {rows} handouts totalling {handouts_kb / 1024:.1f} MB "
                 f"({print_kb / handouts_kb * 100:.0f}%)")
    rows_of_table += [
        (f"{rows}-row roster, `--jobs 1`", f"{batch['jobs1']:.1f} s ({rows / batch['jobs1']:.0f} handouts/s)", "", ""),
        (f"{rows}-row roster, `--jobs 2`", f"{batch['jobs2']:.1f} s ({rows / batch['jobs2']:.0f} handouts/s)", "",
         f"{batch['jobs1'] / batch['jobs2']:.2f}x faster"),
        (f"{rows}-row roster, `--jobs 2 --merge`", f"{batch['merge']:.1f} s ({rows / batch['merge']:.0f} handouts/s)",
         "", f"print file {print_kb / 1024:.1f} MB, {print_kb / handouts_kb * 100:.0f}% of its handouts"),
    ]
    parent, worker = batches.peak("merge")
    memory = f"{parent:.0f} MB parent, {worker:.0f} MB per worker at {rows} rows"
    if args.big:
        big_roster = work / "big.csv"
        write_roster(big_roster, 5000)
        big = Batches(work, big_roster)
        big_seconds = interleaved({"big": big.action("big", 2, True)}, 1)["big"].median
        big_parent, big_worker = big.peak("big")
        memory += f"; {big_parent:.0f} MB parent, {big_worker:.0f} MB per worker at 5,000 rows"
        lines.append(f"    batch of 5000 at --jobs 2 --merge {big_seconds:7.1f} s  {5000 / big_seconds:6.1f} handouts/s")
        rows_of_table.append(("5,000-row roster, `--jobs 2 --merge`",
                              f"{big_seconds:.0f} s ({5000 / big_seconds:.0f} handouts/s)", "", ""))
    lines.append(f"(d) peak memory (--jobs 2 --merge): {memory} (target: parent < 200 MB and flat)")
    rows_of_table.append(("peak memory, `--jobs 2 --merge`", memory, "", ""))
    lines.append(f"(e) reference handout size     {len(reference_pdf) / 1024:7.0f} KB  (target < 200 KB); "
                 f"the floor's {len(floor_pdf) / 1024:.0f} KB")
    rows_of_table.append(("the reference handout", f"{len(reference_pdf) / 1024:.0f} KB", f"{len(floor_pdf) / 1024:.0f} KB",
                          ""))
    lines.append(preview_latency(1 if args.quick else 3))
    lines.append(f"load average {os.getloadavg()[0]:.1f} at the end")
    print("\n".join(lines))
    shutil.rmtree(work)  # the rosters and handouts made for the run
    if args.write_readme:
        write_readme(rows_of_table, lines)


def write_readme(rows: list[tuple[str, str, str, str]], lines: list[str]) -> None:
    """Replace the table between the README's benchmark markers."""
    readme = ROOT / "README.md"
    table = "\n".join(["| | handouts | floor | ratio |", "|---|---|---|---|",
                       *(f"| {' | '.join(row)} |" for row in rows)])
    text = readme.read_text(encoding="utf-8")
    block = f"<!-- benchmark:start -->\n{table}\n\n```\n" + "\n".join(lines) + "\n```\n<!-- benchmark:end -->"
    new, count = re.subn(r"<!-- benchmark:start -->.*?<!-- benchmark:end -->", lambda _: block, text, flags=re.DOTALL)
    if count != 1:
        raise SystemExit("README.md has no <!-- benchmark:start --> ... <!-- benchmark:end --> block")
    readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
