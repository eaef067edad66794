"""The two-week log: a week to a table, a tick box for each session of each exercise, a pain score a day;
and the notes area that fills the rest of the last page."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from handouts.check import logcode
from handouts.check.model import Plan
from handouts.compose.sections.bilingual import beneath, phrase
from handouts.compose.sections.phases import phase_end, phase_heading, phased, printed
from handouts.compose.sections.pieces import heading, panel, text_width
from handouts.compose.sections.plan_code import beside_right
from handouts.compose.text import fill, long_date, markup
from handouts.render.flowables import RuledArea, TableWithTail, TickBoxes
from handouts.render.measured import Paragraph, Table
from handouts.render.readback import CodeSpot, ReadbackMarks
from handouts.render.styles import Styles, table_style

LOG_DAYS = 14
WEEK = 7
PAD = 2  # points either side of a day's tick boxes
CODE_SIZE = 26 * mm  # the page's code for `handouts scan`: its modules still read from a phone photo


def log_page(plan: Plan, st: Styles, width: float) -> list:
    """Two weeks to tick off, a row per exercise with a box per session, and a pain score for each day.

    Day 1 is the thermal chart's day 1: a patient's log is dated from the handout's date; a waiting-room
    leaflet, picked up any day, counts Day 1 to 14.
    """
    words = plan.library.strings
    if phased(plan):
        return _phase_log(plan, st, width)
    start = plan.date if plan.patient else None
    intro = [phrase(plan, "log_intro", st["body"], st)]
    if start:
        def dates(words: dict) -> str:
            end = start + dt.timedelta(days=LOG_DAYS - 1)
            return fill(words, "log_from", start=long_date(start, words), end=long_date(end, words))
        intro.append(beneath(Paragraph(markup(dates(words)), st["body"]), plan.second and dates(plan.second.strings), st))
    # The code that names the page for `handouts scan` stands beside the words, in a spot kept for it.
    flow = [heading(words["section_log"], st), beside_right(intro, CodeSpot(CODE_SIZE), CODE_SIZE, st, width)]
    first, second = (_week(plan, st, width, _days(plan, first, WEEK), list(enumerate(plan.exercises, 1)), first)
                     for first in range(0, LOG_DAYS, WEEK))
    # The heading goes with the first week, the pain scale with the second; a week may break between its rows
    # (large print), its days repeated over the rest.
    page_height = plan.layout.content_size[1]
    template = logcode.LogCode(program=logcode.program_hash(plan), phase=1, first=start, page=(0, 0), side=0,
                               x0=0, day_w=0, slot_w=0, per_line=1, line_h=0, days=WEEK, rows=(),
                               exercises=tuple((item.exercise.id, item.dosage.per_day) for item in plan.exercises))
    return [TableWithTail(first, [], page_height, lead=[*flow, Spacer(1, 2 * mm)]), Spacer(1, 3 * mm),
            TableWithTail(second, [Spacer(1, 2 * mm), phrase(plan, "log_pain_scale", st["small"], st)],
                          page_height), ReadbackMarks(template, st.color["text"])]


def _phase_log(plan: Plan, st: Styles, width: float) -> list:
    """A table for the first week of each phase to come (shorter if the phase is), its rows the phase's
    exercises, headed with the phase and those days."""
    words = plan.library.strings
    page_height = plan.layout.content_size[1]
    lead = [heading(words["section_log_phases"], st), phrase(plan, "log_phase_intro", st["body"], st)]
    flow = []
    for phase, numbered in zip(plan.upcoming, printed(plan)):
        first = max(phase.start, plan.date)  # a phase begun before this handout is logged from its date
        end = phase_end(plan, phase)
        count = min(WEEK, (end - first).days + 1) if end else WEEK
        title = Paragraph(markup(phase_heading(plan, phase, words, first + dt.timedelta(days=count - 1))),
                          st["phase_head"])
        table = _week(plan, st, width, _days(plan, (first - plan.date).days, count), numbered)
        flow += [TableWithTail(table, [], page_height, lead=[*lead, title]), Spacer(1, 3 * mm)]
        lead = []
    flow[-1:] = [Spacer(1, 2 * mm), phrase(plan, "log_pain_scale", st["small"], st)]
    return flow


def _days(plan: Plan, first: int, count: int) -> list[tuple[str, str]]:
    """The column heads of `count` days from the handout's day `first` (0 for its date): weekday and date on a
    patient's log, 'Day' and its number on a leaflet's."""
    words = plan.library.strings
    start = plan.date if plan.patient else None
    if start:
        return [(words["weekdays"][day.weekday()], str(day.day))
                for day in (start + dt.timedelta(days=n) for n in range(first, first + count))]
    return [(words["log_day"], str(n + 1)) for n in range(first, first + count)]


def ruled_area(plan: Plan, st: Styles, title_key: str) -> RuledArea:
    """Ruled lines to write on by hand, filling what is left of the page (none if not even three lines fit)."""
    size = plan.layout.sizes["body"]
    return RuledArea(markup(plan.library.strings[title_key]), st["heading"], line_gap=size * 2.4,
                     min_height=size * 2.4 * 3 + st["heading"].leading, color=st.color["rule"],
                     weight=st.line["writing"])


def _week(plan: Plan, st: Styles, width: float, days: list[tuple[str, str]], numbered: list,
          first: int | None = None) -> Table:
    """A row per exercise (numbered as its card) with a tick box per session for each of `days` (a week at
    most), and the pain row. With `first` (the handout's day the table starts on) the boxes record where they
    are drawn, for the page's code."""
    words = plan.library.strings
    label_w = max(width * 0.26, 36 * mm)
    day_w = (width - label_w) / WEEK
    style = st["log_day"]
    widest = max(text_width(top, style) for top, _ in days)
    if widest > day_w - 3:  # large print on a narrow page: the day names shrink to fit rather than break
        size = style.fontSize * (day_w - 3) / widest
        style = ParagraphStyle("log_day_fitted", parent=style, fontSize=size, leading=size * 1.25)
    head = [Paragraph(markup(words["log_exercise"]), st["cell_bold"])]
    head += [Paragraph(f"{markup(top)}<br/><b>{markup(bottom)}</b>", style) for top, bottom in days]
    box_size = max(plan.layout.sizes["small"], 7.5)
    slots = max(item.dosage.per_day for _, item in numbered)  # every row's boxes the same size
    rows = [head]
    for number, item in numbered:
        label = f"<b>{number}&nbsp;&nbsp;{markup(item.exercise.title)}</b><br/>" \
                f"{markup(fill(words, 'per_day', item.dosage.per_day))}"
        # One box for each session of the day: three a day, three boxes.
        boxes = ("",) * item.dosage.per_day
        row = [TickBoxes(boxes, day_w - 2 * PAD, slots, f"{st.family}-regular", box_size, st.color["muted"],
                         st.color["text"], st.line["border"]) for _ in days]
        if first is not None:
            for day, cell in enumerate(row, first):
                cell.readback = (number - 1, day)
        rows.append([Paragraph(label, st["cell"]), *row])
    # The pain score: room for a number written by hand.
    rows.append([Paragraph(f"<b>{markup(words['log_pain'])}</b>", st["cell"]),
                 Spacer(0, max(9 * mm, plan.layout.sizes["body"] * 2.4))] + [Spacer(0, 0)] * (len(days) - 1))
    table = Table(rows, colWidths=[label_w] + [day_w] * len(days), repeatRows=1)
    table.setStyle(table_style(st, [
        ("GRID", (0, 0), (-1, -1), st.line["rule"], st.color["rule"]),
        ("BOX", (0, 0), (-1, -1), st.line["frame"], st.color["text"]),
        *panel(st, (0, 0), (-1, 0)),
        ("LINEABOVE", (0, -1), (-1, -1), st.line["divider"], st.color["text"]),  # the pain row is a different kind of entry
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (1, 0), (-1, -1), PAD), ("RIGHTPADDING", (1, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table
