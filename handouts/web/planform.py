"""The page's form and the plan file, both ways.

The form's fields are named after the plan's own paths (`patient.name`, `thermal.ice.minutes`);
the picked exercises are rows of `ex.<key>` fields in the therapist's order. Three steps:

    form fields --values_from_form--> values --plan_dict--> plan dict --plan_yaml--> plan.yaml text
    a plan file's dict --values_from_plan--> values   (an uploaded plan, or the blank page)

The plan text is what gets checked, previewed and printed, and what the page lets the therapist
download: `handouts build` on that file gives the same PDF.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from handouts.check.library import DEFAULT_CONDITION
from handouts.check.model import Library
from handouts.check.schema.library import DOSAGE_KEYS
from handouts.check.schema.plan import PHASES, THERMAL
from handouts.errors import ValidationError
from handouts.load.yamlsource import parse_yaml

EXERCISE_DOSAGE = DOSAGE_KEYS
# Carried through the form unchanged (the page has no control for them): a photo and a video link.
EXERCISE_CARRIED = ("image", "video")
# Each phase's fields and the schedule a new form starts with: the plan checker's defaults.
THERMAL_PHASES = {phase: spec.defaults() for phase, spec in PHASES.items()}
WAKING_HOURS = THERMAL["waking_hours"].default
# The form's one-line fields, by the plan path they fill.
TEXT_FIELDS = ("layout", "language", "condition", "title", "patient.name", "patient.id", "therapist", "date",
               "next_visit", "notes", "thermal.injury_date", "thermal.waking_hours",
               *(f"thermal.{phase}.{key}" for phase, keys in THERMAL_PHASES.items() for key in keys))
# Tick boxes: the chart, each of its phases (unticked: `ice: none`), the log page.
FLAGS = ("thermal", "thermal.ice", "thermal.heat", "log")
# The plan keys the form has fields for; any other key of an opened plan (one the page does not know
# yet) is carried through unchanged, so opening and saving a plan never drops part of it.
FORM_KEYS = ("layout", "language", "condition", "title", "patient", "therapist", "date", "next_visit", "exercises",
             "thermal", "advice", "warnings", "notes", "log")
_WHOLE = re.compile(r"\s*\d{1,6}\s*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def blank_values(library: Library, today: dt.date) -> dict:
    """The form for a new patient: today's date, the standard ice-then-heat chart, advice and warnings."""
    return values_from_plan({"date": today.isoformat(), "thermal": {}}, library)


def values_from_plan(raw: dict, library: Library) -> dict:
    """The form's values for a plan as written (before checking, so a wrong value shows as written)."""
    patient = _mapping(raw.get("patient"))
    thermal = _mapping(raw.get("thermal"))
    condition = condition_of(_text(raw.get("condition")), library)
    kept = {key: _plain(value) for key, value in raw.items() if key not in FORM_KEYS}
    values = {key: _text(raw.get(key)) for key in ("title", "therapist", "date", "next_visit", "notes")}
    values.update({
        "kept": yaml.safe_dump(kept, sort_keys=False, allow_unicode=True) if kept else "",
        "layout": _text(raw.get("layout")) or "default",
        "language": _language_text(raw.get("language")) or "en",
        "condition": _text(raw.get("condition")) or condition.id,
        "patient.name": _text(patient.get("name")),
        "patient.id": _text(patient.get("id")),
        "log": raw.get("log") is True,
        "thermal": isinstance(raw.get("thermal"), dict),
        "thermal.injury_date": _text(thermal.get("injury_date")),
        "thermal.waking_hours": _text(thermal.get("waking_hours")) or WAKING_HOURS,
        "advice": _picked(raw.get("advice", "standard"), library.advice, condition.advice),
        "warnings": _picked(raw.get("warnings", "standard"), library.warnings, condition.warnings),
        "exercises": [row for row in (_row(item, library) for item in _listed(raw.get("exercises"))) if row],
    })
    for phase, defaults in THERMAL_PHASES.items():
        given = thermal.get(phase)
        values[f"thermal.{phase}"] = not (isinstance(given, str) and given.strip().lower() == "none")
        for key, default in defaults.items():
            values[f"thermal.{phase}.{key}"] = _text(_mapping(given).get(key, default))
    return values


def values_from_form(form) -> dict:
    """The values a posted form holds (`form` is a multi-dict: `getlist` gives a row field in page order)."""
    values = {key: form.get(key, "").strip() for key in TEXT_FIELDS}
    values.update({flag: form.get(flag) == "on" for flag in FLAGS})
    values["kept"] = form.get("kept", "")
    values["advice"] = list(form.getlist("advice"))
    values["warnings"] = list(form.getlist("warnings"))
    columns = {key: form.getlist(f"ex.{key}") for key in ("id",) + EXERCISE_DOSAGE + ("note",) + EXERCISE_CARRIED}
    values["exercises"] = [{key: (column[i].strip() if i < len(column) else "") for key, column in columns.items()}
                           for i in range(len(columns["id"]))]
    return values


def plan_dict(values: dict, library: Library) -> dict:
    """The plan file's contents for the form's values: only what differs from a default is written
    out per exercise, so the file reads like one a therapist would write."""
    condition = condition_of(values["condition"], library)
    plan: dict = {"layout": values["layout"] or "default", "language": _language(values["language"]),
                  "condition": values["condition"] or condition.id}
    plan.update(_kept(values["kept"]))
    if values["title"]:
        plan["title"] = values["title"]
    if values["patient.name"] or values["patient.id"]:
        plan["patient"] = {"name": values["patient.name"]}
        if values["patient.id"]:
            plan["patient"]["id"] = values["patient.id"]
    if values["therapist"]:
        plan["therapist"] = values["therapist"]
    for key in ("date", "next_visit"):
        if values[key]:
            plan[key] = _date(values[key])
    if values["exercises"] or "phases" not in plan:  # a program in phases, carried through, has its own lists
        plan["exercises"] = [_entry(row, library) for row in values["exercises"]]
    if values["thermal"]:
        plan["thermal"] = _thermal(values)
    plan["advice"] = _choice(values["advice"], condition.advice)
    plan["warnings"] = _choice(values["warnings"], condition.warnings)
    if values["notes"]:
        plan["notes"] = values["notes"]
    if values["log"]:
        plan["log"] = True
    return plan


def condition_of(ident: str, library: Library):
    """The condition the form names, or the default one while it names none the library has (the checker
    says so beside the field)."""
    return library.conditions.get(ident) or library.conditions[DEFAULT_CONDITION]


def plan_yaml(plan: dict) -> str:
    """The plan as the text of a plan file."""
    body = yaml.safe_dump(plan, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100)
    return "# Made on the handouts page. Print it again with: handouts build <this file>\n" + body


def _entry(row: dict, library: Library):
    """A bare id when the row keeps the library's dosage and adds nothing, else a mapping of what differs."""
    exercise = library.exercises.get(row["id"])
    entry: dict = {"id": row["id"]}
    for key in EXERCISE_DOSAGE:
        default = getattr(exercise.dosage, key) if exercise else None
        value = _number(row[key], None) if key != "side" else row[key]
        if value not in ("", None) and value != default:
            entry[key] = value
    for key in ("note",) + EXERCISE_CARRIED:
        if row[key]:
            entry[key] = row[key]
    return entry if len(entry) > 1 else row["id"]


def _row(item, library: Library) -> dict | None:
    """One picked exercise's row, its dosage filled in from the library where the plan leaves it out."""
    given = item if isinstance(item, dict) else {"id": item}
    ident = _text(given.get("id"))
    if not ident:
        return None
    exercise = library.exercises.get(ident)
    row = {"id": ident}
    for key in EXERCISE_DOSAGE:
        default = getattr(exercise.dosage, key) if exercise else ""
        row[key] = _text(given.get(key, default))
    for key in ("note",) + EXERCISE_CARRIED:
        row[key] = _text(given.get(key))
    return row


def _listed(value) -> list:
    return value if isinstance(value, list) else []


def _thermal(values: dict) -> dict:
    thermal: dict = {}
    if values["thermal.injury_date"]:
        thermal["injury_date"] = _date(values["thermal.injury_date"])
    for phase, defaults in THERMAL_PHASES.items():
        thermal[phase] = ({key: _number(values[f"thermal.{phase}.{key}"], default) for key, default in defaults.items()}
                          if values[f"thermal.{phase}"] else "none")
    thermal["waking_hours"] = values["thermal.waking_hours"] or WAKING_HOURS
    return thermal


def _picked(value, choices: dict, standard: tuple) -> list[str]:
    """The ids a plan's `advice:` or `warnings:` picks, for the form's tick boxes."""
    if value == "standard":
        return [item.id for item in standard]
    if value == "all":
        return list(choices)
    if isinstance(value, list):
        return [str(ident) for ident in value]
    return []


def _choice(ticked: list[str], standard: tuple):
    """`standard` or `none` when the ticks are exactly that, else the list (unknown ids are kept, to be reported)."""
    if not ticked:
        return "none"
    if set(ticked) == {item.id for item in standard}:
        return "standard"
    return ticked


def _language_text(value) -> str:
    """A plan's language as the form shows it: 'en', or 'es, en' for a two-language handout ([es, en])."""
    return ", ".join(map(_text, value)) if isinstance(value, list) else _text(value)


def _language(text: str):
    """The form's language back as the plan writes it: a tag, or a list of tags for a two-language handout."""
    tags = [tag.strip() for tag in text.split(",") if tag.strip()]
    return tags if len(tags) > 1 else (tags[0] if tags else "en")


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _number(text: str, default):
    """A whole number as a number; anything else as typed, so the checker names the field and the fix."""
    if text == "":
        return default
    return int(text) if _WHOLE.fullmatch(text) else text


def _date(text: str):
    """A well-formed date as a date (written bare in the plan); anything else as typed, for the checker."""
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    return text


def _kept(text: str) -> dict:
    """The keys the form carries unchanged. The page wrote them, but the browser sends them back: read them
    with the plan's own bounded reader, and drop anything else a changed page might send."""
    try:
        kept = _plain(parse_yaml(text, "kept")) if text else {}
    except ValidationError:
        return {}
    return {key: value for key, value in kept.items() if key not in FORM_KEYS} if isinstance(kept, dict) else {}


def _plain(value):
    """A value read with its positions (Located, LocatedList) as plain dicts and lists, for yaml.safe_dump."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
