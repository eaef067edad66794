"""The warning signs on the printed page: the urgent box is never split across pages, in any layout or
language; a call box that breaks carries its heading and the clinic's phone on every part."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import one_line
from pages import EXAMPLES, example
from pypdf import PdfReader

from handouts.check.layout import layout_names
from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

PLAN_IDS = [p.stem for p in EXAMPLES]


def texts(data: bytes) -> list[str]:
    return [one_line(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def libraries(checked) -> list:
    """The libraries whose words the handout prints: its language's, and the second language's, if any."""
    return [checked.library, *([checked.second] if checked.second else [])]


def urgent_action(checked, library) -> str:
    number = checked.layout.emergency_number
    words = library.strings
    return words["warnings_urgent_action"].format(number=number) if number else words["warnings_urgent_action_plain"]


def assert_urgent_whole(pages: list[str], checked, taller_than_a_page: bool = False) -> None:
    """Each language's urgent heading, its every sign and where to go are printed on one page; or, for a box
    that may be taller than a page, every page of it carries the heading and where to go."""
    urgent = [w for w in checked.warnings if w.tier == "urgent"]
    assert urgent
    for library in libraries(checked):
        head, action = library.strings["warnings_urgent"], urgent_action(checked, library)
        signs = [one_line(library.warnings[w.id].text) for w in urgent]
        holding = [n for n, text in enumerate(pages) if any(sign in text for sign in signs)]
        assert holding, library.strings["warnings_urgent"]
        for n in holding:
            assert head in pages[n] and action in pages[n], (n + 1, head)
        assert taller_than_a_page or len(holding) == 1, [n + 1 for n in holding]


def assert_call_parts_carry_the_phone(pages: list[str], checked) -> None:
    call = [w for w in checked.warnings if w.tier == "call"]
    clinic = checked.layout.clinic
    for library in libraries(checked):
        head = library.strings["warnings_call"]
        signs = [one_line(library.warnings[w.id].text) for w in call]
        for text in pages:
            if any(sign in text for sign in signs):
                assert head in text and clinic.phone in text


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_the_urgent_box_is_whole_on_one_page(plan, layout):
    data, checked = example(plan, layout)
    pages = texts(data)
    assert_urgent_whole(pages, checked)
    assert_call_parts_carry_the_phone(pages, checked)


@pytest.mark.parametrize("layout", ["default", "large-print", "compact"])
@pytest.mark.parametrize("language", ["en", "es", ["en", "es"]], ids=["en", "es", "en+es"])
def test_every_urgent_sign_of_the_library_at_once(write_plan, layout, language):
    """The most signs a plan can carry: every urgent and call sign the library has, on a patient handout."""
    plan = load_plan(write_plan({"condition": "neck-spasm", "language": language, "layout": layout,
                                 "patient": {"name": "Ana Test"}, "exercises": ["neck-tilt"]}),
                     today=dt.date(2026, 11, 24))
    every = [w.id for w in plan.library.warnings.values()]
    plan = load_plan(write_plan({"condition": "neck-spasm", "language": language, "layout": layout,
                                 "patient": {"name": "Ana Test"}, "exercises": ["neck-tilt"], "warnings": every}),
                     today=dt.date(2026, 11, 24))
    pages = texts(pdf_bytes(plan))
    assert_urgent_whole(pages, plan, taller_than_a_page=layout == "large-print")
    assert_call_parts_carry_the_phone(pages, plan)
