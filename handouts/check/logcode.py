"""The small QR code on the log page that names the page for `handouts scan`, and its layout of tick boxes.

It holds no patient data: a short hash of the program (its plan code text form), the phase, the page's first
date, the page size and where its boxes are, and the exercises' ids with their sessions a day. Format 1, in
QR alphanumeric capitals, tokens separated by spaces:

    HL1 3F9A0C1B 1 20261124 5953.8419 157.1831.5302.1798.3.0 7 6521.6004.5463.4955.3351.2834.2280.1771
    NECK-TILT.3 CHIN-TUCK.3 UPPER-TRAPEZIUS-STRETCH.2 SHOULDER-ROLLS.3

after the tag: the hash, the phase, the first date (`0` on a leaflet, whose log counts Day 1, 2, ...), the page's
width and height, then the boxes: side, left edge of the first box, a day's width, a session's width, the
sessions to a line and the height between lines; the days a table holds; the bottom edge of each row of boxes
(table by table, a row per exercise, in the order of the exercises); the exercises. Lengths are tenths of a
point from the page's lower left corner. The four corner markers sit MARKER_INSET from the page's edges.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

TAG = "HL1"
MARKER_INSET = 7 * 72 / 25.4  # a marker's centre from the page's edges: 7 mm, clear of the header and footer
MARKER_SIZE = 6 * 72 / 25.4


class LogCodeError(ValueError):
    """Text that is not a log page code this version reads."""


@dataclass(frozen=True)
class Box:
    exercise: int  # index into LogCode.exercises
    day: int  # days from the page's first date
    session: int  # 0-based
    x: float  # lower left corner, points
    y: float


@dataclass(frozen=True)
class LogCode:
    program: str  # the program's hash
    phase: int
    first: dt.date | None  # None: a leaflet's Day 1
    page: tuple[float, float]
    side: float
    x0: float
    day_w: float
    slot_w: float
    per_line: int
    line_h: float
    days: int  # days a table holds
    rows: tuple[float, ...]  # the bottom of each row's boxes, table by table
    exercises: tuple[tuple[str, int], ...]  # id and sessions a day

    def boxes(self) -> list[Box]:
        """Every tick box of the page, in reading order (table, exercise, day, session)."""
        count = len(self.exercises)
        found = []
        for r, bottom in enumerate(self.rows):
            table, e = divmod(r, count)
            for d in range(self.days):
                for s in range(self.exercises[e][1]):
                    line, column = divmod(s, self.per_line)
                    found.append(Box(e, table * self.days + d, s, self.x0 + d * self.day_w + column * self.slot_w,
                                     bottom - line * self.line_h))
        return found

    def date_of(self, day: int) -> str:
        """A day's name for the record: its date, or 'day N' on a leaflet's log."""
        return (self.first + dt.timedelta(days=day)).isoformat() if self.first else f"day {day + 1}"


def program_hash(plan) -> str:
    """Eight hex digits naming the program (never the patient): the hash of its plan code text form."""
    from handouts.check import plancode

    return hashlib.sha256(plancode.text_form(plancode.program_of(plan)).encode()).hexdigest()[:8].upper()


def _tenths(value: float) -> str:
    return str(round(value * 10))


def encode(code: LogCode) -> str:
    geometry = (code.side, code.x0, code.day_w, code.slot_w)
    return " ".join([
        TAG, code.program, str(code.phase), code.first.strftime("%Y%m%d") if code.first else "0",
        ".".join(map(_tenths, code.page)), ".".join([*map(_tenths, geometry), str(code.per_line), _tenths(code.line_h)]),
        str(code.days), ".".join(map(_tenths, code.rows)),
        *(f"{ident.upper()}.{sessions}" for ident, sessions in code.exercises)])


def decode(text: str) -> LogCode:
    """The log code in a QR code's text; LogCodeError when it is not one."""
    tokens = text.strip().split(" ")
    if not tokens or tokens[0].upper() != TAG:
        raise LogCodeError("not a log page code")
    try:
        program, phase, first, page, geometry, days, rows, *exercises = tokens[1:]
        side, x0, day_w, slot_w, per_line, line_h = geometry.split(".")
        ids = [item.rsplit(".", 1) for item in exercises]
        code = LogCode(program=program.upper(), phase=int(phase),
                       first=None if first == "0" else dt.datetime.strptime(first, "%Y%m%d").date(),
                       page=tuple(int(v) / 10 for v in page.split(".")), side=int(side) / 10, x0=int(x0) / 10,
                       day_w=int(day_w) / 10, slot_w=int(slot_w) / 10, per_line=int(per_line),
                       line_h=int(line_h) / 10, days=int(days), rows=tuple(int(v) / 10 for v in rows.split(".")),
                       exercises=tuple((ident.lower(), int(n)) for ident, n in ids))
    except ValueError as exc:
        raise LogCodeError(f"a damaged log page code ({exc})") from None
    if not code.exercises or len(code.rows) % len(code.exercises) or len(code.page) != 2 or code.per_line < 1:
        raise LogCodeError("a damaged log page code (its rows do not match its exercises)")
    return code


def markers(page: tuple[float, float]) -> list[tuple[float, float]]:
    """The corner markers' centres, in points: lower left, lower right, upper right, upper left."""
    w, h = page
    m = MARKER_INSET
    return [(m, m), (w - m, m), (w - m, h - m), (m, h - m)]
