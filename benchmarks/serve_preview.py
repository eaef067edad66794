"""How long the page's live preview of the reference plan takes on the server (issue: under 150 ms).

    python benchmarks/serve_preview.py [--repeats 30]

It posts the reference plan's form to /preview, as the page does after each change, and prints
the medians of what the answer's Server-Timing header says: `build` (check the plan and build
the PDF) and `preview` (the whole answer: reading the form, building, picturing the pages,
rendering the HTML), both wall-clock; and `cpu`, the processor time of the whole request and its
answer (client included), which a machine busy with other work does not inflate as much. The
first answer (fonts, library, drawings made once) is left out.
Needs the serve extra: pip install '.[serve]' (and httpx2, from the test extra, for the client).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "pdfkit_plans" / "neck-spasm-patient.yaml"
sys.path.insert(0, str(ROOT))


def reference_form() -> dict[str, list[str]]:
    from handouts.check.library import load_library
    from handouts.load.yamlsource import load_yaml
    from handouts.web import planform

    values = planform.values_from_plan(load_yaml(REFERENCE), load_library("en"))
    form: dict[str, list[str]] = {key: [value] for key, value in values.items() if isinstance(value, str)}
    form.update({flag: ["on"] for flag in planform.FLAGS if values[flag]})
    form.update(advice=values["advice"], warnings=values["warnings"])
    for row in values["exercises"]:
        for key, value in row.items():
            form.setdefault(f"ex.{key}", []).append(value)
    return form


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    from starlette.testclient import TestClient

    from handouts.web.app import create_app

    token = "benchmark-token-benchmark"
    form = reference_form()
    timings: dict[str, list[float]] = {"build": [], "preview": [], "cpu": []}
    with tempfile.TemporaryDirectory() as folder, \
            TestClient(create_app(Path(folder), token=token, port=1), base_url="http://127.0.0.1:1") as client:
        client.get(f"/?token={token}")
        for run in range(args.repeats + 1):
            cpu = time.process_time()
            answer = client.post("/preview", data=form)
            cpu = time.process_time() - cpu
            assert "Ready to print" in answer.text, answer.text[:500]
            if run:
                for name, ms in re.findall(r"(\w+);dur=([\d.]+)", answer.headers["server-timing"]):
                    timings[name].append(float(ms))
                timings["cpu"].append(cpu * 1000)
    for name, values in timings.items():
        print(f"{name:8} median {statistics.median(values):6.1f} ms  (min {min(values):.1f}, "
              f"max {max(values):.1f}, {len(values)} runs)")


if __name__ == "__main__":
    main()
