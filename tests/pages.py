"""Measures of printed pages, read back from the PDF: how empty each page's foot is, the font size of a
piece of text, and the boxes the exercise drawings are drawn in. Each example is built and rendered once
per test session (at a low resolution: a blank band does not need detail)."""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path

import pypdfium2
from conftest import PLANS
from pypdf import PdfReader
from pypdf.generic import ContentStream

from handouts.build import pdf_bytes
from handouts.plan import load_plan

TODAY = dt.date(2026, 11, 24)
EXAMPLES = sorted(PLANS.glob("*.yaml")) + sorted((PLANS / "leaflets").glob("*.yaml"))
DPI = 30
INK = 245  # a pixel darker than this grey is ink (the palest panel fill is 242)
MM = 72 / 25.4


@cache
def example(plan: Path, layout: str):
    """(the PDF's bytes, the checked plan) of an example plan printed in a layout."""
    checked = load_plan(plan, today=TODAY, overrides={"layout": layout})
    return pdf_bytes(checked), checked


@cache
def blank_feet(plan: Path, layout: str) -> tuple[float, ...]:
    """Per page, the share of the frame's height that is blank between its last ink and the footer."""
    data, checked = example(plan, layout)
    top, right, bottom, left = checked.layout.margins
    width, height = checked.layout.page_size
    shares = []
    doc = pypdfium2.PdfDocument(data)
    for index in range(len(doc)):
        image = doc[index].render(scale=DPI / 72).to_pil().convert("L")
        scale = image.height / height
        y_top, y_foot = int(top * scale) + 1, int((height - bottom) * scale) - 1
        band = image.crop((int(left * scale), y_top, int((width - right) * scale), y_foot))
        ink = band.point(lambda grey: 255 if grey < INK else 0).getbbox()  # the box around every inked pixel
        shares.append((band.height - (ink[3] if ink else 0)) / band.height)
    return tuple(shares)


def font_sizes(data: bytes, needle: str) -> list[float]:
    """The font size of the first character of every place `needle` is printed."""
    sizes = []
    doc = pypdfium2.PdfDocument(data)
    for index in range(len(doc)):
        textpage = doc[index].get_textpage()
        search = textpage.search(needle, match_case=True)
        while (match := search.get_next()) is not None:
            sizes.append(round(pypdfium2.raw.FPDFText_GetFontSize(textpage, match[0]), 2))
    return sizes


def drawing_boxes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every exercise drawing, in print order. A drawing's operators open with
    one fixed graphics state (vector.PathWriter) at its box's corner, and clip each of its panels: its width
    and height reach the far corner of its clips."""
    boxes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        ops = ContentStream(page.get_contents(), page.pdf).operations
        matrix, stack, points, corner, far = [1, 0, 0, 1, 0, 0], [], [], None, []
        for i, (operands, op) in enumerate(ops):
            if op == b"q":
                stack.append(matrix)
            elif op == b"Q":
                matrix = stack.pop()
                if corner is not None and len(stack) < depth:  # the drawing's own q ... Q has closed
                    if far:  # a QR code opens the same way, but clips nothing
                        boxes.append((max(x for x, _ in far) - corner[0], max(y for _, y in far) - corner[1]))
                    corner, far = None, []
            elif op == b"cm":
                a, b, c, d, e, f = (float(v) for v in operands)
                m = matrix
                matrix = [a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                          e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5]]
            elif op == b"RG" and [float(v) for v in operands] == [0, 0, 0] and ops[i - 2][1] == b"q" \
                    and [float(v) for v in ops[i - 1][0]] == [1, 0, 0, 1, 0, 0] and ops[i + 1][1] == b"w":
                corner, depth = (matrix[4], matrix[5]), len(stack)  # a drawing begins here
            elif op in (b"m", b"l"):
                x, y = (float(v) for v in operands)
                points.append((matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5]))
            elif op in (b"W", b"W*") and corner is not None:
                far += points
            if op not in (b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"W", b"W*"):
                points = []
    return boxes
