"""How long a session takes, and how many heat sessions the waking day holds: the arithmetic checking warns
with and the handout prints from, so that the warning and the page never disagree.

Plain arithmetic on the checked plan's values (a `Dosage`, a `ThermalPlan`); times are ones a person would
write down, on the hour or the half hour.
"""

from __future__ import annotations

import datetime as dt

DAY = 24 * 60
SLOT = 30  # minutes: sessions start on the hour or the half hour
HEAT_BEFORE_BED = 60  # the last heat session ends an hour before bedtime: never fall asleep on heat
HEAT_APART = 60  # minutes from one heat session's start to the next: a 20-minute session, then 40 off


def session_seconds(dosage) -> int:
    """A generous estimate of one session of an exercise (its `Dosage`), in seconds.

    Each repetition is its hold (or ~4 s for a movement) plus ~3 s to move in
    and out of it, on each side it is done; rounds are 20 s apart.
    """
    sides = 2 if dosage.side == "each" else 1
    per_rep = (dosage.hold_s or 4) + 3
    rest_between_sets = 20 * (dosage.sets - 1)
    return dosage.reps * dosage.sets * sides * per_rep + rest_between_sets


def minutes_of(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def waking(plan) -> tuple[int, int]:
    """A `ThermalPlan`'s waking start and end in minutes; the end is past the start even when the day crosses
    midnight."""
    start, end = minutes_of(plan.waking_start), minutes_of(plan.waking_end)
    return start, end + DAY if end <= start else end


def first_slot(minutes: int) -> int:
    return -(-minutes // SLOT) * SLOT


def heat_room(plan) -> int:
    """Minutes between the first and the last heat session's start."""
    start, end = waking(plan)
    return end - HEAT_BEFORE_BED - plan.heat.minutes - first_slot(start) if plan.heat else 0


def heat_fits(plan) -> bool:
    """Whether `per_day` sessions fit half an hour apart (at least) between waking and an hour before bed."""
    return (plan.heat.per_day - 1) * SLOT <= heat_room(plan)


def heat_count(plan) -> int:
    """How many of the `per_day` heat sessions the waking day holds an hour apart; a short day holds fewer
    (check warns, and the rule and chart print this many)."""
    return min(plan.heat.per_day, heat_room(plan) // SLOT * SLOT // HEAT_APART + 1)
