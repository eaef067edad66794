"""An exercise's picture on the page: drawn in the layout's accent colour, its primary colour when it has none."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from handouts.check.plan import load_plan
from handouts.render.styles import styles_for
from handouts.run.build import pdf_bytes


def _drawing_colours(data: bytes) -> set[str]:
    """The stroke colours ("r g b RG") the page's drawings paint with, read from their form objects."""
    page = PdfReader(io.BytesIO(data)).pages[0]
    forms = page["/Resources"].get("/XObject", {})
    colours = set()
    for name in forms:
        form = forms[name].get_object()
        if form.get("/Subtype") == "/Form":
            colours |= {line for line in form.get_data().decode("latin-1").splitlines() if line.endswith(" RG")}
    return colours


@pytest.mark.parametrize("colors, drawn", [
    ({"primary": "#3B4A9C", "accent": "#802010"}, ".501961 .12549 .062745 RG"),
    ({"primary": "#802010"}, ".501961 .12549 .062745 RG"),
])
def test_drawings_take_the_accent_colour_or_the_primary(tmp_path, write_plan, colors, drawn):
    lines = "".join(f'  {key}: "{value}"\n' for key, value in colors.items())
    (tmp_path / "brand.yaml").write_text(f"extends: default\ncolors:\n{lines}", encoding="utf-8")
    plan = write_plan({"layout": "brand.yaml", "exercises": ["neck-tilt"]})
    colours = _drawing_colours(pdf_bytes(load_plan(plan)))
    assert drawn in colours
    assert ".231373 .290196 .611765 RG" not in colours  # never the primary when an accent is given


# -- the words under the start and end poses ---------------------------------------------------------------

def _two_pose(plan) -> int:
    """How many of the plan's exercises have a drawing of two poses, start and end."""
    from handouts.compose import drawings
    from handouts.load.resources import data_dir

    paths = [drawings.drawing_path(data_dir("images"), item.exercise.id) for item in plan.exercises]
    return sum(1 for path in paths if path and drawings.load_spec(path)["panels"] == 2)


def _words(data: bytes) -> list[str]:
    return [word for page in PdfReader(io.BytesIO(data)).pages for word in page.extract_text().split()]


@pytest.mark.parametrize("layout", ["default", "compact", "large-print", "bw"])
@pytest.mark.parametrize("language, start, end", [("en", "Start", "End"), ("es", "Inicio", "Final"),
                                                  ("zh-Hans", "开始", "结束")])
def test_each_two_pose_drawing_says_start_and_end_under_its_poses(write_plan, layout, language, start, end):
    from pages import printed

    plan = load_plan(write_plan({"layout": layout, "language": language,
                                 "exercises": ["neck-tilt", "chin-tuck", "shoulder-rolls", "knees-to-chest"]}))
    two = _two_pose(plan)
    assert 0 < two < len(plan.exercises)  # a one-pose drawing (a circle, a hold) has no start and end apart
    data = pdf_bytes(plan)
    words = _words(data)
    assert words.count(start) == words.count(end) == two, (words.count(start), words.count(end))
    # small and muted, as the labels of a card's figures: as many printed so as there are two-pose drawings (the
    # same word may print in a sentence, at body size)
    st = styles_for(plan.layout)
    muted = "#" + st.color["muted"].hexval()[2:].upper()
    labels = [(size, colour) for size, colour in printed(data, start) if size <= st["small"].fontSize + 0.01]
    assert len(labels) == two and {colour for _, colour in labels} == {muted}


def test_a_two_language_handout_names_the_poses_in_its_first_language_only(write_plan):
    plan = load_plan(write_plan({"language": ["es", "en"], "exercises": ["neck-tilt", "chin-tuck"]}))
    words = _words(pdf_bytes(plan))
    assert words.count("Inicio") == words.count("Final") == _two_pose(plan) == 2
    assert "Start" not in words and "End" not in words
