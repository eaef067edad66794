"""Page 1's key points (PEMAT-P item 11): a short box of what to remember, after the program at a glance (or
the intro, on a handout without exercises). Do the exercises gently; the ice or heat the plan still has ahead;
when to stop and call, and the number; when to go to the emergency room, with the page the urgent warning
signs print on.

That page is known only once the pages are laid out, and the box is laid out first. Its line is a form, as
'Page X of Y' is (render/document.py): the box draws the form, and a mark inside the urgent box fills it in
where that box is drawn, with the page it is on. No page number is guessed, and no second layout is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, Spacer

from handouts.check.model import Plan
from handouts.compose.sections.bilingual import beneath
from handouts.compose.sections.pieces import panel
from handouts.compose.text import fill, markup
from handouts.compose.thermal import schedule
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style

FORM = "handouts_urgent_page"
WIDEST_PAGE = 88  # the line's room is measured with two digits: a handout has fewer than a hundred pages


def key_points(plan: Plan, st: Styles, width: float) -> tuple[list, Flowable | None]:
    """The box, and the mark the urgent warning box must carry for its line (None without urgent signs).

    Set close: the box must leave page 1 the room for the first exercise's card (or row of two, in compact),
    even on Letter's shorter page. The two short points share a row, each in half the box, and the clinic's
    phone number is in the point that says when to call (the program at a glance no longer prints it)."""
    short = [_bullet(plan, key, st) for key in ("key_gently" if plan.exercises else None, _thermal_key(plan)) if key]
    phone = plan.layout.clinic.phone
    rows = [short, [_bullet(plan, "key_call" if phone else "key_call_plain", st, number=phone)]]
    mark = None
    if any(sign.tier == "urgent" for sign in plan.warnings):
        later = PageLine(lambda page: _bullet(plan, "key_urgent", st, page=page))
        rows.append([later])
        mark = PageMark(later)
    rows = [row + [Spacer(0, 0)] * (2 - len(row)) for row in rows if row]  # a point alone spans the box
    pad = st.pad["box"]
    box = Table(rows, colWidths=[width / 2] * 2)
    box.setStyle(table_style(st, [
        *panel(st, (0, 0), (-1, -1)),
        ("ROUNDEDCORNERS", [st.corner["box"]] * 4),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), pad * 0.6), ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.4),
        *(("SPAN", (0, r), (1, r)) for r, row in enumerate(rows) if isinstance(row[1], Spacer)),
    ]))
    return [box], mark


def _thermal_key(plan: Plan) -> str | None:
    """The phrase for the ice or heat the chart still has ahead: ice, heat, or ice then heat; None for none."""
    if not plan.thermal:
        return None
    ahead = [name for name in ("ice", "heat") if any(day.phase == name for day in schedule(plan.thermal, plan.date).days)]
    return f"key_{'_'.join(ahead)}" if ahead else None


def _bullet(plan: Plan, key: str, st: Styles, **blanks):
    """A point of the box: the phrase `key` with its blanks filled, and its second language beneath."""
    first = Paragraph(markup(fill(plan.library.strings, key, **blanks)), st["bullet"], bulletText="•")
    return beneath(first, plan.second and fill(plan.second.strings, key, **blanks), st)


class PageLine(Flowable):
    """A line naming a page that is known only when that page is drawn: the room of its widest number kept,
    and the line itself drawn as a form that its `PageMark` fills in."""

    def __init__(self, make: Callable[[int], Flowable]):
        super().__init__()
        self.make = make  # the line for a page number

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = self.make(WIDEST_PAGE).wrap(avail_width, avail_height)[1]
        return self.width, self.height

    def draw(self):
        self.canv.doForm(FORM)


class PageMark(Flowable):
    """Takes no room. Drawn (the first time, in a box a page break repeats the heading of), it fills its line's
    form in with the number of the page it is on."""

    def __init__(self, line: PageLine):
        super().__init__()
        self.line = line

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        canv = self.canv
        if canv._doc.hasForm(FORM):  # a box broken over pages draws its heading again: its first page counts
            return
        line = self.line.make(canv.getPageNumber())
        height = line.wrap(self.line.width, self.line.height * 2)[1]
        canv.beginForm(FORM)
        line.drawOn(canv, 0, self.line.height - height)
        canv.endForm()
