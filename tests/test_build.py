"""The core: a plan in, a print-ready PDF out, checked on the PDF itself."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from conftest import SAMPLE_LEAFLET, SAMPLE_PLAN, one_line, pdf_pages, pdf_text
from pages import EXAMPLES, example
from pypdf import PdfReader

from handouts.check.plan import load_plan
from handouts.compose.text import dosage_figures
from handouts.run.build import pdf_bytes

BASE = {
    "layout": "default",
    "patient": {"name": "Zoë O'Brien-Łukasiewicz", "id": "MRN-7"},
    "therapist": "Ana Rivera, DPT",
    "date": "2026-11-24",
    "exercises": ["neck-tilt", "chin-tuck"],
    "thermal": {"injury_date": "2026-11-23", "ice": {"minutes": 20, "every_hours": 1, "days": 2},
                "heat": {"minutes": 20, "per_day": 4, "days": 4}, "waking_hours": "08:00-21:00"},
}


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return pdf_bytes(load_plan(SAMPLE_PLAN))


def build(write_plan, plan: dict) -> bytes:
    return pdf_bytes(load_plan(write_plan(plan)))


def test_sample_has_every_section_in_order(sample_pdf):
    text = one_line(pdf_text(sample_pdf))
    text = text[text.index("Home program for neck muscle spasm"):]  # after page 1's header and footer
    order = ["José Müller", "MRN-00123", "Ana Rivera, DPT", "Next visit", "Thu 3 Dec",
             "A neck spasm is when", "Your program at a glance", "Neck tilt", "Shoulders back", "About 4 minutes",
             "Exercise gently", "Stop and call us on (555) 014-2290", "emergency room now", "Your exercises", "Neck tilt", "Simple neck stretch",
             "Neck turn", "Side neck stretch", "Shoulders back", "Day to day", "Warning signs",
             "Get medical help now", "Call your therapist", "Ice, then heat", "Notes from your therapist",
             "About this handout"]
    at = 0
    for word in order:  # each after the one before
        assert word in text[at:], f"'{word}' missing, or out of order"
        at = text.index(word, at) + len(word)


@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("layout", ["default", "large-print", "compact"])
def test_warning_signs_follow_the_exercises_unless_a_section_fills_the_page_first(plan, layout):
    """The warnings come after the cards; the ice-and-heat section, then the advice, go before them whole
    (never around them) only where the urgent box would otherwise leave a wide blank band."""
    data, checked = example(plan, layout)
    text = one_line(pdf_text(data))
    words = checked.library.strings
    urgent = text.index(words["warnings_urgent"])
    assert text.index(words["section_warnings"]) < urgent
    for heading in (words["section_thermal"], words["section_advice"]):
        if heading in text[:urgent]:  # it went first: it does not go on after the warnings
            assert words["section_continued"].format(section=heading) not in text[urgent:], heading


def test_exercise_card_spells_out_dosage_and_note(sample_pdf):
    text = one_line(pdf_text(sample_pdf))
    assert "Hold Repeat Sets Times a day Side 5 s 5 1 3 –" in text  # neck-tilt default, as figures
    assert "Hold Repeat Sets Times a day Side 15 s 3 1 3 Each side" in text  # the plan's dosage
    assert "Go gently. If your arm tingles, stop and call us." in text  # the therapist's note


def test_every_page_has_header_footer_and_page_x_of_y(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    total = len(reader.pages)
    assert 3 <= total <= 6
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert "Harbor Point Physical Therapy" in text
        assert "José Müller" in text
        assert f"Page {number} of {total}" in text


def test_dated_thermal_chart(sample_pdf):
    text = pdf_text(sample_pdf)
    # Injury on Monday 23 Nov: two ice days, then four heat days.
    for day in ("Mon 23 Nov", "Tue 24 Nov", "Wed 25 Nov", "Thu 26 Nov", "Fri 27 Nov", "Sat 28 Nov"):
        assert day in text
    assert "Sun 29 Nov" not in text
    assert "08:00" in text and "20:00" in text  # hourly ice sessions inside waking hours
    assert "21:00" not in text  # a 20-minute session at 21:00 would end after bedtime


def test_undated_thermal_chart_counts_days(write_plan):
    plan = dict(BASE, thermal={"ice": {"minutes": 15, "every_hours": 2, "days": 2},
                               "heat": {"minutes": 20, "per_day": 3, "days": 3}})
    text = pdf_text(build(write_plan, plan))
    assert all(f"Day {n}" in text for n in range(1, 6))
    assert "Day 6" not in text
    assert "Mon 23 Nov" not in text


def test_thermal_safety_lines(sample_pdf):
    text = one_line(pdf_text(sample_pdf)).lower()
    for phrase in ("thin cloth", "white, blotchy or numb", "warm up fully", "heating pad", "numb, cut or broken",
                   "white or blue in the cold", "diabetes", "heart trouble"):
        assert phrase in text


def test_warning_signs_in_two_tiers(sample_pdf):
    text = one_line(pdf_text(sample_pdf))
    urgent = text.index("Get medical help now")
    call = text.index("Call your therapist or doctor today if you have")
    assert urgent < text.index("or you leak and can't stop it") < call
    assert call < text.index("Dizziness when you turn your head or look up")


def test_leaflet_has_no_patient_block_or_name(write_plan):
    pdf = pdf_bytes(load_plan(SAMPLE_LEAFLET))
    text = pdf_text(pdf)
    assert "Patient" not in text and "Record no." not in text
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert "harborpointpt.example" in page.extract_text()


def test_unicode_names_use_the_embedded_font(write_plan):
    for name in ("Zoë O'Brien-Łukasiewicz", "Иван Петров", "Nguyễn Thị Minh Khai"):
        plan = dict(BASE, patient={"name": name})
        assert name in pdf_text(build(write_plan, plan))


def test_fonts_are_embedded(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert "DejaVuSans" in name
        descriptor = font.get("/FontDescriptor", None)
        assert descriptor is not None and "/FontFile2" in descriptor, f"{name} is not embedded"


def test_metadata_and_bookmarks(sample_pdf):
    reader = PdfReader(io.BytesIO(sample_pdf))
    meta = reader.metadata
    assert meta.title == "Home program for neck muscle spasm"
    assert meta.author == "Harbor Point Physical Therapy"
    assert meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20261124000000+00'00'"  # the plan's date
    titles = [item.title for item in reader.outline]
    assert titles[:2] == ["Your program at a glance", "Your exercises"]
    assert {"Ice, then heat", "Day to day", "Warning signs"} <= set(titles[2:5])


@pytest.mark.parametrize("written, declared", [("en-GB", "en-GB"), ("en_us", "en-US"), ("EN", "en")])
def test_a_regional_language_tag_reads_the_library_and_is_declared(write_plan, written, declared):
    reader = PdfReader(io.BytesIO(build(write_plan, dict(BASE, language=written))))
    assert reader.trailer["/Root"]["/Lang"] == declared
    assert "Neck tilt" in reader.pages[0].extract_text()


def test_a_number_with_leading_zeros_means_what_it_says(write_plan):
    # YAML 1.1 reads 012 as octal (10) and 020 as 16: a handout must print twelve and twenty.
    plan = write_plan("exercises:\n  - {id: neck-tilt, hold_s: 020, reps: 012}\n"
                      "thermal: {ice: {minutes: 015}, heat: none}\n")
    text = one_line(pdf_text(pdf_bytes(load_plan(plan))))
    assert "Hold Repeat Sets Times a day Side 20 s 12 1 3 –" in text
    assert "Ice: 15 minutes every hour" in text


# On A5 the default clinic's address leaves no room beside the logo: a shorter one fits the header.
@pytest.mark.parametrize("layout", ["extends: large-print\npage: {size: A5}\nclinic: {address: 14 Quay St}\n",
                                    "extends: compact\npage: {size: A5}\nclinic: {address: 14 Quay St}\n",
                                    "extends: default\nsizes: {body: 24}\n"])
def test_a_card_taller_than_the_page_still_prints_whole(run, tmp_path, layout):
    # A small page or very large text: the card breaks between its steps instead of failing the build.
    (tmp_path / "small.yaml").write_text(layout, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: small.yaml\npatient: {name: Ann}\nexercises: [scalene-stretch, neck-tilt]\n",
                    encoding="utf-8")
    result = run("build", plan, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 0, result.stderr
    text = one_line(pdf_text(tmp_path / "out.pdf"))
    for words in ("1 Side neck stretch (scalenes)", "Stretches the muscles at the side and front of your neck.",
                  "5. Slowly bring your head back to the middle.", "2 Neck tilt", "Warning signs"):
        assert words in text.replace("\xa0", " ")


def test_a_layout_too_cramped_for_the_handout_is_one_line(run, tmp_path):
    (tmp_path / "huge.yaml").write_text(
        "extends: large-print\npage: {size: A5, margins_mm: {top: 40, right: 20, bottom: 40, left: 20}}\n"
        "sizes: {body: 24, title: 40, heading: 30, card_title: 30, small: 18}\nclinic: {address: 14 Quay St}\n",
        encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: huge.yaml\nexercises: [scalene-stretch]\nthermal: {injury_date: 2026-11-23}\n",
                    encoding="utf-8")
    result = run("build", plan, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 2
    assert result.stderr == (f"handouts: {tmp_path / 'huge.yaml'}: part of the handout is too large for a page of "
                             "this layout; use a larger page size, smaller text sizes or narrower margins\n")
    assert not (tmp_path / "out.pdf").exists()


def test_same_plan_same_bytes(write_plan):
    assert build(write_plan, BASE) == build(write_plan, BASE)


def test_user_text_is_printed_exactly_as_typed(write_plan):
    tricky = "<b>O'Neil</b> & Co <img src='x'/> &amp;"
    plan = dict(BASE, title=tricky, therapist=tricky, patient={"name": tricky},
                notes=f"Line one {tricky}\nLine two")
    plan["exercises"] = [{"id": "neck-tilt", "note": tricky}]
    text = one_line(pdf_text(build(write_plan, plan)))
    assert text.count(tricky) >= 5  # title, name (block and footer), therapist, note, notes


def test_overridden_dosage(write_plan):
    plan = dict(BASE, exercises=[{"id": "chin-tuck", "hold_s": 0, "reps": 1, "sets": 2, "per_day": 1,
                                  "side": "left"}])
    text = one_line(pdf_text(build(write_plan, plan)))
    assert "Hold Repeat Sets Times a day Side – Once 2 1 Left side" in text  # no hold: a dash, not "0 s"
    assert "0 s" not in text


def test_plan_without_thermal_advice_or_warnings(write_plan):
    plan = dict(BASE, advice="none", warnings="none")
    del plan["thermal"]
    text = pdf_text(build(write_plan, plan))
    assert "Ice, then heat" not in text and "Warning signs" not in text and "Day to day" not in text
    assert "Neck tilt" in text


def test_many_exercises_cards_keep_their_title_with_every_part(write_plan):
    from handouts.check.library import load_library

    ids = sorted(load_library("en").exercises)
    half = (len(ids) + 1) // 2  # a plan takes at most 30 exercises; the library has more
    pages = []
    for some in (ids[:half], ids[half:]):
        pdf = build(write_plan, dict(BASE, exercises=some))
        pages += [one_line(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 8
    # A card's title, purpose and dosage figures are on one page; a card that breaks between its steps
    # carries its title onto the next page, over its last step.
    library = load_library("en")
    for exercise in library.exercises.values():
        first = next(n for n, text in enumerate(pages) if one_line(exercise.purpose) in text)  # not the glance row
        figures = dosage_figures(exercise.dosage, library.strings)
        assert exercise.title in pages[first], exercise.id
        assert " ".join([label for label, _ in figures] + [value for _, value in figures]) in pages[first], exercise.id
        last = first if one_line(exercise.steps[-1]) in pages[first] else first + 1
        assert one_line(exercise.steps[-1]) in pages[last] and exercise.title in pages[last], exercise.id


# -- the command --------------------------------------------------------------

def test_cli_build_writes_pdf(run, tmp_path):
    out = tmp_path / "handout.pdf"
    result = run("build", SAMPLE_PLAN, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "wrote" in result.stderr and str(out) in result.stderr


def test_cli_default_output_beside_plan(run, write_plan):
    plan = write_plan(BASE, name="jose.yaml")
    assert run("build", plan).exit_code == 0
    assert plan.with_suffix(".pdf").is_file()


def test_cli_output_folder_takes_the_plans_name(run, write_plan, tmp_path):
    plan = write_plan(BASE, name="jose.yaml")
    folder = tmp_path / "printed"
    folder.mkdir()
    result = run("build", plan, "-o", folder)
    assert result.exit_code == 0, result.stderr
    assert pdf_pages(folder / "jose.pdf") >= 1 and str(folder / "jose.pdf") in result.stderr


def test_cli_bad_plan_is_one_line_and_exit_2(run, write_plan, tmp_path):
    plan = write_plan(dict(BASE, exercises=["neck-tlit"]))
    out = tmp_path / "x.pdf"
    result = run("build", plan, "-o", out)
    assert result.exit_code == 2
    line = plan.read_text().splitlines().index("- neck-tlit") + 1
    assert result.stderr.strip() == (f"{plan}:{line}:3: exercises[0]: unknown exercise 'neck-tlit' "
                                     "(did you mean 'neck-tilt'?); see 'handouts list exercises'")
    assert not out.exists()


def test_cli_missing_plan(run, tmp_path):
    result = run("build", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr and "not found" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("layout", ["default", "large-print"])
def test_a_list_that_runs_over_a_page_leaves_no_bullet_alone(write_plan, layout):
    # Every advice item: the list runs over a page, with at least two items on each side (without page 1's plan
    # code, whose height lets the whole list start on the next page instead).
    from handouts.check.library import load_library

    advice = sorted(load_library("en").advice)
    plan = dict(BASE, layout=layout, advice=advice, plan_code=False)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(build(write_plan, plan))).pages]
    start = next(i for i, text in enumerate(pages) if "Day to day\n" in text)
    assert "Day to day, continued" in pages[start + 1]
    assert pages[start][pages[start].index("Day to day"):].count("•") >= 2
    after = pages[start + 1][pages[start + 1].index("Day to day, continued"):]
    assert after[:after.index("Warning signs") if "Warning signs" in after else None].count("•") >= 2


def test_cli_layout_option_reprints_in_another_layout(run, write_plan, tmp_path):
    plan = write_plan(BASE)
    out = tmp_path / "large.pdf"
    result = run("build", plan, "--layout", "large-print", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == build(write_plan, dict(BASE, layout="large-print"))
    assert out.read_bytes() != build(write_plan, BASE)


@pytest.mark.parametrize("given, message", [
    ("large-prnt", "--layout large-prnt: unknown layout (did you mean 'large-print'?); see 'handouts list layouts'"),
    ("nowhere/clinic.yaml", "--layout nowhere/clinic.yaml: no such layout file"),
])
def test_cli_unknown_layout_option_is_one_line(run, write_plan, tmp_path, given, message):
    result = run("build", write_plan(BASE), "--layout", given, "-o", tmp_path / "x.pdf")
    assert (result.exit_code, result.stderr) == (2, f"handouts: {message}\n")
    assert not (tmp_path / "x.pdf").exists()


def test_cli_output_into_a_missing_folder_is_one_line_and_makes_no_folder(run, write_plan, tmp_path):
    out = tmp_path / "pritned" / "2026" / "jose.pdf"
    result = run("build", write_plan(BASE), "-o", out)
    assert result.exit_code == 2
    assert result.stderr == (f"handouts: {out}: there is no folder {out.parent}; make it first, or choose another "
                             "output name\n")
    assert not (tmp_path / "pritned").exists()


def test_the_same_plan_gives_the_same_bytes_in_two_fresh_processes(tmp_path):
    # Two runs as a clinic makes them: separate processes with different hash seeds (no set or dict order may
    # leak into the PDF), the first parsing the fonts afresh, the second reading them from the font cache.
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run-{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        subprocess.run([sys.executable, "-m", "handouts", "build", str(SAMPLE_PLAN), "-o", str(out)], env=env,
                       check=True, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert pdf_pages(outputs[0]) > 1
