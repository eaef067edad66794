"""A TrueType font, its parsed tables kept on disk so that the next process skips parsing them,
and its latest subsets kept in memory so that the next handout skips cutting them.

reportlab parses a font's character map and widths every time it loads it:
for the four DejaVu faces that is about a third of a plain `handouts build`
(benchmarks/run.py, cold). The result depends only on the font file and the
reportlab version, so it is kept in the user's cache folder (disk_cache.py,
`fonts`), one file per font, named by the font file's path, size,
modification and change times (a font copied back with its old time, as
`cp -p` or a backup does, keeps its size and modification time, not its
change time) and the versions that made it. An entry that is not exactly what was stored for that
key, or no cache folder at all, just means parsing the font again: a fault in the cache is never an error,
and never one that blames the font.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import zlib
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from handouts.render import disk_cache

# What is made again on loading, not stored: the font file's bytes and the objects that are not plain data;
# and the glyph-to-characters map, which only parsing reads and which took most of loading's time.
_FACE_LEFT_OUT = ("_ttf_data", "_pdfScale", "glyphToChar")
_FORMAT = 2  # in the entry's key: a cache file kept by other code is made again
_FONT_LEFT_OUT = ("face", "state", "encoding")


def load_font(name: str, path: Path) -> TTFont:
    """reportlab's TTFont for `path`, registered under `name` by the caller; TTFError/OSError as TTFont's."""
    data = path.read_bytes()
    cache = _cache_file(path)
    kept = disk_cache.load(cache)
    if kept is not None:
        with contextlib.suppress(Exception):  # a state this code cannot restore: parse the font instead
            return _restore(name, kept, data)
    state = _state(TTFont(name, str(path)))
    disk_cache.store(cache, state, keep=32)  # a few layouts' families, four faces each
    return _restore(name, state, data)


class _Face(TTFontFace):
    """A face that remembers the subsets it cut lately, compressed: the handouts of a batch share most
    of theirs (every face but the one that prints the patient's name), and cutting and compressing the
    four subsets is most of what saving a handout costs."""

    def makeSubset(self, subset):
        return self._subset(tuple(subset))[0]

    def addSubsetObjects(self, doc, fontname, subset):
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{self.filename}({fontname})")  # the font file it just added
        if doc.compression and isinstance(stream, PDFStream):
            # Already compressed, by the same zlib call reportlab makes: a Filter tells it so.
            stream.content = self._subset(tuple(subset))[1]
            stream.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
        return descriptor

    @functools.lru_cache(maxsize=32)  # noqa: B019 (fonts live as long as the process) a few dozen subsets of ~40 KB: a few megabytes a process
    def _subset(self, subset: tuple[int, ...]) -> tuple[bytes, bytes]:
        try:
            raw = super().makeSubset(list(subset))
        except Exception:  # noqa: BLE001 (a glyph damaged where fonts.problem does not look: reportlab fails in many ways)
            from handouts.errors import Problem, ValidationError
            from handouts.render.fonts import DAMAGED

            raise ValidationError([Problem(self.filename, DAMAGED)]) from None
        return raw, zlib.compress(raw)


def _cache_file(path: Path) -> disk_cache.Entry | None:
    info = path.stat()
    return disk_cache.entry("fonts", path.stem, f"{path.resolve()} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} "
                                                 f"{reportlab.Version} {sys.version_info[:2]} {_FORMAT}")


def _state(font: TTFont) -> dict:
    """What parsing the font found, as plain data (marshal: several times faster to load than pickle,
    and loading it runs no code)."""
    face = {k: v for k, v in font.face.__dict__.items() if k not in _FACE_LEFT_OUT}
    return {"font": {k: v for k, v in font.__dict__.items() if k not in _FONT_LEFT_OUT},
            "face": {k: v for k, v in face.items() if not isinstance(v, TTFNameBytes)},
            "names": {k: bytes(v) for k, v in face.items() if isinstance(v, TTFNameBytes)}}


def _restore(name: str, state: dict, data: bytes) -> TTFont:
    face = _Face.__new__(_Face)
    face.__dict__.update(state["face"])
    face.__dict__.update({k: TTFNameBytes(v) for k, v in state["names"].items()})
    face._ttf_data = data  # subsets are cut from the file's own bytes
    scale = 1000 / face.unitsPerEm  # reportlab's own scaling of font units to 1/1000 em
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(state["font"])
    font.fontName, font.face, font.encoding, font.state = name, face, TTEncoding(), WeakKeyDictionary()
    return font
