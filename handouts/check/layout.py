"""Themes as data: read layouts/<name>.yaml (and the layouts it `extends:`) into a `Layout`."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from handouts.check.checks import Checker, clean_text, did_you_mean, quoted, show_value
from handouts.check.model import Clinic, Layout
from handouts.check.schema import layout as schema
from handouts.errors import Problem, ValidationError
from handouts.load import confine, infile
from handouts.load.resources import data_dir
from handouts.load.yamlsource import MAX_BYTES, YAML_SUFFIXES, Located, load_yaml
from handouts.preflight import fonts, images

LAYOUT = schema.LAYOUT
# Points, as reportlab reckons them (reportlab.lib.units and pagesizes, to the last bit): written out here so that
# checking a layout loads no reportlab at all.
_INCH = 72.0
mm = _INCH / 2.54 * 0.1
PAGE_SIZES = {"A4": (210 * mm, 297 * mm), "A5": (148 * mm, 210 * mm), "letter": (8.5 * _INCH, 11 * _INCH),
              "legal": (8.5 * _INCH, 14 * _INCH)}
SECTIONS = {spec.name: spec.keys or None for spec in LAYOUT.fields}  # a section's keys; None for a single value
PAGE, MARGINS_MM, CLINIC = LAYOUT["page"], LAYOUT["page"]["margins_mm"], LAYOUT["clinic"]
MARGINS = MARGINS_MM.keys
# Sizes a layout may leave out, and what it then gets (body lines' spacing, a multiple of the body size).
OPTIONAL = {("sizes", key) for key in LAYOUT["sizes"].defaults()} | {("colors", "accent")}  # (section, key)
# Sections of numbers a layout may leave out, each taking its declared default.
MEASURES = ("lines", "padding", "corners")
TEXT_SECTIONS = ("clinic",)  # sections whose values are text, whatever YAML makes of them
TEXT_KEYS = ("name", "emergency_number", "fhir_identifier_system")  # and single values that are
_COLOR = re.compile(schema.COLOR)
_PHONE_NUMBER = re.compile(schema.PHONE_NUMBER)
_URI = re.compile(schema.URI)
MAX_EXTENDS = 8
_FOLDER = "is a folder, not a file; name the layout file inside it"


def layout_names() -> list[str]:
    return sorted(p.stem for p in data_dir("layouts").glob("*.yaml"))


def is_layout_path(value: str) -> bool:
    """`harbor` names a bundled layout; `clinic/harbor.yaml` is a file."""
    return value.endswith(YAML_SUFFIXES) or "/" in value or "\\" in value


def resolve_layout(value: str, plan_dir: Path, allowed: tuple[Path, ...] | None = None) -> Path | None:
    """The layout file `value` names, or None (`not_found` says why)."""
    return locate_layout(value, plan_dir, allowed)[0]


def locate_layout(value: str, base_dir: Path, allowed: tuple[Path, ...] | None = None) -> tuple[Path | None, str]:
    """The layout `value` names (layouts/<name>.yaml) or the file it gives as a path from `base_dir`;
    else None and why ('' when it does not exist: `not_found` words that).

    A path must end in .yaml or .yml and lie in a folder the plan may read (see confine.py): a plan
    cannot make handouts read any other file as its layout, and echo parts of it in error messages.
    """
    if not is_layout_path(value):
        path = data_dir("layouts") / f"{value}.yaml"
        return (path, "") if os.path.isfile(path) else (None, "")
    if not value.lower().endswith(YAML_SUFFIXES):
        return None, ""
    # A path from the plan's folder; failing that, from a brand folder (`layout: lakeside/layout.yaml`).
    path = next((folder / value for folder in (base_dir, *confine.brand_dirs()) if os.path.lexists(folder / value)),
                base_dir / value)
    if not confine.inside(path, allowed or confine.roots(base_dir)):
        return None, f"{quoted(value)} is outside the plan's folder and the brand folders; {confine.HINT}"
    try:
        infile.check(path, MAX_BYTES)
    except infile.Unreadable as exc:
        return None, "" if exc.kind == "missing" else f"layout file {quoted(value)} {exc.say(folder=_FOLDER)}"
    return path, ""


def not_found(value: str) -> str:
    """Why `value` named no layout (resolve_layout gave None), and what to write instead."""
    if not is_layout_path(value):
        return (f"unknown layout {quoted(value)}{did_you_mean(value, layout_names())}; see 'handouts list layouts', "
                "or give a path to a .yaml layout file")
    if not value.lower().endswith(YAML_SUFFIXES):
        return f"{quoted(value)} is not a layout file; a layout path ends in .yaml"
    return (f"layout file {quoted(value)} not found; paths are relative to the plan's folder (a roster's: its "
            "template's)")


@cache
def load_layout(path: Path, allowed: tuple[Path, ...] | None = None) -> Layout:
    """The layout at `path`, merged with its parents and checked: every problem, each in the file that has it.

    `allowed`: the folders its parents, logo and fonts may come from (by default, those of a plan
    beside it).
    """
    allowed = allowed or confine.roots(path.parent)
    check = Checker(str(path))
    merged, positions = _merged(path.resolve(), (), check.problems, allowed)
    return _build(check, path, merged, positions, allowed)


def _merged(path: Path, seen: tuple[Path, ...], problems: list[Problem],
            allowed: tuple[Path, ...]) -> tuple[dict, dict]:
    """The layout's values over its parent's: a variant lists only what differs.

    Misspelt keys are added to `problems` and reported with the rest; a
    parent that cannot be read stops here, as nothing after it would make sense.
    """
    doc = load_yaml(path)
    if not isinstance(doc, Located):
        raise ValidationError([Problem(str(path), "a layout must be a mapping of 'key: value' lines, like "
                                                  "layouts/default.yaml")])
    # Some other YAML file (a `name:` alone is common to many): say so, and show none of what it holds.
    if not set(doc) & (set(SECTIONS) - {"name"}):
        raise ValidationError([Problem(str(path), "is not a layout file (a layout has keys such as extends, "
                                                  "clinic and colors, like layouts/default.yaml)")])
    check = Checker(str(path))
    check.known_keys(doc, SECTIONS, "")
    for section, keys in SECTIONS.items():
        if keys and section in doc and check.mapping(doc[section], section, doc, section) is not None:
            check.known_keys(doc[section], keys, section)
    page = doc.get("page")
    if isinstance(page, Located) and check.mapping(page.get("margins_mm"), "page.margins_mm", page,
                                                   "margins_mm") is not None:
        check.known_keys(page["margins_mm"], MARGINS, "page.margins_mm")
    base, positions = _parent(doc, path, seen, problems, allowed, check)
    problems.extend(check.problems)
    for key, value in doc.items():
        if key == "extends":
            continue
        origin = (str(path), doc.positions.get(key), path.parent)
        if key in TEXT_SECTIONS and isinstance(value, Located):
            # `phone: 01234567` is the text 01234567 and `address: 12:30` the text 12:30, not the numbers YAML
            # reads (342391, 750).
            value, located = {k: value.raw.get(k, v) if isinstance(v, (int, float, bool)) else v
                              for k, v in value.items()}, value
        else:
            if key in TEXT_KEYS and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = doc.raw.get(key, value)  # `emergency_number: 0123` dials 0123, not 83
            located = value
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
            positions[key] = {**positions.get(key, {}), **{k: (str(path), located.positions.get(k), path.parent)
                                                           for k in value}}
        else:
            base[key] = value
            positions[key] = {k: (str(path), located.positions.get(k), path.parent) for k in value} \
                if isinstance(located, Located) else origin
    return base, positions


class _Reading:
    """A merged layout being read: its values may come from different files in the `extends` chain, and each
    mistake is reported where it was written."""

    def __init__(self, check: Checker, path: Path, doc: dict, positions: dict, allowed: tuple[Path, ...]):
        self.check, self.path, self.doc, self.positions, self.allowed = check, path, doc, positions, allowed

    def origin(self, section: str, key: str | None) -> tuple:
        found = self.positions.get(section)
        if key is not None and isinstance(found, dict):
            found = found.get(key)
        return found if isinstance(found, tuple) else (str(self.path), None, self.path.parent)

    def fail(self, section: str, key: str | None, message: str) -> None:
        source, pos, _ = self.origin(section, key)
        line, col = pos if pos else (None, None)
        self.check.problems.append(Problem(source, message, f"{section}.{key}" if key else section, line, col))

    def section(self, name: str) -> dict:
        value = self.doc.get(name)
        return value if isinstance(value, dict) else {}

    def required(self, name: str) -> dict:
        """A section whose every key must be given (here or by a parent); one line lists what is missing."""
        values = self.section(name)
        absent = [key for key in SECTIONS[name] if key not in values and (name, key) not in OPTIONAL]
        if absent:
            self.fail(name, None, f"{', '.join(absent)} missing; add {'it' if len(absent) == 1 else 'them'}, "
                                  "or start the layout with 'extends: default' to take the rest from there")
        return {key: values[key] for key in SECTIONS[name] if key in values}

    def file_of(self, name: str, key: str | None, value: str, default_dir: Path) -> Path | None:
        base_dir = self.origin(name, key)[2]
        # A clinic's own file beside its layout wins over a bundled file of the same name.
        readable = [c for c in (base_dir / value, default_dir / value) if confine.inside(c, self.allowed)]
        for candidate in readable:
            if os.path.lexists(candidate):  # the image or font check says what is wrong with it
                return candidate
        if readable:
            self.fail(name, key, f"{quoted(value)} not found in {default_dir.name}/ or beside the layout")
        else:
            self.fail(name, key, f"{quoted(value)} is outside the layout's folder, the plan's folder and the brand "
                                 f"folders; {confine.HINT}")
        return None


def _parent(doc: Located, path: Path, seen: tuple[Path, ...], problems: list[Problem], allowed: tuple[Path, ...],
            check: Checker) -> tuple[dict, dict]:
    """The merged values of the layout `doc` extends (empty without `extends:`); a parent that cannot be read
    stops here with every problem found so far."""
    parent = doc.get("extends")
    if parent is None:
        return {}, {}
    parent_path, why = locate_layout(str(parent), path.parent, allowed)
    if parent_path is None:
        check.problem(doc, "extends", "extends", why or f"parent layout {quoted(parent)} not found"
                                                        f"{did_you_mean(str(parent), layout_names())}; see "
                                                        "'handouts list layouts', or give a path to a .yaml "
                                                        "layout file")
    elif parent_path.resolve() in seen + (path,):
        check.problem(doc, "extends", "extends", f"{quoted(parent)} leads back to this layout; a chain of "
                                                 "'extends' must end at a layout without one, such as default")
    elif len(seen) >= MAX_EXTENDS:
        check.problem(doc, "extends", "extends", f"the chain of 'extends' is longer than {MAX_EXTENDS + 1} "
                                                 "layouts; extend default (or another bundled layout) sooner")
    else:
        return _merged(parent_path.resolve(), seen + (path,), problems, allowed)
    problems.extend(check.problems)
    raise ValidationError(problems)


def _build(check: Checker, path: Path, doc: dict, positions: dict, allowed: tuple[Path, ...]) -> Layout:
    reading = _Reading(check, path, doc, positions, allowed)
    page_size = _page_size(reading)
    margins = _margins(reading, page_size)
    font_files = _fonts(reading)
    sizes = _numbers(reading, "sizes", reading.required("sizes"))
    colors = _colors(reading)
    logo = _logo(reading)
    clinic = _clinic(reading, font_files)
    measures = {name: _numbers(reading, name, reading.section(name)) for name in MEASURES}
    spec = LAYOUT["cards"]["columns"]
    allowed = " or ".join(map(str, range(spec.lo, spec.hi + 1)))
    columns = _setting(reading, "cards", spec, lambda value: f"must be {allowed}, not {show_value(value)}")
    mono = _setting(reading, "images", LAYOUT["images"]["mono"], _TRUE_OR_FALSE)
    plan_code = _setting(reading, None, LAYOUT["plan_code"], _TRUE_OR_FALSE)
    emergency, system = _emergency_number(reading), _identifier_system(reading)
    name = doc.get("name", path.stem)
    check.raise_if_any()
    return Layout(name=clean_text(str(name)), source=path, page_size=tuple(page_size), margins=margins,
                  fonts=font_files, sizes=sizes, colors=colors, logo=logo, clinic=Clinic(**clinic),
                  card_columns=columns, mono=mono, emergency_number=emergency, fhir_identifier_system=system,
                  plan_code=plan_code, **measures)


def _TRUE_OR_FALSE(value) -> str:
    return f"must be true or false, not {show_value(value)}"


def _setting(reading: _Reading, section: str | None, spec, refusal) -> object:
    """A single declared value (in `section`, or at the top), its default when it is left out or refused."""
    values = reading.section(section) if section else reading.doc
    value = values.get(spec.name, spec.default)
    if not spec.accepts(value):
        reading.fail(section or spec.name, spec.name if section else None, refusal(value))
        return spec.default
    return value


def _page_size(reading: _Reading) -> tuple[float, float]:
    declared = PAGE["size"]
    size = reading.section("page").get("size", declared.default)
    side = declared.options[1].items  # [width_mm, height_mm]: each side's limits
    if isinstance(size, str) and size in PAGE_SIZES:
        return PAGE_SIZES[size]
    if isinstance(size, list) and len(size) == 2 and declared.options[1].accepts(size):
        return (size[0] * mm, size[1] * mm)
    reading.fail("page", "size", f"{show_value(size)} is not a page size; use {', '.join(PAGE_SIZES)} or "
                                 f"[width_mm, height_mm] ({side.lo} to {side.hi} each)")
    return PAGE_SIZES[declared.default]


def _margins(reading: _Reading, page_size: tuple[float, float]) -> tuple[float, ...]:
    margins = reading.section("page").get("margins_mm")
    margins = margins if isinstance(margins, dict) else {}
    values = []
    for margin in MARGINS_MM.fields:
        value = margins.get(margin.name, margin.default)
        if not margin.accepts(value):
            reading.fail("page", "margins_mm", f"{margin.name} must be a number of millimetres from {margin.lo} to "
                                               f"{margin.hi}, not {show_value(value)}")
            value = margin.default
        values.append(value * mm)
    top, right, bottom, left = values
    if page_size[0] - left - right < 100 * mm or page_size[1] - top - bottom < 120 * mm:
        reading.fail("page", "margins_mm", f"the margins leave {(page_size[0] - left - right) / mm:.0f} x "
                                           f"{(page_size[1] - top - bottom) / mm:.0f} mm for the content; it needs at "
                                           "least 100 x 120 mm, so make them smaller")
    return top, right, bottom, left


def _fonts(reading: _Reading) -> dict[str, Path]:
    font_files = {}
    for key, value in reading.required("fonts").items():
        if not isinstance(value, str) or not value.strip():
            reading.fail("fonts", key, f"must name a .ttf file, not {show_value(value)}")
            continue
        found = reading.file_of("fonts", key, value, data_dir("fonts"))
        problem = fonts.problem(found) if found else None
        if problem:
            reading.fail("fonts", key, f"{quoted(value)} {problem}")
        elif found:
            font_files[key] = found
    return font_files


def _colors(reading: _Reading) -> dict[str, str]:
    colors = {}
    for key, value in reading.required("colors").items():
        if value is None:  # `primary: #0F6E7A` unquoted: YAML reads everything from '#' as a comment
            reading.fail("colors", key, "is empty; a '#' starts a comment in YAML, so put the colour in quotes: "
                                        "\"#0F6E7A\"")
        elif not LAYOUT["colors"][key].accepts(value):
            reading.fail("colors", key, f"must be written as \"#RRGGBB\" (in quotes), not {show_value(value)}")
        else:
            colors[key] = value.upper()
    if "accent" not in colors and "primary" in colors:  # a clinic's own primary colour draws its pictures too
        colors["accent"] = colors["primary"]
    return colors


def _logo(reading: _Reading) -> Path | None:
    written = reading.doc.get("logo")
    if written is None:
        return None
    if not (isinstance(written, str) and written.strip()):
        reading.fail("logo", None, f"must name a PNG or JPEG file, not {show_value(written)}")
        return None
    logo = reading.file_of("logo", None, written, data_dir("images"))
    problem = images.problem(logo) if logo else None
    if problem:
        reading.fail("logo", None, f"{quoted(written)} {problem}")
        return None
    return logo


def _clinic(reading: _Reading, font_files: dict[str, Path]) -> dict[str, str | None]:
    given = reading.section("clinic")
    clinic = {}
    for spec in CLINIC.fields:
        value = given.get(spec.name, spec.default)
        if value is None:
            value = spec.default
        if not isinstance(value, (str, int)) or isinstance(value, bool) or len(str(value)) > spec.max_len:
            reading.fail("clinic", spec.name, f"must be one line of text (at most {spec.max_len} characters)")
            value = None  # reported: not also "required"
        clinic[spec.name] = " ".join(clean_text(str(value)).split()) if value is not None else None
    if clinic["name"] == "":
        reading.fail("clinic", "name", "is required; the clinic's name prints on every page")
    if len(font_files) == len(fonts.FACES):  # the clinic's details print on every page, in these faces
        for key, text in clinic.items():
            reason = fonts.why_unprintable(text or "", font_files, ("bold", "regular") if key == "name" else
                                           ("regular",))
            if reason:
                reading.fail("clinic", key, reason)
    return clinic


def _emergency_number(reading: _Reading) -> str:
    written = reading.doc.get("emergency_number")
    emergency = "" if written is None else str(written).strip()
    if emergency and (isinstance(written, bool) or not _PHONE_NUMBER.fullmatch(emergency)):
        reading.fail("emergency_number", None, f"{show_value(written)} is not a phone number; write the number "
                                               "patients call in an emergency, in quotes, e.g. \"911\", \"999\" or "
                                               "\"112\"")
        return ""
    return emergency


def _identifier_system(reading: _Reading) -> str:
    written = reading.doc.get("fhir_identifier_system")
    system = "" if written is None else str(written).strip()
    if system and not _URI.fullmatch(system):
        reading.fail("fhir_identifier_system", None, f"{show_value(system)} is not a URI; write the system your "
                                                     "records system gives its record numbers, e.g. "
                                                     "\"https://clinic.example/mrn\"")
        return ""
    return system


def _numbers(reading: _Reading, name: str, given: dict) -> dict[str, float]:
    """A section of numbers (sizes, line weights, paddings): each given one held to its declared range, the
    others at their declared defaults (a required one without a default is reported as missing elsewhere)."""
    declared = LAYOUT[name]
    out = {key: float(value) for key, value in declared.defaults().items()}
    for spec in declared.fields:
        if spec.name not in given:
            continue
        if spec.accepts(given[spec.name]):
            out[spec.name] = float(given[spec.name])
        else:
            what = "points" if spec.unit == " pt" else spec.unit.strip()
            reading.fail(name, spec.name, f"must be a number of {what} from {spec.lo} to {spec.hi}, not "
                                          f"{show_value(given[spec.name])}")
    return out
