"""The contact sheet shows every library exercise's drawing with its id and title."""

from __future__ import annotations

import io

from conftest import one_line, pdf_text
from pypdf import PdfReader

from handouts.library import load_library


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
