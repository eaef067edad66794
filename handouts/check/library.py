"""The content library: exercises, advice, warning signs, conditions and the layout's words, as data.

Files live in library/<language>/ (see its README). They are read once per
process and checked with the same `Checker` as plans, so a clinic that edits
them gets located one-line messages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from handouts.check.checks import Checker, did_you_mean, show_value
from handouts.check.items import (
    CONDITION_TEXTS,
    SOURCE_LANGUAGE,
    THERMAL_WORDS,
    need_caption,
    read_item,
    text_list,
    with_pose_labels,
)
from handouts.check.model import (
    AdviceItem,
    Condition,
    Dosage,
    Exercise,
    Library,
    SafetyLine,
    ThermalText,
    WarningSign,
)
from handouts.check.schema.library import (
    ADVICE,
    CONDITION,
    DEFAULT_CONDITION,
    EQUIPMENT,
    EXERCISE,
    REGIONS,
    THERMAL_TEXT,
    WARNING,
)
from handouts.check.strings import PHRASES, read_strings
from handouts.errors import Problem, UserError, ValidationError
from handouts.load.resources import data_dir
from handouts.load.yamlsource import Located, LocatedList, load_yaml

DOSAGE = EXERCISE["dosage"].fields
SAFETY_LINE = THERMAL_TEXT["safety"].items
_RESTORE = "add {them} back; every phrase the handout prints needs a line (see the strings.yaml handouts comes with)"


# A language written in more than one script has a library per script; a tag without one reads the script its
# region writes (CLDR's likely subtags: zh-TW is Hant), else the one most readers use.
SCRIPTS = {"zh": ("Hans", {"TW": "Hant", "HK": "Hant", "MO": "Hant"})}


def library_language(tag: str) -> str:
    """The library a language tag reads: 'es' for 'es-MX', 'zh-Hans' for 'zh', 'zh-CN' or 'zh-Hans-CN'."""
    language, *rest = tag.strip().replace("_", "-").split("-")
    language = language.lower()
    if language not in SCRIPTS:
        return language
    likely, by_region = SCRIPTS[language]
    script = next((part.title() for part in rest if len(part) == 4), None)
    return f"{language}-{script or next((by_region[p.upper()] for p in rest if p.upper() in by_region), likely)}"


def languages() -> list[str]:
    root = data_dir("library")
    return sorted(p.name for p in root.iterdir() if (p / "exercises").is_dir())


@cache
def load_library(language: str = "en") -> Library:
    root = data_dir("library") / language
    if not (root / "exercises").is_dir():
        raise UserError(f"no content library for '{language}'; use one of {', '.join(languages())}")
    if language != SOURCE_LANGUAGE:
        from handouts.check.translation import translate  # only a handout in another language pays for it

        return translate(load_library(SOURCE_LANGUAGE), language, root)
    exercises = {}
    for path in sorted((root / "exercises").glob("*.yaml")):
        exercise = _exercise(path)
        exercises[exercise.id] = exercise
    advice = {a.id: a for a in _list_file(root / "advice.yaml", _advice)}
    warnings = {w.id: w for w in _list_file(root / "warnings.yaml", _warning)}
    conditions = {}
    for path in sorted((root / "conditions").glob("*.yaml")):
        condition = _condition(path, advice, warnings, exercises)
        conditions[condition.id] = condition
    if DEFAULT_CONDITION not in conditions:
        raise UserError(f"{root / 'conditions'}: no '{DEFAULT_CONDITION}.yaml'; every library needs the default "
                        "condition")
    strings = read_strings(root / "strings.yaml", PHRASES, _RESTORE)
    return Library(language=language, exercises=with_pose_labels(exercises, strings), advice=advice,
                   warnings=warnings, thermal=_thermal(root / "thermal.yaml"), strings=strings, conditions=conditions)


def dosage_from(check: Checker, mapping: Located, where: str, base: Dosage | None) -> Dosage | None:
    """Read a dosage; any field left out takes `base` (the library default)."""
    values = {spec.name: check.read(mapping, spec, where, default=getattr(base, spec.name) if base else None,
                                    required=base is None) for spec in DOSAGE}
    if any(v is None for v in values.values()):
        return None
    return Dosage(**values)


def _exercise(path: Path) -> Exercise:
    check, doc, ident = read_item(path, EXERCISE.keys, "an exercise")
    dosage_map = check.mapping(doc.get("dosage"), "dosage", doc, "dosage")
    if dosage_map is None:
        check.problem(doc, "dosage", "dosage", "'dosage' is required (hold_s, reps, sets, per_day, side)")
    image = check.read(doc, EXERCISE["image"], "")
    exercise = Exercise(
        id=ident,
        **{key: check.read(doc, EXERCISE[key], "") for key in ("title", "purpose", "region", "position")},
        steps=text_list(check, doc, "steps", required=True),
        dosage=dosage_from(check, dosage_map, "dosage", None) if dosage_map is not None else None,
        cautions=text_list(check, doc, "cautions"),
        equipment=_equipment(check, doc),
        image=data_dir("images") / image if image else None,
        video=check.read(doc, EXERCISE["video"], ""),
        also_regions=_optional(check, doc, "also_regions", {region: region for region in REGIONS}, "region"),
    )
    check.raise_if_any()
    return exercise


def _equipment(check: Checker, doc: Located) -> tuple[str, ...]:
    """`equipment: none`, one thing (`equipment: chair`) or a list of them (`[ball, wall]`)."""
    value = doc.get("equipment")
    if value is None:
        check.problem(doc, "equipment", "equipment",
                      f"'equipment' is required; use none or one or more of {', '.join(EQUIPMENT[1:])}")
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        check.problem(doc, "equipment", "equipment", "must be none, one thing or a list like [ball, wall]")
        return ()
    for index, item in enumerate(items):
        if item not in EQUIPMENT:
            where, container, key = (("equipment", doc, "equipment") if isinstance(value, str)
                                     else (f"equipment[{index}]", items, index))
            check.problem(container, key, where, f"{show_value(item)} is not allowed; use one of "
                                                 f"{', '.join(EQUIPMENT)}{did_you_mean(str(item), EQUIPMENT)}")
            return ()
    if "none" in items and len(items) > 1:
        check.problem(doc, "equipment", "equipment", "'none' cannot go with other equipment; drop one of them")
        return ()
    return tuple(items)


def _list_file(path: Path, read_one):
    check = Checker(str(path))
    items = load_yaml(path, library=True)
    if not isinstance(items, LocatedList):
        raise ValidationError([Problem(str(path), "must be a list of items (each starting with '- ')")])
    out = [read_one(check, item, f"[{i}]", items, i) for i, item in enumerate(items)]
    check.raise_if_any()
    return out


def _entries_of(kind, declared):
    """A reader of one list entry whose fields are all declared (an advice item, a warning sign)."""

    def read(check: Checker, item, where: str, items, index):
        item = check.mapping(item, where, items, index)
        if item is None:
            return None
        check.known_keys(item, declared.keys, where)
        return kind(*(check.read(item, spec, where) for spec in declared.fields))

    return read


_warning = _entries_of(WarningSign, WARNING)


def _advice(check: Checker, item, where: str, items, index):
    advice = _entries_of(AdviceItem, ADVICE)(check, item, where, items, index)
    if advice is not None:
        need_caption(check, item, where, advice.picture, advice.caption)
    return advice


def _condition(path: Path, advice: dict, warnings: dict, exercises: dict) -> Condition:
    check, doc, ident = read_item(path, CONDITION.keys, "a condition")
    condition = Condition(
        id=ident, **{key: check.read(doc, CONDITION[key], "") for key in CONDITION_TEXTS},
        advice=_named(check, doc, "advice", advice, "advice item"),
        warnings=_named(check, doc, "warnings", warnings, "warning sign"),
        neck_warnings=_optional(check, doc, "neck_warnings", warnings, "warning sign"),
        program=tuple(exercise.id for exercise in _optional(check, doc, "program", exercises, "exercise")),
    )
    if not any(sign.tier == "urgent" for sign in condition.warnings):
        check.problem(doc, "warnings", "warnings", "names no 'urgent' warning sign; every condition has red flags")
    check.raise_if_any()
    return condition


def _optional(check: Checker, doc: Located, key: str, items: dict, what: str) -> tuple:
    """A list of ids that may be left out, as the items they name."""
    return _named(check, doc, key, items, what) if key in doc else ()


def _named(check: Checker, doc: Located, key: str, items: dict, what: str) -> tuple:
    """A condition's list of advice or warning ids, as the items they name."""
    ids = doc.get(key)
    if not isinstance(ids, LocatedList) or not ids:
        check.problem(doc, key, key, f"'{key}' is required: a list of {what} ids, like [{next(iter(items), 'id')}]")
        return ()
    out = []
    for index, ident in enumerate(ids):
        if not isinstance(ident, str) or ident not in items:
            check.problem(ids, index, f"{key}[{index}]", f"unknown {what} '{ident}'{did_you_mean(str(ident), items)}")
        elif items[ident] not in out:
            out.append(items[ident])
    return tuple(out)


def _thermal(path: Path) -> ThermalText:
    check = Checker(str(path))
    doc = check.mapping(load_yaml(path, library=True), "") or Located()
    fields = {key: check.read(doc, THERMAL_TEXT[key], "") for key in THERMAL_WORDS}
    safety = doc.get("safety") or LocatedList()
    if not isinstance(safety, LocatedList):
        check.problem(doc, "safety", "safety", "must be a list of lines (each starting with '- ')")
        safety = LocatedList()
    lines = []
    for i, item in enumerate(safety):
        if check.mapping(item, f"safety[{i}]", safety, i) is not None:
            check.known_keys(item, SAFETY_LINE.keys, f"safety[{i}]")
            line = SafetyLine(*(check.read(item, spec, f"safety[{i}]") for spec in SAFETY_LINE.fields if spec.name != "id"))
            need_caption(check, item, f"safety[{i}]", line.picture, line.caption)
            lines.append(line)
    lines = tuple(lines)
    check.raise_if_any()
    return ThermalText(safety=lines, **fields)
