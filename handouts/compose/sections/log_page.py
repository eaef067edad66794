"""The two-week log: a week to a table, a tick box for each session of each exercise, a row of boxes for the
day's pain score (0 to 10); and the notes area that fills the rest of the last page. Its boxes read back
from a photo (`handouts scan`): each page of it carries their code."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from handouts.check import logcode
from handouts.check.model import Plan
from handouts.compose.sections.bilingual import beneath, phrase
from handouts.compose.sections.phases import phase_end, phase_heading, phased, printed
from handouts.compose.sections.pieces import NO_PADDING, heading, panel, text_width
from handouts.compose.sections.plan_code import beside_right
from handouts.compose.text import fill, long_date, markup
from handouts.render.flowables import ColumnLabels, RuledArea, TableWithTail, TickBoxes
from handouts.render.measured import Paragraph, Table
from handouts.render.readback import CodeSpot
from handouts.render.styles import Styles, table_style

LOG_DAYS = 14
WEEK = 7
PAD = 2  # points either side of a day's tick boxes
CODE_SIZE = 26 * mm  # the page's code for `handouts scan`: its modules still read from a phone photo
CHART_CODE_SIZE = 20 * mm  # the chart's code says fewer rows: as large modules in less room
SCORES = tuple(str(n) for n in range(11))


def code_spot(plan: Plan, st: Styles, kind: str, first: dt.date | None, size: float = CODE_SIZE) -> CodeSpot:
    """The spot for the code of a page that reads back (`kind`: log or chart), its boxes still to be drawn."""
    template = logcode.LogCode(kind=kind, program=logcode.program_hash(plan), phase=1, first=first,
                               page=(0, 0), items=())
    return CodeSpot(size, template, st.color["text"])


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
    spot = code_spot(plan, st, "log", start)
    flow = [heading(words["section_log"], st), beside_right(intro, spot, CODE_SIZE, st, width)]
    numbered = list(enumerate(plan.exercises, 1))
    weeks = [_week(plan, st, width, _days(plan, first, WEEK), numbered, first, pain_row=False)
             for first in range(0, LOG_DAYS, WEEK)]
    pain = _pain(plan, st, width, [(first, _days(plan, first, WEEK)) for first in range(0, LOG_DAYS, WEEK)])
    for table in (*weeks, pain):
        table.code_spot = spot  # a page a table runs onto (large print) keeps a spot for its own code
    # The heading goes with the first week, the pain scale (read before ticking) with the pain boxes; a table
    # may break between its rows (large print), its heads repeated over the rest.
    page_height = plan.layout.content_size[1]
    return [TableWithTail(weeks[0], [], page_height, lead=[*flow, Spacer(1, 2 * mm)]), Spacer(1, 3 * mm),
            TableWithTail(weeks[1], [], page_height), Spacer(1, 3 * mm),
            TableWithTail(pain, [], page_height, lead=[phrase(plan, "log_pain_scale", st["small"], st), Spacer(1, 2 * mm)])]


def _phase_log(plan: Plan, st: Styles, width: float) -> list:
    """A table for the first week of each phase to come (shorter if the phase is), its rows the phase's
    exercises, headed with the phase and those days."""
    words = plan.library.strings
    page_height = plan.layout.content_size[1]
    spot = code_spot(plan, st, "log", plan.date)
    lead = [heading(words["section_log_phases"], st),
            beside_right([phrase(plan, "log_phase_intro", st["body"], st)], spot, CODE_SIZE, st, width)]
    flow = []
    for phase, numbered in zip(plan.upcoming, printed(plan)):
        first = max(phase.start, plan.date)  # a phase begun before this handout is logged from its date
        end = phase_end(plan, phase)
        count = min(WEEK, (end - first).days + 1) if end else WEEK
        title = Paragraph(markup(phase_heading(plan, phase, words, first + dt.timedelta(days=count - 1))),
                          st["phase_head"])
        table = _week(plan, st, width, _days(plan, (first - plan.date).days, count), numbered, (first - plan.date).days)
        table.code_spot = spot
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
          first: int | None = None, pain_row: bool = True) -> Table:
    """A row per exercise (numbered as its card) with a tick box per session for each of `days` (a week at
    most), and the pain row to write in (without `pain_row`, the pain has boxes of its own). With `first` (the
    handout's day the table starts on) the boxes record where they are drawn, for the page's code."""
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
    box_size = _box_size(plan)
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
                cell.readback = ((item.exercise.id, item.dosage.per_day), day)
        rows.append([Paragraph(label, st["cell"]), *row])
    divider = []
    if pain_row:  # the pain score: room for a number written by hand, a different kind of entry
        rows.append([Paragraph(f"<b>{markup(words['log_pain'])}</b>", st["cell"]),
                     Spacer(0, max(9 * mm, plan.layout.sizes["body"] * 2.4))] + [Spacer(0, 0)] * (len(days) - 1))
        divider = [("LINEABOVE", (0, -1), (-1, -1), st.line["divider"], st.color["text"])]
    table = Table(rows, colWidths=[label_w] + [day_w] * len(days), repeatRows=1)
    table.setStyle(table_style(st, [
        ("GRID", (0, 0), (-1, -1), st.line["rule"], st.color["rule"]),
        ("BOX", (0, 0), (-1, -1), st.line["frame"], st.color["text"]),
        *panel(st, (0, 0), (-1, 0)), *divider,
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (1, 0), (-1, -1), PAD), ("RIGHTPADDING", (1, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _box_size(plan: Plan) -> float:
    return max(plan.layout.sizes["small"], 7.5)


def _pain(plan: Plan, st: Styles, width: float, weeks: list[tuple[int, list[tuple[str, str]]]]) -> Table:
    """The pain score as boxes to tick, 0 to 10 under the scale's numbers, a row a day: a week to a column,
    side by side where each still gives a box its room, else all the days in one column (large print)."""
    label_w = max(width * 0.12, 16 * mm)
    half = (width - 3 * mm) / 2
    if (half - label_w - 2 * PAD) / len(SCORES) < _box_size(plan) * 1.7:
        return _pain_table(plan, st, width, label_w, [day for first, days in weeks for day in enumerate(days, first)])
    pair = Table([[_pain_table(plan, st, half, label_w, list(enumerate(days, first))) for first, days in weeks]],
                 colWidths=[width - half, half])
    pair.setStyle(table_style(st, [*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return pair


def _pain_table(plan: Plan, st: Styles, width: float, label_w: float, days: list[tuple[int, tuple[str, str]]]) -> Table:
    """A row of eleven boxes for each of `days` (the handout's day, its column head), under the scores."""
    boxes_w = width - label_w - 2 * PAD
    rows = [[Paragraph(f"<b>{markup(plan.library.strings['log_pain'])}</b>", st["cell"]),
             ColumnLabels(SCORES, boxes_w, f"{st.family}-bold", plan.layout.sizes["small"], st.color["text"])]]
    for day, (top, bottom) in days:
        boxes = TickBoxes(("",) * len(SCORES), boxes_w, len(SCORES), f"{st.family}-regular", _box_size(plan),
                          st.color["muted"], st.color["text"], st.line["border"])
        boxes.readback = ((logcode.PAIN, len(SCORES)), day)
        rows.append([Paragraph(f"{markup(top)} <b>{markup(bottom)}</b>", st["cell"]), boxes])
    table = Table(rows, colWidths=[label_w, width - label_w], repeatRows=1)
    table.setStyle(table_style(st, [
        ("GRID", (0, 0), (-1, -1), st.line["rule"], st.color["rule"]),
        ("BOX", (0, 0), (-1, -1), st.line["frame"], st.color["text"]), *panel(st, (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (-1, -1), PAD), ("RIGHTPADDING", (1, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table
