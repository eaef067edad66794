"""A two-language handout (`language: [es, en]`): the second language printed under the first.

Every line the patient reads from the library is doubled (a carer who reads only the second language follows
everything the patient must do or watch for), but for a card's one-line purpose (cards.py); the title, the
page furniture, the day names and the log's columns stay in the first. The second line is smaller and in the muted colour, and moves with the first, so a
page break never parts the two.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from handouts.check.model import Plan
from handouts.compose.text import markup
from handouts.render.flowables import Beneath
from handouts.render.measured import Paragraph
from handouts.render.styles import Styles


def beneath(first: Paragraph, second: str | None, st: Styles, *, indent: float = 0):
    """`first`, with `second` (plain text in the other language), if any, on the lines below it; `indent`
    more points in, to start under the first's words rather than its number."""
    if not second:
        return first
    return Beneath(first, second_line(first.style, second, st, indent=indent), gap=first.style.fontSize * 0.15)


def phrase(plan: Plan, key: str, style: ParagraphStyle, st: Styles, *, bold: bool = False):
    """The library's phrase `key` in `style` (`bold` or not), with the second language's beneath on a
    two-language handout."""
    text = markup(plan.library.strings[key])
    return beneath(Paragraph(f"<b>{text}</b>" if bold else text, style), plan.second and plan.second.strings[key], st)


def second_line(style: ParagraphStyle, text: str, st: Styles, *, indent: float = 0) -> Paragraph:
    """`text` (plain, in the other language) as the line under one in `style`: on its own, under a section's
    heading, which must stay a heading of its own to be bookmarked and repeated on the next page."""
    return Paragraph(markup(text), _second_style(style, st, indent))


def _second_style(style: ParagraphStyle, st: Styles, indent: float) -> ParagraphStyle:
    """The first line's style, indents included, made smaller, regular and muted."""
    size = st["small"].fontSize
    return ParagraphStyle(f"{style.name}_second", parent=style, fontName=f"{st.family}-regular", fontSize=size,
                          leading=size * 1.25, textColor=st.color["muted"], spaceBefore=0,
                          leftIndent=style.leftIndent + indent)
