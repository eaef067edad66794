"""Typed reading of YAML values that collects every problem instead of stopping at the first.

One `Checker` serves plans, layouts and the content library alike: each getter
returns a clean value (or None) and records a located `Problem` for anything
wrong, so the user sees every mistake in one run.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from handouts.check.schema import fields
from handouts.errors import MAX_SHOWN, Problem, ValidationError, cut
from handouts.load.yamlsource import Located, LocatedList

_MISSING = object()
_DECIMAL = re.compile(r"[+-]?\d+")
_URL = re.compile(r"https?://[^\s/]+\.[^\s]+", re.IGNORECASE)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close match exists, else ''."""
    import difflib  # here: only a plan with a mistake pays for importing it

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
    def problem(self, container, key, where: str, message: str, *, at_key: bool = False) -> None:
        """Record `message` at the value of `key` in `container` (or at the key itself, for a misspelt key)."""
        line = column = None
        if at_key and isinstance(container, Located) and key in container.key_positions:
            line, column = container.key_positions[key]
        elif isinstance(container, Located) and key in container.positions or isinstance(container, LocatedList) and isinstance(key, int) and key < len(container.positions):
            line, column = container.positions[key]
        elif isinstance(container, (Located, LocatedList)):
            line, column = container.start
        self.problems.append(Problem(self.source, message, where, line, column))

    def raise_if_any(self) -> None:
        if self.problems:
            # This file's problems first, in line order; then those found in files it uses (a layout).
            raise ValidationError(sorted(self.problems, key=lambda p: (p.source != self.source, p.source,
                                                                       p.line or 0, p.column or 0)))

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
                self.problem(mapping, key, where,
                             f"unknown key {show_value(str(key))}{_did_you_mean_or_list(str(key), allowed)}",
                             at_key=True)

    # -- scalars -----------------------------------------------------------
    def _given(self, mapping: Located, key: str, path: str, missing_message: str | bool = False):
        """The value written for `key`, or _MISSING (left out or empty); records `missing_message` if given
        (or, for a key written with nothing after it, that it is empty)."""
        value = mapping.get(key) if mapping is not None else None
        if value is None:
            if missing_message and mapping is not None and key in mapping:
                written = mapping.raw.get(key, "") if isinstance(mapping, Located) else ""
                self.problem(mapping, key, path, "is empty; fill it in" + (
                    f" (YAML reads {written} as nothing: put it in quotes, \"{written}\", if you mean the word)"
                    if written.strip() else ""))
            elif missing_message:
                self.problem(mapping, key, path, missing_message)
            return _MISSING
        return value

    @staticmethod
    def shown(mapping, key: str, value) -> str:
        """`value` as the user typed it: `no` stays no (YAML reads it as false), `0x10` stays 0x10."""
        written = mapping.raw.get(key) if isinstance(mapping, Located) else None
        if isinstance(value, bool) and isinstance(written, str) and written.lower() not in ("true", "false"):
            return show_value(written)  # yes, no, on, off: YAML 1.1's other words for true and false
        if isinstance(value, (int, float)) and not isinstance(value, bool) and isinstance(written, str):
            return cut(written)
        return show_value(value)

    def text(self, mapping: Located, key: str, where: str, *, required=False, max_len=300, default=None,
             multiline=False):
        path = _join(where, key)
        value = self._given(mapping, key, path, required and f"'{key}' is required")
        if value is _MISSING:
            return default
        if isinstance(value, (int, float)):
            # `id: 00123` means the text 00123, `therapist: No` the word No (YAML reads them as 83 and false)
            value = mapping.raw.get(key, str(value)) if isinstance(mapping, Located) else str(value)
        if not isinstance(value, str):
            self.problem(mapping, key, path, f"must be text, not {_kind(value)}")
            return default
        value = clean_text(value)
        if not multiline:
            value = " ".join(value.split())
        if not value:
            if required:
                self.problem(mapping, key, path, "is blank; fill it in")
            return default
        if len(value) > max_len:
            self.problem(mapping, key, path, f"is {len(value)} characters long; keep it under {max_len}")
            return default
        return value

    def url(self, mapping: Located, key: str, where: str, *, max_len=300):
        """A web address a phone can open from a QR code: http(s) only, never javascript:, file: or a path."""
        value = self.text(mapping, key, where, max_len=max_len)
        if value and not _URL.fullmatch(value):
            self.problem(mapping, key, _join(where, key), f"{show_value(value)} is not a web address; write it as "
                                                          "https://...")
            return None
        return value

    def integer(self, mapping: Located, key: str, where: str, *, lo: int, hi: int, default=None,
                required=False, unit=""):
        path = _join(where, key)
        value = self._given(mapping, key, path, required and f"'{key}' is required (a whole number from {lo} to {hi})")
        if value is _MISSING:
            return default
        written = mapping.raw.get(key) if isinstance(mapping, Located) else None
        if isinstance(written, str) and _DECIMAL.fullmatch(written.strip()):
            value = int(written)  # YAML 1.1 reads `reps: 012` as octal 10; a therapist means twelve
        elif isinstance(value, int) and not isinstance(value, bool) and written is not None:
            # 0x10, 1:30 (sexagesimal), 0o17, 1_000: numbers YAML reads, but not as they look
            self.problem(mapping, key, path, f"write {show_value(written)} as a plain whole number from {lo} to "
                                             f"{hi}{unit}")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.problem(mapping, key, path,
                             f"must be a whole number from {lo} to {hi}{unit}, not {self.shown(mapping, key, value)}")
                return default
        if not lo <= value <= hi:
            shown = f"{value}{unit} is" if abs(value) < 10 ** 9 else "a number this large is"  # 1e308: 309 digits
            self.problem(mapping, key, path, f"{shown} out of range; use {lo} to {hi}{unit}")
            return default
        return value

    def choice(self, mapping: Located, key: str, where: str, choices: Iterable[str], *, default=None,
               required=False, hint=""):
        choices = list(choices)
        path = _join(where, key)
        value = self._given(mapping, key, path, required and f"'{key}' is required; use one of {', '.join(choices)}")
        if value is _MISSING:
            return default
        if not isinstance(value, str) or value not in choices:
            self.problem(mapping, key, path, f"{self.shown(mapping, key, value)} is not allowed; use one of "
                                             f"{', '.join(choices)}{hint}{did_you_mean(str(value), choices)}")
            return default
        return value

    def boolean(self, mapping: Located, key: str, where: str, *, default=False):
        value = self._given(mapping, key, where)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(mapping, key, _join(where, key),
                         f"must be true or false, not {self.shown(mapping, key, value)}")
            return default
        return value

    def date(self, mapping: Located, key: str, where: str, *, default=None):
        path = _join(where, key)
        value = self._given(mapping, key, path)
        if value is _MISSING:
            return default
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.problem(mapping, key, path, f"{self.shown(mapping, key, value)} is not a date; write it as "
                                             "YYYY-MM-DD, e.g. 2026-11-24")
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

    # -- declared fields ---------------------------------------------------
    def read(self, mapping: Located, spec: fields.Field, where: str, **known):
        """The field `spec` declares, read by the getter its type names, with its limits and default;
        `known` gives what only the caller knows (a default from the library, a required dosage)."""
        given = {"default": spec.default, "required": spec.required, **known}
        if spec.type == fields.TEXT:
            return self.text(mapping, spec.name, where, max_len=spec.max_len, multiline=spec.multiline, **given)
        if spec.type == fields.INTEGER:
            return self.integer(mapping, spec.name, where, lo=spec.lo, hi=spec.hi, unit=spec.unit, **given)
        if spec.type == fields.CHOICE:
            return self.choice(mapping, spec.name, where, spec.choices, hint=spec.hint, **given)
        if spec.type == fields.URL:
            return self.url(mapping, spec.name, where, max_len=spec.max_len)
        if spec.type == fields.BOOLEAN:
            return self.boolean(mapping, spec.name, where, default=given["default"])
        if spec.type == fields.DATE:
            return self.date(mapping, spec.name, where, default=given["default"])
        raise TypeError(f"no getter reads a {spec.type} field ({spec.name})")


def _did_you_mean_or_list(word: str, allowed: list[str]) -> str:
    """A close match if there is one, else the short list of what is allowed here."""
    return did_you_mean(word, allowed) or f"; use one of {', '.join(allowed)}"


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


def show_value(value) -> str:
    """A value as a message shows it, in YAML's words: text in quotes (control characters escaped, as
    repr does), true/false, anything long cut short."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:  # `key:` with nothing after it
        return "an empty value"
    if isinstance(value, int) and abs(value) > 10 ** MAX_SHOWN:
        return "a number too large to show"  # str() of a very long int is slow, and refused past 4,300 digits
    return cut(repr(value) if isinstance(value, str) else str(value))


def quoted(value) -> str:
    """A value a user typed, in single quotes as messages show names and paths, cut short if long."""
    return f"'{cut(str(value))}'"


