"""The questions `handouts new` asks, and the plan they add up to.

Every answer is checked as it is typed, with the plan checker's own limits
(lengths, dates, dosage ranges, layouts), and a bad one is asked again. The
`new` command then loads the saved plan like any other, so anything the answers
cannot show (a letter the font lacks) is still reported before printing. The
questions read plain lines, which is also how a test (or a script) can answer them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from handouts.check.checks import Checker, did_you_mean
from handouts.check.model import Exercise, Library
from handouts.check.schema.plan import EXERCISE_ENTRY, PHASES, PLAN, THERMAL
from handouts.compose.text import dosage_short
from handouts.write.naming import slug

# The standard schedule, written out in full so the therapist sees it in the plan and can edit it.
STANDARD_THERMAL = {**{phase: spec.defaults() for phase, spec in PHASES.items()},
                    "waking_hours": THERMAL["waking_hours"].default}
DOSAGE_QUESTIONS = (("hold_s", "Hold, in seconds"), ("reps", "Times"), ("sets", "Rounds"),
                    ("per_day", "Times a day"))
PATIENT = PLAN["patient"]
_SEPARATORS = re.compile(r"[\s,;]+")


def interview(library: Library, *, today: dt.date, layouts: list[str], layout: str, folder: Path) -> dict:
    """Ask for everything a plan holds; return it as a plan document, in the order of the sample plan.
    `folder` is where the plan will be saved: a layout file is named from there."""
    # The layout is asked last and the condition after the patient; both keep the sample plan's places.
    doc = {"layout": None, "language": library.language, "condition": None}
    name = _optional("Patient's name (Enter for a clinic leaflet)", PATIENT["name"])
    if name:
        record = _optional("Record number (Enter for none)", PATIENT["id"])
        doc["patient"] = {"name": name, **({"id": record} if record else {})}
        therapist = _optional("Therapist (Enter for none)", PLAN["therapist"])
        if therapist:
            doc["therapist"] = therapist
        doc["date"] = click.prompt("Date of the handout", default=today.isoformat(), value_proc=_date)
        visit = click.prompt("Next visit, YYYY-MM-DD (Enter for none)", default="", show_default=False,
                             value_proc=_optional_date)
        if visit:
            doc["next_visit"] = visit
    conditions = list(library.conditions)
    doc["condition"] = click.prompt(f"What is it for ({', '.join(conditions)})", default=PLAN["condition"].default,
                                    value_proc=lambda text: _choice(text, conditions))

    click.echo("\nExercises in the library:")
    exercises = list(library.exercises.values())
    click.echo(exercise_menu(exercises))
    picks = click.prompt("Pick exercises by number or id, in the order to print them (e.g. 6 13 3)",
                         value_proc=lambda text: pick_exercises(text, exercises))
    doc["exercises"] = [_exercise_entry(number, exercise) for number, exercise in enumerate(picks, 1)]

    click.echo("")
    if click.confirm("Include the ice and heat chart?", default=True):
        injury = click.prompt("Injury date, YYYY-MM-DD (Enter if not known; the chart then says Day 1, Day 2)",
                              default="", show_default=False, value_proc=_optional_date)
        doc["thermal"] = {**({"injury_date": injury} if injury else {}), **STANDARD_THERMAL}
    doc["advice"] = "standard"
    doc["warnings"] = "standard"
    notes = _optional("Notes from the therapist (Enter for none)", PLAN["notes"])
    if notes:
        doc["notes"] = notes
    if click.confirm("Add the two-week exercise and pain log page?", default=False):
        doc["log"] = True
    doc["layout"] = click.prompt(f"Layout ({', '.join(layouts)}, or a layout file)", default=layout,
                                 value_proc=lambda text: _layout(text, layouts, folder))
    return doc


def _choice(text: str, choices: list[str]) -> str:
    text = text.strip()
    if text not in choices:
        raise click.BadParameter(f"'{text}' is not one of {', '.join(choices)}{did_you_mean(text, choices)}")
    return text


def exercise_menu(exercises: list[Exercise]) -> str:
    id_w = max(len(ex.id) for ex in exercises)
    title_w = max(len(ex.title) for ex in exercises)
    return "\n".join(f"{n:>4}  {ex.id:<{id_w}}  {ex.title:<{title_w}}  {dosage_short(ex.dosage)}"
                     for n, ex in enumerate(exercises, 1))


def pick_exercises(text: str, exercises: list[Exercise]) -> list[Exercise]:
    """'6 13, neck-turn' -> those exercises, in that order; a clear message for anything else."""
    ids = [ex.id for ex in exercises]
    picked = []
    for token in filter(None, _SEPARATORS.split(text.strip())):
        if token.isdigit():
            if not 1 <= int(token) <= len(exercises):
                raise click.BadParameter(f"there is no exercise {token}; pick numbers from 1 to {len(exercises)}")
            exercise = exercises[int(token) - 1]
        elif token in ids:
            exercise = exercises[ids.index(token)]
        else:
            raise click.BadParameter(f"unknown exercise '{token}'{did_you_mean(token, ids)}; "
                                     "use a number or an id from the list")
        if exercise in picked:
            raise click.BadParameter(f"'{exercise.id}' is picked twice; name each exercise once")
        picked.append(exercise)
    if not picked:
        raise click.BadParameter("pick at least one exercise")
    return picked


def plan_filename(doc: dict, folder: Path) -> Path:
    """'jose-muller.yaml' from the patient's name ('leaflet.yaml' without one), never an existing file."""
    stem = slug(doc.get("patient", {}).get("name", "")) or "leaflet"
    path, n = folder / f"{stem}.yaml", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.yaml"
    return path


def _exercise_entry(number: int, exercise: Exercise):
    """A bare id keeps the library's dosage; a mapping holds a changed dosage or a note."""
    default = exercise.dosage
    click.echo(f"\n{number}. {exercise.title}: {dosage_short(default)}")
    entry = {"id": exercise.id}
    if click.confirm("   Change the dosage?", default=False):
        values = {key: click.prompt(f"   {label}", default=getattr(default, key),
                                    type=click.IntRange(EXERCISE_ENTRY[key].lo, EXERCISE_ENTRY[key].hi))
                  for key, label in DOSAGE_QUESTIONS}
        values["side"] = click.prompt("   Side", default=default.side,
                                      type=click.Choice(EXERCISE_ENTRY["side"].choices))
        if any(values[key] != getattr(default, key) for key in values):
            entry.update(values)
    note = _optional("   Note for the patient (Enter for none)", EXERCISE_ENTRY["note"])
    if note:
        entry["note"] = note
    return entry if len(entry) > 1 else exercise.id


def _optional(question: str, spec) -> str:
    """A line of text for the plan's field `spec`, or "" for none; asked again when longer than it allows."""
    def within(text: str) -> str:
        text = " ".join(text.split())
        if len(text) > spec.max_len:
            raise click.BadParameter(f"that is {len(text)} characters long; keep it under {spec.max_len}")
        return text

    return click.prompt(question, default="", show_default=False, value_proc=within)


def _date(text: str) -> dt.date:
    # The plan checker's own rule, so the wizard accepts exactly the dates a plan may hold.
    check = Checker("answer")
    value = check.date({"date": text}, "date", "")
    if value is None:
        raise click.BadParameter(check.problems[0].message if check.problems else "write the date as YYYY-MM-DD")
    return value


def _optional_date(text: str) -> dt.date | None:
    return _date(text) if text.strip() else None


def _layout(text: str, layouts: list[str], folder: Path) -> str:
    from handouts.check.layout import locate_layout

    text = text.strip()
    path, why = locate_layout(text, folder)
    if path is None:  # `why`: outside the folders a plan may read, or a folder
        raise click.BadParameter(why or f"no layout '{text}'{did_you_mean(text, layouts)}; "
                                        f"use one of {', '.join(layouts)} or a path to a .yaml layout file")
    return text
