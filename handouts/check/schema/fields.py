"""A field of an input document, declared as data: plain objects, cheap to import."""

from __future__ import annotations

import math
import re

# text: what a person writes (a number or true/false is taken as written); string: a name, a path or a form
TEXT, STRING, INTEGER, NUMBER, BOOLEAN, DATE, CHOICE, URL, MAPPING, LIST, ANY_OF = (
    "text", "string", "integer", "number", "boolean", "date", "choice", "url", "mapping", "list", "any of")


class Field:
    """One field: what it is, its limits, its default. Made once at import and never changed.

    A plain class rather than a dataclass: start-up pays for every declaration, and a frozen dataclass of
    this many attributes takes a few milliseconds longer to define and to fill than this does.
    """

    default = None
    required = False
    lo: float | None = None  # integer and number
    hi: float | None = None
    unit = ""  # ' seconds': how a message and the docs say the number
    max_len: int | None = None  # text, in characters
    multiline = False
    choices: tuple = ()  # choice: fixed values
    catalog = ""  # choice: the values come from the content library (exercises, conditions, ...)
    pattern = ""  # text: the form it must have (a regular expression, matched whole)
    hint = ""  # choice: added to the message for a value not allowed
    fields: tuple[Field, ...] = ()  # mapping: its keys, in the order the docs list them
    items: Field | None = None  # list: what each item is
    max_items: int | None = None
    options: tuple[Field, ...] = ()  # any of: the shapes it may take
    shown_default = ""  # the docs' words for a default worked out at run time ('today')
    nullable = True  # whether `key:` left empty is the same as leaving the key out
    keys: tuple[str, ...] = ()  # a mapping's field names, worked out once

    def __init__(self, name: str, type: str, about: str, **options):
        """`type`: one of the names above (the getter that reads it, the JSON type it becomes); `about`: one
        line for the docs and the editor's tooltip; `options`: the class attributes above that differ."""
        misspelt = set(options) - _OPTIONS
        if misspelt:
            raise TypeError(f"{name}: no option {', '.join(sorted(misspelt))}")
        self.__dict__.update(options, name=name, type=type, about=about)
        if self.fields:
            self.__dict__["keys"] = tuple(spec.name for spec in self.fields)

    def __setattr__(self, key, value):
        raise AttributeError(f"{self.name}: a declared field does not change")

    def __getitem__(self, name: str) -> Field:
        """A mapping's field by name: `PLAN["thermal"]["ice"]`."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        for option in self.options:  # a key of the mapping among the shapes
            if option.type == MAPPING:
                return option[name]
        raise KeyError(name)

    def accepts(self, value) -> bool:
        """Whether `value` is one this field allows: its type, range, choices, form or length, and for a list
        or any-of, its items or one of its shapes. The readers word the refusal in their own terms."""
        return _ACCEPTS[self.type](self, value)

    def defaults(self) -> dict:
        """The mapping's fields that have a default, with it: the standard values a new plan writes out."""
        return {spec.name: spec.default for spec in self.fields if spec.default is not None}


_OPTIONS = {key for key in vars(Field) if not key.startswith("_") and key not in ("keys", "defaults", "accepts")}


def _is_number(value) -> bool:
    """A plain finite number: true and false are not, nor YAML's .inf and .nan."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _in_range(spec: Field, value) -> bool:
    return _is_number(value) and (spec.lo is None or spec.lo <= value) and (spec.hi is None or value <= spec.hi)


def _string(spec: Field, value) -> bool:
    return isinstance(value, str) and (not spec.pattern or re.fullmatch(spec.pattern, value) is not None) and (
        spec.max_len is None or len(value) <= spec.max_len)


def _listing(spec: Field, value) -> bool:
    return isinstance(value, list) and (spec.max_items is None or len(value) <= spec.max_items) and all(
        spec.items.accepts(item) for item in value)


_ACCEPTS = {
    NUMBER: _in_range,
    INTEGER: lambda spec, value: _in_range(spec, value) and float(value).is_integer(),
    BOOLEAN: lambda spec, value: isinstance(value, bool),
    CHOICE: lambda spec, value: isinstance(value, str) and (not spec.choices or value in spec.choices),
    TEXT: _string, STRING: _string, URL: _string, DATE: lambda spec, value: True,
    MAPPING: lambda spec, value: isinstance(value, dict),
    LIST: _listing,
    ANY_OF: lambda spec, value: any(option.accepts(value) for option in spec.options),
}


def text(name, about, *, max_len=300, **more) -> Field:
    return Field(name, TEXT, about, max_len=max_len, **more)


def string(name, about, **more) -> Field:
    return Field(name, STRING, about, **more)


def integer(name, about, lo, hi, **more) -> Field:
    return Field(name, INTEGER, about, lo=lo, hi=hi, **more)


def number(name, about, lo, hi, **more) -> Field:
    return Field(name, NUMBER, about, lo=lo, hi=hi, **more)


def choice(name, about, choices=(), **more) -> Field:
    return Field(name, CHOICE, about, choices=tuple(choices), **more)


def boolean(name, about, *, default=False, **more) -> Field:
    return Field(name, BOOLEAN, about, default=default, **more)


def date(name, about, **more) -> Field:
    return Field(name, DATE, about, **more)


def url(name, about, *, max_len=300) -> Field:
    return Field(name, URL, about, max_len=max_len)


def mapping(name, about, *fields: Field, **more) -> Field:
    return Field(name, MAPPING, about, fields=fields, **more)


def listing(name, about, items: Field, **more) -> Field:
    return Field(name, LIST, about, items=items, **more)


def any_of(name, about, *options: Field, **more) -> Field:
    return Field(name, ANY_OF, about, options=options, **more)
