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
A batch builds the same library words for every row, so the parses of words
that hold none of the row's own (`one_build(private=...)`: the patient's name
and record, the notes) are also kept for the next builds of the process, the
most recent `SHARED` of them: a row's own words never outlive its build.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from reportlab.platypus import paragraph, tables

from handouts.preflight.fonts import CJK_RUN
from handouts.render import fonts

SHARED = 4096  # parses kept between builds: a few handouts' worth of library words in each layout and language

# (markup, id of its style, bullet, case sensitivity) -> what parsing found; None outside a build
_parses: ContextVar[dict | None] = ContextVar("handouts_parses", default=None)
# the build's own words, casefolded, as typed and as markup: a paragraph holding one is never shared; None: none is
_private: ContextVar[tuple[str, ...] | None] = ContextVar("handouts_private", default=None)
_shared: OrderedDict = OrderedDict()  # the same keys and values, for words free of any build's own; oldest first
_shared_lock = threading.Lock()  # the page builds its previews in several threads
_cjk_styles: dict[int, tuple] = {}  # id of a style -> (the style, kept so the id stays its own; its CJK twin)


@contextmanager
def one_build(private: Iterable[str | None] | None = None):
    """Paragraphs made inside share their parses; `private` are the words that must not outlive the build, each
    as typed and as markup (without it, nothing does: every parse is forgotten when it ends)."""
    words = None if private is None else tuple({word.casefold() for word in private if word})
    tokens = _parses.set({}), _private.set(words)
    try:
        yield
    finally:
        _private.reset(tokens[1])
        _parses.reset(tokens[0])


def shareable(text: str) -> bool:
    """Whether `text` holds none of this build's own words, and may be kept for the next builds (outside a
    build, nothing may)."""
    private = _private.get()
    if private is None:
        return False
    folded = text.casefold()
    return not any(word in folded for word in private)


def _found(parses: dict, key: tuple):
    """A parse this build or an earlier one made (it becomes this build's too)."""
    found = parses.get(key)
    if found is None:
        with _shared_lock:
            found = _shared.get(key)
            if found is not None:
                _shared.move_to_end(key)
                parses[key] = found
    return found


def _keep(parses: dict, key: tuple, found: tuple) -> None:
    parses[key] = found
    if shareable(key[0]):
        with _shared_lock:
            _shared[key] = found
            if len(_shared) > SHARED:
                _shared.popitem(last=False)


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
        found = _found(parses, key)
        if found is None:
            super().__init__(text, style, bulletText, None, caseSensitive, encoding)
            # The style is kept too, so its id names no other style while the parse is kept.
            _keep(parses, key, (style, self.text, self.style, [f.clone() for f in self.frags], self.bulletText))
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
    _measured = None  # the (width, height) its rows and columns were last worked out for, and whether all its rows

    def wrap(self, availWidth, availHeight):
        measured = self._measured
        # platypus stops measuring a long table's rows once they pass the height given: rows all measured at
        # this width are what any height they fit in would find (a card asked by its run, then by the frame).
        if measured is None or measured[0] != availWidth or \
                (measured[1] != availHeight and not (measured[2] and availHeight >= self._height)):
            super().wrap(availWidth, availHeight)
            self._measured = availWidth, availHeight, self._hmax == len(self._rowHeights)
        return self._width, self._height

    def split(self, availWidth, availHeight):
        self._measured = None  # splitting works the rows out again, for its own size
        return super().split(availWidth, availHeight)
