"""Register the layout's TrueType fonts with reportlab, once per process, on first use."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from handouts.errors import UserError

FACES = ("regular", "bold", "italic", "bold_italic")
_families: dict[str, Path] = {}


@cache
def register(regular: Path, bold: Path, italic: Path, bold_italic: Path) -> str:
    """Register a family and return its name; <b> and <i> in paragraphs then pick the right face."""
    # Named from the files (not hash()) so that the same plan gives the same bytes in every process.
    family = regular.stem
    while family in _families and _families[family] != regular:
        family += "x"
    _families[family] = regular
    for face, path in zip(FACES, (regular, bold, italic, bold_italic)):
        try:
            pdfmetrics.registerFont(TTFont(f"{family}-{face}", str(path)))
        except (TTFError, OSError) as exc:
            raise UserError(f"{path}: not a usable TrueType font ({exc}); point the layout at a .ttf file") from None
    addMapping(family, 0, 0, f"{family}-regular")
    addMapping(family, 1, 0, f"{family}-bold")
    addMapping(family, 0, 1, f"{family}-italic")
    addMapping(family, 1, 1, f"{family}-bold_italic")
    return family
