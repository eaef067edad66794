"""What makes a page readable from a photo (`handouts scan`): the log page's and the ice-and-heat chart's tick
boxes record where they were drawn, and when the page ends, its four corner markers and the QR code
(`logcode`) that says where every box is are drawn in the spot the page kept for it.

The code is drawn last, since only then are the boxes' places known; each page a table runs onto keeps its
own spot (beside the heading it repeats) and gets its own code. A page whose boxes follow no grid the code
can say gets neither code nor markers, rather than a code that would misread it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from handouts.check import logcode

_KEY = "_handouts_readback"
GAP = 8  # points between a heading and the code beside it


def _page_record(canv) -> dict:
    """The boxes and the code's spot drawn so far on the canvas's current page."""
    record = getattr(canv, _KEY, None)
    if record is None or record["page"] != canv.getPageNumber():
        record = {"page": canv.getPageNumber(), "cells": [], "spot": None}
        setattr(canv, _KEY, record)
    return record


def record_cell(canv, key: tuple[tuple[str, int], int], places: list[tuple[float, float]], side: float) -> None:
    """A day's tick boxes for an item (`key`: (id, boxes a day), day) drawn at `places` (their lower left
    corners, in the flowable's coordinates), `side` points square."""
    item, day = key
    _page_record(canv)["cells"].append((item, day, [canv.absolutePosition(x, y) for x, y in places], side))


class CodeSpot(Flowable):
    """Room for a page's code: drawn at the page's end, once the boxes are down (`template`: the code without
    its boxes; `colour`: the markers')."""

    def __init__(self, size: float, template: logcode.LogCode, colour):
        super().__init__()
        self.size, self.template, self.colour = size, template, colour

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        _page_record(self.canv)["spot"] = (*self.canv.absolutePosition(0, 0), self)


class BesideSpot(Flowable):
    """A flowable (the heading a table repeats on the page it runs onto) with a code's spot at its right."""

    def __init__(self, left: Flowable, spot: CodeSpot):
        super().__init__()
        self.left, self.spot = left, spot

    def wrap(self, avail_width, avail_height):
        _, self._left_h = self.left.wrap(avail_width - self.spot.size - GAP, avail_height)
        self.width, self.height = avail_width, max(self._left_h, self.spot.size)
        return self.width, self.height

    def draw(self):
        self.left.drawOn(self.canv, 0, self.height - self._left_h)
        self.spot.drawOn(self.canv, self.width - self.spot.size, 0)


def spot_after_break(table) -> CodeSpot | None:
    """A new spot for the page a table that reads back runs onto (the table's `code_spot` says its size)."""
    spot = getattr(table, "code_spot", None)
    return spot and CodeSpot(spot.size, spot.template, spot.colour)


def finish_page(canv) -> None:
    """The page's corner markers and code, when it drew boxes and kept a spot (before the page is shown)."""
    record = getattr(canv, _KEY, None)
    if record is None or record["page"] != canv.getPageNumber() or record["spot"] is None:
        return
    spot_x, spot_y, spot = record["spot"]
    code = logcode.measured(spot.template, record["cells"], canv._pagesize)
    if code is None:
        return
    from handouts.render import vector

    canv.saveState()
    for centre in logcode.markers(code.page):
        _marker(canv, *centre, spot.colour)
    # low error correction: fewer modules a side, larger ones, for a photo's blur and JPEG
    vector.qr_code(logcode.encode(code), spot.size, level="L").drawOn(canv, spot_x, spot_y)
    canv.restoreState()


def _marker(c, x: float, y: float, colour) -> None:
    """A square ring around a square dot: unlike any box a pen fills in, found whatever the page's angle."""
    outer, ring = logcode.MARKER_SIZE, logcode.MARKER_SIZE * 0.2
    c.setFillColor(colour)
    c.rect(x - outer / 2, y - outer / 2, outer, outer, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.rect(x - outer / 2 + ring, y - outer / 2 + ring, outer - 2 * ring, outer - 2 * ring, stroke=0, fill=1)
    c.setFillColor(colour)
    c.rect(x - outer / 2 + 2 * ring, y - outer / 2 + 2 * ring, outer - 4 * ring, outer - 4 * ring, stroke=0, fill=1)


def places_stated(canv) -> bool:
    """Whether the canvas's current page drew tick boxes whose places its code states: nothing on that page
    may move once drawn."""
    record = getattr(canv, _KEY, None)
    return record is not None and record["page"] == canv.getPageNumber() and bool(record["cells"])
