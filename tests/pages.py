"""Measures of printed pages, read back from the PDF: how empty each page's foot is, its tallest gap, the font size of a
piece of text, and the boxes the exercise drawings are drawn in. Each example is built and rendered once
per test session (at a low resolution: a blank band does not need detail)."""

from __future__ import annotations

import ctypes
import datetime as dt
import io
from functools import cache
from pathlib import Path

import pypdfium2
from conftest import PLANS
from pypdf import PdfReader
from pypdf.generic import ContentStream

from handouts.check.plan import load_plan
from handouts.compose import illustration
from handouts.run.build import pdf_bytes

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
    return tuple((len(rows) - _last_ink(rows)) / len(rows) for rows in _inked_rows(plan, layout))


@cache
def blank_bands(plan: Path, layout: str) -> tuple[float, ...]:
    """Per page, the height in mm of the tallest band of the frame with no ink across its whole width, above
    the page's last ink: a gap between blocks (one inside a card or a box is crossed by its border)."""
    pixel = 72 / DPI / MM  # a row's height in mm
    tallest = []
    for rows in _inked_rows(plan, layout):
        run = best = 0
        for inked in rows[:_last_ink(rows)]:
            run = 0 if inked else run + 1
            best = max(best, run)
        tallest.append(best * pixel)
    return tuple(tallest)


@cache
def _inked_rows(plan: Path, layout: str) -> tuple[tuple[bool, ...], ...]:
    """Per page, whether each pixel row of the frame (between the header's and the footer's margins) has ink."""
    data, checked = example(plan, layout)
    top, right, bottom, left = checked.layout.margins
    width, height = checked.layout.page_size
    pages = []
    doc = pypdfium2.PdfDocument(data)
    for index in range(len(doc)):
        image = doc[index].render(scale=DPI / 72).to_pil().convert("L")
        scale = image.height / height
        band = image.crop((int(left * scale), int(top * scale) + 1, int((width - right) * scale),
                           int((height - bottom) * scale) - 1))
        _, rows = band.point(lambda grey: 255 if grey < INK else 0).getprojection()
        pages.append(tuple(map(bool, rows)))
    return tuple(pages)


def _last_ink(rows: tuple[bool, ...]) -> int:
    """The number of rows down to the last one with ink (0 for a blank frame)."""
    return max((y + 1 for y, inked in enumerate(rows) if inked), default=0)


def font_sizes(data: bytes, needle: str) -> list[float]:
    """The font size of the first character of every place `needle` is printed."""
    return [size for size, _ in printed(data, needle)]


def printed(data: bytes, needle: str) -> list[tuple[float, str]]:
    """(font size, fill colour as '#RRGGBB') of the first character of every place `needle` is printed."""
    found = []
    doc = pypdfium2.PdfDocument(data)
    for index in range(len(doc)):
        textpage = doc[index].get_textpage()
        search = textpage.search(needle, match_case=True)
        while (match := search.get_next()) is not None:
            rgba = [ctypes.c_uint() for _ in range(4)]
            pypdfium2.raw.FPDFText_GetFillColor(textpage, match[0], *map(ctypes.byref, rgba))
            found.append((round(pypdfium2.raw.FPDFText_GetFontSize(textpage, match[0]), 2),
                          "#{:02X}{:02X}{:02X}".format(*(c.value for c in rgba[:3]))))
    return found


def drawing_boxes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every exercise drawing, in print order: not the small pictures beside
    an advice item or a safety line (`line_pictures`)."""
    return [box for _, box in _forms(data) if not _is_line_picture(box)]


def drawing_panels(data: bytes) -> list[list[tuple[float, float, float, float]]]:
    """Per exercise drawing, in print order, the (x0, y0, x1, y1) of each of its panels (one, or the start and
    the end pose's): the clips that reach across its whole height or width, inside no other (the others clip inside a panel)."""
    drawings = []
    for _, (width, height), clips in _forms(data, with_panels=True):
        if not _is_line_picture((width, height)):
            spans = {tuple(round(v, 1) for v in clip) for clip in clips
                     if clip[1] < 0.5 and clip[3] > height - 0.5 or clip[0] < 0.5 and clip[2] > width - 0.5}
            drawings.append(sorted(clip for clip in spans if not any(other != clip and _inside(clip, other)
                                                                      for other in spans)))
    return drawings


def _inside(box, other) -> bool:
    return other[0] <= box[0] and other[1] <= box[1] and box[2] <= other[2] and box[3] <= other[3]


def line_pictures(data: bytes) -> list[tuple[int, tuple[float, float]]]:
    """(page index, (width, height)) of every small picture beside an advice item or a safety line."""
    return [(page, box) for page, box in _forms(data) if _is_line_picture(box)]


def _is_line_picture(box) -> bool:
    return abs(box[1] - illustration.LINE_PICTURE[1]) < 0.5


def _forms(data: bytes, with_panels: bool = False) -> list[tuple]:
    """(page index, (width, height)) in points of every drawing, in print order (and, `with_panels`, its
    panels' boxes). A drawing is a form of PDF operators (vector.VectorPicture) drawn from its box's corner
    that clips each of its panels; its bounding box reaches one box past the picture's on every side. (A QR
    code is a form too, but clips nothing.)"""
    boxes = []
    for index, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        forms = page["/Resources"].get("/XObject", {})
        for operands, op in ContentStream(page.get_contents(), page.pdf).operations:
            if op == b"Do" and str(operands[0]).startswith("/FormXob.v"):
                form = forms[operands[0]].get_object()
                clips = _clips(ContentStream(form, page.pdf).operations)
                if clips:
                    x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
                    corner = (round((x1 - x0) / 3, 3), round((y1 - y0) / 3, 3))
                    boxes.append((index, corner, clips) if with_panels else (index, corner))
    return boxes


def _clips(ops) -> list[tuple[float, float, float, float]]:
    """The bounding box of each clipping path in a form's operators."""
    matrix, stack, points, clips = (1, 0, 0, 1, 0, 0), [], [], []
    for operands, op in ops:
        if op == b"q":
            stack.append(matrix)
        elif op == b"Q":
            matrix = stack.pop()
        elif op == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            m = matrix
            matrix = (a * m[0] + b * m[2], a * m[1] + b * m[3], c * m[0] + d * m[2], c * m[1] + d * m[3],
                      e * m[0] + f * m[2] + m[4], e * m[1] + f * m[3] + m[5])
        elif op in (b"m", b"l"):
            x, y = (float(v) for v in operands)
            points.append((matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5]))
        elif op in (b"W", b"W*") and points:
            xs, ys = [x for x, _ in points], [y for _, y in points]
            clips.append((min(xs), min(ys), max(xs), max(ys)))
        if op not in (b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"W", b"W*"):
            points = []
    return clips
