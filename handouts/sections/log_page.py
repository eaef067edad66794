"""The two-week log page."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from handouts.model import Plan
from handouts.sections.pieces import heading, panel, text_width
from handouts.styles import Styles, table_style
from handouts.text import fill, long_date, markup

LOG_DAYS = 14


def log_page(plan: Plan, st: Styles, width: float) -> list:
    """Two weeks to tick off, a row per exercise and a pain score for each day.

    A patient's log is dated from the handout's date; a waiting-room leaflet,
    picked up any day, counts Day 1 to 14.
    """
    words = plan.library.strings
    start = plan.date if plan.patient else None
    label_w = max(width * 0.28, 38 * mm)
    day_w = (width - label_w) / LOG_DAYS
    days = []
    for n in range(LOG_DAYS):
        if start:
            day = start + dt.timedelta(days=n)
            days.append((words["weekdays"][day.weekday()], str(day.day)))
        else:
            days.append((words["log_day"], str(n + 1)))
    # Fourteen columns are narrow: in large print the day names shrink to fit rather than break ("We/d").
    style = st["log_day"]
    widest = max(text_width(top, style) for top, _ in days)
    if widest > day_w - 3:
        size = style.fontSize * (day_w - 3) / widest
        style = ParagraphStyle("log_day_fitted", parent=style, fontSize=size, leading=size * 1.25)
    head = [Paragraph(markup(words["log_exercise"]), st["cell_bold"])]
    head += [Paragraph(f"{markup(top)}<br/><b>{markup(bottom)}</b>", style) for top, bottom in days]
    # A row is as tall as its tallest cell: a blank of the height a tick or a number needs keeps every
    # row roomy, and a long title in large print can still make its row taller.
    blank = [Spacer(0, max(10 * mm, plan.layout.sizes["body"] * 2.7))] + [Spacer(0, 0)] * (LOG_DAYS - 1)
    rows = [head]
    for number, item in enumerate(plan.exercises, 1):
        label = f"<b>{number}&nbsp;&nbsp;{markup(item.exercise.title)}</b><br/>" \
                f"{markup(fill(words, 'per_day', item.dosage.per_day))}"
        rows.append([Paragraph(label, st["cell"]), *blank])
    rows.append([Paragraph(f"<b>{markup(words['log_pain'])}</b>", st["cell"]), *blank])

    table = Table(rows, colWidths=[label_w] + [day_w] * LOG_DAYS, repeatRows=1)
    table.setStyle(table_style(st, [
        ("GRID", (0, 0), (-1, -1), 0.5, st.color["rule"]),
        ("BOX", (0, 0), (-1, -1), 1, st.color["text"]),
        *panel(st, (0, 0), (-1, 0)),
        ("LINEABOVE", (0, -1), (-1, -1), 1.4, st.color["text"]),  # the pain row is a different kind of entry
        ("LINEAFTER", (7, 0), (7, -1), 1.4, st.color["text"]),  # where week one ends
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (-1, -1), 1), ("RIGHTPADDING", (1, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    flow = [heading(words["section_log"], st), Paragraph(markup(words["log_intro"]), st["body"])]
    if start:
        flow.append(Paragraph(markup(fill(words, "log_from", start=long_date(start, words),
                                          end=long_date(start + dt.timedelta(days=LOG_DAYS - 1), words))),
                              st["body"]))
    return flow + [Spacer(1, 2 * mm), table, Spacer(1, 3 * mm),
                   Paragraph(markup(words["log_pain_scale"]), st["small"])]
