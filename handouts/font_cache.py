"""A TrueType font, its parsed tables kept on disk so that the next process skips parsing them.

reportlab parses a font's character map and widths every time it loads it:
for the four DejaVu faces that is about a third of a plain `handouts build`
(benchmarks/run.py, cold). The result depends only on the font file and the
reportlab version, so it is kept in the user's cache folder
(`$XDG_CACHE_HOME/handouts/fonts`, else `~/.cache/handouts/fonts`), one file
per font, named by the font file's path, size and modification time and the
versions that made it (as Python names its bytecode). It holds font tables
only, never anything from a plan. A cache that is missing, unreadable or not
writable just means parsing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

# What is made again on loading, not stored: the font file's bytes and the objects that are not plain data.
_FACE_LEFT_OUT = ("_ttf_data", "_pdfScale")
_FONT_LEFT_OUT = ("face", "state", "encoding")


def load_font(name: str, path: Path) -> TTFont:
    """reportlab's TTFont for `path`, registered under `name` by the caller; TTFError/OSError as TTFont's."""
    data = path.read_bytes()
    cache = _cache_file(path)
    with contextlib.suppress(Exception):  # no cache, or anything wrong with it: parse the font instead
        return _restore(name, marshal.loads(cache.read_bytes()), data)
    font = TTFont(name, str(path))
    _store(cache, font)
    return font


def _cache_file(path: Path) -> Path:
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "handouts" / "fonts"
    info = path.stat()
    key = f"{path.resolve()} {info.st_size} {info.st_mtime_ns} {reportlab.Version} {sys.version_info[:2]}"
    return folder / f"{path.stem}-{hashlib.blake2b(key.encode(), digest_size=12).hexdigest()}.marshal"


def _store(cache: Path, font: TTFont) -> None:
    face = {k: v for k, v in font.face.__dict__.items() if k not in _FACE_LEFT_OUT}
    # Plain data only (marshal: several times faster to load than pickle, and it runs no code).
    state = {"font": {k: v for k, v in font.__dict__.items() if k not in _FONT_LEFT_OUT},
             "face": {k: v for k, v in face.items() if not isinstance(v, TTFNameBytes)},
             "names": {k: bytes(v) for k, v in face.items() if isinstance(v, TTFNameBytes)}}
    with contextlib.suppress(OSError, ValueError):  # ValueError: something marshal cannot keep
        data = marshal.dumps(state)
        cache.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under a temporary name, then renamed: batch workers may store the same font at once.
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, cache)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _restore(name: str, state: dict, data: bytes) -> TTFont:
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state["face"])
    face.__dict__.update({k: TTFNameBytes(v) for k, v in state["names"].items()})
    face._ttf_data = data  # subsets are cut from the file's own bytes
    scale = 1000 / face.unitsPerEm  # reportlab's own scaling of font units to 1/1000 em
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * scale)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(state["font"])
    font.fontName, font.face, font.encoding, font.state = name, face, TTEncoding(), WeakKeyDictionary()
    return font
