"""Clinical sanity rules: a valid plan that a therapist should look at twice.

These are warnings, not errors: the plan is well formed, but something in it
is unusual enough that a typo is the likelier explanation (25 minutes of ice,
heat on the day after the injury). `check` and `build` print them; `build
--strict` and batch can refuse them. Each rule returns one line naming the
plan field, so the caller only has to prefix the file name.
"""

from __future__ import annotations

import datetime as dt

from handouts.model import Plan
from handouts.text import session_seconds

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
        ice, heat = plan.thermal.ice, plan.thermal.heat
        if ice.minutes > MAX_ICE_MINUTES:
            out.append(f"thermal.ice.minutes: {ice.minutes}-minute ice sessions are longer than the usual "
                       f"{MAX_ICE_MINUTES}; longer risks cold injury to the skin")
        if ice.days > MAX_ICE_DAYS:
            out.append(f"thermal.ice.days: {ice.days} days of ice is longer than the usual {MIN_ICE_DAYS}-"
                       f"{MAX_ICE_DAYS}; check that the spasm is settling before going on")
        if ice.days < MIN_ICE_DAYS:
            out.append(f"thermal.ice.days: heat starts on day {ice.days + 1}, within 48 hours of the injury; "
                       f"heat that early can add to swelling (use {MIN_ICE_DAYS} days of ice)")
        if heat.minutes > MAX_HEAT_MINUTES:
            out.append(f"thermal.heat.minutes: {heat.minutes}-minute heat sessions are longer than the usual "
                       f"{MAX_HEAT_MINUTES}; longer risks burns")
        injury = plan.thermal.injury_date
        if injury is not None and injury > plan.date:
            out.append(f"thermal.injury_date: {injury.isoformat()} is after the handout's date "
                       f"{plan.date.isoformat()}; check the year and month")
        elif injury is not None and injury + dt.timedelta(days=ice.days + heat.days) <= plan.date:
            out.append(f"thermal.injury_date: {injury.isoformat()} is so long before the handout's date "
                       f"{plan.date.isoformat()} that the whole ice-and-heat chart is in the past; check the year "
                       "and month")
    if len(plan.exercises) > MAX_EXERCISES:
        out.append(f"exercises: {len(plan.exercises)} exercises; patients follow programs of "
                   f"{MAX_EXERCISES} or fewer much better")
    daily = sum(session_seconds(item.dosage) * item.dosage.per_day for item in plan.exercises)
    if daily > MAX_DAILY_MINUTES * 60:
        out.append(f"exercises: about {round(daily / 60)} minutes of exercise a day; more than "
                   f"{MAX_DAILY_MINUTES} minutes a day is hard to keep up (lower reps, sets or per_day)")
    return out


def enforce(plan: Plan, source: str, *, strict: bool = False) -> list[str]:
    """`plan`'s warnings; with `strict` they are errors instead: a ValidationError (exit 2),
    raised before anything is written."""
    from handouts.errors import Problem, ValidationError

    found = warnings_for(plan)
    if strict and found:
        raise ValidationError([Problem(source, f"{line} (--strict makes this an error)") for line in found])
    return found


def show(source: str, found: list[str]) -> None:
    """Print warnings on stderr as 'source: warning: ...'."""
    import click

    for line in found:
        click.echo(f"{source}: warning: {line}", err=True)


def report(plan: Plan, source: str, *, strict: bool = False) -> list[str]:
    """Check and print `plan`'s warnings (see `enforce`), and return them."""
    found = enforce(plan, source, strict=strict)
    show(source, found)
    return found
