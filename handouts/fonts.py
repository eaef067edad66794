"""Register the layout's TrueType fonts with reportlab, once per process, on first use, and say
which characters they cannot print."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from handouts.errors import UserError
from handouts.font_cache import load_font

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
            pdfmetrics.registerFont(load_font(f"{family}-{face}", path))
        except (TTFError, OSError) as exc:
            raise UserError(f"{path}: not a usable TrueType font ({exc}); point the layout at a .ttf file") from None
    addMapping(family, 0, 0, f"{family}-regular")
    addMapping(family, 1, 0, f"{family}-bold")
    addMapping(family, 0, 1, f"{family}-italic")
    addMapping(family, 1, 1, f"{family}-bold_italic")
    return family


def unprintable(text: str, fonts: dict[str, Path], faces: tuple[str, ...]) -> list[str]:
    """The characters of `text` (each once, in order) that one of `faces` of the layout's `fonts` has no
    glyph for: reportlab would print them as empty boxes."""
    family = register(*(fonts[face] for face in FACES))
    glyphs = [pdfmetrics.getFont(f"{family}-{face}").face.charToGlyph for face in faces]
    # Beyond the Basic Multilingual Plane reportlab's subsetting writes no usable text, whatever the font has.
    missing = dict.fromkeys(ch for ch in text if not ch.isspace()
                            and (ord(ch) > 0xFFFF or any(ord(ch) not in g for g in glyphs)))
    return list(missing)
