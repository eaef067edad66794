"""Golden tests: every example plan in every layout, compared page by page with its reference text.

After a deliberate change to the handout's words or layout, regenerate the references with
    python -m pytest tests/test_golden.py --regen
and read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from conftest import PLANS
from pypdf import PdfReader

from handouts.check.layout import layout_names
from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 24)  # plans without a date are dated this day, so the references never go stale
EXAMPLES = sorted(PLANS.glob("*.yaml")) + sorted((PLANS / "leaflets").glob("*.yaml"))


def page_texts(plan: Path, layout: str) -> str:
    data = pdf_bytes(load_plan(plan, today=TODAY, overrides={"layout": layout}))
    pages = PdfReader(io.BytesIO(data)).pages
    return "".join(f"--- page {n} of {len(pages)} ---\n{page.extract_text().rstrip()}\n"
                   for n, page in enumerate(pages, 1))


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: str(p.relative_to(PLANS)))
def test_example_plan_matches_its_reference(plan, layout, request):
    reference = GOLDEN / f"{str(plan.relative_to(PLANS)).replace('/', '__')[:-5]}--{layout}.txt"
    text = page_texts(plan, layout)
    if request.config.getoption("--regen"):
        reference.parent.mkdir(exist_ok=True)
        reference.write_text(text, encoding="utf-8")
    assert reference.is_file(), f"no reference {reference.name}: run pytest with --regen"
    assert text == reference.read_text(encoding="utf-8"), f"{reference.name} differs: read the diff, then --regen"


def test_every_reference_has_its_plan():
    expected = {f"{str(p.relative_to(PLANS)).replace('/', '__')[:-5]}--{layout}.txt"
                for p in EXAMPLES for layout in layout_names()}
    assert {p.name for p in GOLDEN.glob("*.txt")} == expected


def test_no_page_of_any_reference_ends_with_a_section_heading():
    from handouts.check.library import languages, load_library

    headings = {text for language in languages() for key, text in load_library(language).strings.items()
                if key.startswith("section_")}
    for reference in sorted(GOLDEN.glob("*.txt")):
        for page in reference.read_text(encoding="utf-8").split("--- page ")[1:]:
            last = page.rstrip().splitlines()[-1]
            assert last not in headings, f"{reference.name}: page {page.split()[0]} ends with the heading '{last}'"
