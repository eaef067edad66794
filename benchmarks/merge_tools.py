"""Which tool should write the print file? Each one joins the same finished handouts, in a process of its own.

    python benchmarks/merge_tools.py OUTDIR [--rows 200]

OUTDIR holds handouts from `handouts batch` (a 200-row roster of the reference
handout is made there if it is empty). For each tool this prints the time per
handout, the process's peak memory and the print file's size. pikepdf is
measured only where it is installed (it is not a dependency of handouts).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each tool joins the handouts with a blank page after an odd count and one bookmark per handout.
TOOLS = {
    "pypdf PdfWriter (whole file in memory)": """
from pypdf import PdfReader, PdfWriter
writer = PdfWriter()
for path in paths:
    reader = PdfReader(path)
    writer.append(reader, outline_item=path.stem, import_outline=False)
    if len(reader.pages) % 2:
        box = reader.pages[-1].mediabox
        writer.add_blank_page(width=box.width, height=box.height)
writer.compress_identical_objects()
with open(out, "wb") as handle:
    writer.write(handle)
""",
    "pikepdf / qpdf (every source kept open)": """
import pikepdf
pdf = pikepdf.new()
sources = []
for path in paths:
    source = pikepdf.open(path)
    sources.append(source)
    start = len(pdf.pages)
    pdf.pages.extend(source.pages)
    if len(source.pages) % 2:
        box = source.pages[-1].mediabox
        pdf.add_blank_page(page_size=(float(box[2]), float(box[3])))
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem(path.stem, start))
pdf.save(out)
""",
    "handouts PrintFile (streamed, flat)": """
from handouts.write.merge import PrintFile
with open(out, "wb") as handle:
    target = PrintFile(handle)
    for order, path in enumerate(paths):
        target.add(path, path.stem, order=order)
    target.close()
""",
}

HARNESS = """
import resource, sys, time
from pathlib import Path
paths = sorted(Path(sys.argv[1]).glob("*.pdf"))
out = sys.argv[2]
started = time.perf_counter()
exec(sys.argv[3])
seconds = time.perf_counter() - started
print(seconds / len(paths), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(paths))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--rows", type=int, default=200)
    args = parser.parse_args()
    if not any(args.outdir.glob("*.pdf")):
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from run import REFERENCE, write_roster

        args.outdir.mkdir(parents=True, exist_ok=True)
        write_roster(args.outdir / "roster.csv", args.rows)
        subprocess.run([sys.executable, "-m", "handouts", "batch", str(args.outdir / "roster.csv"), "--template",
                        str(REFERENCE), "-o", str(args.outdir)], check=True)
    total = sum(p.stat().st_size for p in args.outdir.glob("*.pdf"))
    results = {}
    for name, code in TOOLS.items():
        out = args.outdir.parent / "merge-tool-test.pdf"
        done = subprocess.run([sys.executable, "-c", HARNESS, str(args.outdir), str(out), code],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            print(f"{name:42} not measured: {done.stderr.strip().splitlines()[-1]}")
            continue
        per, peak_kb, count = done.stdout.split()
        results[name] = {"ms per handout": round(float(per) * 1000, 1), "peak MB": round(int(peak_kb) / 1024),
                         "print file MB": round(out.stat().st_size / 2**20, 1)}
        print(f"{name:42} {float(per) * 1000:6.1f} ms a handout, peak {int(peak_kb) / 1024:5.0f} MB, "
              f"print file {out.stat().st_size / 2**20:5.1f} MB for {count} handouts of {total / 2**20:.1f} MB")
        out.unlink()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
