"""The three kinds of error: a user error, a validation error, and everything else.

User and validation errors say what is wrong in one clean line each (`lines`), with no traceback; the
command that meets one prints them and picks the exit status (cli.py: 2). Anything else is a bug and keeps
its traceback. Nothing here knows how it is shown: a terminal, a batch's report or the web page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_SHOWN = 80  # characters of a value a message echoes
BUG = "handouts: internal error. This is a bug; please report it with the traceback above and the command you ran."


def cut(text: str) -> str:
    """`text`, shortened to MAX_SHOWN characters for a message: its start and its end (a path's file
    name) kept, the middle left out."""
    if len(text) <= MAX_SHOWN:
        return text
    half = (MAX_SHOWN - 3) // 2
    return text[:half] + "..." + text[-(MAX_SHOWN - 3 - half):]


def printable(text: str) -> str:
    """`text` safe to print as one terminal line: control characters (escape sequences, line breaks,
    the direction overrides that reorder what a terminal shows) are written out as \\x1b, \\n, \\u202e."""
    return text if text.isprintable() else "".join(map(_escaped, text))


def _escaped(ch: str) -> str:
    if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return ch
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can: its place is data (file, line,
    column, field), put into words only by `_line`, never a string to be split again."""

    source: str  # the file (or a roster row, "roster.csv row 18") as messages name it
    message: str
    where: str = ""  # the field: its key path, e.g. "exercises[2]"
    line: int | None = None  # 1-based
    column: int | None = None

    def __str__(self) -> str:
        return self._line()

    @property
    def path(self) -> tuple:
        """The field as data: 'exercises[2].hold_s' is ('exercises', 2, 'hold_s')."""
        return path_of(self.where)

    def as_warning(self) -> str:
        """The same line for something to look at twice rather than fix: 'plan.yaml:12:18: warning: ...'."""
        return self._line(" warning:")

    def _line(self, label: str = "") -> str:
        place = self.source
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        where = f" {self.where}:" if self.where else ""
        return printable(f"{place}:{label}{where} {self.message}")


class UserError(Exception):
    """Bad input or a bad request: one line. `file`, when given, is the file it is about, kept apart from the
    `reason` so that a caller that already names the file can leave it out."""

    def __init__(self, reason: str, *, file: str | Path | None = None):
        self.reason, self.file = reason, file
        self.message = reason if file is None else f"{file}: {reason}"
        super().__init__(self.message)

    def format_message(self) -> str:
        return printable(self.message)

    def lines(self) -> list[str]:
        """What a terminal shows, a line each."""
        return [f"handouts: {self.format_message()}"]


class DiskFull(UserError):
    """The output's disk (or the user's quota) is full: every later file would fail the same way."""


class ValidationError(UserError):
    """Every problem found in one input file, one line each."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def format_message(self) -> str:
        return self.message  # each line is printable already; the line breaks between them stay

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def path_of(where: str) -> tuple:
    """A field's key path as messages write it ('patient.name', 'exercises[2]') as a tuple of keys and list
    indexes, to compare and shorten as data."""
    return tuple(int(index) if index else key for key, index in _STEP.findall(where))


def nearest(places: dict, path: tuple):
    """What `places` (keyed by path) holds for `path` or, failing that, for the nearest part above it: a value
    left to its default is about the mapping that lacks it. None if no part of it is there."""
    while path and path not in places:
        path = path[:-1]
    return places.get(path)
