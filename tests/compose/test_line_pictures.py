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

# The line each picture goes with, as the sample handout prints it (neck spasm: pillow, desk, lifting, ice), and
# as the low-back leaflet does (sleeping on the side, the towel behind the back, lifting, ice).
LINES = {"sleep-one-pillow": "one firm pillow", "desk-set-up": "screen at eye level", "lift-safely": "When you lift",
         "ice-pack-in-cloth": "thin cloth between"}
BACK_LINES = {"back-sleep-position": "pillow between your knees", "back-posture": "small rolled towel",
              "lift-safely": "When you lift", "ice-pack-in-cloth": "thin cloth between"}


def _named() -> dict[str, str]:
    """Each picture the English library names, by the id of its advice item or safety line."""
    library = load_library("en")
    named = {item.id: item.picture for item in library.advice.values() if item.picture}
    named.update({f"safety:{line.text}": line.picture for line in library.thermal.safety if line.picture})
    return named


def test_every_picture_named_in_the_library_is_a_drawing_that_loads():
    named = _named()
    assert set(named.values()) == set(LINES) | set(BACK_LINES)
    for picture in named.values():
        path = drawings.drawing_path(data_dir("images"), picture)
        assert path is not None, f"no images/drawings/{picture}.yaml"
        assert drawings.load_spec(path)["one_pose"]  # one pose: a way to lie, to sit, to hold the pack


def test_a_translation_keeps_the_english_pictures():
    assert load_library("es").advice["supportive-pillow"].picture == "sleep-one-pillow"
    assert load_library("es").thermal.safety[0].picture == "ice-pack-in-cloth"


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan, lines", [("neck-spasm-patient.yaml", LINES), ("leaflets/low-back-spasm.yaml", BACK_LINES)])
def test_each_picture_prints_small_on_the_page_of_its_line_with_its_caption(layout, plan, lines):
    data, _ = example(PLANS / plan, layout)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
    shown = line_pictures(data)
    assert len(shown) == len(lines), shown
    on = sorted(index for index, _ in shown)
    expected = sorted(next(i for i, text in enumerate(pages) if words in text) for words in lines.values())
    assert on == expected
    library = load_library("en")
    captions = {item.picture: item.caption for item in [*library.advice.values(), *library.thermal.safety] if item.picture}
    for picture, words in lines.items():
        page = next(i for i, text in enumerate(pages) if words in text)
        assert captions[picture] in pages[page], (picture, captions[picture])
    for _, (width, height) in shown:
        assert 8 * MM <= width <= LINE_PICTURE[0] + 0.5 and height == pytest.approx(LINE_PICTURE[1], abs=0.5)


def test_a_spanish_first_handout_keeps_the_pictures_beside_their_lines_captioned_in_both_languages():
    data, _ = example(PLANS / "neck-spasm-two-languages.yaml", "default")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]
    lines = ("una sola almohada firme", "doble las rodillas y mantenga", "pantalla a la altura de los ojos",
             "paño fino entre")
    assert sorted(index for index, _ in line_pictures(data)) == sorted(
        next(i for i, text in enumerate(pages) if words in text) for words in lines)
    text = " ".join(pages)
    for first, second in (("Una almohada firme, cuello recto", "One firm pillow, neck straight"),
                          ("Bolsa fría envuelta en un paño", "Cold pack wrapped in a cloth")):
        assert first in text and second in text
        assert text.index(first) < text.index(second)  # the second language's caption under the first's


@pytest.mark.parametrize("language", ["es", "vi", "tl", "zh-Hans"])
def test_every_caption_prints_in_the_language_of_the_handout(write_plan, language):
    from handouts.check.plan import load_plan
    from handouts.run.build import pdf_bytes

    data = pdf_bytes(load_plan(write_plan(f"language: {language}\ncondition: low-back-spasm\nexercises: [walking]\n"
                                          "thermal: {}\n")))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    flat = "".join(text.split())  # Chinese and a caption broken over two lines: compare without spaces
    library, english = load_library(language), load_library("en")
    shown = [item for item in [*library.advice.values(), *library.thermal.safety[:1]]
             if item.picture in BACK_LINES]
    assert {item.picture for item in shown} == set(BACK_LINES)
    for item in shown:
        assert "".join(item.caption.split()) in flat, item.caption
    assert not any(c.caption in text for c in [*english.advice.values(), *english.thermal.safety] if c.caption)
