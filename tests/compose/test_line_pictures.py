"""Pictures for what the patient does outside the exercises (issue 22.8): an advice item or a thermal safety
line that names a drawing prints it small beside its text, on the same page, in every layout."""

from __future__ import annotations

import io

import pytest
from pages import MM, PLANS, example, line_pictures
from pypdf import PdfReader

from handouts.check.layout import layout_names
from handouts.check.library import load_library
from handouts.compose import drawings
from handouts.compose.illustration import LINE_PICTURE
from handouts.load.resources import data_dir

# The line each picture goes with, as the sample handout prints it (neck spasm: pillow, desk, ice).
LINES = {"sleep-one-pillow": "one firm pillow", "desk-set-up": "screen at eye level", "ice-pack-in-cloth": "thin cloth between"}


def _named() -> dict[str, str]:
    """Each picture the English library names, by the id of its advice item or safety line."""
    library = load_library("en")
    named = {item.id: item.picture for item in library.advice.values() if item.picture}
    named.update({f"safety:{line.text}": line.picture for line in library.thermal.safety if line.picture})
    return named


def test_every_picture_named_in_the_library_is_a_drawing_that_loads():
    named = _named()
    assert set(named.values()) == set(LINES)
    for picture in named.values():
        path = drawings.drawing_path(data_dir("images"), picture)
        assert path is not None, f"no images/drawings/{picture}.yaml"
        assert drawings.load_spec(path)["one_pose"]  # one pose: a way to lie, to sit, to hold the pack


def test_a_translation_keeps_the_english_pictures():
    assert load_library("es").advice["supportive-pillow"].picture == "sleep-one-pillow"
    assert load_library("es").thermal.safety[0].picture == "ice-pack-in-cloth"


@pytest.mark.parametrize("layout", layout_names())
def test_each_picture_prints_small_on_the_page_of_its_line(layout):
    data, _ = example(PLANS / "neck-spasm-patient.yaml", layout)
    pages = [page.extract_text().replace("\n", " ") for page in PdfReader(io.BytesIO(data)).pages]
    shown = line_pictures(data)
    assert len(shown) == len(LINES), shown
    on = sorted(index for index, _ in shown)
    expected = sorted(next(i for i, text in enumerate(pages) if words in text) for words in LINES.values())
    assert on == expected
    for _, (width, height) in shown:
        assert 12 * MM <= width <= LINE_PICTURE[0] + 0.5 and height == pytest.approx(LINE_PICTURE[1], abs=0.5)


def test_a_spanish_first_handout_keeps_the_pictures_beside_their_lines():
    data, _ = example(PLANS / "neck-spasm-two-languages.yaml", "default")
    pages = [page.extract_text().replace("\n", " ") for page in PdfReader(io.BytesIO(data)).pages]
    lines = ("una sola almohada firme", "pantalla a la altura de los ojos", "paño fino entre")
    assert sorted(index for index, _ in line_pictures(data)) == sorted(
        next(i for i, text in enumerate(pages) if words in text) for words in lines)
