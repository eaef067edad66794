"""A document's declaration as a JSON Schema (draft 2020-12), for editors that complete keys and flag mistakes.

It accepts what the checker accepts, written the way the docs write it; `handouts check` still has the last
word on what only it can know (a photo that is not there, a name the font cannot print).
"""

from __future__ import annotations

import re

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

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_URL = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s/]+\.\S+\s*$"  # checks.py's web address, in ECMA-262 terms
_DATE = r"^\d{4}-\d{2}-\d{2}$"


def json_schema(document: Field, catalogs: dict[str, list[str]]) -> dict:
    """`catalogs`: the ids the content library holds ('exercises' -> [...]): an editor offers them."""
    return {"$schema": DRAFT, "title": f"handouts {document.name}", "description": document.about,
            **_shape(document, catalogs)}


def _shape(spec: Field, catalogs: dict) -> dict:
    kind = spec.type
    if kind == MAPPING:
        out = {"type": "object", "properties": {field.name: _property(field, catalogs) for field in spec.fields},
               "additionalProperties": False}
        required = [field.name for field in spec.fields if field.required]
        return {**out, "required": required} if required else out
    if kind == LIST:
        out = {"type": "array", "items": _shape(spec.items, catalogs)}
        return {**out, "maxItems": spec.max_items} if spec.max_items else out
    if kind == ANY_OF:
        return {"anyOf": [_shape(option, catalogs) for option in spec.options]}
    if kind == CHOICE:
        return {"enum": list(catalogs[spec.catalog] if spec.catalog else spec.choices)}
    if kind in (INTEGER, NUMBER):
        limits = {"minimum": spec.lo, "maximum": spec.hi}
        return {"type": kind, **{key: value for key, value in limits.items() if value is not None}}
    if kind == BOOLEAN:
        return {"type": "boolean"}
    if kind == DATE:
        return {"type": "string", "pattern": _DATE}
    if kind == URL:
        return {"type": "string", "pattern": _URL, "maxLength": spec.max_len}
    if kind in (TEXT, STRING) and spec.catalog and not spec.pattern:
        return {"enum": list(catalogs[spec.catalog])}
    out = {"type": ["string", "number", "boolean"] if kind == TEXT else "string"}
    if spec.pattern and spec.catalog:  # a language tag: one of the library's, alone or in a regional form
        known = "|".join(re.escape(value) for value in catalogs[spec.catalog])
        out["pattern"] = f"^(?:{known})(?:[-_](?:[A-Za-z]{{2}}|[0-9]{{3}}))?$"  # es, es-MX, es_419
    elif spec.pattern:
        out["pattern"] = f"^(?:{spec.pattern})$"
    if spec.catalog:
        out["examples"] = list(catalogs[spec.catalog])
    if spec.max_len:
        out["maxLength"] = spec.max_len
    return out


def _property(spec: Field, catalogs: dict) -> dict:
    out = {"description": spec.about, **_shape(spec, catalogs)}
    if spec.default is not None:
        out["default"] = spec.default
    return _nullable(out) if spec.nullable and not spec.required else out


def _nullable(schema: dict) -> dict:
    """`key:` with nothing after it reads as null; the checker takes it as the key left out."""
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*kinds, "null"]}
