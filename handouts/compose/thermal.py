"""The ice-then-heat schedule: which days the chart shows, and the session times on each day.

Pure arithmetic on a `ThermalPlan`; the chart that draws it lives in sections/thermal_chart.py.
Times are ones a person would write down: on the hour or the half hour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handouts.check.model import ThermalPlan

DAY = 24 * 60
SLOT = 30  # minutes: sessions start on the hour or the half hour
HEAT_BEFORE_BED = 60  # the last heat session ends an hour before bedtime: never fall asleep on heat
HEAT_APART = 60  # minutes from one heat session's start to the next: a 20-minute session, then 40 off


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


def minutes_of(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> dt.time:
    minutes %= DAY  # a night worker's sessions run past midnight
    return dt.time(minutes // 60, minutes % 60)


def _waking(plan: ThermalPlan) -> tuple[int, int]:
    """Waking start and end in minutes; the end is past the start even when the day crosses midnight."""
    start, end = minutes_of(plan.waking_start), minutes_of(plan.waking_end)
    return start, end + DAY if end <= start else end


def _first_slot(minutes: int) -> int:
    return -(-minutes // SLOT) * SLOT


def heat_room(plan: ThermalPlan) -> int:
    """Minutes between the first and the last heat session's start."""
    start, end = _waking(plan)
    return end - HEAT_BEFORE_BED - plan.heat.minutes - _first_slot(start) if plan.heat else 0


def heat_fits(plan: ThermalPlan) -> bool:
    """Whether `per_day` sessions fit half an hour apart (at least) between waking and an hour before bed."""
    return (plan.heat.per_day - 1) * SLOT <= heat_room(plan)


def heat_count(plan: ThermalPlan) -> int:
    """How many of the `per_day` heat sessions the waking day holds an hour apart; a short day holds fewer
    (check warns, and the rule and chart print this many)."""
    return min(plan.heat.per_day, heat_room(plan) // SLOT * SLOT // HEAT_APART + 1)


def ice_sessions(plan: ThermalPlan) -> tuple[dt.time, ...]:
    """Every `every_hours` from the first half hour after waking, each session ending by bedtime."""
    start, end = _waking(plan)
    first = _first_slot(start)
    return tuple(_time(m) for m in range(first, end - plan.ice.minutes + 1, plan.ice.every_hours * 60))


def heat_sessions(plan: ThermalPlan) -> tuple[dt.time, ...]:
    """`heat_count` sessions spread evenly from the first half hour after waking to an hour before bed."""
    first = _first_slot(_waking(plan)[0])
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
