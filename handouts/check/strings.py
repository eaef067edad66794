"""The words the layout prints around the content (library/<lang>/strings.yaml): which phrases the handout asks
for, and the blanks ({n}, {date}) it fills into each.

Checked when the library is read, so that a phrase left out, a blank misspelt or a week of six days is a
located line from `handouts check`, not a failure halfway through laying out a page.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from pathlib import Path

from handouts.check.checks import Checker, quoted
from handouts.check.schema.library import POSITIONS, REGIONS, SIDES
from handouts.errors import Problem, UserError, ValidationError
from handouts.load.yamlsource import Located, LocatedList, load_yaml

# Every phrase handouts prints, with the blanks it fills in (none for most).
BLANKS = {
    "seconds": ("n",), "repeats": ("n",), "per_day": ("n",), "glance_phone": ("number",), "section_continued": ("section",),
    "thermal_ice_rule": ("label", "minutes", "often", "days"),
    "thermal_heat_rule": ("label", "minutes", "often", "days"),
    "ice_often": ("n",), "heat_often": ("n",), "first_days": ("n",), "next_days": ("n",), "for_days": ("n",),
    "thermal_started_ice": ("date",), "chart_night": ("day",), "thermal_started_heat": ("date",), "day_n": ("n",),
    "warnings_urgent_action": ("number",), "page_of": ("n", "total"), "record_short": ("id",),
    "program_minutes": ("n",), "key_urgent": ("page",), "key_call": ("number",), "log_from": ("start", "end"), "minutes_short": ("n",),
    "phase_n": ("n",), "phase_dates": ("start", "end"), "phase_from": ("start",), "phase_heading": ("phase", "dates"),
    "glance_now": ("phase", "dates"), "glance_next": ("date", "changes"), "change_add": ("names",),
    "change_stop": ("names",), "change_dosage": ("name", "what"), "change_hold": ("n",), "change_reps": ("n",),
    "change_sets": ("n",), "change_per_day": ("n",), "change_side": ("side",), "list_and": ("rest", "last"),
    "sheet_more_warnings": ("n",),
    # The order of a date's parts is the language's (CLDR: 'Mon 23 Nov', 'Thứ Hai, 23 tháng 11', 'Lunes, Nob 23').
    "date_short": ("weekday", "day", "month"), "date_long": ("weekday", "day", "month", "year"),
}
PHRASES = (
    "default_title", "patient", "record", "date", "therapist", "next_visit", "exercises_intro",
    "section_exercises", "section_thermal", "section_thermal_ice", "section_thermal_heat", "section_advice", "section_warnings", "section_notes",
    "section_notes_leaflet", "section_about", "section_about_leaflet",
    *(f"position_{position}" for position in POSITIONS), *(f"region_{region}" for region in REGIONS),
    "dosage_hold", "dosage_repeat", "dosage_sets", "dosage_per_day", "dosage_side", "none",
    *(f"side_short_{side}" for side in SIDES),
    "glance_heading", "glance_number", "glance_exercise", "note", "cautions", "drawing_start", "drawing_end",
    "thermal_ice_over", "thermal_all_over", "thermal_chart_help", "thermal_safety",
    "warnings_urgent", "warnings_call", "warnings_urgent_action_plain", "disclaimer", "disclaimer_leaflet", "video", "plan_code",
    "section_log", "log_intro", "log_exercise", "log_day", "log_pain", "log_questions", "log_notes", "log_pain_scale",
    "section_diary", "diary_intro", "diary_when", "diary_how_long", "diary_doing", "diary_helped",
    "phase_keep", "change_note", "change_no_hold", "section_log_phases", "log_phase_intro",
    "sheet_heading", "sheet_intro", "sheet_more_warnings_handout",
    "key_gently", "key_ice", "key_heat", "key_ice_heat", "key_call_plain",
    *BLANKS,
)
# A phrase for one ('Once a day') beside the one for many ('{n} times a day'): without it, the many form prints.
ONE_FORMS = tuple(f"{key}_1" for key in ("repeats", "per_day", "ice_often", "heat_often", "first_days", "next_days",
                                         "for_days", "program_minutes", "change_reps", "change_sets",
                                         "change_per_day"))
LISTS = {"weekdays": (7, "Monday"), "months": (12, "January")}  # the number of names, and the first one


def read_strings(path: Path, required: Iterable[str], restore: str) -> dict:
    """The phrases of `path`: each of `required` present (else a UserError whose fix is `restore`, with {them}
    for 'it' or 'them'), each a line of text with only its own blanks, and the day and month names complete."""
    doc = load_yaml(path, library=True)
    if not isinstance(doc, Located):
        raise ValidationError([Problem(str(path), "must be a mapping of 'key: text' lines")])
    missing = [key for key in (*required, *LISTS) if key not in doc]
    if missing:
        named = ", ".join(f"'{key}:'" for key in missing)
        them = "them" if len(missing) > 1 else "it"
        raise UserError(f"{path}: no {named} line{'s' * (len(missing) > 1)}; {restore.format(them=them)}")
    check = Checker(str(path))
    for key, value in doc.items():
        if key in LISTS:
            _names(check, doc, key)
        elif not isinstance(value, str):
            check.problem(doc, key, key, "must be one line of text; put it in quotes if it is a number or a word "
                                         "like yes or no")
        else:
            _blanks(check, doc, key, BLANKS.get(key.removesuffix("_1") if key in ONE_FORMS else key, ()))
    check.raise_if_any()
    return dict(doc)


def _names(check: Checker, doc: Located, key: str) -> None:
    count, first = LISTS[key]
    names = doc[key]
    if not isinstance(names, LocatedList) or len(names) != count or not all(isinstance(n, str) for n in names):
        given = f"{len(names)} names" if isinstance(names, list) else "not a list"
        check.problem(doc, key, key, f"{given}; write all {count} in a list, {first} first")


def _blanks(check: Checker, doc: Located, key: str, blanks: tuple[str, ...]) -> None:
    """The {blanks} in a phrase must be the ones handouts fills in for it, written as it reads them."""
    try:
        written = [(field, spec, conversion) for _, field, spec, conversion in string.Formatter().parse(doc[key])
                   if field is not None]
    except ValueError:
        check.problem(doc, key, key, "has a '{' or '}' without its partner; write a blank as {n}, or a brace "
                                     "itself as {{ or }}")
        return
    for field, spec, conversion in written:
        blank = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if field not in blanks:
            fix = f"use {', '.join('{' + b + '}' for b in blanks)}" if blanks else "this phrase has none"
            check.problem(doc, key, key, f"{quoted(blank)} is not a blank handouts fills in here; {fix}")
            return
        if spec or conversion:  # '{n:>3}', '{n!r}': a format the value may not take
            check.problem(doc, key, key, f"write the blank {quoted(blank)} as {{{field}}}, with nothing after "
                                         "its name")
            return
