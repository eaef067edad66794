"""Register the layout's TrueType fonts with reportlab, once per process, on first use, and say
which characters they cannot print."""

from __future__ import annotations

import itertools
import re
import struct
import unicodedata
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

from handouts.errors import Problem, ValidationError
from handouts.load import infile
from handouts.load.resources import data_dir
from handouts.render.font_cache import load_font

FACES = ("regular", "bold", "italic", "bold_italic")
MAX_BYTES = 40_000_000  # the largest TrueType fonts (a full CJK face) are about 20 MB
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true", b"ttcf")
DAMAGED = "is a damaged or incomplete TrueType font; use another copy of the .ttf file"
_LICENCE = "is a font whose licence does not allow embedding it in a PDF; use another font, such as DejaVu Sans"
_families: dict[str, Path] = {}
# Chinese (and Japanese and Korean) characters: the layout's font has none, so they print in a TrueType CJK
# font of their own (Droid Sans Fallback, Apache 2.0), registered only by a run whose text has them: an English
# handout neither loads its 4 MB nor embeds it. Its one weight serves every face.
CJK_RUN = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                     "\ufe30-\ufe4f\uff00-\uffef]+")
CJK_FILE = "DroidSansFallbackFull.ttf"
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
        try:
            infile.check(path, MAX_BYTES, "a font file")  # checked again: it may have changed since the layout was
            pdfmetrics.registerFont(load_font(f"{family}-{face}", path))
        except infile.Unreadable as exc:
            raise ValidationError([Problem(str(path), str(exc))]) from None
        except Exception as exc:  # noqa: BLE001 (reportlab's parser fails on a damaged font in many ways: struct.error, IndexError)
            raise ValidationError([Problem(str(path), _parse_problem(exc))]) from None
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


def problem(path: Path) -> str | None:
    """Why `path` cannot be a layout's font, from its size, its first bytes and its index of glyphs
    (found while the layout is checked, not halfway through a build), or None."""
    try:
        with infile.open_binary(path, MAX_BYTES, "a font file") as handle:
            magic = handle.read(4)
            tables = _tables(handle) if magic in TRUETYPE_MAGIC[:2] else {}
            fs_type = _embedding_bits(handle, tables)
            glyphs_intact = _glyph_index_intact(handle, tables)
    except infile.Unreadable as exc:
        return str(exc)
    except (OSError, struct.error):
        return DAMAGED
    if magic == b"OTTO":
        return "is an OpenType (CFF) font, which PDFs made here cannot embed; use a TrueType .ttf file"
    if magic not in TRUETYPE_MAGIC:
        return "is not a TrueType font; use a .ttf file"
    # 2: restricted licence, no embedding; 0x0100: no subsetting; 0x0200: bitmaps only. reportlab embeds such a
    # font anyway (it subsets every font), so the licence is checked here.
    if fs_type & 0x000F == 0x0002 or fs_type & 0x0300:
        return _LICENCE
    if not glyphs_intact:
        return DAMAGED
    return None


def _tables(handle) -> dict[bytes, tuple[int, int]]:
    """The font's table directory: tag -> (offset, length)."""
    count = struct.unpack(">H", handle.read(2))[0]
    handle.seek(12)
    directory = handle.read(16 * min(count, 200))
    return {tag: (offset, length) for tag, _checksum, offset, length
            in struct.iter_unpack(">4sIII", directory[:len(directory) // 16 * 16])}


def _embedding_bits(handle, tables: dict) -> int:
    """The OS/2 table's fsType (the licence's embedding rules); 0 if absent."""
    if b"OS/2" not in tables:
        return 0
    handle.seek(tables[b"OS/2"][0] + 8)
    return struct.unpack(">H", handle.read(2))[0]


def _glyph_index_intact(handle, tables: dict) -> bool:
    """Whether every glyph's place (the 'loca' table) lies, in order, inside the glyph data: a font cut short or
    overwritten there registers, and then fails only when a handout cuts its subset."""
    if not {b"head", b"maxp", b"loca", b"glyf"} <= tables.keys():
        return True  # no outlines to index, or not a TrueType font: the checks above and reportlab's say so
    handle.seek(tables[b"head"][0] + 50)
    long_offsets = struct.unpack(">h", handle.read(2))[0] == 1
    handle.seek(tables[b"maxp"][0] + 4)
    count = struct.unpack(">H", handle.read(2))[0] + 1
    size = 4 if long_offsets else 2
    handle.seek(tables[b"loca"][0])
    data = handle.read(count * size)
    if len(data) < count * size:
        return False
    offsets = struct.unpack(f">{count}{'I' if long_offsets else 'H'}", data)
    # Short offsets are stored halved.
    return (all(a <= b for a, b in itertools.pairwise(offsets))
            and offsets[-1] * (1 if long_offsets else 2) <= tables[b"glyf"][1])


def _parse_problem(exc: Exception) -> str:
    if "does not allow subsetting/embedding" in str(exc):
        return _LICENCE
    return DAMAGED


def unprintable(text: str, fonts: dict[str, Path], faces: tuple[str, ...]) -> list[str]:
    """The characters of `text` (each once, in order) that one of `faces` of the layout's `fonts` has no
    glyph for: reportlab would print them as empty boxes."""
    family = register(*(fonts[face] for face in FACES))
    glyphs = [pdfmetrics.getFont(f"{family}-{face}").face.charToGlyph for face in faces]
    # Beyond the Basic Multilingual Plane reportlab's subsetting writes no usable text, whatever the font has.
    missing = dict.fromkeys(ch for ch in text if not ch.isspace()
                            and (ord(ch) > 0xFFFF or any(ord(ch) not in g for g in glyphs)))
    cjk = [ch for ch in missing if CJK_RUN.fullmatch(ch)]
    if cjk:  # printed in the CJK font instead, where it has them
        printable = pdfmetrics.getFont(cjk_font()).face.charToGlyph
        missing = [ch for ch in missing if ch not in cjk or ord(ch) not in printable]
    return list(missing)


def why_unprintable(text: str, fonts: dict[str, Path], faces: tuple[str, ...]) -> str | None:
    """Why `text` would not print as written in the layout's `fonts`, or None.

    Right-to-left scripts (Arabic, Hebrew) are refused even where the font has their letters:
    reportlab draws them left to right and unjoined, so the word on paper would not be the word typed.
    """
    backwards = list(dict.fromkeys(ch for ch in text if unicodedata.bidirectional(ch) in ("R", "AL")))
    if backwards:
        return (f"{_listed(backwards)} {'is' if len(backwards) == 1 else 'are'} written right to left (Arabic, "
                "Hebrew), which handouts cannot yet print in the right order and shape; write it in another script")
    missing = unprintable(text, fonts, faces)
    if missing:
        return (f"the layout's font has no letters for {_listed(missing)}; spell it with other letters, or give "
                "the layout a font that has them")
    return None


def _listed(chars: list[str]) -> str:
    return ", ".join(f"'{ch}'" for ch in chars[:5]) + (", ..." if len(chars) > 5 else "")
