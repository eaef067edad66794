"""The fridge sheet (`build --sheet`, `--sheet-only`), read back from the printed PDF: one page for up to 8
exercises in default and letter, in every language; its exercises, dosages, ice and heat days, urgent signs,
emergency line and phone; where the rest of the warning signs are; never smaller than 9 pt."""

from __future__ import annotations

import ctypes

import pypdfium2
import pytest
from conftest import PLANS, SAMPLE_PLAN, one_line, pdf_pages, pdf_text
from pypdf import PdfReader

from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

EIGHT = ["neck-tilt", "simple-neck-stretch", "neck-turn", "scalene-stretch", "shoulder-extension", "chin-tuck",
         "upper-trapezius-stretch", "shoulder-rolls"]
LANGUAGES = ["en", "es", "vi", "tl", "zh-Hans", ["es", "en"], ["zh-Hans", "en"]]
LAYOUTS = ["default", "letter", "compact", "bw", "large-print"]


def _plan(write_plan, language="en", exercises=EIGHT, layout="default", **more):
    return load_plan(write_plan({"layout": layout, "language": language, "patient": {"name": "Ana Example"},
                                 "date": "2026-11-24", "exercises": exercises,
                                 "thermal": {"injury_date": "2026-11-23"}, "warnings": "standard", **more}))


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _smallest_text(data: bytes, page: int, layout) -> float:
    """The smallest font size of any character printed in the page's frame (the header and footer are the
    handout's page furniture, at its own sizes)."""
    doc = pypdfium2.PdfDocument(data)
    textpage = doc[page].get_textpage()
    height = doc[page].get_height()
    top, _, bottom, _ = layout.margins
    sizes = []
    for index in range(textpage.count_chars()):
        if textpage.get_text_range(index, 1).isspace():
            continue
        box = [ctypes.c_double() for _ in range(4)]
        pypdfium2.raw.FPDFText_GetCharBox(textpage, index, *map(ctypes.byref, box))
        if bottom <= box[2].value <= height - top:
            sizes.append(pypdfium2.raw.FPDFText_GetFontSize(textpage, index))
    return min(sizes)


@pytest.mark.parametrize("layout", ["default", "letter"])
@pytest.mark.parametrize("language", LANGUAGES, ids=str)
def test_eight_exercises_take_one_page_in_every_language(write_plan, language, layout):
    plan = _plan(write_plan, language, layout=layout)
    data = pdf_bytes(plan, sheet="only")
    assert pdf_pages(data) == 1
    text = _squeezed(pdf_text(data))  # Chinese breaks a line between any two characters
    for item in plan.exercises:
        assert _squeezed(item.exercise.title) in text
    assert _smallest_text(data, 0, plan.layout) >= 9


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_ninth_exercise_goes_on_to_a_second_sheet_never_smaller_than_9_pt(write_plan, layout):
    plan = _plan(write_plan, ["es", "en"], exercises=[*EIGHT, "band-rows"], layout=layout)
    data = pdf_bytes(plan, sheet="only")
    pages = pdf_pages(data)
    assert pages >= 2
    assert one_line(plan.library.exercises["band-rows"].title) in one_line(pdf_text(data))
    assert min(_smallest_text(data, page, plan.layout) for page in range(pages)) >= 9


def test_large_print_keeps_its_sizes(write_plan):
    plan = _plan(write_plan, layout="large-print")
    data = pdf_bytes(plan, sheet="only")
    assert _smallest_text(data, 0, plan.layout) >= plan.layout.sizes["body"]
    assert pdf_pages(data) == 2


def test_the_sheet_says_what_to_do_each_day_and_when_to_get_help(write_plan):
    plan = _plan(write_plan, exercises=["neck-tilt", {"id": "simple-neck-stretch", "hold_s": 15, "reps": 3,
                                                      "per_day": 3, "side": "each"}, "neck-turn"])
    text = one_line(pdf_text(pdf_bytes(plan, sheet="only")))
    assert "1. Neck tilt" in text and "2. Simple neck stretch" in text
    assert "Hold 15 s, Repeat 3" in text and "3 times a day, Each side" in text
    assert "Once" in text and "Repeat Once" not in text  # the library's neck turn: once each side
    # The chart starts on the handout's date, the 24th: the ice day left, then the heat days.
    assert "Ice: 20 minutes every hour while you are awake, Tue 24 Nov." in text
    assert "Heat: 20 minutes at a time, 4 times a day, Wed 25 Nov to Sat 28 Nov." in text
    urgent = [sign for sign in plan.warnings if sign.tier == "urgent"]
    assert len(urgent) > 3
    for sign in urgent[:3]:
        assert one_line(sign.text) in text
    assert one_line(urgent[3].text) not in text
    assert "Call an ambulance or go to the emergency room now." in text
    assert "Questions? Call us on (555) 014-2290" in text
    assert "All the warning signs are in your handout." in text


def test_heat_only_says_heat_and_no_ice(write_plan):
    plan = _plan(write_plan, thermal={"injury_date": "2026-11-23", "ice": "none",
                                                "heat": {"minutes": 20, "per_day": 4, "days": 4}})
    text = one_line(pdf_text(pdf_bytes(plan, sheet="only")))
    assert "Heat: 20 minutes at a time" in text
    assert "Ice" not in text


def test_two_languages_pair_each_line(write_plan):
    plan = _plan(write_plan, ["es", "en"], exercises=["neck-tilt"])
    text = one_line(pdf_text(pdf_bytes(plan, sheet="only")))
    for line in ("Barbilla al pecho", "Neck tilt", "Hielo:", "Ice:", "Llame a una ambulancia",
                 "Call an ambulance", "Todas las señales de alarma", "All the warning signs"):
        assert line in text


def test_after_the_handout_the_sheet_names_the_warnings_page(run, tmp_path):
    out = tmp_path / "with-sheet.pdf"
    result = run("build", SAMPLE_PLAN, "-o", out, "--sheet")
    assert result.exit_code == 0, result.output
    pages = [one_line(page.extract_text()) for page in PdfReader(out).pages]
    plain = pdf_pages(pdf_bytes(load_plan(SAMPLE_PLAN)))
    assert len(pages) == plain + 1
    assert pages[-1].count("Your program on one page") == 1
    warnings_page = next(n for n, text in enumerate(pages, 1) if "Get medical help now if you have:" in text)
    assert f"All the warning signs are on page {warnings_page} of your handout." in pages[-1]


def test_sheet_only_writes_the_sheet_alone(run, tmp_path):
    out = tmp_path / "sheet.pdf"
    result = run("build", PLANS / "neck-spasm-two-languages.yaml", "-o", out, "--sheet-only")
    assert result.exit_code == 0, result.output
    assert pdf_pages(out) == 1
    assert "Su programa en una hoja" in pdf_text(out)


def test_the_sheet_is_not_built_while_watching(run, tmp_path):
    result = run("build", SAMPLE_PLAN, "-o", tmp_path / "x.pdf", "--sheet", "--watch")
    assert result.exit_code == 2
    assert "--watch" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()
