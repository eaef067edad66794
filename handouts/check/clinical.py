"""Clinical sanity rules: a valid plan that a therapist should look at twice.

These are warnings, not errors: the plan is well formed, but something in it
is unusual enough that a typo is the likelier explanation (25 minutes of ice,
heat on the day after the injury). `check` and `build` print them; `build
--strict` and batch can refuse them. Each rule returns one line naming the
plan field it is about; each is a `Problem` placed at the line that set that field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from handouts.check import plancode
from handouts.check.model import Plan
from handouts.errors import Problem, ValidationError, nearest, path_of
from handouts.preflight.sessions import heat_count, session_seconds

# Ice more often than hourly, or sessions longer than the rest between them, cannot be written: the plan
# checker takes every_hours as a whole number from 1 and minutes up to 30, so they need no warning here.
MAX_ICE_MINUTES = 20  # longer sessions risk cold injury to the skin
MAX_ICE_DAYS = 3  # after that, heat or a recheck is due
MIN_ICE_DAYS = 2  # the source's ice days: cold numbs the sharp pain of the first 48 hours
MAX_HEAT_MINUTES = 20  # longer sessions risk burns
MAX_EXERCISES = 8  # adherence drops with long programs
MAX_DAILY_MINUTES = 30  # the same reason, measured in time
# A handout's date against today (only `check` and the page ask: a build prints the date it is given).
STALE_DAYS = 28  # older than this, a reopened plan still carries last visit's date
FAR_DAYS = 366  # a year or more away is a mistyped year (2062 for 2026)


def warnings_for(plan: Plan, source: str | None = None) -> list[Problem]:
    """Every clinical warning for `plan`, in plan order, each placed at the line that set it (or the nearest
    part of the plan written in the file); `source` names the plan in messages (default: its path)."""
    return [_located(plan, source or str(plan.source), where, message) for where, message in _rules(plan)]


def _rules(plan: Plan) -> list[tuple[str, str]]:
    """(the field a warning is about, its message), for every rule that fires."""
    out = []

    def warn(where: str, message: str) -> None:
        out.append((where, message))

    if plan.thermal is not None:
        _thermal(plan, warn)
    if plan.next_visit is not None and plan.next_visit < plan.date:
        warn("next_visit", f"{plan.next_visit.isoformat()} is before the handout's date "
                           f"{plan.date.isoformat()}; check the year and month")
    _notes_name_missing_exercises(plan, warn)
    _one_sided(plan, warn)
    too_large = plancode.too_large(plan)
    if too_large:  # not clinical, but the therapist should know before handing it over
        warn("plan_code", too_large)
    for where, label, exercises in _programs(plan):
        if len(exercises) > MAX_EXERCISES:
            warn(where, f"{label}{len(exercises)} exercises; patients follow programs of "
                        f"{MAX_EXERCISES} or fewer much better")
        daily = sum(session_seconds(item.dosage) * item.dosage.per_day for item in exercises)
        if daily > MAX_DAILY_MINUTES * 60:
            warn(where, f"{label}about {round(daily / 60)} minutes of exercise a day; more than "
                        f"{MAX_DAILY_MINUTES} minutes a day is hard to keep up (lower reps, sets or per_day)")
    return out


def _programs(plan: Plan) -> list[tuple[str, str, tuple]]:
    """Each program the patient will do from this handout, with its place and its name in a message: the
    plan's exercises, or each phase to come's (a later phase's load is as much this handout's as the first's)."""
    if len(plan.phases) < 2:
        return [("exercises", "", plan.exercises)]
    return [(f"phases[{phase.number - 1}].exercises", f"phase {phase.number}: ", phase.exercises)
            for phase in plan.upcoming]


def _thermal(plan: Plan, warn) -> None:
    ice, heat = plan.thermal.ice, plan.thermal.heat
    if ice and ice.minutes > MAX_ICE_MINUTES:
        warn("thermal.ice.minutes", f"{ice.minutes}-minute ice sessions are longer than the usual "
                                    f"{MAX_ICE_MINUTES}; longer risks cold injury to the skin")
    if ice and ice.days > MAX_ICE_DAYS:
        warn("thermal.ice.days", f"{ice.days} days of ice is longer than the usual {MIN_ICE_DAYS}-"
                                 f"{MAX_ICE_DAYS}; check that the spasm is settling before going on")
    if ice and heat and ice.days < MIN_ICE_DAYS:
        warn("thermal.ice.days", f"heat starts on day {ice.days + 1}, after one day of ice; the usual plan is "
                                 f"ice for the first {MIN_ICE_DAYS} days, while the pain is sharpest, then heat "
                                 f"(or write ice: none for heat only)")
    fitting = heat_count(plan.thermal) if heat else 0
    if heat and fitting < heat.per_day:
        warn("thermal.heat.per_day", f"only {fitting} of the {heat.per_day} heat sessions fit "
                                     f"an hour apart in waking hours {plan.thermal.waking_start:%H:%M}-"
                                     f"{plan.thermal.waking_end:%H:%M}; the handout prints "
                                     f"{fitting} (lower per_day or widen waking_hours)")
    if heat and heat.minutes > MAX_HEAT_MINUTES:
        warn("thermal.heat.minutes", f"{heat.minutes}-minute heat sessions are longer than the usual "
                                     f"{MAX_HEAT_MINUTES}; longer risks burns")
    injury = plan.thermal.injury_date
    total = (ice.days if ice else 0) + (heat.days if heat else 0)
    if injury is not None and injury > plan.date:
        warn("thermal.injury_date", f"{injury.isoformat()} is after the handout's date "
                                    f"{plan.date.isoformat()}; check the year and month")
    elif injury is not None and injury + dt.timedelta(days=total) <= plan.date:
        warn("thermal.injury_date", f"{injury.isoformat()} is so long before the handout's date "
                                    f"{plan.date.isoformat()} that the whole ice-and-heat chart is in the past; check the year "
                                    "and month")


def _notes_name_missing_exercises(plan: Plan, warn) -> None:
    """Notes written for one program (a roster's template) that name an exercise this one lacks."""
    if not plan.notes:
        return
    notes = plan.notes.casefold()
    planned = {item.exercise.id for item in plan.exercises}
    # 'Side neck stretch (upper trapezius)' is written 'side neck stretch' in a note.
    named = [exercise.title for exercise in plan.library.exercises.values() if exercise.id not in planned
             and re.search(rf"\b{re.escape(exercise.title.split(' (')[0].casefold())}\b", notes)]
    for title in named:
        warn("notes", f"they mention '{title}', which is not among this handout's exercises; check the notes "
                      "match the exercises")


def _one_sided(plan: Plan, warn) -> None:
    """An exercise the library does on each side, given `side: none`: the card would print '–' for the side
    and the patient would stretch one side only."""
    for index, item in enumerate(plan.exercises):
        if item.dosage.side == "none" and item.exercise.dosage.side == "each":
            warn(f"exercises[{index}].side", f"'{item.exercise.id}' works both sides, but side is none; "
                                             "use each (or left or right for one side)")


def enforce(plan: Plan, source: str, *, strict: bool = False) -> list[Problem]:
    """`plan`'s warnings, each placed at the line that set it; with `strict` they are errors instead:
    a ValidationError (exit 2), raised before anything is written."""
    found = warnings_for(plan, source)
    if strict and found:
        raise ValidationError([replace(p, message=f"{p.message} (--strict makes this an error)") for p in found])
    return found


def today() -> dt.date:
    """The day a handout's date is weighed against: today (the tests fix it, so the example plans' dates
    stay near it)."""
    return dt.date.today()


def date_warnings(plan: Plan, today: dt.date, source: str | None = None) -> list[Problem]:
    """A handout dated a year or more from `today` (a mistyped year), or weeks before it (a reopened plan that
    kept its old date). A plan that leaves the date out is dated today and gets none."""
    if ("date",) not in plan.positions:
        return []
    days = (plan.date - today).days
    if abs(days) >= FAR_DAYS:
        years = round(abs(days) / 365.25)
        when = "from now" if days > 0 else "ago"
        message = (f"{plan.date.isoformat()} is about {years} year{'s' if years != 1 else ''} {when}; "
                   f"check the year (today is {today.isoformat()})")
    elif -days > STALE_DAYS:
        message = (f"{plan.date.isoformat()} is {-days} days ago: a reopened plan keeps its old date; "
                   f"set today's date ({today.isoformat()}) unless you mean to reprint the old handout")
    else:
        return []
    return [_located(plan, source or str(plan.source), "date", message)]


def _located(plan: Plan, source: str, where: str, message: str) -> Problem:
    """A warning about the field `where` ('thermal.ice.minutes') as a Problem at that value, or at the nearest
    part of the plan written in the file (a schedule left to the defaults points at its 'thermal:')."""
    return Problem(source, message, where, *(nearest(plan.positions, path_of(where)) or (None, None)))
