"""A TrueType font made from its parsed tables (preflight/fonts.py keeps them, in memory and in the user's
cache folder), and its latest subsets kept in memory so that the next handout skips cutting them.
"""

from __future__ import annotations

import contextlib
import functools
import zlib
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from handouts.errors import Problem, ValidationError
from handouts.preflight import fonts


def load_font(name: str, path: Path) -> TTFont:
    """reportlab's TTFont for `path`, registered under `name` by the caller; a ValidationError naming the file
    when it cannot be read or parsed."""
    state = fonts.tables(path)
    data = path.read_bytes()
    with contextlib.suppress(Exception):  # a kept state this code cannot restore: parse the font instead
        return _restore(name, state, data)
    return _restore(name, fonts.parse(path), data)


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
            raise ValidationError([Problem(self.filename, fonts.DAMAGED)]) from None
        return raw, zlib.compress(raw)


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
