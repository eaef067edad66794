"""Page 1's key points (compose/sections/key_points.py), read back from the PDF: what they say follows the plan,
and the page they send the patient to is the page the urgent warning box prints on."""

from __future__ import annotations

import io
import re

import pytest
from conftest import PLANS, SAMPLE_PLAN, one_line
from pages import EXAMPLES, TODAY, example
from pypdf import PdfReader

from handouts.check.library import load_library
from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

EN = load_library("en").strings


def pages(data: bytes) -> list[str]:
    return [one_line(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def urgent_page_printed(text: str, words: dict) -> int:
    """The page number the key points give for the urgent signs."""
    before = one_line(words["key_urgent"].split("{page}")[0])
    return int(re.search(re.escape(before) + r"\s*(\d+)", text).group(1))


@pytest.mark.parametrize("layout", ["default", "compact", "large-print", "letter"])
def test_the_page_given_is_where_the_urgent_box_prints(layout):
    for path in EXAMPLES:
        data, plan = example(path, layout)
        printed = pages(data)
        words = plan.library.strings
        heading = one_line(words["warnings_urgent"])
        where = next(n for n, text in enumerate(printed, 1) if heading in text)
        assert urgent_page_printed(" ".join(printed), words) == where, (path.name, layout)


@pytest.mark.parametrize("layout", ["default", "compact", "letter", "bw"])
def test_the_key_points_are_on_page_1_and_cost_the_sample_no_page(layout):
    for path in EXAMPLES:
        data, plan = example(path, layout)
        first = pages(data)[0]
        words = plan.library.strings
        assert one_line(words["key_gently"]) in first and one_line(words["glance_heading"]) in first, path.name
    # Six pages since the pictures' captions, the pose words, the program's key and the chart's code and how-to
    # came (five before): the key points themselves still cost none of them.
    assert len(pages(example(SAMPLE_PLAN, "default")[0])) == 6


def build(write_plan, **changes) -> str:
    plan = {"patient": {"name": "Ana Example"}, "date": "2026-11-24", "exercises": ["neck-tilt"], **changes}
    return " ".join(pages(pdf_bytes(load_plan(write_plan(plan), today=TODAY))))


@pytest.mark.parametrize("thermal, said", [
    ({"injury_date": "2026-11-24"}, "key_ice_heat"),
    ({"ice": "none", "heat": {"minutes": 20, "per_day": 4, "days": 4}}, "key_heat"),
    ({"heat": "none", "ice": {"minutes": 20, "every_hours": 2, "days": 2}}, "key_ice"),
    ({"injury_date": "2026-11-21"}, "key_heat"),  # the two ice days are over
    ({"injury_date": "2026-11-01"}, None),  # every day is over: the chart is gone, and so is its point
])
def test_the_ice_or_heat_point_says_only_what_is_ahead(write_plan, thermal, said):
    text = build(write_plan, thermal=thermal)
    assert [key for key in ("key_ice", "key_heat", "key_ice_heat") if EN[key] in text] == ([said] if said else [])


def test_without_thermal_or_urgent_signs_those_points_are_left_out(write_plan):
    text = build(write_plan, warnings=["worsening-pain"])
    assert EN["key_gently"] in text
    assert not any(EN[key] in text for key in ("key_ice", "key_heat", "key_ice_heat"))
    assert one_line(EN["key_urgent"].split("{page}")[0]) not in text
    assert EN["key_call"].format(number="(555) 014-2290") in text


def test_the_points_follow_the_language(write_plan):
    spanish = load_library("es").strings
    text = " ".join(pages(pdf_bytes(load_plan(PLANS / "neck-spasm-patient-es.yaml", today=TODAY))))
    assert spanish["key_gently"] in text and urgent_page_printed(text, spanish) > 1
    assert EN["key_gently"] not in text
