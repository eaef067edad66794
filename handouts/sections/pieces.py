"""The pieces every section is built from: a bookmarked heading, a bullet list, a panel, rows of two, text widths."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from handouts.flowables import SectionHeading
from handouts.styles import Styles
from handouts.text import markup

NO_PADDING = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]


def heading(text: str, st: Styles) -> SectionHeading:
    return SectionHeading(markup(text), st["heading"], outline=text)


def bullet_list(title: str, texts, st: Styles) -> list:
    """A headed list, one bullet per text: never the heading or one item alone at the foot of a page,
    nor one item alone at the head of the next."""
    items = [Paragraph(markup(text), st["bullet"], bulletText="•") for text in texts]
    if len(items) < 4:
        return [KeepTogether([heading(title, st), *items])]
    return [KeepTogether([heading(title, st), *items[:2]]), *items[2:-2], KeepTogether(items[-2:])]


def panel(st: Styles, start: tuple, end: tuple) -> list:
    """Table commands that set a block apart: the panel fill, or a rule where the layout's
    panels are white (black and white printing), so the structure survives without colour."""
    if is_white(st.color["panel"]):
        return [("BOX", start, end, 0.8, st.color["rule"])]
    return [("BACKGROUND", start, end, st.color["panel"])]


def is_white(color) -> bool:
    # A mono layout's white comes back from the grey conversion a rounding error off 1.0.
    return min(color.red, color.green, color.blue) > 0.99


def in_pairs(cells: list) -> list[list]:
    """Cells two to a row. An odd last cell gets a Spacer beside it: a "" cell makes Table
    select (and the PDF name) Helvetica."""
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if rows and len(rows[-1]) == 1:
        rows[-1].append(Spacer(0, 0))
    return rows


def text_width(text: str, style) -> float:
    return stringWidth(text, style.fontName, style.fontSize)
