"""An exercise's picture on the page: drawn in the layout's accent colour, its primary colour when it has none."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from handouts.check.plan import load_plan
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
