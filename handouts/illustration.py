"""An exercise's picture: the clinic's photo if it names one, else its drawing, else nothing."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

from reportlab.platypus import Flowable

from handouts import drawing, images
from handouts.flowables import Picture
from handouts.model import Layout, PlannedExercise
from handouts.resources import data_dir
from handouts.styles import Styles

_FONT_ONLY = re.compile(r"BT /F\d+ [\d.]+ Tf [\d.]+ TL ET\n")


def picture_for(item: PlannedExercise, layout: Layout, st: Styles, box: tuple[float, float]):
    """A flowable exactly `box` (width, height) points, or None: a card without a picture has no empty slot."""
    if item.image is not None:
        reader, shown = images.prepare(item.image, box[0], box[1], layout.mono)
        return Picture(reader, shown, box)
    spec_path = drawing.drawing_path(data_dir("images"), item.exercise.id)
    if spec_path is None:
        return None
    return VectorPicture(_drawing_operators(spec_path, spec_path.stat().st_mtime_ns, box,
                                            st.color["primary"].hexval(), layout.mono), box)


class VectorPicture(Flowable):
    """A drawing replayed from its cached PDF path operators."""

    def __init__(self, operators: str, box: tuple[float, float]):
        super().__init__()
        self.operators, self.box = operators, box

    def wrap(self, avail_width, avail_height):
        return self.box

    def draw(self):
        self.canv.saveState()
        self.canv.addLiteral(self.operators)
        self.canv.restoreState()


@lru_cache(maxsize=512)
def _drawing_operators(spec_path: Path, mtime_ns: int, box: tuple[float, float], accent: str, mono: bool) -> str:
    """The drawing as PDF operators, made once per process and size.

    Turning a Drawing into PDF operators costs several milliseconds; a drawing
    is only paths and colours, so its operators can be reused by every
    document. (mtime_ns is part of the key so an edited spec is picked up.)
    """
    from reportlab.graphics import renderPDF
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    figure = drawing.render(drawing.load_spec(spec_path), box[0], box[1], accent=HexColor(accent), mono=mono)
    scratch = Canvas(io.BytesIO(), pagesize=box)
    before = scratch.getCurrentPageContent()
    renderPDF.draw(figure, scratch, 0, 0)
    operators = scratch.getCurrentPageContent()[len(before):]
    # renderPDF opens with an empty text block that only selects its default font; a drawing
    # writes no text, so drop it rather than carry a reference to another canvas's font.
    operators = _FONT_ONLY.sub("", operators)
    if " Tf" in operators or " Do" in operators:
        raise ValueError(f"{spec_path}: a drawing may hold only paths and colours, not text or images")
    return operators
