"""Load and check a plan file (the format in the README, "The plan") into a frozen `Plan`.

Every problem is collected and reported together, each with its line and
column, before anything is drawn.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from handouts.check.checks import Checker, clean_text, did_you_mean, quoted, show_value
from handouts.check.layout import load_layout, locate_layout, not_found, resolve_layout
from handouts.check.library import SOURCE_LANGUAGE, dosage_from, languages, library_language, load_library
from handouts.check.model import HeatPhase, IcePhase, Patient, Phase, Plan, PlannedExercise, ThermalPlan
from handouts.check.schema.layout import LAYOUT
from handouts.check.schema.library import DEFAULT_CONDITION
from handouts.check.schema.plan import (
    EXERCISE_ENTRY,
    LANGUAGE_TAG,
    MAX_EXERCISES,
    PHASE,
    PHASE_START,
    PHASES,
    PLAN,
    THERMAL,
    WAKING_HOURS,
)
from handouts.errors import Problem, ValidationError
from handouts.load import confine
from handouts.load.resources import data_dir
from handouts.load.yamlsource import Located, LocatedList, load_yaml, parse_yaml, positions_of
from handouts.preflight import fonts, images
from handouts.preflight.sessions import heat_fits, session_seconds

_LANGUAGE_TAG = re.compile(LANGUAGE_TAG)
PATIENT = PLAN["patient"]
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_DAILY_HOURS = 8
# YAML folds a '- id' line indented deeper than the one above into the previous id.
_FOLDED = "line the '- ' entries up under each other, one id per line"
_HOURS = re.compile(WAKING_HOURS)
_PLAN_ONLY = set(PLAN.keys) - set(LAYOUT.keys)  # a key both may hold (plan_code) tells neither from the other
_PHASE_START = re.compile(PHASE_START)


def load_plan(path: Path, *, today: dt.date | None = None, overrides: dict | None = None,
              source: str | None = None, text: str | None = None) -> Plan:
    """Read `path` and check it. `overrides` (from a roster row) replace top-level values.

    `text` is the plan when it is not in a file (the web page's): `path` then only places it, for a
    layout or photo named relative to the plan's folder.
    """
    raw = load_yaml(path, source=source) if text is None else parse_yaml(text, source or str(path))
    if overrides:
        raw = _apply(raw, overrides)
    return check_plan(raw, path, today=today, source=source)


def check_plan(raw, path: Path, *, today: dt.date | None = None, source: str | None = None) -> Plan:
    check = Checker(source or str(path))
    if raw is None:
        check.problems.append(_whole(check, "the plan is empty; start from a plan in pdfkit_plans/"))
        check.raise_if_any()
    if not isinstance(raw, Located):
        check.problems.append(_whole(check, "a plan must be a mapping of 'key: value' lines, "
                                            "like the plans in pdfkit_plans/"))
        check.raise_if_any()
    if is_layout(raw):
        check.problems.append(_whole(check, "this is a layout file, not a plan; a plan names it with "
                                            "'layout: <path to this file>'"))
        check.raise_if_any()
    check.known_keys(raw, PLAN.keys, "")

    tags = _languages(check, raw)
    library = load_library(library_language(tags[0]))
    second = load_library(library_language(tags[1])) if len(tags) == 2 else None
    layout = _layout(check, raw, path)

    patient = None
    if "patient" in raw and raw["patient"] is None:
        check.problem(raw, "patient", "patient", "is empty; add 'name:' under it, or remove 'patient:' for a "
                                                 "clinic leaflet")
    patient_map = check.mapping(raw.get("patient"), "patient", raw, "patient")
    if patient_map is not None:
        check.known_keys(patient_map, PATIENT.keys, "patient")
        name = check.read(patient_map, PATIENT["name"], "patient")
        patient = Patient(name=name or "", id=check.read(patient_map, PATIENT["id"], "patient"))

    condition = _condition(check, raw, library)
    # A patient's handout is their program; a leaflet is about its condition.
    default_title = library.strings["default_title"] if "patient" in raw else condition.title
    title = check.read(raw, PLAN["title"], "", default=default_title)
    therapist = check.read(raw, PLAN["therapist"], "")
    plan_date = check.read(raw, PLAN["date"], "")
    next_visit = check.read(raw, PLAN["next_visit"], "")
    day = plan_date or today or dt.date.today()
    phases, current = _program(check, raw, library, path, day)
    key = "phases" if "phases" in raw else "exercises"
    everything = [item for phase in phases for item in phase.new]
    for item in everything if second else ():
        if item.exercise.id not in second.exercises:
            check.problem(raw, key, key, untranslated(item.exercise.id, second))
    for phase in phases:
        daily = sum(session_seconds(item.dosage) * item.dosage.per_day for item in phase.exercises)
        if daily > MAX_DAILY_HOURS * 3600:  # over 30 minutes is a clinical warning; this cannot be done at all
            check.problem(raw, key, key, f"about {round(daily / 3600)} hours of exercise a day is more than "
                                         "anyone can do; check hold_s, reps, sets and per_day")
    thermal = _thermal(check, raw)
    advice = _picks(check, raw, "advice", library.advice, condition.advice, "advice")
    warnings = _picks(check, raw, "warnings", library.warnings, standard_warnings(condition, everything),
                      "warning sign")
    notes = check.read(raw, PLAN["notes"], "")
    log = check.read(raw, PLAN["log"], "")
    if log and not (raw.get("exercises") or raw.get("phases")):  # the log's rows are the exercises: an empty grid
        check.problem(raw, "log", "log", "true adds a log of the exercises, but the plan has none; add exercises "
                                         "or remove 'log: true'")
    plan_code = check.read(raw, PLAN["plan_code"], "")
    if layout is not None:
        _printable(check, raw, patient_map, layout)
        plan_code = layout.plan_code if plan_code is None else plan_code
    check.raise_if_any()  # every getter has run: one run shows every mistake
    return Plan(source=path, layout=layout, library=library, title=title, patient=patient, therapist=therapist,
                date=day, condition=condition, exercises=phases[current - 1].exercises if phases else (),
                thermal=thermal, advice=advice, warnings=warnings, notes=notes, next_visit=next_visit, log=log,
                language=tags[0], second=second, plan_code=plan_code, positions=positions_of(raw), phases=phases,
                phase=current)


def standard_warnings(condition, exercises) -> tuple:
    """The condition's signs, and its neck signs after them when an exercise works the neck."""
    if not any(item.exercise.region == "neck" for item in exercises):
        return condition.warnings
    return condition.warnings + tuple(sign for sign in condition.neck_warnings if sign not in condition.warnings)


def _condition(check: Checker, raw: Located, library):
    value = raw.get("condition", PLAN["condition"].default)
    if isinstance(value, str) and value.strip() in library.conditions:
        return library.conditions[value.strip()]
    check.problem(raw, "condition", "condition", f"{show_value(value)} is not a condition of the content library; "
                                                 f"use one of {', '.join(library.conditions)}"
                                                 f"{did_you_mean(str(value), library.conditions)}")
    return library.conditions[DEFAULT_CONDITION]


def _languages(check: Checker, raw: Located) -> tuple[str, ...]:
    """The plan's language tags, tidied ('en', 'en-GB'); the content library is picked by a tag's first part.

    A regional tag is what a clinic's other systems often write, and it is what
    the PDF should declare, so 'en-US' reads the English library rather than failing.
    A list of two ([es, en]) makes a two-language handout, the second printed beneath the first.
    """
    value = raw.get("language")
    if value is None:
        return ("en",)
    if not isinstance(value, LocatedList):
        return (_language(check, raw, "language", "language"),)
    if len(value) not in (1, 2):
        check.problem(raw, "language", "language", f"{len(value)} languages; a handout has one, or two for a "
                                                   "two-language handout, e.g. [es, en]")
        return ("en",)
    known = len(check.problems)
    tags = tuple(_language(check, value, index, f"language[{index}]") for index in range(len(value)))
    if len(check.problems) == known and len(tags) == 2 and library_language(tags[0]) == library_language(tags[1]):
        check.problem(value, 1, "language[1]", f"'{value[1]}' is the first language again; name another, or "
                                               "write the language once")
        return tags[:1]
    return tags


def _language(check: Checker, container, key, where: str) -> str:
    value = container[key]
    tag = _LANGUAGE_TAG.fullmatch(value.strip()) if isinstance(value, str) else None
    tidy = tag and "-".join(part for part in (tag[1].lower(), tag[2] and tag[2].title(), tag[3] and tag[3].upper())
                            if part)
    known = languages()
    if tag is None or library_language(tidy) not in known:
        hint = did_you_mean(str(value), known) if tag is None else ""
        check.problem(container, key, where, f"{check.shown(container, key, value)} is not a language of the "
                                             f"content library; use one of {', '.join(known)} (a regional form "
                                             f"such as '{known[0]}-GB' also works){hint}")
        return "en"
    return tidy


def untranslated(ident: str, library) -> str | None:
    """The message for an exercise the English library has and `library`'s language does not (yet)."""
    if library.language == SOURCE_LANGUAGE or ident not in load_library(SOURCE_LANGUAGE).exercises:
        return None
    return f"'{ident}' has no '{library.language}' text yet; pick another exercise, or print this handout in English"


def is_layout(doc) -> bool:
    """Whether a YAML document is a layout (it has a layout's keys and none of a plan's)."""
    return isinstance(doc, dict) and bool({"extends", "clinic"} & set(doc)) and not _PLAN_ONLY & set(doc)


def _whole(check: Checker, message: str) -> Problem:
    return Problem(check.source, message)


def _apply(raw, overrides: dict):
    """A copy of the plan with a roster row's values put in (`Located.with_values`)."""
    return raw.with_values(overrides) if isinstance(raw, Located) else raw


def _layout(check: Checker, raw: Located, path: Path):
    value = raw.get("layout", PLAN["layout"].default)
    if not isinstance(value, str) or not value.strip():
        check.problem(raw, "layout", "layout", "must name a layout (e.g. default) or a path to a layout file")
        value = "default"
    value = value.strip()
    allowed = confine.roots(path.parent)
    layout_path, why = locate_layout(value, path.parent, allowed)
    if layout_path is None:
        check.problem(raw, "layout", "layout", why or not_found(value))
        layout_path = resolve_layout("default", path.parent, allowed)
    try:
        return load_layout(layout_path, allowed)
    except ValidationError as exc:
        check.problems.extend(exc.problems)
        return None


def _printable(check: Checker, raw: Located, patient_map: Located | None, layout) -> None:
    """Every character the user wrote must be in the faces that print it: a name in a script the font
    lacks would come out as a row of empty boxes."""
    fields = [(raw, "title", "title", ("bold",)), (raw, "therapist", "therapist", ("bold",)),
              (raw, "notes", "notes", ("regular",))]
    if patient_map is not None:
        fields += [(patient_map, key, f"patient.{key}", ("bold", "regular")) for key in ("name", "id")]
    for where, entries in _exercise_lists(raw):
        fields += [(entry, key, f"{where}[{i}].{key}", faces) for i, entry in enumerate(entries)
                   if isinstance(entry, Located) for key, faces in (("note", ("italic",)), ("video", ("regular",)))]
    for container, key, where, faces in fields:
        value = container.get(key)
        reason = fonts.why_unprintable(clean_text(value), layout.fonts, faces) if isinstance(value, str) else None
        if reason:
            check.problem(container, key, where, reason)


def _exercise_lists(raw: Located):
    """Each list of exercises the plan writes, with its place: 'exercises', or each phase's."""
    lists = [("exercises", raw.get("exercises"))]
    phases = raw.get("phases")
    if isinstance(phases, LocatedList):
        lists += [(f"phases[{n}].exercises", phase.get("exercises")) for n, phase in enumerate(phases)
                  if isinstance(phase, Located)]
    return [(where, items) for where, items in lists if isinstance(items, LocatedList)]


def _exercises(check: Checker, raw: Located, library, path: Path, where_list: str = "exercises",
               before: dict | None = None) -> tuple[PlannedExercise, ...]:
    """The exercises `raw` lists under 'exercises'. `before`: the phase before's, by id, for a phase that keeps
    them: an entry for one of those changes it, from its dosage and note rather than the library's."""
    items = raw.get("exercises")
    if items is None:
        return ()
    if not isinstance(items, LocatedList):
        check.problem(raw, "exercises", where_list, "must be a list of exercise ids (each line starting with '- ')")
        return ()
    if len(items) > MAX_EXERCISES:
        check.problem(raw, "exercises", where_list, f"{len(items)} exercises is too many; pick at most "
                                                    f"{MAX_EXERCISES}")
        return ()
    before = before or {}
    out, seen = [], set()
    for index, item in enumerate(items):
        where = f"{where_list}[{index}]"
        entry = item if isinstance(item, Located) else None
        ident = item if isinstance(item, str) else None
        if entry is not None:
            check.known_keys(entry, EXERCISE_ENTRY.keys, where)
            ident = check.read(entry, EXERCISE_ENTRY["id"], where)
        elif not isinstance(item, str):
            check.problem(items, index, where, "must be an exercise id, or a mapping with 'id:' and dosage")
            continue
        if ident is None:
            continue
        exercise = library.exercises.get(ident)
        if exercise is None:
            check.problem(entry if entry is not None else items, "id" if entry is not None else index, where,
                          untranslated(ident, library) or
                          f"unknown exercise {quoted(ident)}{did_you_mean(ident, library.exercises)}; "
                          + (_FOLDED if " - " in ident else "see 'handouts list exercises'"))
            continue
        if ident in seen:
            check.problem(items, index, where, f"{quoted(ident)} is listed twice; keep one")
            continue
        seen.add(ident)
        kept = before.get(ident)
        if entry is None:
            if kept is not None:
                check.problem(items, index, where, f"{quoted(ident)} is kept from the phase before already; give "
                                                   "what changes ({id: " + ident + ", reps: 8}) or remove it")
                continue
            out.append(PlannedExercise(exercise=exercise, dosage=exercise.dosage, image=exercise.image,
                                       video=exercise.video))
            continue
        base = kept or PlannedExercise(exercise=exercise, dosage=exercise.dosage, image=exercise.image,
                                       video=exercise.video)
        dosage = dosage_from(check, entry, where, base.dosage)
        image = check.read(entry, EXERCISE_ENTRY["image"], where)
        image_path = base.image
        if image:
            image_path = _image_path(check, entry, where, image, path)
        out.append(PlannedExercise(exercise=exercise, dosage=dosage or base.dosage,
                                   note=check.read(entry, EXERCISE_ENTRY["note"], where) or kept and kept.note,
                                   image=image_path,
                                   video=check.read(entry, EXERCISE_ENTRY["video"], where) or base.video))
    return tuple(out)


def _program(check: Checker, raw: Located, library, path: Path, day: dt.date) -> tuple[tuple[Phase, ...], int]:
    """The plan's phases and the current one's number: `exercises:` is one phase, starting on the handout's date."""
    current = check.read(raw, PLAN["phase"], "")
    if "phases" not in raw:
        if "phase" in raw:
            check.problem(raw, "phase", "phase", "picks one of the plan's phases, but it has 'exercises:'; remove "
                                                 "'phase:' or write the program as 'phases:'")
        exercises = _exercises(check, raw, library, path)
        return (Phase(number=1, start=day, title=None, exercises=exercises, new=exercises),), 1
    if "exercises" in raw and "exercises" not in raw.key_positions:  # a roster row's, put in by _apply
        check.problem(raw, "exercises", "exercises", "the template is a program in phases, which a list of "
                                                     "exercises cannot replace; leave the cell empty")
    elif "exercises" in raw:
        check.problem(raw, "exercises", "exercises", "a plan gives 'exercises:' or 'phases:', not both; move these "
                                                     "into the first phase", at_key=True)
    items = raw["phases"]
    if not isinstance(items, LocatedList) or not items:
        check.problem(raw, "phases", "phases", "must list the phases, each starting '- start: week 1' with its "
                                               "exercises under it; or use 'exercises:' for one list")
        return (), 1
    if len(items) > PLAN["phases"].max_items:
        check.problem(raw, "phases", "phases", f"{len(items)} phases is too many; plan at most "
                                               f"{PLAN['phases'].max_items}")
        return (), 1
    if current is not None and current > len(items):
        check.problem(raw, "phase", "phase", f"{current} is past the last phase; use 1 to {len(items)}")
        current = None
    current = current or 1
    starts = _starts(check, items, day, current)
    phases, before = [], ()
    for number, start in enumerate(starts, 1):
        phase = _phase_of(check, items, number, start, before, library, path)
        if phase is not None:  # after a phase with a mistake, the next is read against the last good one
            phases.append(phase)
            before = phase.exercises
    return (tuple(phases) if len(phases) == len(items) else ()), current


def _starts(check: Checker, items: LocatedList, day: dt.date, current: int) -> list[dt.date | None]:
    """Each phase's first day. 'week 3' counts from the current phase's start, set to the handout's date."""
    written = [_start(check, item, f"phases[{n}]") if isinstance(item, Located) else None
               for n, item in enumerate(items)]
    now = written[current - 1]
    origin = day - dt.timedelta(days=now) if isinstance(now, int) else day
    starts = [origin + dt.timedelta(days=start) if isinstance(start, int) else start for start in written]
    for n, (item, start) in enumerate(zip(items, starts)):
        where = f"phases[{n}].start"
        earlier = next((s for s in reversed(starts[:n]) if s is not None), None)
        if start is None:
            continue
        if earlier is not None and start <= earlier:
            check.problem(item, "start", where, f"{_shown_start(item)} ({start.isoformat()}) is not after the phase "
                                                f"before's start ({earlier.isoformat()}); each phase starts later")
        # A phase to come starts on the handout's date or later; the current one may have begun already,
        # unless it is the first (the program cannot start before its first handout).
        elif start < day and (n >= current or current == 1):
            check.problem(item, "start", where, f"{_shown_start(item)} is before the handout's date "
                                                f"({day.isoformat()}); a phase to come starts on it or later")
    return starts


def _shown_start(item: Located) -> str:
    return quoted(" ".join(str(item["start"]).split()))


def _start(check: Checker, item: Located, where: str) -> int | dt.date | None:
    """A start as written: days after the program's first ('week 3' is 14) or a date."""
    value = item.get("start")
    if value is None:
        check.problem(item, "start", f"{where}.start", "'start' is required: week 1, day 8, or a date (YYYY-MM-DD)")
        return None
    relative = _PHASE_START.fullmatch(str(value).lower())
    if relative:
        unit, count = relative[1], int(relative[2])
        if count < 1:
            check.problem(item, "start", f"{where}.start", f"{unit} {count}: {unit}s count from 1 ({unit} 1 is the "
                                                           "handout's date)")
            return None
        return (count - 1) * (7 if unit == "week" else 1)
    if not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", str(value)):
        check.problem(item, "start", f"{where}.start", f"{show_value(value)} is not a start; write week 3, day 8 "
                                                       "or a date (YYYY-MM-DD)")
        return None
    return check.read(item, PHASE["start"].options[1], where)


def _phase_of(check: Checker, items: LocatedList, number: int, start: dt.date | None, before: tuple, library,
              path: Path) -> Phase | None:
    """Phase `number` of `items`; with keep, the one before's exercises carried on, its entries adding to them
    or changing them."""
    where, item = f"phases[{number - 1}]", items[number - 1]
    if not isinstance(item, Located):
        check.problem(items, number - 1, where, "must be a phase: '- start: week 1' with 'exercises:' under it")
        return None
    check.known_keys(item, PHASE.keys, where)
    title = check.read(item, PHASE["title"], where)
    keep = check.read(item, PHASE["keep"], where)
    if keep and number == 1:
        check.problem(item, "keep", f"{where}.keep", "the first phase has no phase before it to keep; remove "
                                                     "'keep: true'")
        keep = False
    if not item.get("exercises"):
        check.problem(item, "exercises" if "exercises" in item else "start", f"{where}.exercises",
                      "lists no exercises; list what this phase " + ("adds or changes" if keep else "does"))
        return None
    kept = {planned.exercise.id: planned for planned in before} if keep else {}
    listed = _exercises(check, item, library, path, f"{where}.exercises", kept)
    if start is None:
        return None
    exercises = _merged(before, listed) if keep else listed
    if len(exercises) > MAX_EXERCISES:
        check.problem(item, "exercises", f"{where}.exercises", f"{len(exercises)} exercises with those kept is too "
                                                              f"many; keep at most {MAX_EXERCISES}")
    old = {planned.exercise.id: planned for planned in before}
    new = tuple(planned for planned in exercises if old.get(planned.exercise.id) != planned)
    ids = {planned.exercise.id for planned in exercises}
    return Phase(number=number, start=start, title=title, exercises=exercises, new=new,
                 stopped=tuple(planned for planned in before if planned.exercise.id not in ids))


def _merged(before: tuple, listed: tuple) -> tuple:
    """The phase before's exercises in their order, each changed one in its place, then those added."""
    changed = {planned.exercise.id: planned for planned in listed}
    kept = tuple(changed.pop(planned.exercise.id, planned) for planned in before)
    return kept + tuple(changed.values())


def _image_path(check: Checker, entry: Located, where: str, value: str, plan_path: Path) -> Path | None:
    """A photo beside the plan (or in its sub-folders) or in images/, checked with Pillow now.

    Paths are relative and may not climb out with '..': a plan (perhaps
    received from elsewhere) can only point at pictures in its own folder or in
    the bundled images/, never at other files on the machine.
    """
    where = f"{where}.image"
    name = Path(value)
    if name.is_absolute() or value.startswith("~") or ".." in name.parts:
        check.problem(entry, "image", where, f"'{value}' is outside the plan's folder; copy the picture beside "
                                             "the plan and write its name only")
        return None
    if name.suffix.lower() not in IMAGE_SUFFIXES:
        check.problem(entry, "image", where, f"'{value}' is not a PNG or JPEG file name (.png, .jpg, .jpeg)")
        return None
    allowed = confine.roots(plan_path.parent)
    for candidate in (plan_path.parent / name, data_dir("images") / name):
        if not confine.inside(candidate, allowed):  # a link that leads out of the folder
            check.problem(entry, "image", where, f"'{value}' is outside the plan's folder; copy the picture beside "
                                                 "the plan and write its name only")
            return None
        if os.path.lexists(candidate):
            problem = images.problem(candidate)
            if problem:
                check.problem(entry, "image", where, f"'{value}' {problem}")
                return None
            return candidate
    check.problem(entry, "image", where, f"image '{value}' not found beside the plan or in images/")
    return None


PHASE_CLASSES = {"ice": IcePhase, "heat": HeatPhase}


def _thermal(check: Checker, raw: Located) -> ThermalPlan | None:
    block = check.mapping(raw.get("thermal"), "thermal", raw, "thermal")
    if block is None:
        return None
    check.known_keys(block, THERMAL.keys, "thermal")
    injury_date = check.read(block, THERMAL["injury_date"], "thermal")
    given = [name for name in PHASES if name in block]
    if len(given) == 1:  # a schedule half written is more likely a slip than a wish for the default other half
        missing = "heat" if given == ["ice"] else "ice"
        check.problem(block, missing, f"thermal.{missing}",
                      f"'{given[0]}' is given but '{missing}' is not; add '{missing}:' with its "
                      f"{', '.join(PHASES[missing].keys)}, or write '{missing}: none' for {given[0]} only")
    phases = {name: _phase(check, block, name) for name in given or PHASES}
    if len(given) == 1 or any(phase is False for phase in phases.values()):
        return None
    if phases["ice"] is None and phases["heat"] is None:
        check.problem(block, "ice", "thermal", "ice and heat are both 'none'; leave out 'thermal:' for a handout "
                                               "without ice or heat")
        return None
    waking = _waking_hours(check, block)
    if waking is None:
        return None
    start, end = waking
    plan = ThermalPlan(injury_date=injury_date, ice=phases["ice"], heat=phases["heat"], waking_start=start,
                       waking_end=end)
    if plan.heat is not None and not heat_fits(plan):
        check.problem(block.get("heat"), "per_day", "thermal.heat.per_day",
                      f"{plan.heat.per_day} sessions of {plan.heat.minutes} minutes do not fit in "
                      f"{start:%H:%M}-{end:%H:%M} half an hour apart, with the last ending an hour before bed; "
                      "lower per_day or minutes, or widen waking_hours")
        return None
    return plan


def _phase(check: Checker, block: Located, name: str):
    """One phase of the schedule: its dataclass, None for `none`, or False when it has a mistake."""
    value = block.get(name)
    if isinstance(value, str) and value.strip().lower() == "none":
        return None
    spec = PHASES[name]
    if value is not None and not isinstance(value, Located):
        standard = ", ".join(f"{key}: {default}" for key, default in spec.defaults().items())
        check.problem(block, name, f"thermal.{name}", f"{show_value(value)} is not allowed; give {{{standard}}} "
                                                      "or 'none'")
        return False
    phase = value if value is not None else Located()  # 'ice:' left empty takes the standard schedule
    check.known_keys(phase, spec.keys, f"thermal.{name}")
    values = {field.name: check.read(phase, field, f"thermal.{name}") for field in spec.fields}
    return False if None in values.values() else PHASE_CLASSES[name](**values)


def _waking_hours(check: Checker, block: Located) -> tuple[dt.time, dt.time] | None:
    """'08:00-21:00', or '22:00-06:00' for a night worker: the end may be on the next day."""
    hours = block.get("waking_hours")
    match = _HOURS.fullmatch(str(hours if hours is not None else THERMAL["waking_hours"].default))
    if match:
        h1, m1, h2, m2 = map(int, match.groups())
        if h1 < 24 and h2 <= 24 and m1 < 60 and m2 < 60 and (h2 < 24 or m2 == 0):
            start, end = h1 * 60 + m1, (h2 * 60 + m2) % (24 * 60)
            if 4 * 60 <= (end - start) % (24 * 60) <= 20 * 60:
                return dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)
    check.problem(block, "waking_hours", "thermal.waking_hours",
                  f"{show_value(hours)} is not waking hours; write \"08:00-21:00\" in quotes (4 to 20 hours, "
                  "may cross midnight)")
    return None


def _picks(check: Checker, raw: Located, key: str, choices: dict, standard: tuple, what: str) -> tuple:
    """`standard` (the condition's set), `all`, `none` or a list of ids."""
    value = raw.get(key, PLAN[key].default)
    if value is None or value == "none" or value == []:
        return ()
    if value == "standard":
        return standard
    if value == "all":
        return tuple(choices.values())
    if not isinstance(value, LocatedList):
        check.problem(raw, key, key, f"{check.shown(raw, key, value)} is not allowed; use standard, all, none or a "
                                     f"list of {what} ids{did_you_mean(str(value), ('standard', 'all', 'none'))}")
        return ()
    out = []
    for index, ident in enumerate(value):
        if not isinstance(ident, str) or ident not in choices:
            check.problem(value, index, f"{key}[{index}]", f"unknown {what} {quoted(ident)}"
                                                            f"{did_you_mean(str(ident), choices)}; "
                                                            f"see 'handouts list {key}'")
        elif choices[ident] not in out:
            out.append(choices[ident])
    return tuple(out)

