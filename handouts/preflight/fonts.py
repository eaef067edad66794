"""What a layout's fonts can do, asked while a plan or layout is checked and again when a page is drawn:
whether a file is a TrueType font handouts may embed, and which letters it has.

A font's tables are parsed once (reportlab's TrueType reader, no page layout) and kept in the user's cache
folder (load/disk_cache.py, `fonts`), one file per font, named by the font file's path, size, modification
and change times (a font copied back with its old time, as `cp -p` or a backup does, keeps its size and
modification time, not its change time) and the versions that made it; and in this process's memory, for
render/fonts.py to register. reportlab parses a font's character map and widths every time it loads it: for
the four DejaVu faces that is about a third of a plain `handouts build` (benchmarks/run.py, cold). An entry
that is not exactly what was stored for its key, or no cache folder at all, just means parsing the font
again: a fault in the cache is never an error, and never one that blames the font.
"""

from __future__ import annotations

import functools
import itertools
import re
import struct
import sys
import unicodedata
from pathlib import Path

import reportlab

from handouts.errors import Problem, ValidationError
from handouts.load import disk_cache, infile
from handouts.load.resources import data_dir

FACES = ("regular", "bold", "italic", "bold_italic")
MAX_BYTES = 40_000_000  # the largest TrueType fonts (a full CJK face) are about 20 MB
TRUETYPE_MAGIC = (b"\x00\x01\x00\x00", b"true", b"ttcf")
DAMAGED = "is a damaged or incomplete TrueType font; use another copy of the .ttf file"
_LICENCE = "is a font whose licence does not allow embedding it in a PDF; use another font, such as DejaVu Sans"
# Chinese (and Japanese and Korean) characters: the layout's font has none, so they print in a TrueType CJK
# font of their own (Droid Sans Fallback, Apache 2.0), registered only by a run whose text has them: an English
# handout neither loads its 4 MB nor embeds it. Its one weight serves every face.
CJK_RUN = re.compile("[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                     "\ufe30-\ufe4f\uff00-\uffef]+")
CJK_FILE = "DroidSansFallbackFull.ttf"
# What is made again on loading, not stored: the font file's bytes and the objects that are not plain data;
# and the glyph-to-characters map, which only parsing reads and which took most of loading's time.
_FACE_LEFT_OUT = ("_ttf_data", "_pdfScale", "glyphToChar")
_FORMAT = 2  # in the entry's key: a cache file kept by other code is made again
_FONT_LEFT_OUT = ("face", "state", "encoding")


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


def parse_problem(exc: Exception) -> str:
    if "does not allow subsetting/embedding" in str(exc):
        return _LICENCE
    return DAMAGED


def tables(path: Path) -> dict:
    """What parsing the font at `path` found, as plain data (render/font_cache.py makes reportlab's font of
    it); a ValidationError naming the file when it cannot be read or parsed."""
    try:
        info = infile.check(path, MAX_BYTES, "a font file")  # checked again: it may have changed since the layout was
        return _tables_of(path, info.st_mtime_ns, info.st_size, info.st_ctime_ns)
    except infile.Unreadable as exc:
        raise ValidationError([Problem(str(path), str(exc))]) from None
    except Exception as exc:  # noqa: BLE001 (reportlab's parser fails on a damaged font in many ways: struct.error, IndexError)
        raise ValidationError([Problem(str(path), parse_problem(exc))]) from None


@functools.lru_cache(maxsize=64)
def _tables_of(path: Path, _mtime_ns: int, _size: int, _ctime_ns: int) -> dict:  # the stat values key the cache
    kept = disk_cache.load(_cache_file(path))
    return kept if kept is not None else parse(path)


def parse(path: Path) -> dict:
    """The font's tables parsed afresh, and stored for the next process."""
    from reportlab.pdfbase.ttfonts import TTFont  # here: a font read back from the cache folder needs no parser

    state = _state(TTFont(path.stem, str(path)))
    disk_cache.store(_cache_file(path), state, keep=32)  # a few layouts' families, four faces each
    return state


def _cache_file(path: Path) -> disk_cache.Entry | None:
    info = path.stat()
    return disk_cache.entry("fonts", path.stem, f"{path.resolve()} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} "
                                                 f"{reportlab.Version} {sys.version_info[:2]} {_FORMAT}")


def _state(font) -> dict:
    """What parsing the font (reportlab's TTFont) found, as plain data (marshal: several times faster to load
    than pickle, and loading it runs no code)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    face = {k: v for k, v in font.face.__dict__.items() if k not in _FACE_LEFT_OUT}
    return {"font": {k: v for k, v in font.__dict__.items() if k not in _FONT_LEFT_OUT},
            "face": {k: v for k, v in face.items() if not isinstance(v, TTFNameBytes)},
            "names": {k: bytes(v) for k, v in face.items() if isinstance(v, TTFNameBytes)}}


def _glyphs(path: Path) -> dict:
    return tables(path)["face"]["charToGlyph"]


def unprintable(text: str, fonts: dict[str, Path], faces: tuple[str, ...]) -> list[str]:
    """The characters of `text` (each once, in order) that one of `faces` of the layout's `fonts` has no
    glyph for: reportlab would print them as empty boxes."""
    glyphs = [_glyphs(fonts[face]) for face in faces]
    # Beyond the Basic Multilingual Plane reportlab's subsetting writes no usable text, whatever the font has.
    missing = dict.fromkeys(ch for ch in text if not ch.isspace()
                            and (ord(ch) > 0xFFFF or any(ord(ch) not in g for g in glyphs)))
    cjk = [ch for ch in missing if CJK_RUN.fullmatch(ch)]
    if cjk:  # printed in the CJK font instead, where it has them
        printable = _glyphs(data_dir("fonts") / CJK_FILE)
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
