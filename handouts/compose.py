"""Turn a checked `Plan` into the story: the list of flowables, section by section.

Only content lives here; the header, footer and page numbers are page
furniture, drawn by render.py.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table

from handouts.flowables import SectionHeading, TickBoxes
from handouts.illustration import picture_for
from handouts.model import Plan, PlannedExercise
from handouts.styles import Styles, styles_for, table_style
from handouts.text import dosage_words, long_date, markup, short_date
from handouts.thermal import schedule

PICTURE_BOX = (46 * mm, 40 * mm)


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
    return story


def _heading(text: str, st: Styles) -> SectionHeading:
    return SectionHeading(markup(text), st["heading"], outline=text)


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
    shares = {1: [1.0], 2: [0.6, 0.4], 3: [0.42, 0.25, 0.33], 4: [0.3, 0.19, 0.23, 0.28]}[len(fields)]
    table = Table([cells], colWidths=[width * s for s in shares])
    table.setStyle(table_style(st, [
        ("BACKGROUND", (0, 0), (-1, -1), st.color["panel"]),
        ("ROUNDEDCORNERS", [4, 4, 4, 4]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 9),
    ]))
    return table


# -- exercises ---------------------------------------------------------------

def _exercises(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    flow = [_heading(words["section_exercises"], st), Paragraph(markup(words["exercises_intro"]), st["body"])]
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
        row.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        flow += [row, Spacer(1, 3.5 * mm)]
    return flow


def _card(plan: Plan, item: PlannedExercise, number: int, st: Styles, width: float) -> Table:
    words = plan.library.strings
    ex = item.exercise
    compact = plan.layout.card_columns == 2
    box = (width - 8, 34 * mm) if compact else PICTURE_BOX
    picture = picture_for(item, plan.layout, st, box)
    text = [Paragraph(markup(ex.purpose), st["purpose"])]
    text += [Paragraph(markup(step), st["step"], bulletText=f"{i}.") for i, step in enumerate(ex.steps, 1)]
    text.append(Spacer(1, 1 * mm))
    text.append(Paragraph(markup(dosage_words(item.dosage, words)), st["dosage"]))
    if ex.cautions:
        text.append(Spacer(1, 1 * mm))
        caution = " ".join(ex.cautions)
        text.append(Paragraph(f"<b>{markup(words['cautions'])}</b> {markup(caution)}", st["small"]))
    if item.note:
        text.append(Spacer(1, 1 * mm))
        text.append(Paragraph(f"<b>{markup(words['note'])}</b> {markup(item.note)}", st["note"]))

    header = Table([[Paragraph(f"{number}&nbsp;&nbsp;{markup(ex.title)}", st["card_title"]),
                     Paragraph(markup(words[f"position_{ex.position}"]), st["tag"])]],
                   colWidths=[(width - 14) * 0.75, (width - 14) * 0.25])  # inside the card's 7 pt padding
    header.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    pad = 7
    if picture is None:
        rows, widths = [[header], [text]], [width]
    elif compact:
        rows, widths = [[header], [picture], [text]], [width]
    else:
        rows, widths = [[header, Spacer(0, 0)], [picture, text]], [box[0] + 2 * pad, width - box[0] - 2 * pad]
    card = Table(rows, colWidths=widths)
    style = [
        ("BOX", (0, 0), (-1, -1), 0.8, st.color["rule"]),
        ("ROUNDEDCORNERS", [5, 5, 5, 5]),
        ("BACKGROUND", (0, 0), (-1, 0), st.color["panel"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, 0), 5), ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
    ]
    if len(widths) == 2:
        style.append(("SPAN", (0, 0), (1, 0)))
    card.setStyle(table_style(st, style))
    return card


# -- thermal -----------------------------------------------------------------

def _thermal(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    text = plan.library.thermal
    thermal = plan.thermal
    ice_rule = (words["thermal_ice_rule_hourly"] if thermal.ice.every_hours == 1 else words["thermal_ice_rule"])
    flow = [CondPageBreak(70 * mm), _heading(words["section_thermal"], st),
            Paragraph(markup(text.intro), st["body"]),
            Paragraph(f"<b>{markup(ice_rule.format(label=text.ice_label, minutes=thermal.ice.minutes, hours=thermal.ice.every_hours, days=thermal.ice.days))}</b> "
                      f"{markup(text.ice_how)}", st["bullet"], bulletText="•"),
            Paragraph(f"<b>{markup(words['thermal_heat_rule'].format(label=text.heat_label, minutes=thermal.heat.minutes, per_day=thermal.heat.per_day, days=thermal.heat.days))}</b> "
                      f"{markup(text.heat_how)}", st["bullet"], bulletText="•"),
            Spacer(1, 1.5 * mm),
            KeepTogether([_chart(plan, st, width), Spacer(1, 1 * mm),
                          Paragraph(markup(words["thermal_chart_help"]), st["small"])]),
            Spacer(1, 2.5 * mm),
            Paragraph(f"<b>{markup(words['thermal_safety'])}</b>", st["body"])]
    flow += [Paragraph(markup(line), st["bullet"], bulletText="•") for line in text.safety]
    return flow


def _chart(plan: Plan, st: Styles, width: float) -> Table:
    words = plan.library.strings
    text = plan.library.thermal
    days = schedule(plan.thermal)
    label_w, phase_w = 25 * mm, 24 * mm
    slots = max(len(day.sessions) for day in days)
    cell_w = (width - label_w - phase_w - 6) / slots
    small = plan.layout.sizes["small"]
    tick_size = min(small, cell_w / 3.2)
    rows, style = [], [
        ("GRID", (0, 0), (-1, -1), 0.5, st.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (2, 0), (2, -1), 3), ("RIGHTPADDING", (2, 0), (2, -1), 3),
    ]
    for r, day in enumerate(days):
        label = short_date(day.date, words) if day.date else words["day_n"].format(n=day.number)
        is_ice = day.phase == "ice"
        phase = f"{text.ice_label if is_ice else text.heat_label} · " \
                f"{plan.thermal.ice.minutes if is_ice else plan.thermal.heat.minutes} min"
        times = tuple(t.strftime("%H:%M") for t in day.sessions)
        boxes = TickBoxes(times, cell_w, f"{st.family}-regular", tick_size, st.color["muted"], st.color["text"])
        rows.append([Paragraph(markup(label), st["cell_bold"]), Paragraph(markup(phase), st["cell"]), boxes])
        style.append(("BACKGROUND", (0, r), (1, r), st.color["ice" if is_ice else "heat"]))
    table = Table(rows, colWidths=[label_w, phase_w, width - label_w - phase_w])
    table.setStyle(table_style(st, style))
    return table


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
        box = Table([[content]], colWidths=[width])
        box.setStyle(table_style(st, [
            ("BOX", (0, 0), (-1, -1), 1.6 if tier == "urgent" else 1.1, st.color[tier]),
            ("BACKGROUND", (0, 0), (-1, -1), st.color[f"{tier}_fill"]),
            ("ROUNDEDCORNERS", [5, 5, 5, 5]),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        flow += [KeepTogether(box), Spacer(1, 3 * mm)]
    return flow
