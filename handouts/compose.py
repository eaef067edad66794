"""Turn a checked `Plan` into the story: the list of flowables, section by section.

Only content lives here; the header, footer and page numbers are page
furniture, drawn by render.py.
"""

from __future__ import annotations

import datetime as dt
import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from handouts import vector
from handouts.flowables import SectionHeading, TickBoxes
from handouts.illustration import picture_for
from handouts.model import Plan, PlannedExercise
from handouts.styles import Styles, styles_for, table_style
from handouts.text import (
    dosage_words,
    fill,
    long_date,
    markup,
    rounded_minutes,
    session_seconds,
    short_date,
)
from handouts.thermal import schedule

PICTURE_BOX = (46 * mm, 40 * mm)
CARD_PAD = 7  # points inside a card's border
MIN_MEASURE_EM = 28  # below this line length (in ems of body text), steps leave the picture's side
STACK_GAP = 3 * mm  # between the picture and the words beside it
MIN_PICTURE_HEIGHT = 26 * mm  # smaller, and a line drawing stops showing the movement
QR_SIZE = 18 * mm
LOG_DAYS = 14


def compose(plan: Plan) -> list:
    st = styles_for(plan.layout)
    words = plan.library.strings
    width = plan.layout.page_size[0] - plan.layout.margins[1] - plan.layout.margins[3]
    story = [Paragraph(markup(plan.title), st["title"])]
    if plan.patient:
        story += [_patient_block(plan, st, width), Spacer(1, 4 * mm)]
    if plan.exercises:
        story += _exercises(plan, st, width)
    if plan.thermal:
        story += _thermal(plan, st, width)
    if plan.advice:
        story += [_heading(words["section_advice"], st)]
        story += [Paragraph(markup(item.text), st["bullet"], bulletText="•") for item in plan.advice]
    if plan.warnings:
        story += _warnings(plan, st, width)
    if plan.notes:
        story += [CondPageBreak(30 * mm), _heading(words["section_notes"], st),
                  Paragraph(markup(plan.notes), st["body"])]
    story += [CondPageBreak(25 * mm), _heading(words["section_about"], st),
              Paragraph(markup(words["disclaimer"]), st["small"]), Spacer(1, 1.5 * mm),
              Paragraph(markup(words["source_line"]), st["small"])]
    if plan.log and plan.exercises:
        # Last, on a sheet of its own: the patient keeps it by the bed and brings it back.
        story += [PageBreak(), *_log(plan, st, width)]
    return story


_NO_PADDING = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]


def _heading(text: str, st: Styles) -> SectionHeading:
    return SectionHeading(markup(text), st["heading"], outline=text)


def _panel(st: Styles, start: tuple, end: tuple) -> list:
    """Table commands that set a block apart: the panel fill, or a rule where the layout's
    panels are white (black and white printing), so the structure survives without colour."""
    if _is_white(st.color["panel"]):
        return [("BOX", start, end, 0.8, st.color["rule"])]
    return [("BACKGROUND", start, end, st.color["panel"])]


def _is_white(color) -> bool:
    # A mono layout's white comes back from the grey conversion a rounding error off 1.0.
    return min(color.red, color.green, color.blue) > 0.99


def _patient_block(plan: Plan, st: Styles, width: float) -> Table:
    words = plan.library.strings
    fields = [(words["patient"], plan.patient.name)]
    if plan.patient.id:
        fields.append((words["record"], plan.patient.id))
    fields.append((words["date"], long_date(plan.date, words)))
    if plan.therapist:
        fields.append((words["therapist"], plan.therapist))
    cells = [[Paragraph(markup(label), st["label"]), Paragraph(markup(value), st["value"])]
             for label, value in fields]
    pad = 9
    value_style, label_style = st["value"], st["label"]
    needed = [pad * 2 + max(stringWidth(label, label_style.fontName, label_style.fontSize),
                            stringWidth(value, value_style.fontName, value_style.fontSize))
              for label, value in fields]
    if sum(needed) <= width:
        # One row, each field as wide as it needs plus an even share of what is left.
        spare = (width - sum(needed)) / len(fields)
        table = Table([cells], colWidths=[n + spare for n in needed])
    else:
        # Large print or long names: two fields to a row, so nothing breaks mid-word.
        rows = [cells[i:i + 2] + ([Spacer(0, 0)] if len(cells[i:i + 2]) == 1 else []) for i in range(0, len(cells), 2)]
        table = Table(rows, colWidths=[width / 2] * 2)
    table.setStyle(table_style(st, [
        *_panel(st, (0, 0), (-1, -1)),
        ("ROUNDEDCORNERS", [4, 4, 4, 4]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
    ]))
    return table


# -- exercises ---------------------------------------------------------------

def _exercises(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    minutes = rounded_minutes(sum(session_seconds(item.dosage) for item in plan.exercises))
    flow = [_heading(words["section_exercises"], st), Paragraph(markup(words["exercises_intro"]), st["body"]),
            Paragraph(f"<b>{markup(fill(words, 'program_minutes', minutes))}</b>", st["body"])]
    columns = plan.layout.card_columns
    gap = 4 * mm
    card_width = width if columns == 1 else (width - gap) / 2
    cards = [_card(plan, item, number, st, card_width) for number, item in enumerate(plan.exercises, 1)]
    if columns == 1:
        for card in cards:
            flow += [KeepTogether(card), Spacer(1, 3.5 * mm)]
        return flow
    for i in range(0, len(cards), 2):
        # Empty cells hold a Spacer: a "" cell makes Table select (and the PDF name) Helvetica.
        pair = cards[i:i + 2] + ([Spacer(0, 0)] if len(cards[i:i + 2]) == 1 else [])
        row = Table([[pair[0], Spacer(0, 0), pair[1]]], colWidths=[card_width, gap, card_width])
        row.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *_NO_PADDING]))
        flow += [row, Spacer(1, 3.5 * mm)]
    return flow


def _card(plan: Plan, item: PlannedExercise, number: int, st: Styles, width: float) -> Table:
    words = plan.library.strings
    ex = item.exercise
    inner = width - 2 * CARD_PAD
    # Beside the picture, the text gets what the picture leaves. When that makes short lines (large print,
    # two cards to a row), the picture sits beside the purpose and dosage only and the steps run full width.
    stacked = (inner - PICTURE_BOX[0] - 2 * CARD_PAD) / plan.layout.sizes["body"] < MIN_MEASURE_EM
    purpose = Paragraph(markup(ex.purpose), st["purpose"])
    steps = [Paragraph(markup(step), st["step"], bulletText=f"{i}.") for i, step in enumerate(ex.steps, 1)]
    dosage = Paragraph(markup(dosage_words(item.dosage, words)), st["dosage"])
    box = PICTURE_BOX
    if stacked:
        # As tall as the words beside it (within limits): no blank band under either.
        side = min(PICTURE_BOX[0], inner * 0.4)
        beside = sum(f.wrap(inner - side - STACK_GAP, 1e6)[1] for f in (purpose, dosage)) + st["purpose"].spaceAfter
        box = (side, max(min(PICTURE_BOX[1], beside), MIN_PICTURE_HEIGHT))
    picture = picture_for(item, plan.layout, st, box)
    stacked = stacked and picture is not None
    beside = picture is not None and not stacked
    text_width = inner - box[0] - 2 * CARD_PAD if beside else inner
    extras = []
    if ex.cautions:
        caution = " ".join(ex.cautions)
        extras += [Spacer(1, 1 * mm), Paragraph(f"<b>{markup(words['cautions'])}</b> {markup(caution)}", st["small"])]
    if item.note:
        extras += [Spacer(1, 1 * mm), Paragraph(f"<b>{markup(words['note'])}</b> {markup(item.note)}", st["note"])]
    if item.video:
        extras += [Spacer(1, 1.5 * mm), _video(item.video, words, st, text_width)]

    header = Table([[Paragraph(f"{number}&nbsp;&nbsp;{markup(ex.title)}", st["card_title"]),
                     Paragraph(markup(words[f"position_{ex.position}"]), st["tag"])]],
                   colWidths=[inner * 0.75, inner * 0.25])
    header.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                     *_NO_PADDING]))
    if stacked:
        top = Table([[picture, [purpose, dosage]]], colWidths=[box[0] + STACK_GAP, inner - box[0] - STACK_GAP])
        top.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *_NO_PADDING]))
        rows, widths = [[header], [[top, Spacer(1, 2 * mm), *steps, *extras]]], [width]
    elif beside:
        rows = [[header, Spacer(0, 0)], [picture, [purpose, *steps, Spacer(1, 1 * mm), dosage, *extras]]]
        widths = [box[0] + 2 * CARD_PAD, width - box[0] - 2 * CARD_PAD]
    else:
        rows, widths = [[header], [[purpose, *steps, Spacer(1, 1 * mm), dosage, *extras]]], [width]
    card = Table(rows, colWidths=widths)
    style = [
        ("BOX", (0, 0), (-1, -1), 0.8, st.color["rule"]),
        ("ROUNDEDCORNERS", [5, 5, 5, 5]),
        *_panel(st, (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CARD_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CARD_PAD),
        ("TOPPADDING", (0, 0), (-1, 0), 5), ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
    ]
    if len(widths) == 2:
        style.append(("SPAN", (0, 0), (1, 0)))
    card.setStyle(table_style(st, style))
    return card


def _video(url: str, words: dict, st: Styles, width: float) -> Table:
    """The QR code and, beside it, the address itself for those who type it in."""
    caption_width = width - QR_SIZE - 3 * mm
    caption = Paragraph(f"<b>{markup(words['video'])}</b><br/>{_address_lines(url, st['small'], caption_width)}",
                        st["small"])
    table = Table([[vector.qr_code(url, QR_SIZE), caption]],
                  colWidths=[QR_SIZE + 3 * mm, caption_width])
    table.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *_NO_PADDING]))
    return table


def _address_lines(url: str, style, width: float) -> str:
    """A web address broken only after a slash where it can be, so no break looks like part of it."""
    lines = [""]
    for part in re.split(r"(?<=[^/]/)(?!/)", url):  # 'https://a.example/' 'videos/' 'neck-tilt'
        if lines[-1] and _text_width(lines[-1] + part, style) > width:
            lines.append("")
        lines[-1] += part
    return "<br/>".join(markup(line) for line in lines)


# -- thermal -----------------------------------------------------------------

def _thermal(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    text = plan.library.thermal
    thermal = plan.thermal
    ice_rule = (words["thermal_ice_rule_hourly"] if thermal.ice.every_hours == 1 else words["thermal_ice_rule"])
    # The heading stays with the rules and the chart: never a heading alone at the foot of a page.
    flow = [KeepTogether([
        _heading(words["section_thermal"], st),
        Paragraph(markup(text.intro), st["body"]),
        Paragraph(f"<b>{markup(ice_rule.format(label=text.ice_label, minutes=thermal.ice.minutes, hours=thermal.ice.every_hours, days=thermal.ice.days))}</b> "
                  f"{markup(text.ice_how)}", st["bullet"], bulletText="•"),
        Paragraph(f"<b>{markup(words['thermal_heat_rule'].format(label=text.heat_label, minutes=thermal.heat.minutes, per_day=thermal.heat.per_day, days=thermal.heat.days))}</b> "
                  f"{markup(text.heat_how)}", st["bullet"], bulletText="•"),
        Spacer(1, 1.5 * mm),
        _chart(plan, st, width), Spacer(1, 1 * mm),
        Paragraph(markup(words["thermal_chart_help"]), st["small"])]),
        Spacer(1, 2.5 * mm)]
    safety = [Paragraph(f"<b>{markup(words['thermal_safety'])}</b>", st["body"])]
    safety += [Paragraph(markup(line), st["bullet"], bulletText="•") for line in text.safety]
    return flow + [KeepTogether(safety)]


def _chart(plan: Plan, st: Styles, width: float) -> Table:
    words = plan.library.strings
    text = plan.library.thermal
    days = schedule(plan.thermal)
    pad = 4
    cells = []
    for day in days:
        label = short_date(day.date, words) if day.date else words["day_n"].format(n=day.number)
        is_ice = day.phase == "ice"
        phase = f"{text.ice_label if is_ice else text.heat_label} · " \
                f"{plan.thermal.ice.minutes if is_ice else plan.thermal.heat.minutes} min"
        cells.append((label, phase))
    # The day and its phase share a column as wide as their words: large print keeps each on one line,
    # and the tick boxes get the rest of the width.
    label_w = max(max(_text_width(label, st["cell_bold"]), _text_width(phase, st["cell"]))
                  for label, phase in cells) + 2 * pad + 2
    boxes_w = width - label_w
    slots = max(len(day.sessions) for day in days)
    rows, style = [], [
        ("GRID", (0, 0), (-1, -1), 0.5, st.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    for r, (day, (label, phase)) in enumerate(zip(days, cells)):
        times = tuple(t.strftime("%H:%M") for t in day.sessions)
        boxes = TickBoxes(times, boxes_w - 2 * pad, slots, f"{st.family}-regular", plan.layout.sizes["small"],
                          st.color["muted"], st.color["text"])
        rows.append([[Paragraph(markup(label), st["cell_bold"]), Paragraph(markup(phase), st["cell"])], boxes])
        style.append(("BACKGROUND", (0, r), (0, r), st.color["ice" if day.phase == "ice" else "heat"]))
        if r and day.phase != days[r - 1].phase:
            # A firm line where ice gives way to heat: the change must show without colour too.
            style.append(("LINEABOVE", (0, r), (-1, r), 1.4, st.color["text"]))
    table = Table(rows, colWidths=[label_w, boxes_w])
    table.setStyle(table_style(st, style))
    return table


def _text_width(text: str, style) -> float:
    return stringWidth(text, style.fontName, style.fontSize)


# -- warnings ----------------------------------------------------------------

def _warnings(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    flow = [CondPageBreak(60 * mm), _heading(words["section_warnings"], st)]
    for tier, head, extra in (("urgent", words["warnings_urgent"], words["warnings_urgent_action"]),
                              ("call", words["warnings_call"], None)):
        signs = [w for w in plan.warnings if w.tier == tier]
        if not signs:
            continue
        content = [Paragraph(f"⚠&nbsp;&nbsp;{markup(head)}", st[f"{tier}_head"])]
        content += [Paragraph(markup(sign.text), st["bullet"], bulletText="•") for sign in signs]
        if extra:
            content.append(Paragraph(f"<b>{markup(extra)}</b>", st["body"]))
        fill_color = st.color[f"{tier}_fill"]
        weight = 1.6 if tier == "urgent" else 1.1
        if tier == "urgent" and _is_white(fill_color):
            weight *= 2  # without a fill, the border alone has to make the urgent box unmistakable
        box = Table([[content]], colWidths=[width])
        box.setStyle(table_style(st, [
            ("BOX", (0, 0), (-1, -1), weight, st.color[tier]),
            ("BACKGROUND", (0, 0), (-1, -1), fill_color),
            ("ROUNDEDCORNERS", [5, 5, 5, 5]),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        flow += [KeepTogether(box), Spacer(1, 3 * mm)]
    return flow


# -- log ---------------------------------------------------------------------

def _log(plan: Plan, st: Styles, width: float) -> list:
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
    widest = max(_text_width(top, style) for top, _ in days)
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
        *_panel(st, (0, 0), (-1, 0)),
        ("LINEABOVE", (0, -1), (-1, -1), 1.4, st.color["text"]),  # the pain row is a different kind of entry
        ("LINEAFTER", (7, 0), (7, -1), 1.4, st.color["text"]),  # where week one ends
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (-1, -1), 1), ("RIGHTPADDING", (1, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    flow = [_heading(words["section_log"], st), Paragraph(markup(words["log_intro"]), st["body"])]
    if start:
        flow.append(Paragraph(markup(fill(words, "log_from", start=long_date(start, words),
                                          end=long_date(start + dt.timedelta(days=LOG_DAYS - 1), words))),
                              st["body"]))
    return flow + [Spacer(1, 2 * mm), table, Spacer(1, 3 * mm),
                   Paragraph(markup(words["log_pain_scale"]), st["small"])]
