"""The plan code (handouts/check/plancode.py): the program on page 1 as a QR code, read back from a 200 dpi picture of
the printed page into the same program; never the patient's details; too large a program prints no code and
`check` says why."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import yaml
from conftest import PLANS, one_line, pdf_pages, pdf_text

from handouts.check import plancode
from handouts.check.library import load_library
from handouts.check.plan import load_plan
from handouts.errors import ValidationError
from handouts.preflight.qr import qr_version
from handouts.run.build import pdf_bytes

TODAY = dt.date(2026, 11, 24)
SCAN_DPI = 200
MIN_PRINTED_MM = 25
QUIET_MODULES = 8  # four white modules either side of a QR code
CAPTION = "Your therapist can scan this code to update your program."
A_PATIENT = {"patient": {"name": "Test Patient"}}  # a leaflet example printed for a patient, so it has a code


def _builds(path: Path) -> bool:
    try:
        load_plan(path, today=TODAY)
    except ValidationError:  # the clinic's layout in my-clinic/ is not a plan
        return False
    return True


EXAMPLES = [path for path in sorted(PLANS.rglob("*.yaml")) if _builds(path)]


@cache
def _printed(path: Path, layout: str = "default"):
    """(the checked plan, its PDF) for an example, printed for a patient."""
    overrides = {"layout": layout} | ({} if load_plan(path, today=TODAY).patient else A_PATIENT)
    plan = load_plan(path, today=TODAY, overrides=overrides)
    return plan, pdf_bytes(plan)


def _page_one(pdf: bytes, dpi: int = SCAN_DPI):
    """Page 1 as a scanner would see it: a greyscale picture at `dpi`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()


def _page_one_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return one_line(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())


def _scanned(image) -> list:
    zxingcpp = pytest.importorskip("zxingcpp")
    return [found for found in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            if plancode.looks_like_code(found.text)]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(PLANS)))
def test_every_example_reads_back_from_a_200_dpi_scan_as_the_same_program(path, tmp_path):
    plan, pdf = _printed(path)
    program = plancode.program_of(plan)
    found = _scanned(_page_one(pdf))
    assert len(found) == 1
    code = found[0].text
    version = qr_version(code)
    assert version <= plancode.MAX_VERSION
    assert plancode.decode(code) == program
    # printed at 25 mm or more, its quiet zone included: measured on the scan, to within a pixel or two
    corners = found[0].position
    symbol_px = corners.top_right.x - corners.top_left.x
    modules = 17 + 4 * version
    assert symbol_px * (modules + QUIET_MODULES) / modules / SCAN_DPI * 25.4 >= MIN_PRINTED_MM - 0.3
    # and the plan file written from it checks to the same program, once the patient's name is filled in
    reopened = tmp_path / "plan.yaml"
    reopened.write_text(plancode.plan_yaml(plancode.decode(code)).replace("name: ''", "name: Test Patient"),
                        encoding="utf-8")
    assert plancode.program_of(load_plan(reopened, today=TODAY)) == program.without_notes()


def test_the_code_is_on_page_1_in_large_print_too():
    _, pdf = _printed(PLANS / "neck-spasm-patient.yaml", "large-print")
    assert len(_scanned(_page_one(pdf))) == 1
    assert CAPTION in _page_one_text(pdf)


@pytest.mark.parametrize("layout", ["default", "compact", "large-print", "letter", "bw"])
def test_the_code_costs_no_page_and_keeps_the_program_at_a_glance_on_page_1(layout):
    for path in (p for p in EXAMPLES if load_plan(p, today=TODAY).patient):
        plan, pdf = _printed(path, layout)
        without = pdf_bytes(replace(plan, plan_code=False))
        # A two-language large-print page 1 (every line twice, at 16 pt) has no room for the code and its
        # caption beside the words: the program's cards start a page later, and that page can stay (16 of 16).
        extra = 1 if plan.second and layout == "large-print" else 0
        assert pdf_pages(without) <= pdf_pages(pdf) <= pdf_pages(without) + extra, path.name
        glance = plan.library.strings["glance_heading"]
        assert glance in _page_one_text(pdf) and plan.exercises[0].exercise.title in _page_one_text(pdf), path.name


def test_the_code_holds_no_patient_details():
    plain = load_plan(PLANS / "neck-spasm-patient.yaml", today=TODAY)
    other = load_plan(PLANS / "neck-spasm-patient.yaml", today=TODAY, overrides={
        "patient": {"name": "Zoe Quantrill", "id": "MRN-99881"}, "therapist": "Bea Smith, PT",
        "notes": "Zoe lives alone.", "date": "2026-11-30", "next_visit": "2026-12-09"})
    assert plancode.encode(plancode.program_of(other)) == plancode.encode(plancode.program_of(plain))
    text = plancode.text_form(plancode.program_of(plain))
    for private in ("josé", "jos%c3%a9", "müller", "mrn", "rivera", "gently", "2026-11-24", "20261124", "20261203"):
        assert private not in text
    # the note's presence is kept, its words are not
    assert ".e.1 " in text and "tingle" not in text


def test_a_leaflet_and_a_plan_that_says_false_print_no_code():
    leaflet = pdf_bytes(load_plan(PLANS / "leaflet-neck-spasm.yaml", today=TODAY))
    off = pdf_bytes(load_plan(PLANS / "neck-spasm-patient.yaml", today=TODAY, overrides={"plan_code": False}))
    for pdf in (leaflet, off):
        assert "scan this code" not in _page_one_text(pdf)
        assert _scanned(_page_one(pdf)) == []


def _many(write_plan, count: int):
    """A plan of `count` exercises, each with its own dosage: a code that grows with every one."""
    exercises = [{"id": ident, "reps": 2 + i % 7, "hold_s": 5 + i, "per_day": 1}
                 for i, ident in enumerate(sorted(load_library("en").exercises)[:count])]
    path = write_plan({"patient": {"name": "Ana Example"}, "date": "2026-11-24", "exercises": exercises,
                       "advice": "none", "warnings": "none"})
    return path, load_plan(path, today=TODAY)


def test_the_largest_code_that_prints_still_reads_back_from_a_200_dpi_scan(write_plan):
    count = 12
    while qr_version(plancode.encode(plancode.program_of(_many(write_plan, count)[1]))) < 11:
        count += 1
    plan = _many(write_plan, count)[1]
    found = _scanned(_page_one(pdf_bytes(plan)))
    assert len(found) == 1 and plancode.decode(found[0].text) == plancode.program_of(plan)


def test_a_program_too_large_for_a_code_prints_none_and_check_says_why(write_plan, run):
    path, plan = _many(write_plan, 30)
    assert qr_version(plancode.encode(plancode.program_of(plan))) > plancode.MAX_VERSION
    assert plancode.printed_code(plan) is None
    assert "scan this code" not in pdf_text(pdf_bytes(plan))
    result = run("check", path)
    lines = [line for line in result.stderr.splitlines() if "plan_code" in line]
    assert len(lines) == 1
    assert "prints no code" in lines[0] and "version 11" in lines[0] and str(path) in lines[0]


def test_a_program_over_weeks_and_a_clinics_own_words_survive_the_text_form():
    """Phases (the form `phases:` gives), titles in any script, capitals, a regional language and ids
    outside today's library: read back the same, from the plain form and from the packed one."""
    entry = plancode.Entry("neck-tilt", 5, 5, 1, 3, "none")
    program = plancode.Program(
        layout="../clinic/Our Layout.yaml", languages=("es-MX", "en"), condition="neck-spasm",
        phases=(plancode.Phase((entry, plancode.Entry("clinic_Own.Stretch", 30, 2, 1, 2, "left", True)),
                               "week 1", "Semanas 1 y 2: calmar el dolor (ñ, 頸)"),
                plancode.Phase((replace(entry, reps=8),), "day 15", "", keep=True)),
        thermal=plancode.Thermal(None, (15, 3, 5), "22:00-06:00"), advice=("drink-water", "posture"),
        warnings="all", log=True, phase=2)
    text = plancode.text_form(program)
    assert text == text.lower() and text.isascii()
    assert plancode.decode(text.upper()) == program
    assert plancode.decode(plancode.encode(program)) == program
    assert plancode.decode(text) == program


def test_a_plain_code_is_kept_when_packing_it_would_be_longer():
    program = plancode.Program("q7z", ("vi",), "k3j", (plancode.Phase(()),), None, ("q8", "z2"), "none")
    assert plancode.encode(program) == "HP1 L:Q7Z G:VI C:K3J A:Q8+Z2 W:NONE"


@pytest.mark.parametrize("code, says", [
    ("https://videos.example/neck-tilt", "not a handout's plan code"),
    ("HP9 L:DEFAULT", "format '9'"),
    ("HP1 L:DEFAULT G:EN", "cut short"),
    ("HP1 L:DEFAULT G:EN C:NECK-SPASM A:STANDARD W:STANDARD X:NECK-TILT.5", "damaged"),
    ("HP1 L:DEFAULT G:EN C:NECK-SPASM A:STANDARD W:STANDARD Q:1 X:NECK-TILT.5.5.1.3.N", "damaged"),
    ("HZ*K4T/2W8RMD30", "damaged"),
    ("HP1 L:DEFAULT G:EN C:NECK-SPASM A:STANDARD W:STANDARD T:20..2.20.4.4.0800.2100. X:NECK-TILT.5.5.1.3.N",
     "damaged"),  # ice with a number lost is not 'no ice'
    ("HP1 L:DEFAULT G:EN C:NECK-SPASM A:STANDARD W:STANDARD X:NECK-TILT.5.5.1.3.Q", "damaged"),
    ("HZ:::", "damaged"),
    ("HP1 L:DEFAULT G:EN C:NECK-SPASM A:STANDARD W:STANDARD P:Q3.. X:NECK-TILT.5.5.1.3.N", "start"),
    (("HP1 L:DEFAULT G:EN C:NECK-SPASM A:STANDARD W:STANDARD N:4 P:W1.. X:NECK-TILT.5.5.1.3.N P:W3.. "
      "X:CHIN-TUCK.5.5.1.3.N"), "the phase it printed"),
    ("HP1 L:DEFAULT G:EN C:NECK-SPASM A:STANDARD W:STANDARD N:2 X:NECK-TILT.5.5.1.3.N", "the phase it printed"),
])
def test_a_damaged_or_foreign_code_says_what_is_wrong(code, says):
    with pytest.raises(plancode.CodeError, match=says):
        plancode.decode(code)


def _program_in_words(plan) -> list:
    """Each phase of a checked plan as the patient reads it: its days into the program, its title, and every
    exercise it holds with its dosage (those kept from the phase before included)."""
    first = plan.phases[0].start
    return [((phase.start - first).days, phase.title,
             [(item.exercise.id, item.dosage) for item in phase.exercises]) for phase in plan.phases]


@pytest.mark.parametrize("current", [1, 2, 3])
def test_a_program_in_phases_reopens_from_a_200_dpi_scan_with_every_phase(current, tmp_path):
    """Printed in any of its phases, the handout's code gives back all three: their starts, titles and
    exercises with their dosage, and the phase it printed, so progress moves on from there."""
    plan = load_plan(PLANS / "neck-spasm-phases.yaml", today=TODAY, overrides={"phase": current})
    found = _scanned(_page_one(pdf_bytes(plan)))
    assert len(found) == 1 and qr_version(found[0].text) <= plancode.MAX_VERSION
    text = plancode.plan_yaml(plancode.decode(found[0].text))
    doc = yaml.safe_load(text)
    assert [phase["start"] for phase in doc["phases"]] == ["week 1", "week 3", "week 5"]
    assert [phase.get("keep", False) for phase in doc["phases"]] == [False, True, False]
    assert doc.get("phase", 1) == current and "date" not in doc  # the code holds no visit's date
    reopened = tmp_path / "plan.yaml"
    reopened.write_text(text.replace("name: ''", "name: Test Patient"), encoding="utf-8")
    again = load_plan(reopened, today=dt.date(2026, 12, 21))
    assert again.phase == current and again.phases[current - 1].start == dt.date(2026, 12, 21)
    assert _program_in_words(again) == _program_in_words(plan)


def test_dated_phases_reopen_as_weeks_and_days_into_the_program(write_plan):
    path = write_plan({"patient": {"name": "Ana Example"}, "date": "2026-11-24", "phases": [
        {"start": "2026-11-24", "exercises": ["neck-tilt"]},
        {"start": "2026-12-08", "keep": True, "exercises": ["chin-tuck"]},
        {"start": "2026-12-11", "exercises": [{"id": "neck-tilt", "reps": 9}]}]})
    program = plancode.decode(plancode.encode(plancode.program_of(load_plan(path, today=TODAY))))
    assert [(phase.start, phase.keep) for phase in program.phases] == [("week 1", False), ("week 3", True),
                                                                       ("day 18", False)]
    assert "2026" not in plancode.text_form(program)


def test_the_written_plan_names_what_to_fill_in():
    plan = load_plan(PLANS / "neck-spasm-patient.yaml", today=TODAY)
    text = plancode.plan_yaml(plancode.program_of(plan))
    first, *_ = text.splitlines()
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith("plan.schema.json")
    doc = yaml.safe_load(text)
    assert doc["patient"] == {"name": ""} and doc["plan_code"] is True
    assert doc["exercises"][0] == "neck-tilt"  # the library's dosage: a bare id
    assert doc["exercises"][1] == {"id": "simple-neck-stretch", "note": None}
    assert "write it again" in text


def test_format_1_is_the_form_printed_handouts_carry():
    """A handout already printed must still open: this text is format 1 for good (a change is a new format)."""
    plan = load_plan(PLANS / "neck-spasm-log.yaml", today=TODAY)
    assert plancode.text_form(plancode.program_of(plan)) == (
        "hp1 l:default g:en c:neck-spasm a:standard w:standard t:20.1.2.20.4.4.0800.2100.20261122 o:1 "
        "x:neck-tilt.5.5.1.3.n x:chin-tuck.10.5.1.3.n x:upper-trapezius-stretch.20.2.1.2.e x:shoulder-rolls.0.10.1.3.n")


def test_the_plan_says_last_over_its_layout(tmp_path):
    (tmp_path / "quiet.yaml").write_text("extends: default\nplan_code: false\n", encoding="utf-8")
    plan_file = tmp_path / "plan.yaml"
    for says, prints in ((None, False), (True, True), (False, False)):
        lines = ["layout: quiet.yaml", "patient: {name: Ana Example}", "date: 2026-11-24", "exercises: [neck-tilt]"]
        plan_file.write_text("\n".join(lines + ([f"plan_code: {str(says).lower()}"] if says is not None else [])),
                             encoding="utf-8")
        pdf = pdf_bytes(load_plan(plan_file, today=TODAY))
        assert ("scan this code" in _page_one_text(pdf)) is prints
        assert len(_scanned(_page_one(pdf))) == prints
