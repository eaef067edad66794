"""The small QR code on a page made to be read back by `handouts scan` (the log page, the ice-and-heat chart):
which page it is and where its tick boxes are.

It holds no patient data: the page's kind, a short hash of the program (its plan code text form), the phase,
the first date, the page size, what the boxes count (an exercise, ice, heat or the pain score, each with its
boxes a day) and where the boxes are. Format 2, in QR alphanumeric capitals, tokens separated by spaces:

    HL2 L 3F9A0C1B 1 20261124 5953.8419 NECK-TILT.3 CHIN-TUCK.3 PAIN.11
    101.1830.527.0.162.0.0:0.0.7.6111/1.0.7.5843 102.1132.0.-162.165.0.0:2.0.7.3150

after the tag: the kind (`L` the log, `T` the ice-and-heat chart), the hash, the phase, the first date (`0`
on a leaflet, whose days count Day 1, 2, ...), the page's width and height, then the items: an id and its
boxes a day (a pain score's eleven are the scores 0 to 10); then grids of rows that share their steps: the
boxes' side, the left edge of a row's first box, the step from one day to the next across and up, the step
from one box to the next, the boxes to a line (0: all on one) and the height between lines; after the colon, its rows: the
item (its index), the first day, the days and the bottom edge of the first day's first box. Lengths are tenths of a
point from the page's lower left corner. The four corner markers sit MARKER_INSET from the page's edges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

TAG = "HL2"
KINDS = {"L": "log", "T": "chart"}
PAIN = "pain"  # the item whose boxes are the scores 0 to 10
MARKER_INSET = 7 * 72 / 25.4  # a marker's centre from the page's edges: 7 mm, clear of the header and footer
MARKER_SIZE = 6 * 72 / 25.4


class LogCodeError(ValueError):
    """Text that is not a log page code this version reads."""


@dataclass(frozen=True)
class Box:
    item: int  # index into LogCode.items
    day: int  # days from the page's first date
    session: int  # 0-based (a pain box: its score)
    x: float  # lower left corner, points
    y: float
    side: float
    gap: float  # the clear space to the nearest box of its day (or any box: a day's width)


@dataclass(frozen=True)
class Grid:
    side: float
    x0: float
    day_dx: float
    day_dy: float
    slot_w: float
    per_line: int
    line_h: float
    rows: tuple[tuple[int, int, int, float], ...]  # item, first day, days, bottom of the first box


@dataclass(frozen=True)
class LogCode:
    kind: str  # log, chart
    program: str  # the program's hash
    phase: int
    first: dt.date | None  # None: a leaflet's Day 1
    page: tuple[float, float]
    items: tuple[tuple[str, int], ...]  # id and boxes a day
    grids: tuple[Grid, ...] = ()

    def boxes(self) -> list[Box]:
        """Every tick box of the page, in the code's order (grid, row, day, box)."""
        found = []
        for grid in self.grids:
            near = [step - grid.side for step in (grid.slot_w, grid.line_h, abs(grid.day_dx), abs(grid.day_dy)) if step]
            gap = min(near, default=grid.side)
            for item, first, days, bottom in grid.rows:
                for d in range(days):
                    for s in range(self.items[item][1]):
                        line, column = divmod(s, grid.per_line) if grid.per_line else (0, s)
                        found.append(Box(item, first + d, s, grid.x0 + d * grid.day_dx + column * grid.slot_w,
                                         bottom + d * grid.day_dy - line * grid.line_h, grid.side, gap))
        return found

    def date_of(self, day: int) -> str:
        """A day's name for the record: its date, or 'day N' on a leaflet's page."""
        return (self.first + dt.timedelta(days=day)).isoformat() if self.first else f"day {day + 1}"


def program_hash(plan) -> str:
    """Eight hex digits naming the program (never the patient): the hash of its plan code text form."""
    from handouts.check import plancode

    return hashlib.sha256(plancode.text_form(plancode.program_of(plan)).encode()).hexdigest()[:8].upper()


def _tenths(value: float) -> str:
    return str(round(value * 10))


def _grid_text(grid: Grid) -> str:
    steps = ".".join([*map(_tenths, (grid.side, grid.x0, grid.day_dx, grid.day_dy, grid.slot_w)), str(grid.per_line),
                      _tenths(grid.line_h)])
    return steps + ":" + "/".join(f"{item}.{first}.{days}.{_tenths(y)}" for item, first, days, y in grid.rows)


def encode(code: LogCode) -> str:
    kind = next(letter for letter, name in KINDS.items() if name == code.kind)
    return " ".join([
        TAG, kind, code.program, str(code.phase), code.first.strftime("%Y%m%d") if code.first else "0",
        ".".join(map(_tenths, code.page)),
        *(f"{ident.upper()}.{count}" for ident, count in code.items), *map(_grid_text, code.grids)])


def _grid(text: str) -> Grid:
    steps, rows = text.split(":")
    side, x0, day_dx, day_dy, slot_w, per_line, line_h = steps.split(".")
    return Grid(int(side) / 10, int(x0) / 10, int(day_dx) / 10, int(day_dy) / 10, int(slot_w) / 10, int(per_line), int(line_h) / 10,
                tuple((int(i), int(d), int(n), int(y) / 10) for i, d, n, y in (row.split(".") for row in rows.split("/"))))


def decode(text: str) -> LogCode:
    """The code in a QR code's text; LogCodeError when it is not one."""
    tokens = text.strip().split(" ")
    if not tokens or tokens[0].upper() != TAG:
        raise LogCodeError("not a log page code")
    try:
        kind, program, phase, first, page, *rest = tokens[1:]
        items = [token.rsplit(".", 1) for token in rest if ":" not in token]
        code = LogCode(kind=KINDS[kind], program=program.upper(), phase=int(phase),
                       first=None if first == "0" else dt.datetime.strptime(first, "%Y%m%d").date(),
                       page=tuple(int(v) / 10 for v in page.split(".")),
                       items=tuple((ident.lower(), int(n)) for ident, n in items),
                       grids=tuple(_grid(token) for token in rest if ":" in token))
    except (ValueError, KeyError) as exc:
        raise LogCodeError(f"a damaged log page code ({exc})") from None
    if len(code.page) != 2 or not code.grids or any(
            g.per_line < 0 or any(not 0 <= row[0] < len(code.items) for row in g.rows) for g in code.grids):
        raise LogCodeError("a damaged log page code (its rows do not match its items)")
    return code


def markers(page: tuple[float, float]) -> list[tuple[float, float]]:
    """The corner markers' centres, in points: lower left, lower right, upper right, upper left."""
    w, h = page
    m = MARKER_INSET
    return [(m, m), (w - m, m), (w - m, h - m), (m, h - m)]


def measured(template: LogCode, cells: list, page) -> LogCode | None:
    """The code for a page whose tick boxes were drawn as `cells` ((id, boxes a day), day, [(x, y), ...], side
    each, in the order drawn), or None when they follow no grid it can say: never a code that would misread
    them."""
    if not cells:
        return None
    items, rows = [], []
    for item, day, places, side in cells:
        if item not in items:
            items.append(item)
        rows.append((items.index(item), day, places, side))
    runs = _runs(rows)
    grids: dict[tuple, list] = {}
    for steps, row in runs:
        grids.setdefault(steps, []).append(row)
    code = LogCode(kind=template.kind, program=template.program, phase=template.phase, first=template.first,
                   page=tuple(page), items=tuple(items),
                   grids=tuple(Grid(*steps, rows=tuple(found)) for steps, found in grids.items()))
    code = decode(encode(code))  # as the scanner will read it: rounded to tenths of a point
    drawn = {(item, day, s): place for item, day, places, _ in rows for s, place in enumerate(places)}
    predicted = {(b.item, b.day, b.session): (b.x, b.y) for b in code.boxes()}
    if predicted.keys() != drawn.keys() or any(abs(px - drawn[k][0]) > 0.6 or abs(py - drawn[k][1]) > 0.6
                                               for k, (px, py) in predicted.items()):
        return None
    return code


def _steps(places: list, side: float) -> tuple[float, float, int, float]:
    """A day's boxes: their side, the step from one box to the next, the boxes to a line, the height between
    lines."""
    on_line = [p for p in places if abs(p[1] - places[0][1]) < 0.1]
    slot_w = on_line[1][0] - on_line[0][0] if len(on_line) > 1 else 0.0
    line_h = places[0][1] - places[len(on_line)][1] if len(places) > len(on_line) else 0.0
    # boxes all on one line are 0 to a line: rows of two and of three boxes then share a grid
    return round(side, 1), round(slot_w, 1), len(on_line) if len(places) > len(on_line) else 0, round(line_h, 1)


def _runs(rows: list) -> list[tuple[tuple, tuple]]:
    """Consecutive days of one item whose boxes step alike, as (the grid's steps, the row)."""
    runs = []
    for item, day, places, side in rows:
        side, *steps = _steps(places, side)
        if runs:
            (last_side, x0, dx, dy, *last_steps), (last_item, first, days, y0) = runs[-1]
            step = (places[0][0] - x0, places[0][1] - y0)
            joins = last_item == item and day == first + days and (last_side, *last_steps) == (side, *steps)
            if joins and (days == 1 or (abs(step[0] - days * dx) < 0.3 and abs(step[1] - days * dy) < 0.3)):
                if days == 1:
                    dx, dy = step
                runs[-1] = ((last_side, x0, dx, dy, *steps), (item, first, days + 1, y0))
                continue
        runs.append(((side, places[0][0], 0.0, 0.0, *steps), (item, day, 1, places[0][1])))
    return [(tuple(round(v, 1) for v in steps), row) for steps, row in runs]
