"""The ice-then-heat schedule: which days, and which sessions on each day.

Pure arithmetic on a `ThermalPlan`; the chart that draws it lives in sections/thermal_chart.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from handouts.model import ThermalPlan


@dataclass(frozen=True)
class ChartDay:
    number: int  # 1-based, counted from the injury
    date: dt.date | None
    phase: str  # "ice" or "heat"
    sessions: tuple[dt.time, ...]  # suggested start times, one tick box each


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def ice_sessions(plan: ThermalPlan) -> tuple[dt.time, ...]:
    """Every `every_hours` from waking, each session ending by bedtime."""
    start, end = _minutes(plan.waking_start), _minutes(plan.waking_end)
    step, length = plan.ice.every_hours * 60, plan.ice.minutes
    return tuple(_time(m) for m in range(start, end - length + 1, step))


def heat_sessions(plan: ThermalPlan) -> tuple[dt.time, ...]:
    """`per_day` sessions spread evenly over the waking day, in steps of 15 minutes from waking."""
    start, end = _minutes(plan.waking_start), _minutes(plan.waking_end)
    count, length = plan.heat.per_day, plan.heat.minutes
    if count == 1:
        return (_time(start),)
    gap = (end - length - start) / (count - 1)
    times = sorted({start + round(i * gap / 15) * 15 for i in range(count)})
    return tuple(_time(min(m, end - length)) for m in times)


def schedule(plan: ThermalPlan) -> tuple[ChartDay, ...]:
    ice, heat = ice_sessions(plan), heat_sessions(plan)
    days = []
    for index in range(plan.ice.days + plan.heat.days):
        is_ice = index < plan.ice.days
        date = plan.injury_date + dt.timedelta(days=index) if plan.injury_date else None
        days.append(ChartDay(index + 1, date, "ice" if is_ice else "heat", ice if is_ice else heat))
    return tuple(days)
