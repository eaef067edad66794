"""The ice-then-heat schedule: which days the chart shows, and the session times on each day.

Pure arithmetic on a `ThermalPlan`, on top of what checking also asks (preflight/sessions.py: how many heat
sessions the day holds); the chart that draws it lives in sections/thermal_chart.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handouts.check.model import ThermalPlan
from handouts.preflight.sessions import DAY, SLOT, first_slot, heat_count, heat_room, waking


@dataclass(frozen=True)
class ChartDay:
    number: int  # 1-based, counted from the injury (or from the first day of the chart)
    date: dt.date | None
    phase: str  # "ice" or "heat"
    sessions: tuple[dt.time, ...]  # suggested start times, one tick box each


@dataclass(frozen=True)
class Schedule:
    days: tuple[ChartDay, ...]  # what the chart prints: from the handout's date on
    past: int  # days of the schedule already behind the patient on the handout's date
    first_phase: str  # the phase of day 1 ("You started ice on ...")


def _time(minutes: int) -> dt.time:
    minutes %= DAY  # a night worker's sessions run past midnight
    return dt.time(minutes // 60, minutes % 60)


def ice_sessions(plan: ThermalPlan) -> tuple[dt.time, ...]:
    """Every `every_hours` from the first half hour after waking, each session ending by bedtime."""
    start, end = waking(plan)
    first = first_slot(start)
    return tuple(_time(m) for m in range(first, end - plan.ice.minutes + 1, plan.ice.every_hours * 60))


def heat_sessions(plan: ThermalPlan) -> tuple[dt.time, ...]:
    """`heat_count` sessions spread evenly from the first half hour after waking to an hour before bed."""
    first = first_slot(waking(plan)[0])
    count = heat_count(plan)
    if count == 1:
        return (_time(first),)
    room = heat_room(plan) // SLOT * SLOT
    # The ideal gap is at least HEAT_APART (two slots), and rounding each ideal time to its nearest slot
    # keeps it so: round(x + 2) is round(x) + 2, so whole slots apart stay at least two apart.
    return tuple(_time(first + round(i * room / (count - 1) / SLOT) * SLOT) for i in range(count))


def schedule(plan: ThermalPlan, today: dt.date) -> Schedule:
    """The chart from `today` (the handout's date) on: days already behind the patient are not printed."""
    phases = [(name, phase.days, sessions) for name, phase, sessions in
              (("ice", plan.ice, ice_sessions), ("heat", plan.heat, heat_sessions)) if phase is not None]
    past = 0
    if plan.injury_date is not None:
        past = max(0, (today - plan.injury_date).days)
    days, number = [], 0
    for name, count, sessions in phases:
        times = sessions(plan)
        for _ in range(count):
            number += 1
            if number > past:
                date = plan.injury_date + dt.timedelta(days=number - 1) if plan.injury_date else None
                days.append(ChartDay(number, date, name, times))
    return Schedule(tuple(days), min(past, number), phases[0][0])
