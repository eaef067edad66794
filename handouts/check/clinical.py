"""Clinical sanity rules: a valid plan that a therapist should look at twice.

These are warnings, not errors: the plan is well formed, but something in it
is unusual enough that a typo is the likelier explanation (25 minutes of ice,
heat on the day after the injury). `check` and `build` print them; `build
--strict` and batch can refuse them. Each rule returns one line naming the
plan field, so the caller only has to prefix the file name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from handouts.check.model import Plan
from handouts.compose.text import session_seconds
from handouts.errors import Problem, ValidationError

# Ice more often than hourly, or sessions longer than the rest between them, cannot be written: the plan
# checker takes every_hours as a whole number from 1 and minutes up to 30, so they need no warning here.
MAX_ICE_MINUTES = 20  # longer sessions risk cold injury to the skin
MAX_ICE_DAYS = 3  # after that, heat or a recheck is due
MIN_ICE_DAYS = 2  # heat in the first 48 hours can increase swelling
MAX_HEAT_MINUTES = 20  # longer sessions risk burns
MAX_EXERCISES = 8  # adherence drops with long programs
MAX_DAILY_MINUTES = 30  # the same reason, measured in time


def warnings_for(plan: Plan) -> list[str]:
    """Every clinical warning for `plan`, in plan order, as one-line messages."""
    out = []
    if plan.thermal is not None:
        out += _thermal(plan)
    if plan.next_visit is not None and plan.next_visit < plan.date:
        out.append(f"next_visit: {plan.next_visit.isoformat()} is before the handout's date "
                   f"{plan.date.isoformat()}; check the year and month")
    out += _notes_name_missing_exercises(plan)
    if len(plan.exercises) > MAX_EXERCISES:
        out.append(f"exercises: {len(plan.exercises)} exercises; patients follow programs of "
                   f"{MAX_EXERCISES} or fewer much better")
    daily = sum(session_seconds(item.dosage) * item.dosage.per_day for item in plan.exercises)
    if daily > MAX_DAILY_MINUTES * 60:
        out.append(f"exercises: about {round(daily / 60)} minutes of exercise a day; more than "
                   f"{MAX_DAILY_MINUTES} minutes a day is hard to keep up (lower reps, sets or per_day)")
    return out


def _thermal(plan: Plan) -> list[str]:
    out = []
    ice, heat = plan.thermal.ice, plan.thermal.heat
    if ice and ice.minutes > MAX_ICE_MINUTES:
        out.append(f"thermal.ice.minutes: {ice.minutes}-minute ice sessions are longer than the usual "
                   f"{MAX_ICE_MINUTES}; longer risks cold injury to the skin")
    if ice and ice.days > MAX_ICE_DAYS:
        out.append(f"thermal.ice.days: {ice.days} days of ice is longer than the usual {MIN_ICE_DAYS}-"
                   f"{MAX_ICE_DAYS}; check that the spasm is settling before going on")
    if ice and heat and ice.days < MIN_ICE_DAYS:
        out.append(f"thermal.ice.days: heat starts on day {ice.days + 1}, within 48 hours of the injury; "
                   f"heat that early can add to swelling (use {MIN_ICE_DAYS} days of ice)")
    if heat and heat.minutes > MAX_HEAT_MINUTES:
        out.append(f"thermal.heat.minutes: {heat.minutes}-minute heat sessions are longer than the usual "
                   f"{MAX_HEAT_MINUTES}; longer risks burns")
    injury = plan.thermal.injury_date
    total = (ice.days if ice else 0) + (heat.days if heat else 0)
    if injury is not None and injury > plan.date:
        out.append(f"thermal.injury_date: {injury.isoformat()} is after the handout's date "
                   f"{plan.date.isoformat()}; check the year and month")
    elif injury is not None and injury + dt.timedelta(days=total) <= plan.date:
        out.append(f"thermal.injury_date: {injury.isoformat()} is so long before the handout's date "
                   f"{plan.date.isoformat()} that the whole ice-and-heat chart is in the past; check the year "
                   "and month")
    return out


def _notes_name_missing_exercises(plan: Plan) -> list[str]:
    """Notes written for one program (a roster's template) that name an exercise this one lacks."""
    if not plan.notes:
        return []
    notes = plan.notes.casefold()
    planned = {item.exercise.id for item in plan.exercises}
    # 'Side neck stretch (upper trapezius)' is written 'side neck stretch' in a note.
    named = [exercise.title for exercise in plan.library.exercises.values() if exercise.id not in planned
             and re.search(rf"\b{re.escape(exercise.title.split(' (')[0].casefold())}\b", notes)]
    return [f"notes: they mention '{title}', which is not among this handout's exercises; check the notes "
            "match the exercises" for title in named]


def enforce(plan: Plan, source: str, *, strict: bool = False) -> list[Problem]:
    """`plan`'s warnings, each placed at the line that set it; with `strict` they are errors instead:
    a ValidationError (exit 2), raised before anything is written."""
    found = [_located(plan, source, line) for line in warnings_for(plan)]
    if strict and found:
        raise ValidationError([replace(p, message=f"{p.message} (--strict makes this an error)") for p in found])
    return found


def show(found: list[Problem]) -> None:
    """Print warnings on stderr as 'plan.yaml:12:18: warning: ...'."""
    import click

    for problem in found:
        click.echo(problem.as_warning(), err=True)


def report(plan: Plan, source: str, *, strict: bool = False) -> list[Problem]:
    """Check and print `plan`'s warnings (see `enforce`), and return them."""
    found = enforce(plan, source, strict=strict)
    show(found)
    return found


def _located(plan: Plan, source: str, line: str) -> Problem:
    """'thermal.ice.minutes: ...' as a Problem at that value, or at the nearest part of the plan written
    in the file (a schedule left to the defaults points at its 'thermal:')."""
    where, message = line.split(": ", 1)
    path = where
    while path and path not in plan.positions:
        path = path.rpartition(".")[0]
    position = plan.positions.get(path, (None, None))
    return Problem(source, message, where, *position)
