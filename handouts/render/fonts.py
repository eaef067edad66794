"""Register the layout's TrueType fonts with reportlab, once per process, on first use (what they are and
which letters they have: preflight/fonts.py), and draw text with its CJK characters in the CJK font."""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

from handouts.load.resources import data_dir
from handouts.preflight.fonts import CJK_FILE, CJK_RUN, FACES
from handouts.render.font_cache import load_font

_families: dict[str, Path] = {}
CLOSING_MARKS = "，。、；：？！）》〉」』】〕…"  # Chinese punctuation that closes a phrase: never at the start of a line


@cache
def register(regular: Path, bold: Path, italic: Path, bold_italic: Path) -> str:
    """Register a family and return its name; <b> and <i> in paragraphs then pick the right face."""
    # Named from the files (not hash()) so that the same plan gives the same bytes in every process.
    family = regular.stem
    while family in _families and _families[family] != regular:
        family += "x"
    _families[family] = regular
    for face, path in zip(FACES, (regular, bold, italic, bold_italic)):
        pdfmetrics.registerFont(load_font(f"{family}-{face}", path))
    addMapping(family, 0, 0, f"{family}-regular")
    addMapping(family, 1, 0, f"{family}-bold")
    addMapping(family, 0, 1, f"{family}-italic")
    addMapping(family, 1, 1, f"{family}-bold_italic")
    return family


@cache
def cjk_font() -> str:
    """The CJK font's name, registered (one face for regular, bold and italic: <b> in a paragraph finds it)."""
    name = Path(CJK_FILE).stem
    pdfmetrics.registerFont(load_font(name, data_dir("fonts") / CJK_FILE))
    # reportlab's CJK line breaking keeps a mark that cannot start a line on the line it closes, but its list is
    # Japanese: without Chinese full-width punctuation a line could start with '，' or '：'.
    paragraph.ALL_CANNOT_START += "".join(mark for mark in CLOSING_MARKS if mark not in paragraph.ALL_CANNOT_START)
    for bold, italic in itertools.product((0, 1), repeat=2):
        addMapping(name, bold, italic, name)
    return name


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """`text` cut into runs, each with the font that prints it: `font`, or the CJK font for CJK characters."""
    runs, start = [], 0
    for found in CJK_RUN.finditer(text):
        runs += [(text[start:found.start()], font)] if found.start() > start else []
        runs.append((found.group(), cjk_font()))
        start = found.end()
    return runs + ([(text[start:], font)] if start < len(text) or not runs else [])


def cjk_markup(text: str) -> str:
    """Paragraph markup with each run of CJK characters in the CJK font (tags are ASCII: no run is inside one)."""
    return CJK_RUN.sub(lambda found: f'<font face="{cjk_font()}">{found.group()}</font>', text)


def width(text: str, font: str, size: float) -> float:
    """The width `text` prints at in `font`, its CJK characters in the CJK font."""
    return sum(pdfmetrics.stringWidth(run, face, size) for run, face in font_runs(text, font))


def draw(canvas, x: float, y: float, text: str, font: str, size: float, *, right: bool = False) -> None:
    """drawString (or drawRightString) with the CJK characters in the CJK font."""
    x -= width(text, font, size) if right else 0
    for run, face in font_runs(text, font):
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, face, size)
    canvas.setFont(font, size)


