"""The contact sheet shows every library exercise's drawing with its id, title, position and dosage, by region."""

from __future__ import annotations

import io

from conftest import one_line, pdf_text
from pypdf import PdfReader

from handouts.check.library import load_library
from handouts.check.schema.library import REGIONS
from handouts.compose.text import dosage_short


def test_contact_sheet_lists_every_exercise_with_a_drawing(run, tmp_path):
    out = tmp_path / "sheet.pdf"
    result = run("sheet", "-o", out)
    assert result.exit_code == 0, result.stderr
    text = one_line(pdf_text(out))
    exercises = load_library("en").exercises.values()
    for exercise in exercises:
        assert exercise.id in text and exercise.title in text
    reader = PdfReader(str(out))
    # Drawings are vectors (forms drawn from the page): no raster image but the logo, and plenty of path
    # operators per page.
    for page in reader.pages:
        xobjects = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
        assert len([x for x in xobjects if x["/Subtype"] == "/Image"]) == 1
        forms = b"".join(x.get_data() for x in xobjects if x["/Subtype"] == "/Form")
        assert forms.count(b" c ") > 1000  # curveto: the figures' outlines


def test_contact_sheet_carries_the_clinic_furniture(run, tmp_path):
    out = tmp_path / "sheet.pdf"
    assert run("sheet", "-o", out).exit_code == 0
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.metadata.title == "Exercise library"
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert "Harbor Point Physical Therapy" in text and f"Page {number} of {total}" in text


def test_an_unknown_sheet_layout_is_one_line_and_exit_2(run, tmp_path):
    result = run("sheet", "--layout", "lettr", "-o", tmp_path / "sheet.pdf")
    assert result.exit_code == 2
    assert result.stderr == ("handouts: --layout: unknown layout 'lettr' (did you mean 'letter'?); see 'handouts "
                             "list layouts', or give a path to a .yaml layout file\n")
    assert not (tmp_path / "sheet.pdf").exists()


# -- grouped by region, with what a therapist picks by -------------------------------

def test_contact_sheet_groups_the_library_by_region(run, tmp_path):
    out = tmp_path / "sheet.pdf"
    assert run("sheet", "-o", out).exit_code == 0
    text = one_line(pdf_text(out))
    library = load_library("en")
    headings = [library.strings[f"region_{region}"] for region in REGIONS]
    assert headings == ["Neck", "Upper back", "Shoulder", "Low back", "Whole body"]
    # a region's heading, then its exercises by title
    firsts = [min((e.title for e in library.exercises.values() if e.region == region), key=str.lower)
              for region in REGIONS]
    starts = [text.index(f" {title} {first} ") for title, first in zip(headings, firsts)]
    assert starts == sorted(starts), "the regions print in the order of REGIONS"
    bounds = dict(zip(REGIONS, zip(starts, starts[1:] + [len(text)])))
    for exercise in library.exercises.values():
        start, end = bounds[exercise.region]
        cell = f"{exercise.id} · {library.strings['position_' + exercise.position]} {dosage_short(exercise.dosage)}"
        assert start < text.index(cell) < end, exercise.id
    assert "chin-tuck · Sitting 10 s x 5, 3/day" in text
    assert "cat-camel · Kneeling 10 reps, 2/day" in text
    assert "walking · Standing 1 rep, 2/day" in text  # not '1 reps'
    # one bookmark per region, under the clinic's page furniture
    outline = [item.title for item in PdfReader(str(out)).outline]
    assert outline == headings


def test_contact_sheet_pages_fill_before_a_new_one_starts(run, tmp_path):
    import pypdfium2

    from handouts.check.layout import load_layout, resolve_layout

    out = tmp_path / "sheet.pdf"
    assert run("sheet", "-o", out).exit_code == 0
    layout = load_layout(resolve_layout("default", tmp_path))
    top, _, bottom, _ = layout.margins
    page_h = layout.page_size[1]
    scale = 36 / 72
    pdf = pypdfium2.PdfDocument(str(out))
    assert len(pdf) <= 4  # 42 exercises, four rows of three to an A4 page
    blank = []
    for page in list(pdf)[:-1]:
        image = page.render(scale=scale, grayscale=True).to_pil()
        ink = image.point(lambda v: 255 if v < 160 else 0)
        frame_top, frame_bottom = round(top * scale), round((page_h - bottom) * scale)
        last = ink.crop((0, frame_top, image.width, frame_bottom)).getbbox()[3] + frame_top
        blank.append((frame_bottom - last) / (frame_bottom - frame_top))
    assert max(blank) < 0.25, blank
