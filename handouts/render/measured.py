"""A Paragraph and a Table that remember their last measurement, and paragraphs that share their parse
within one build.

platypus measures one flowable many times at the same size: a table measures
its cells each time it is measured itself, a run of cards measures each card
for every page it tries, and the frame measures once more before drawing.
Where a paragraph's lines break depends only on the width it is given, and a
table's rows only on the size it is given and its cells' sizes, so asked again
at the size it was last measured at, each answers what it found; at any other
size it measures again. (A table's cells are its own: nothing else measures
them in between at another width.) That memo lives on the flowable, so it goes
when the story does.

A handout also makes many paragraphs of the same words in the same style (a
card's labels, a card made again larger): within `one_build()` they are parsed
once. The parses, a patient's words among them, are dropped when it ends.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from reportlab.platypus import paragraph, tables

from handouts.preflight.fonts import CJK_RUN
from handouts.render import fonts

# (markup, id of its style, bullet, case sensitivity) -> what parsing found; None outside a build
_parses: ContextVar[dict | None] = ContextVar("handouts_parses", default=None)
_cjk_styles: dict[int, tuple] = {}  # id of a style -> (the style, kept so the id stays its own; its CJK twin)


@contextmanager
def one_build():
    token = _parses.set({})
    try:
        yield
    finally:
        _parses.reset(token)


class Paragraph(paragraph.Paragraph):
    _measured = None  # (width, the size wrap returned at that width)

    def __init__(self, text, style=None, bulletText=None, frags=None, caseSensitive=1, encoding="utf8"):
        if isinstance(text, str) and style is not None and CJK_RUN.search(text):
            text, style = fonts.cjk_markup(text), _cjk_style(style)
        parses = _parses.get()
        if parses is None or frags is not None or style is None or not isinstance(text, str) \
                or not isinstance(bulletText, (str, type(None))):
            super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
            return
        key = (text, id(style), bulletText, caseSensitive)
        found = parses.get(key)
        if found is None:
            super().__init__(text, style, bulletText, None, caseSensitive, encoding)
            # The style is kept too, so its id names no other style while the build lasts.
            parses[key] = found = style, self.text, self.style, [f.clone() for f in self.frags], self.bulletText
            return
        _, cleaned, parsed_style, parsed, bullet = found
        # Each paragraph its own fragments: laying out and splitting change them.
        super().__init__(cleaned, parsed_style, bullet, [f.clone() for f in parsed], caseSensitive, encoding)

    def wrap(self, availWidth, availHeight):
        measured = self._measured
        # split() may have dropped the lines it measured: then it measures again.
        if measured is not None and measured[0] == availWidth and hasattr(self, "blPara"):
            return measured[1]
        size = super().wrap(availWidth, availHeight)
        self._measured = availWidth, size
        return size


def _cjk_style(style):
    """`style` with reportlab's CJK line breaking: between any two CJK characters, never inside a Latin word or
    a number, and a closing mark (，。）) kept on the line it closes."""
    if id(style) not in _cjk_styles:
        _cjk_styles[id(style)] = style, style.clone(f"{style.name}-cjk", wordWrap="CJK")
    return _cjk_styles[id(style)][1]


class Table(tables.Table):
    _measured = None  # the (width, height) its rows and columns were last worked out for

    def wrap(self, availWidth, availHeight):
        if self._measured != (availWidth, availHeight):
            super().wrap(availWidth, availHeight)
            self._measured = availWidth, availHeight
        return self._width, self._height

    def split(self, availWidth, availHeight):
        self._measured = None  # splitting works the rows out again, for its own size
        return super().split(availWidth, availHeight)
