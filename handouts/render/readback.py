"""What makes the log page readable from a photo (`handouts scan`): its tick boxes record where they were
drawn, and the last flowable of the page prints the four corner markers and the QR code (`logcode`) that says
where every box is, in the spot the page kept for it.

The code is drawn after the boxes, since only then are their places known; a page whose boxes do not follow
the code's grid (a table broken across pages in large print) gets neither code nor markers, rather than a
code that would misread it.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable

from handouts.check import logcode

_KEY = "_handouts_readback"


def _page_record(canv) -> dict:
    """The boxes and the code's spot drawn so far on the canvas's current page."""
    record = getattr(canv, _KEY, None)
    if record is None or record["page"] != canv.getPageNumber():
        record = {"page": canv.getPageNumber(), "boxes": {}, "spot": None}
        setattr(canv, _KEY, record)
    return record


def record_box(canv, key: tuple[int, int], session: int, x: float, y: float, side: float) -> None:
    """A tick box for `key` (exercise, day) drawn at (x, y) in the flowable's coordinates."""
    page_x, page_y = canv.absolutePosition(x, y)
    _page_record(canv)["boxes"][(*key, session)] = (page_x, page_y, side)


class CodeSpot(Flowable):
    """Room for the log page's code; ReadbackMarks draws the code here once the boxes are down."""

    def __init__(self, size: float):
        super().__init__()
        self.size = size

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        _page_record(self.canv)["spot"] = (*self.canv.absolutePosition(0, 0), self.size)


class ReadbackMarks(Flowable):
    """The corner markers and the code, drawn in page coordinates after the page's boxes (it takes no room)."""

    def __init__(self, template: logcode.LogCode, colour):
        super().__init__()
        self.template, self.colour = template, colour  # the code without its geometry, known only once drawn

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        record = _page_record(self.canv)
        code = _measured(self.template, record["boxes"], self.canv._pagesize)
        if code is None or record["spot"] is None:
            return
        from handouts.render import vector

        c = self.canv
        x, y = c.absolutePosition(0, 0)
        c.saveState()
        c.translate(-x, -y)  # page coordinates: the flow's frame only ever translates
        for centre in logcode.markers(code.page):
            _marker(c, *centre, self.colour)
        spot_x, spot_y, size = record["spot"]
        # low error correction: four fewer modules a side, larger ones, for a photo's blur and JPEG
        vector.qr_code(logcode.encode(code), size, level="L").drawOn(c, spot_x, spot_y)
        c.restoreState()


def _marker(c, x: float, y: float, colour) -> None:
    """A square ring around a square dot: unlike any box a pen fills in, found whatever the page's angle."""
    outer, ring = logcode.MARKER_SIZE, logcode.MARKER_SIZE * 0.2
    c.rect(x - outer / 2, y - outer / 2, outer, outer, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.rect(x - outer / 2 + ring, y - outer / 2 + ring, outer - 2 * ring, outer - 2 * ring, stroke=0, fill=1)
    c.setFillColor(colour)
    c.rect(x - outer / 2 + 2 * ring, y - outer / 2 + 2 * ring, outer - 4 * ring, outer - 4 * ring, stroke=0, fill=1)


def _measured(template: logcode.LogCode, boxes: dict, page) -> logcode.LogCode | None:
    """The code with the grid the drawn boxes follow, or None when they follow none it can say."""
    first = {key[:2]: place for key, place in boxes.items() if key[2] == 0}
    if (0, 0) not in first or (0, 1) not in first:
        return None
    x0, _, side = first[(0, 0)]
    per_day = dict(template.exercises)
    widest = max(template.exercises, key=lambda item: item[1])
    e_wide = [ident for ident, _ in template.exercises].index(widest[0])
    on_line = [s for s in range(widest[1]) if abs(boxes[(e_wide, 0, s)][1] - boxes[(e_wide, 0, 0)][1]) < 0.1]
    slot_w = boxes[(e_wide, 0, 1)][0] - boxes[(e_wide, 0, 0)][0] if len(on_line) > 1 else 0.0
    line_h = boxes[(e_wide, 0, 0)][1] - boxes[(e_wide, 0, len(on_line))][1] if widest[1] > len(on_line) else 0.0
    rows = []
    for table in range(max(day for _, day in first) // template.days + 1):
        for e in range(len(per_day)):
            place = first.get((e, table * template.days))
            if place is None:
                return None
            rows.append(place[1])
    code = replace(template, page=tuple(page), side=side, x0=x0, day_w=first[(0, 1)][0] - x0, slot_w=slot_w,
                   per_line=len(on_line), line_h=line_h, rows=tuple(rows))
    code = logcode.decode(logcode.encode(code))  # as the scanner will read it: rounded to tenths of a point
    predicted = {(b.exercise, b.day, b.session): (b.x, b.y) for b in code.boxes()}
    if predicted.keys() != boxes.keys():
        return None
    if any(abs(px - boxes[k][0]) > 0.6 or abs(py - boxes[k][1]) > 0.6 for k, (px, py) in predicted.items()):
        return None
    return code


def places_stated(canv) -> bool:
    """Whether the canvas's current page drew tick boxes whose places its code states: nothing on that page
    may move once drawn."""
    record = getattr(canv, _KEY, None)
    return record is not None and record["page"] == canv.getPageNumber() and bool(record["boxes"])
