"""The patient block: name, record number, date and therapist in one panel."""

from __future__ import annotations

from handouts.check.model import Plan
from handouts.compose.sections.pieces import in_pairs, panel, text_width
from handouts.compose.text import long_date, markup, short_date
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style


def patient_block(plan: Plan, st: Styles, width: float) -> Table:
    words = plan.library.strings
    fields = [(words["patient"], plan.patient.name)]
    if plan.patient.id:
        fields.append((words["record"], plan.patient.id))
    fields.append((words["date"], long_date(plan.date, words)))
    if plan.therapist:
        fields.append((words["therapist"], plan.therapist))
    if plan.next_visit:
        fields.append((words["next_visit"], short_date(plan.next_visit, words)))
    cells = [[Paragraph(markup(label), st["label"]), Paragraph(markup(value), st["value"])]
             for label, value in fields]
    pad = st.pad["panel"]
    needed = [pad * 2 + max(text_width(label, st["label"]), text_width(value, st["value"])) for label, value in fields]
    if sum(needed) <= width:
        # One row, each field as wide as it needs plus an even share of what is left.
        spare = (width - sum(needed)) / len(fields)
        table = Table([cells], colWidths=[n + spare for n in needed])
    else:
        # Large print or long names: two fields to a row, so nothing breaks mid-word.
        table = Table(in_pairs(cells), colWidths=[width / 2] * 2)
    table.setStyle(table_style(st, [
        *panel(st, (0, 0), (-1, -1)),
        ("ROUNDEDCORNERS", [st.corner["panel"]] * 4),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
    ]))
    return table


def next_visit_line(plan: Plan) -> str:
    """'Next visit: Thu 3 Dec', for a handout without a patient block."""
    words = plan.library.strings
    return f"{words['next_visit']}: {short_date(plan.next_visit, words)}"
