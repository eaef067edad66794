"""Typed reading of YAML values that collects every problem instead of stopping at the first.

One `Checker` serves plans, layouts and the content library alike: each getter
returns a clean value (or None) and records a located `Problem` for anything
wrong, so the user sees every mistake in one run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable

from handouts.errors import Problem, ValidationError
from handouts.yamlsource import Located, LocatedList

_MISSING = object()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def clean_text(value: str) -> str:
    """Drop control characters (they cannot be printed) but keep line breaks and tabs as spaces."""
    value = value.replace("\r\n", "\n").replace("\t", " ")
    return "".join(ch for ch in value if ch == "\n" or unicodedata.category(ch)[0] != "C").strip()


class Checker:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []

    # -- recording ---------------------------------------------------------
    def problem(self, container, key, where: str, message: str) -> None:
        line = column = None
        if isinstance(container, Located) and key in container.positions:
            line, column = container.positions[key]
        elif isinstance(container, LocatedList) and isinstance(key, int) and key < len(container.positions):
            line, column = container.positions[key]
        elif isinstance(container, (Located, LocatedList)):
            line, column = container.start
        self.problems.append(Problem(self.source, message, where, line, column))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationError(sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0)))

    # -- structure ---------------------------------------------------------
    def mapping(self, value, where: str, container=None, key=None) -> Located | None:
        if isinstance(value, Located):
            return value
        if value is not None:
            self.problem(container, key, where, f"must be a mapping of 'key: value' lines, not {_kind(value)}")
        return None

    def known_keys(self, mapping: Located, allowed: Iterable[str], where: str) -> None:
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                self.problem(mapping, key, _join(where, str(key)),
                             f"unknown key '{key}'{did_you_mean(str(key), allowed)}")

    # -- scalars -----------------------------------------------------------
    def text(self, mapping: Located, key: str, where: str, *, required=False, max_len=300, default=None,
             multiline=False):
        value = mapping.get(key, _MISSING) if mapping is not None else _MISSING
        path = _join(where, key)
        if value is _MISSING or value is None:
            if required:
                self.problem(mapping, key, path, f"'{key}' is required")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = mapping.raw.get(key, str(value))  # `id: 00123` means the text 00123
        if not isinstance(value, str):
            self.problem(mapping, key, path, f"must be text, not {_kind(value)}")
            return default
        value = clean_text(value)
        if not multiline:
            value = " ".join(value.split())
        if not value:
            if required:
                self.problem(mapping, key, path, f"'{key}' is blank; write it out")
            return default
        if len(value) > max_len:
            self.problem(mapping, key, path, f"is {len(value)} characters long; keep it under {max_len}")
            return default
        return value

    def integer(self, mapping: Located, key: str, where: str, *, lo: int, hi: int, default=None,
                required=False, unit=""):
        value = mapping.get(key, _MISSING) if mapping is not None else _MISSING
        path = _join(where, key)
        if value is _MISSING or value is None:
            if required:
                self.problem(mapping, key, path, f"'{key}' is required (a whole number from {lo} to {hi})")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.problem(mapping, key, path,
                             f"must be a whole number from {lo} to {hi}{unit}, not {_show(value)}")
                return default
        if not lo <= value <= hi:
            self.problem(mapping, key, path, f"{value}{unit} is out of range; use {lo} to {hi}{unit}")
            return default
        return value

    def choice(self, mapping: Located, key: str, where: str, choices: Iterable[str], *, default=None,
               required=False):
        choices = list(choices)
        value = mapping.get(key, _MISSING) if mapping is not None else _MISSING
        path = _join(where, key)
        if value is _MISSING or value is None:
            if required:
                self.problem(mapping, key, path, f"'{key}' is required; use one of {', '.join(choices)}")
            return default
        if not isinstance(value, str) or value not in choices:
            self.problem(mapping, key, path, f"{_show(value)} is not allowed; use one of "
                                             f"{', '.join(choices)}{did_you_mean(str(value), choices)}")
            return default
        return value

    def boolean(self, mapping: Located, key: str, where: str, *, default=False):
        value = mapping.get(key, _MISSING) if mapping is not None else _MISSING
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.problem(mapping, key, _join(where, key), f"must be true or false, not {_show(value)}")
            return default
        return value

    def date(self, mapping: Located, key: str, where: str, *, default=None):
        value = mapping.get(key, _MISSING) if mapping is not None else _MISSING
        path = _join(where, key)
        if value is _MISSING or value is None:
            return default
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.problem(mapping, key, path, f"{_show(value)} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24")
            return default
        try:
            parsed = dt.date.fromisoformat(text)
        except ValueError:
            self.problem(mapping, key, path, f"{text} is not a real calendar date; check the day and month")
            return default
        if not 1900 <= parsed.year <= 2200:
            self.problem(mapping, key, path, f"{text} is not a plausible date; check the year")
            return default
        return parsed


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _show(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
