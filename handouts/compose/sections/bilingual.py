"""A two-language handout (`language: [es, en]`): the second language printed under the first.

Only the lines a helper needs to guide the patient are doubled: each exercise's title, steps and cautions,
the warning signs and the ice and heat rules. The second line is smaller and in the muted colour, and moves
with the first, so a page break never parts the two.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from handouts.compose.text import markup
from handouts.render.flowables import Beneath
from handouts.render.measured import Paragraph
from handouts.render.styles import Styles


def beneath(first: Paragraph, second: str | None, st: Styles, *, indent: float = 0):
    """`first`, with `second` (plain text in the other language), if any, on the lines below it; `indent`
    more points in, to start under the first's words rather than its number."""
    if not second:
        return first
    return Beneath(first, Paragraph(markup(second), _second_style(first.style, st, indent)),
                   gap=first.style.fontSize * 0.15)


def _second_style(style: ParagraphStyle, st: Styles, indent: float) -> ParagraphStyle:
    """The first line's style, indents included, made smaller, regular and muted."""
    size = st["small"].fontSize
    return ParagraphStyle(f"{style.name}_second", parent=style, fontName=f"{st.family}-regular", fontSize=size,
                          leading=size * 1.25, textColor=st.color["muted"], spaceBefore=0,
                          leftIndent=style.leftIndent + indent)
