"""The spasm diary: a ruled table where the patient notes each spasm for their therapist."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from handouts.check.model import Plan
from handouts.compose.sections.bilingual import phrase
from handouts.compose.sections.pieces import heading, panel
from handouts.compose.text import markup
from handouts.render.flowables import RowsThatFit, TableWithTail
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style

ROWS = 8  # the most: the log page's
FEWEST = 2
COLUMNS = (("diary_when", 0.22), ("diary_how_long", 0.2), ("diary_doing", 0.34), ("diary_helped", 0.24))


def spasm_diary(plan: Plan, st: Styles, width: float) -> list:
    """The log page's diary: its heading and intro kept to its first two rows, the rest free to run on."""
    lead, table = _diary(plan, st, width, ROWS)
    return [TableWithTail(table, [], plan.layout.content_size[1], lead=lead, min_rows=2)]


def diary_form(plan: Plan, st: Styles, width: float) -> RowsThatFit:
    """The diary at a handout's end (its advice asks the patient to note each spasm, and it has no log page):
    as many rows as the last page has room for, two at least; none where it has less room (the advice
    still asks for notes: the diary never costs a sheet of paper)."""
    def diary(rows: int) -> list:
        lead, table = _diary(plan, st, width, rows)
        return [*lead, table]
    return RowsThatFit(diary, FEWEST, ROWS)


def _diary(plan: Plan, st: Styles, width: float, rows: int) -> tuple[list, Table]:
    """When, how long, doing what, and what helped (the pattern a therapist looks for): the heading and intro,
    and the table with `rows` blank rows."""
    words = plan.library.strings
    head = [Paragraph(markup(words[key]), st["cell_bold"]) for key, _ in COLUMNS]
    # Rows tall enough to write in by hand, and taller again in large print.
    blank = [Spacer(0, max(9 * mm, plan.layout.sizes["body"] * 2.4))] + [Spacer(0, 0)] * (len(COLUMNS) - 1)
    table = Table([head] + [list(blank) for _ in range(rows)], colWidths=[width * share for _, share in COLUMNS],
                  repeatRows=1)
    table.setStyle(table_style(st, [
        ("GRID", (0, 0), (-1, -1), st.line["rule"], st.color["rule"]),
        ("BOX", (0, 0), (-1, -1), st.line["frame"], st.color["text"]),
        *panel(st, (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    lead = [heading(words["section_diary"], st), phrase(plan, "diary_intro", st["body"], st),
            Spacer(1, 2 * mm)]
    return lead, table
