"""The therapist's everyday use: list, the `new` wizard, layout variants, the log page, QR codes, program length."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter

import pypdfium2
import pytest
import yaml
from conftest import PLANS, SAMPLE_PLAN, one_line, pdf_pages, pdf_text
from pypdf import PdfReader

from handouts.check import logcode
from handouts.check.library import load_library
from handouts.check.model import Dosage
from handouts.check.plan import load_plan
from handouts.check.schema.plan import EXERCISE_ENTRY
from handouts.compose.text import dosage_short, rounded_minutes
from handouts.preflight.sessions import session_seconds
from handouts.run.build import pdf_bytes

SAMPLE = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
VIDEO = "https://harborpointpt.example/videos/simple-neck-stretch"


def with_video(exercises: list) -> list:
    """The sample's exercises, the simple neck stretch carrying a video address."""
    return [dict(e, video=VIDEO) if isinstance(e, dict) and e["id"] == "simple-neck-stretch" else e
            for e in exercises]


def sample_in(layout: str, write_plan, **changes) -> bytes:
    return pdf_bytes(load_plan(write_plan({**SAMPLE, "layout": layout, **changes})))


def char_boxes(data: bytes, needle: str) -> list[tuple[int, tuple, float]]:
    """(page index, box of the first character, font size) of every place `needle` is printed."""
    found = []
    doc = pypdfium2.PdfDocument(data)
    for index in range(len(doc)):
        textpage = doc[index].get_textpage()
        search = textpage.search(needle, match_case=True)
        while (match := search.get_next()) is not None:
            first = match[0]
            found.append((index, textpage.get_charbox(first), pypdfium2.raw.FPDFText_GetFontSize(textpage, first)))
    return found


# -- handouts list -----------------------------------------------------------

def test_list_shows_exercises_with_short_dosage(run):
    result = run("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "REGION", "EQUIPMENT", "POSITION", "DEFAULT", "DOSAGE"]
    (row,) = [line for line in lines if line.startswith("neck-tilt ")]
    assert "Neck tilt" in row and "sitting" in row and row.endswith("5 s x 5, 3/day")
    assert len(lines) == 1 + len(load_library("en").exercises)


def test_list_json_has_stable_keys(run):
    rows = json.loads(run("list", "exercises", "--format", "json").stdout)
    assert {row["id"] for row in rows} == set(load_library("en").exercises)
    tilt = next(row for row in rows if row["id"] == "neck-tilt")
    assert set(tilt) == {"id", "title", "region", "also_regions", "equipment", "position", "purpose", "dosage",
                         "dosage_short", "video"}  # also_regions: added, nothing taken away
    assert tilt["dosage"] == {"hold_s": 5, "reps": 5, "sets": 1, "per_day": 3, "side": "none"}
    assert tilt["video"] is None  # the bundled library names no video: a clinic adds its own

    warnings = json.loads(run("list", "warnings", "--format", "json").stdout)
    assert set(warnings[0]) == {"id", "tier", "standard_for", "text"}
    assert {w["tier"] for w in warnings} == {"urgent", "call"}
    assert all("neck-spasm" in w["standard_for"] for w in warnings if w["id"] == "stroke-signs")
    advice = json.loads(run("list", "advice", "--format", "json").stdout)
    assert set(advice[0]) == {"id", "standard_for", "text"}


def test_list_layouts(run):
    rows = {row["name"]: row for row in json.loads(run("list", "layouts", "--format", "json").stdout)}
    assert {"default", "letter", "large-print", "bw", "compact"} <= set(rows)
    assert rows["letter"]["page_size"] == "letter" and rows["default"]["page_size"] == "A4"
    assert rows["compact"]["card_columns"] == 2 and rows["bw"]["mono"] is True
    table = run("list", "layouts").stdout
    assert "large-print" in table and "Large print for older patients" in table


def test_list_unknown_language_is_one_line(run):
    result = run("list", "--language", "xx")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["handouts: no content library for 'xx'; use one of en, es, tl, vi, zh-Hans"]


def test_short_dosage():
    assert dosage_short(Dosage(15, 3, 1, 3, "each")) == "15 s x 3, 3/day, each side"
    assert dosage_short(Dosage(0, 10, 2, 1, "none")) == "10 reps x 2 sets, 1/day"


# -- handouts new ------------------------------------------------------------

def answers(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def menu_number(exercise_id: str) -> str:
    """The number the wizard's menu gives an exercise: its place in the library, which grows."""
    return str(list(load_library("en").exercises).index(exercise_id) + 1)


PATIENT_ANSWERS = (
    "José Müller", "MRN-00123", "Ana Rivera, DPT", "2026-11-24", "2026-12-03",
    "neck-spasms", "",           # a typo, then the default condition
    "neck-tlit",                 # a typo: asked again
    f"{menu_number('neck-tilt')}, {menu_number('simple-neck-stretch')} {menu_number('neck-turn')}",
    "", "",                      # 1: keep the dosage, no note
    "y", "400", "20", "", "", "2", "both", "none", "Gentle; stop if your arm tingles.",  # 2: changed
    "y", "", "", "", "", "", "",  # 3: asked, but every value kept: still a bare id
    "", "2026-11-23",            # thermal, injury date
    "See you Thursday.", "y",    # notes, log
    "large", "large-print",      # a typo, then a real layout
)


def test_wizard_writes_a_plan_like_the_sample_and_builds_it(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "--build", input=answers(*PATIENT_ANSWERS, ""))
    assert result.exit_code == 0, result.output
    assert "unknown exercise 'neck-tlit' (did you mean 'neck-tilt'?)" in result.stdout
    assert "400 is not in the range" in result.stdout
    assert "'both' is not one of" in result.stdout
    assert "did you mean 'large-print'?" in result.stdout

    plan_path = tmp_path / "jose-muller.yaml"
    doc = yaml.safe_load(plan_path.read_text(encoding="utf-8"))
    assert list(doc) == ["layout", "language", "condition", "patient", "therapist", "date", "next_visit",
                         "exercises", "thermal", "advice", "warnings", "notes", "log"]
    assert doc["condition"] == "neck-spasm" and str(doc["next_visit"]) == "2026-12-03"
    assert "did you mean 'neck-spasm'?" in result.stdout
    assert doc["patient"] == {"name": "José Müller", "id": "MRN-00123"}
    assert doc["exercises"] == [
        "neck-tilt",
        {"id": "simple-neck-stretch", "hold_s": 20, "reps": 3, "sets": 1, "per_day": 2, "side": "none",
         "note": "Gentle; stop if your arm tingles."},
        "neck-turn",
    ]
    assert str(doc["thermal"]["injury_date"]) == "2026-11-23" and doc["layout"] == "large-print"
    assert "José Müller" in plan_path.read_text(encoding="utf-8")  # allow_unicode: the name as typed

    text = one_line(pdf_text((tmp_path / "jose-muller.pdf").read_bytes()))
    assert "2 Simple neck stretch 20 s 3 1 2 –" in text  # its row at a glance
    assert "Your two-week log" in text and "Mon 23 Nov" in text


def test_wizard_leaflet_has_no_patient(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "--no-build",
                 input=answers("", "low-back-spasm", menu_number("chin-tuck"), "", "", "n", "", "n", "", ""))
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((tmp_path / "leaflet.yaml").read_text(encoding="utf-8"))
    assert "patient" not in doc and "thermal" not in doc and doc["exercises"] == ["chin-tuck"]
    assert doc["condition"] == "low-back-spasm"
    assert not (tmp_path / "leaflet.pdf").exists()
    assert load_plan(tmp_path / "leaflet.yaml").patient is None


def test_wizard_never_overwrites_without_asking(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "jose-muller.yaml").write_text("kept: true\n", encoding="utf-8")
    leaflet_like = ("José Müller", "", "", "", "", "", menu_number("arm-swings"), "", "", "n", "", "n", "")
    # The default name steps aside from the existing file.
    result = run("new", "--no-build", input=answers(*leaflet_like, ""))
    assert "[jose-muller-2.yaml]" in result.stdout and (tmp_path / "jose-muller-2.yaml").exists()
    # -o an existing file: 'n' keeps it and asks for another name.
    result = run("new", "--no-build", "-o", "jose-muller.yaml", input=answers(*leaflet_like, "n", "other"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "jose-muller.yaml").read_text(encoding="utf-8") == "kept: true\n"
    assert yaml.safe_load((tmp_path / "other.yaml").read_text(encoding="utf-8"))["exercises"] == ["arm-swings"]


def test_wizard_stops_cleanly_when_answers_run_out(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", input=answers("José Müller", ""))
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []


# -- layout variants ---------------------------------------------------------

def test_letter_is_us_letter(write_plan):
    reader = PdfReader(io.BytesIO(sample_in("letter", write_plan)))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(612, 792)}


def test_large_print_body_is_at_least_14_pt(write_plan):
    step = "Sit tall in a firm chair"
    large = char_boxes(sample_in("large-print", write_plan), step)
    default = char_boxes(sample_in("default", write_plan), step)
    assert large and min(size for _, _, size in large) >= 14
    assert max(size for _, _, size in default) < 14  # the check can tell the difference
    heading = char_boxes(sample_in("large-print", write_plan), "Your exercises")
    assert heading[0][2] >= 18


def test_large_print_chart_keeps_its_times_large(write_plan):
    times = char_boxes(sample_in("large-print", write_plan), "08:00")
    assert times and min(size for _, _, size in times) >= 12


def coloured_fraction(data: bytes) -> float:
    doc = pypdfium2.PdfDocument(data)
    coloured = total = 0
    for index in range(len(doc)):
        image = doc[index].render(scale=0.8).to_pil().convert("RGB")
        for count, (r, g, b) in image.getcolors(maxcolors=1 << 20):
            total += count
            if max(r, g, b) - min(r, g, b) > 24:  # beyond antialiasing noise
                coloured += count
    return coloured / total


def test_bw_has_no_colour(write_plan):
    assert coloured_fraction(sample_in("bw", write_plan, log=True)) < 1e-4
    assert coloured_fraction(sample_in("default", write_plan)) > 1e-2


def test_compact_puts_two_cards_side_by_side(write_plan):
    def positions(layout):
        data = sample_in(layout, write_plan)
        (one,) = char_boxes(data, "Neck tilt")[1:2]  # the card's title, after the at-a-glance row
        (two,) = char_boxes(data, "Simple neck stretch")[1:2]
        return one, two

    (page1, box1, _), (page2, box2, _) = positions("compact")
    assert page1 == page2 and abs(box1[1] - box2[1]) < 2 and box2[0] - box1[0] > 200  # same line, right half
    (_, box1, _), (_, box2, _) = positions("default")
    assert abs(box1[0] - box2[0]) < 2  # one above the other


@pytest.mark.parametrize("layout", ["default", "letter", "large-print", "bw", "compact"])
def test_every_layout_prints_every_section(layout, write_plan):
    data = sample_in(layout, write_plan, log=True, exercises=with_video(SAMPLE["exercises"]))
    text = one_line(pdf_text(data))
    for words in ("José Müller", "Shoulders back", "Ice, then heat", "Get medical help now",
                  "About this handout", "Your two-week log"):
        assert words in text, (layout, words)
    assert VIDEO in text.replace(" ", "")  # a narrow card may wrap the address after a slash


def test_clinic_example_layout_brands_the_handout(write_plan, tmp_path):
    shutil.copytree(PLANS / "my-clinic", tmp_path / "my-clinic")  # as the file says: the folder beside the plans
    data = sample_in("my-clinic/layout.yaml", write_plan)
    first = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Lakeside Physiotherapy" in first and "Harbor Point" not in first
    assert "lakesidephysio.example" in first


# -- log page ----------------------------------------------------------------

def test_log_page_has_fourteen_days_and_a_row_per_exercise(write_plan):
    data = sample_in("default", write_plan, log=True)
    reader = PdfReader(io.BytesIO(data))
    index = next(i for i, page in enumerate(reader.pages) if "Your two-week log" in page.extract_text())
    log = one_line(reader.pages[index].extract_text())
    assert index >= 1 and "Your two-week log" not in one_line(reader.pages[index - 1].extract_text())
    assert "From Tue 24 Nov 2026 to Mon 7 Dec 2026." in log
    for title in ("Neck tilt", "Simple neck stretch", "Neck turn", "Side neck stretch", "Shoulders back"):
        assert log.count(title) == 2  # a row in each week's table
    assert log.count("Pain today (0–10)") == 2
    header_lines = Counter(round(box[3] / 3) for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
                           for page, box, _ in char_boxes(data, day) if page == index)
    assert sorted(header_lines.values())[-2:] == [7, 7]  # a week to a table: two header rows of seven days
    # the pain boxes (a row a day, the weeks side by side) and the dates line ("From Tue ... to Mon ...")
    assert sorted(header_lines.values())[:-2] == [2] * 8
    assert "Your two-week log" in [item.title for item in reader.outline]
    assert pdf_pages(data) >= pdf_pages(sample_in("default", write_plan)) + 1


def test_log_has_a_tick_box_for_each_session(write_plan):
    # Three times a day is three boxes a day; once a day, one: 14 days x (3 + 1) boxes in all, and the pain
    # score's 0 to 10 each day.
    plan = {key: value for key, value in SAMPLE.items() if key != "thermal"}  # the chart's boxes are not counted
    data = pdf_bytes(load_plan(write_plan({**plan, "log": True, "exercises": [
        {"id": "neck-tilt", "per_day": 3}, {"id": "chin-tuck", "per_day": 1}]})))
    doc = pypdfium2.PdfDocument(data)
    log = next(i for i in range(len(doc)) if "Your two-week log" in doc[i].get_textpage().get_text_range())
    boxes = 0
    for page in list(doc)[log:]:  # the pages before hold drawings, whose round heads can come out square
        for obj in page.get_objects():
            if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH:
                left, bottom, right, top = obj.get_bounds()
                near_marker = any(abs((left + right) / 2 - x) < 9 and abs((bottom + top) / 2 - y) < 9
                                  for x, y in logcode.markers(page.get_size()))  # the corners' rings, for scanning
                if 5 < right - left < 20 and abs((right - left) - (top - bottom)) < 0.5 and not near_marker:
                    boxes += 1
    assert boxes == 14 * (3 + 1) + 14 * 11


def test_leaflet_log_counts_days(write_plan):
    data = pdf_bytes(load_plan(write_plan({"exercises": ["chin-tuck"], "log": True})))
    log = next(one_line(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages
               if "Your two-week log" in page.extract_text())
    assert "Day 1" in log and "Day 14" in log and "From " not in log


def test_example_log_plan_builds():
    text = one_line(pdf_text(pdf_bytes(load_plan(PLANS / "neck-spasm-log.yaml"))))
    assert "Your two-week log" in text and "Grace O'Neil" in text
    assert "https://harborpointpt.example/videos/upper-trapezius-stretch" in text.replace(" ", "")


def test_no_log_without_asking(write_plan):
    assert "Your two-week log" not in pdf_text(sample_in("default", write_plan))


# -- QR codes ----------------------------------------------------------------

def dark_fraction_left_of(data: bytes, needle: str) -> float:
    """How much of the square just left of `needle` is ink: a QR code is about half dark."""
    (page, box, _) = char_boxes(data, needle)[0]
    pdf_page = pypdfium2.PdfDocument(data)[page]
    scale = 2
    image = pdf_page.render(scale=scale).to_pil().convert("L")
    height = pdf_page.get_size()[1]
    left, bottom = box[0], box[1]
    side = 14 * 72 / 25.4
    crop = image.crop((int((left - side - 12) * scale), int((height - bottom - side / 2) * scale),
                       int((left - 12) * scale), int((height - bottom + side / 2) * scale)))
    histogram = crop.histogram()
    return sum(histogram[:128]) / sum(histogram)


def test_video_prints_a_qr_code_and_the_address(write_plan):
    data = sample_in("default", write_plan, exercises=with_video(SAMPLE["exercises"]))
    text = one_line(pdf_text(data))
    assert VIDEO in text and "Watch how to do it:" in text
    assert text.count("Watch how to do it:") == 1  # of the sample's five exercises, only one has a video
    assert 0.25 < dark_fraction_left_of(data, "Watch how to do it:") < 0.75
    assert dark_fraction_left_of(data, "Sitting") < 0.05  # the same probe, beside no code (a card's tag)


def test_plan_video_is_escaped_and_printed(write_plan):
    url = "https://clinic.example/v?id=7&lang=<en>"
    data = sample_in("compact", write_plan, exercises=[{"id": "neck-turn", "video": url}])
    assert url in one_line(pdf_text(data)).replace(" ", "")


# -- program length ----------------------------------------------------------

def test_program_minutes_are_stated(write_plan):
    # 40 + 108 + 18 + 36 + 8 seconds (sessions.session_seconds): 3.5 minutes, said as about 4
    assert "About 4 minutes each time you do the whole program." in one_line(pdf_text(sample_in("default", write_plan)))
    short = sample_in("default", write_plan, exercises=[{"id": "chin-tuck", "reps": 1}])
    assert "About 1 minute each time you do the whole program." in one_line(pdf_text(short))


def test_minutes_round_like_a_person_would():
    assert [rounded_minutes(s) for s in (5, 89, 91, 545, 600, 13 * 60, 17.6 * 60)] == [1, 1, 2, 9, 10, 15, 20]
    one_side = Dosage(15, 3, 1, 3, "left")
    assert session_seconds(Dosage(15, 3, 1, 3, "each")) > session_seconds(one_side)
    assert session_seconds(Dosage(15, 3, 2, 3, "left")) > 2 * session_seconds(one_side) - 20


def test_a_clinic_logo_beside_its_layout_wins_over_the_bundled_one(tmp_path, write_plan):
    from PIL import Image

    from handouts.check.layout import load_layout

    Image.new("RGB", (60, 60), (200, 30, 30)).save(tmp_path / "logo.png")
    (tmp_path / "brand.yaml").write_text("extends: default\nlogo: logo.png\nclinic: {name: Red Clinic}\n",
                                         encoding="utf-8")
    assert load_layout(tmp_path / "brand.yaml").logo == tmp_path / "logo.png"
    plan = write_plan({"layout": "brand.yaml", "exercises": ["neck-tilt"]})
    header = PdfReader(io.BytesIO(pdf_bytes(load_plan(plan)))).pages[0].images  # the header's logo is the page's only photo
    assert [(logo.image.size, logo.image.convert("RGB").getpixel((30, 30))) for logo in header] == [
        ((60, 60), (200, 30, 30))]


@pytest.mark.parametrize("key", ["hold_s", "reps", "sets", "per_day"])
def test_wizard_takes_the_plans_dosage_limits(run, tmp_path, monkeypatch, key):
    """One past the plan's limit is asked again; the limit itself is written and the plan checks."""
    monkeypatch.chdir(tmp_path)
    top = EXERCISE_ENTRY[key].hi
    dosage = [f"{top + 1}\n{top}" if question == key else "" for question in ("hold_s", "reps", "sets", "per_day")]
    result = run("new", "--no-build", input=answers("", "", "6", "y", *dosage, "", "", "n", "", "n", "", ""))
    assert result.exit_code == 0, result.output
    assert f"{top + 1} is not in the range" in result.output
    plan = tmp_path / "leaflet.yaml"
    assert yaml.safe_load(plan.read_text(encoding="utf-8"))["exercises"][0][key] == top
    assert run("check", plan).exit_code == 0


def test_wizard_asks_again_for_a_name_too_long_for_a_plan(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("new", "--no-build", input=answers("x" * 130, "Ana Lee", "", "", "", "", "", "6", "", "", "n", "", "n",
                                                    "", ""))
    assert result.exit_code == 0, result.output
    assert "that is 130 characters long; keep it under 120" in result.output
    assert "name: Ana Lee" in (tmp_path / "ana-lee.yaml").read_text(encoding="utf-8")
