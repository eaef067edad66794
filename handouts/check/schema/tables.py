"""A document's declaration as a markdown table, a row per field: the README's and docs' field tables."""

from __future__ import annotations

from handouts.check.schema.fields import (
    ANY_OF,
    BOOLEAN,
    CHOICE,
    DATE,
    INTEGER,
    LIST,
    MAPPING,
    NUMBER,
    STRING,
    TEXT,
    URL,
    Field,
)

_KINDS = {TEXT: "text", STRING: "text", INTEGER: "whole number", NUMBER: "number", BOOLEAN: "true or false",
          DATE: "date", CHOICE: "word", URL: "web address", MAPPING: "mapping", LIST: "list"}
_CATALOGS = {"exercises": "an exercise id", "conditions": "a condition id", "advice": "an advice id",
             "warnings": "a warning sign id", "languages": "a library language", "landmarks": "a landmark"}


def markdown_table(document: Field) -> str:
    rows = ["| field | type | allowed | default | what it is |", "|---|---|---|---|---|"]
    rows += [f"| `{path}` | {_kind(spec)} | {_allowed(spec)} | {_default(spec)} | {spec.about} |"
             for path, spec in _rows(document, "")]
    return "\n".join(rows) + "\n"


def _rows(spec: Field, prefix: str):
    for field in spec.fields:
        path = f"{prefix}{field.name}"
        yield path, field
        yield from _inner(field, path)


def _inner(field: Field, path: str):
    """The keys inside a field: a mapping's, a list's mapping items', a shape's that is a mapping."""
    if field.type == MAPPING:
        yield from _rows(field, f"{path}.")
    elif field.type == LIST:
        yield from _inner(field.items, f"{path}[]")
    elif field.type == ANY_OF:
        for option in field.options:
            yield from _inner(option, path)


def _kind(spec: Field) -> str:
    if spec.type == ANY_OF:
        return " or ".join(dict.fromkeys(_kind(option) for option in spec.options))
    if spec.type == LIST and spec.items.type not in (MAPPING, ANY_OF):
        return f"list of {_kind(spec.items)}"
    return _KINDS[spec.type]


def _allowed(spec: Field) -> str:
    if spec.type == ANY_OF:
        return "; ".join(filter(None, (_allowed(option) for option in spec.options)))
    if spec.type == LIST:
        inner = _allowed(spec.items) if spec.items.type not in (MAPPING, ANY_OF) else ""
        return f"up to {spec.max_items}: {inner}" if spec.max_items else inner
    if spec.catalog:
        return _CATALOGS[spec.catalog]
    if spec.choices:
        return ", ".join(f"`{value}`" for value in spec.choices)
    if spec.lo is not None:
        return f"{_figure(spec.lo)} to {_figure(spec.hi)}{spec.unit}"
    if spec.max_len and spec.type in (TEXT, URL):
        return f"up to {spec.max_len} characters"
    return ""


def _default(spec: Field) -> str:
    if spec.required:
        return "required"
    if spec.shown_default:
        return spec.shown_default
    if spec.default is None or spec.default == "":
        return ""
    return f"`{str(spec.default).lower() if isinstance(spec.default, bool) else spec.default}`"


def _figure(value: float) -> str:
    return f"{value:g}"
