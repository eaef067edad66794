"""Safe, short, unique PDF file names built from text a clinic typed (patient names, record ids).

A name is built only from letters, digits and hyphens, so nothing a roster
says can put a file outside the output folder: path separators, '..', control
characters and leading dots cannot survive. Accents become plain ASCII where
Unicode knows how (José -> jose); letters with no ASCII form (李) are kept.
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 60
# Letters that Unicode does not decompose into a base letter plus an accent.
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
                          "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
                          "ı": "i"})
_APOSTROPHES = re.compile(r"['’`´]")  # O'Neil -> oneil, not o-neil
_NOT_NAME = re.compile(r"[^\w]+|_+")
# Names Windows refuses for a file whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}


def slug(text: str, *, lower: bool = True, max_len: int = MAX_STEM) -> str:
    """`text` as letters, digits and single hyphens ('' when nothing printable is left)."""
    text = unicodedata.normalize("NFKD", str(text)).translate(_LETTERS)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NOT_NAME.sub("-", _APOSTROPHES.sub("", text)).strip("-")
    text = unicodedata.normalize("NFC", text.lower() if lower else text)
    return text[:max_len].rstrip("-")


def handout_stem(*, record_id: str | None = None, name: str | None = None, fallback: str) -> str:
    """'MRN-00123_jose-muller' from a record id and a name; `fallback` when both are empty."""
    parts = [part for part in (slug(record_id or "", lower=False, max_len=24), slug(name or "")) if part]
    stem = "_".join(parts)[:MAX_STEM].rstrip("-_") or slug(fallback) or "handout"
    return f"{stem}-" if stem.lower() in _RESERVED else stem


class UniqueNames:
    """Hands out '<stem>.pdf', then '<stem>-2.pdf', ... so two rows never share a file.

    Compared without case: macOS and Windows treat 'Ana.pdf' and 'ana.pdf' as one file.
    """

    def __init__(self, taken: set[str] = frozenset()):
        self._taken = {name.lower() for name in taken}
        self.renamed: set[str] = set()  # the names handed out with '-2', '-3', ...: their stem was taken

    def claim(self, stem: str) -> str:
        name, n = f"{stem}.pdf", 1
        while name.lower() in self._taken:
            n += 1
            name = f"{stem}-{n}.pdf"
        self._taken.add(name.lower())
        if n > 1:
            self.renamed.add(name)
        return name
