"""Themes as data: read layouts/<name>.yaml (and the layouts it `extends:`) into a `Layout`."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from reportlab.lib import pagesizes
from reportlab.lib.units import mm

from handouts.checks import Checker
from handouts.errors import Problem, ValidationError
from handouts.model import Clinic, Layout
from handouts.resources import data_dir
from handouts.yamlsource import Located, load_yaml

PAGE_SIZES = {"A4": pagesizes.A4, "A5": pagesizes.A5, "letter": pagesizes.LETTER, "legal": pagesizes.LEGAL}
SECTIONS = {
    "name": None,
    "extends": None,
    "page": ("size", "margins_mm"),
    "fonts": ("regular", "bold", "italic", "bold_italic"),
    "sizes": ("body", "small", "title", "heading", "card_title"),
    "colors": ("primary", "accent", "text", "muted", "rule", "panel", "ice", "heat", "urgent", "urgent_fill",
               "call", "call_fill"),
    "logo": None,
    "clinic": ("name", "address", "phone", "web"),
    "cards": ("columns",),
    "images": ("mono",),
}
SIZE_LIMITS = {"body": (6, 24), "small": (5, 18), "title": (10, 40), "heading": (8, 30), "card_title": (8, 30)}
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_EXTENDS = 8


def layout_names() -> list[str]:
    return sorted(p.stem for p in data_dir("layouts").glob("*.yaml"))


def resolve_layout(value: str, plan_dir: Path) -> Path | None:
    """A layout is named (layouts/<name>.yaml) or given as a path relative to the plan."""
    if value.endswith((".yaml", ".yml")) or "/" in value or "\\" in value:
        path = (plan_dir / value).expanduser()
        return path if path.is_file() else None
    path = data_dir("layouts") / f"{value}.yaml"
    return path if path.is_file() else None


@cache
def load_layout(path: Path) -> Layout:
    merged, positions = _merged(path.resolve(), ())
    check = Checker(str(path))
    return _build(check, path, merged, positions)


def _merged(path: Path, seen: tuple[Path, ...]) -> tuple[dict, dict]:
    """The layout's values over its parent's: a variant lists only what differs."""
    if path in seen or len(seen) > MAX_EXTENDS:
        raise ValidationError([Problem(str(path), "'extends' goes round in a circle; check the parent names")])
    doc = load_yaml(path)
    if not isinstance(doc, Located):
        raise ValidationError([Problem(str(path), "a layout must be a mapping of 'key: value' lines")])
    check = Checker(str(path))
    check.known_keys(doc, SECTIONS, "")
    for section, keys in SECTIONS.items():
        if keys and section in doc:
            if check.mapping(doc[section], section, doc, section) is not None:
                check.known_keys(doc[section], keys, section)
    check.raise_if_any()
    base, positions = {}, {}
    parent = doc.get("extends")
    if parent is not None:
        parent_path = resolve_layout(str(parent), path.parent)
        if parent_path is None:
            check.problem(doc, "extends", "extends", f"parent layout '{parent}' not found; use one of "
                                                     f"{', '.join(layout_names())} or a path to a layout file")
            check.raise_if_any()
        base, positions = _merged(parent_path.resolve(), seen + (path,))
    for key, value in doc.items():
        if key == "extends":
            continue
        origin = (str(path), doc.positions.get(key), path.parent)
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
            positions[key] = {**positions.get(key, {}), **{k: (str(path), value.positions.get(k), path.parent)
                                                           for k in value}}
        else:
            base[key] = value
            positions[key] = {k: (str(path), value.positions.get(k), path.parent) for k in value} \
                if isinstance(value, Located) else origin
    return base, positions


def _build(check: Checker, path: Path, doc: dict, positions: dict) -> Layout:
    # Values may come from different files in the `extends` chain; report each where it was written.
    def fail(section: str, key: str | None, message: str) -> None:
        origin = positions.get(section)
        if key is not None and isinstance(origin, dict):
            origin = origin.get(key)
        source, pos, _ = origin if isinstance(origin, tuple) else (str(path), None, None)
        line, col = pos if pos else (None, None)
        check.problems.append(Problem(source, message, f"{section}.{key}" if key else section, line, col))

    def file_of(section: str, key: str | None, value: str, default_dir: Path) -> Path | None:
        origin = positions.get(section)
        if key is not None and isinstance(origin, dict):
            origin = origin.get(key)
        base_dir = origin[2] if isinstance(origin, tuple) else path.parent
        for candidate in (default_dir / value, base_dir / value):
            if candidate.is_file():
                return candidate
        fail(section, key, f"file '{value}' not found in {default_dir} or beside the layout")
        return None

    page = doc.get("page") or {}
    size = page.get("size", "A4")
    if isinstance(size, str) and size in PAGE_SIZES:
        page_size = PAGE_SIZES[size]
    elif isinstance(size, list) and len(size) == 2 and all(isinstance(v, (int, float)) for v in size) \
            and all(70 <= v <= 600 for v in size):
        page_size = (size[0] * mm, size[1] * mm)
    else:
        fail("page", "size", f"{size!r} is not a page size; use A4, A5, letter, legal or [width_mm, height_mm]")
        page_size = pagesizes.A4
    margins = page.get("margins_mm") or {}
    values = []
    for side in ("top", "right", "bottom", "left"):
        value = margins.get(side, 15) if isinstance(margins, dict) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 5 <= value <= 60:
            fail("page", "margins_mm", f"margin '{side}' must be a number of millimetres from 5 to 60")
            value = 15
        values.append(value * mm)
    top, right, bottom, left = values
    if page_size[0] - left - right < 100 * mm or page_size[1] - top - bottom < 120 * mm:
        fail("page", "margins_mm", "the margins leave too little room for the content; make them smaller")

    fonts = {}
    for key in SECTIONS["fonts"]:
        value = (doc.get("fonts") or {}).get(key)
        if not isinstance(value, str):
            fail("fonts", key, f"font '{key}' must name a .ttf file")
            continue
        found = file_of("fonts", key, value, data_dir("fonts"))
        if found:
            fonts[key] = found

    sizes = {}
    for key, (lo, hi) in SIZE_LIMITS.items():
        value = (doc.get("sizes") or {}).get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            fail("sizes", key, f"size '{key}' must be a number of points from {lo} to {hi}")
        else:
            sizes[key] = float(value)

    colors = {}
    for key in SECTIONS["colors"]:
        value = (doc.get("colors") or {}).get(key)
        if not isinstance(value, str) or not _COLOR.fullmatch(value):
            fail("colors", key, f"colour '{key}' must be written as \"#RRGGBB\" (in quotes), not {value!r}")
        else:
            colors[key] = value.upper()

    logo = None
    if doc.get("logo") is not None:
        if isinstance(doc["logo"], str):
            logo = file_of("logo", None, doc["logo"], data_dir("images"))
        else:
            fail("logo", None, "must name an image file")

    clinic_doc = doc.get("clinic") or {}
    clinic = {}
    for key in SECTIONS["clinic"]:
        value = clinic_doc.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, (str, int)) or len(str(value)) > 120:
            fail("clinic", key, f"clinic {key} must be one line of text")
            value = ""
        clinic[key] = " ".join(str(value).split())
    if not clinic["name"]:
        fail("clinic", "name", "the clinic name is required")

    columns = (doc.get("cards") or {}).get("columns", 1)
    if columns not in (1, 2) or isinstance(columns, bool):
        fail("cards", "columns", "cards.columns must be 1 or 2")
        columns = 1
    mono = (doc.get("images") or {}).get("mono", False)
    if not isinstance(mono, bool):
        fail("images", "mono", "images.mono must be true or false")
        mono = False
    name = doc.get("name", path.stem)
    check.raise_if_any()
    return Layout(name=str(name), source=path, page_size=tuple(page_size), margins=(top, right, bottom, left),
                  fonts=fonts, sizes=sizes, colors=colors, logo=logo, clinic=Clinic(**clinic),
                  card_columns=columns, mono=mono)
