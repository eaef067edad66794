"""The pieces every section is built from: a bookmarked heading, a bullet list, a panel, rows of two, text widths."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from handouts.check.model import Layout
from handouts.compose.illustration import LINE_PICTURE, picture_for_line
from handouts.compose.sections.bilingual import beneath
from handouts.compose.text import markup
from handouts.render import fonts
from handouts.render.flowables import SectionHeading
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style

NO_PADDING = [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]


def heading(text: str, st: Styles) -> SectionHeading:
    return SectionHeading(markup(text), st["heading"], outline=text)


def bullet_list(title: str, texts, st: Styles, *, width: float = 0, columns: int = 1, seconds=None,
                pictures=()) -> list:
    """A headed list, one bullet per text (with its line of `seconds`, the other language's, beneath): never
    the heading or one item alone at the foot of a page, nor one item alone at the head of the next. With two
    columns (a compact layout) the items go two to a row, left then right, rows that may break between them.
    `pictures`, one per text (or None), go beside their texts."""
    texts = list(texts)
    seconds = list(seconds) if seconds else [None] * len(texts)
    pictures = list(pictures) or [None] * len(texts)
    items = in_columns([beside(beneath(Paragraph(markup(text), st["bullet"], bulletText="•"), other, st), picture, st)
                        for text, other, picture in zip(texts, seconds, pictures)], columns, width, st)
    if len(items) < 4:
        return [KeepTogether([heading(title, st), *items])]
    return [KeepTogether([heading(title, st), *items[:2]]), *items[2:-2], KeepTogether(items[-2:])]


#: The room between a line and the picture beside it.
PICTURE_GAP = 3 * mm


def beside(flowable, picture, st: Styles):
    """``flowable`` with ``picture`` (a flowable of fixed size, or None) to its right, both centred on one
    row: the text keeps the list's bullet line, the picture shows what it says."""
    if picture is None:
        return flowable
    return Table([[flowable, picture]], colWidths=["*", picture.wrap(0, 0)[0] + PICTURE_GAP],
                 style=table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                        *NO_PADDING]))


#: The column an advice picture and its caption take: as wide as the caption's one line, up to this many ems of its
#: size (a caption of two lines at most, whose row is little taller than the line beside it, in large print too).
CAPTION_EMS = 16


def line_picture(item, other, layout: Layout, st: Styles):
    """The drawing an advice item or a safety line names (`item.picture`), small, with its caption centred
    under it (and, on a two-language handout, `other`'s, the same item in the second language, under that):
    a picture a patient can name without the text beside it. None when the item names no picture."""
    picture = item.picture and picture_for_line(item.picture, layout, st)
    if not picture:
        return None
    words = beneath(Paragraph(markup(item.caption), st["caption"]), other and other.caption, st)
    style = st["caption"]
    # two to a row (compact), half a page's width: the caption keeps to the widest a picture is, and the line
    # beside it keeps its room
    most = CAPTION_EMS * style.fontSize if layout.card_columns == 1 else LINE_PICTURE[0]
    width = max(picture.wrap(0, 0)[0], min(text_width(item.caption, style) + 1, most))
    return Table([[picture], [words]], colWidths=[width],
                 style=table_style(st, [("ALIGN", (0, 0), (-1, -1), "CENTER"), *NO_PADDING,
                                        ("TOPPADDING", (0, 1), (-1, 1), 0.8 * mm)]))


def in_columns(items: list, columns: int, width: float, st: Styles) -> list:
    """Short items (bullets) two to a row, left then right, when the layout has two columns (compact): each
    row a table of its own, so a page may break between rows. Three items or fewer stay one to a row."""
    if columns != 2 or len(items) < 4:
        return items
    gap = 4 * mm
    return [Table([pair], colWidths=[(width - gap) / 2, (width - gap) / 2],
                  style=table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING,
                                         ("RIGHTPADDING", (0, 0), (0, 0), gap)]))
            for pair in in_pairs(items)]


def panel(st: Styles, start: tuple, end: tuple) -> list:
    """Table commands that set a block apart: the panel fill, or a rule where the layout's
    panels are white (black and white printing), so the structure survives without colour."""
    if is_white(st.color["panel"]):
        return [("BOX", start, end, st.line["border"], st.color["rule"])]
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
    return fonts.width(text, style.fontName, style.fontSize)
