"""Vector pictures (exercise drawings, QR codes) turned into PDF operators once and replayed.

Turning a reportlab Drawing into PDF operators costs milliseconds, and a
batch prints the same few pictures hundreds of times. A picture made only of
paths and colours has operators that stand alone, so each is made once per
process and replayed into every document.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

from reportlab.platypus import Flowable

# renderPDF opens with an empty text block that only selects its default font; vector pictures
# write no text, so it is dropped rather than carry a reference to another canvas's font.
_FONT_ONLY = re.compile(r"BT /F\d+ [\d.]+ Tf [\d.]+ TL ET\n")


class VectorPicture(Flowable):
    """A picture replayed from its PDF operators, exactly `box` (width, height) points."""

    def __init__(self, operators: str, box: tuple[float, float]):
        super().__init__()
        self.operators, self.box = operators, box

    def wrap(self, avail_width, avail_height):
        return self.box

    def draw(self):
        self.canv.saveState()
        self.canv.addLiteral(self.operators)
        self.canv.restoreState()


def operators(figure, what: str) -> str:
    """The PDF operators that draw `figure` (a reportlab Drawing) at the origin."""
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    scratch = Canvas(io.BytesIO(), pagesize=(figure.width, figure.height))
    before = scratch.getCurrentPageContent()
    renderPDF.draw(figure, scratch, 0, 0)
    ops = _FONT_ONLY.sub("", scratch.getCurrentPageContent()[len(before):])
    if " Tf" in ops or " Do" in ops:
        raise ValueError(f"{what}: a vector picture may hold only paths and colours, not text or images")
    return ops


@lru_cache(maxsize=256)
def qr_code(url: str, size: float) -> VectorPicture:
    """A `size`-point square QR code for `url` (reportlab's own encoder; medium error correction for print)."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    figure = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    figure.add(widget)
    return VectorPicture(operators(figure, f"QR code for {url}"), (size, size))
