"""A program in phases, in words: each phase's name and dates, and what the next one changes.

The at-a-glance table, the cards' headings and the log's tables all say a phase the same way, from here.
"""

from __future__ import annotations

import datetime as dt

from handouts.check.model import Dosage, Library, Phase, Plan, PlannedExercise
from handouts.compose.text import fill, short_date


def phased(plan: Plan) -> bool:
    """Whether the program has phases to print: a plan with one list of exercises prints as it always has."""
    return len(plan.phases) > 1


def printed(plan: Plan) -> list[list[tuple[int, PlannedExercise]]]:
    """Each phase to come's exercises with the number of the card the patient does each from: the first phase's
    cards are all of its exercises, a later phase's its new or changed ones, numbered on from the one before."""
    out, number, card = [], 0, {}
    for index, phase in enumerate(plan.upcoming):
        for item in phase.exercises if index == 0 else phase.new:
            number += 1
            card[item.exercise.id] = number
        out.append([(card[item.exercise.id], item) for item in phase.exercises])
    return out


def phase_name(phase: Phase, words: dict) -> str:
    return phase.title or fill(words, "phase_n", phase.number)


def phase_end(plan: Plan, phase: Phase) -> dt.date | None:
    """The phase's last day: the day before the next starts (None for the last phase)."""
    later = plan.phases[phase.number:]
    return later[0].start - dt.timedelta(days=1) if later else None


def phase_dates(plan: Plan, phase: Phase, words: dict, end: dt.date | None = None) -> str:
    """'Mon 7 Dec to Sun 20 Dec', or 'from Mon 4 Jan' for the last; `end` cuts it shorter (the log's week)."""
    end = end or phase_end(plan, phase)
    start = short_date(phase.start, words)
    if end is None:
        return fill(words, "phase_from", start=start)
    return fill(words, "phase_dates", start=start, end=short_date(end, words))


def phase_heading(plan: Plan, phase: Phase, words: dict, end: dt.date | None = None) -> str:
    return fill(words, "phase_heading", phase=phase_name(phase, words), dates=phase_dates(plan, phase, words, end))


def next_change(plan: Plan, phase: Phase, library: Library | None = None) -> str:
    """'From Mon 21 Dec: add Chin tuck; Turning the neck: do it 8 times.', in `library`'s language (a
    two-language handout's second; the plan's own by default)."""
    library = library or plan.library
    words = library.strings
    before = plan.phases[phase.number - 2].exercises
    return fill(words, "glance_next", date=short_date(phase.start, words),
                changes="; ".join(changes(before, phase, words, library.exercises)))


def changes(before: tuple[PlannedExercise, ...], phase: Phase, words: dict, exercises: dict) -> list[str]:
    """What a phase changes from the phase before, in words: the exercises it adds, those it changes, those
    it stops. `exercises`: the library whose titles the words use."""
    def title(item: PlannedExercise) -> str:
        return exercises[item.exercise.id].title

    old = {item.exercise.id: item for item in before}
    added = [title(item) for item in phase.new if item.exercise.id not in old]
    out = [fill(words, "change_add", names=listed(added, words))] if added else []
    out += [fill(words, "change_dosage", name=title(item), what=", ".join(_what(old[item.exercise.id], item, words)))
            for item in phase.new if item.exercise.id in old]
    if phase.stopped:
        out.append(fill(words, "change_stop", names=listed([title(item) for item in phase.stopped], words)))
    return out


def listed(names: list[str], words: dict) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) < 2:
        return "".join(names)
    return fill(words, "list_and", rest=", ".join(names[:-1]), last=names[-1])


def _what(old: PlannedExercise, new: PlannedExercise, words: dict) -> list[str]:
    """The figures that differ, said as the patient does them: 'hold 20 s', 'do it 8 times'."""
    said = [_figure(name, getattr(new.dosage, name), words) for name in Dosage.__dataclass_fields__
            if getattr(old.dosage, name) != getattr(new.dosage, name)]
    if new.note != old.note and new.note:
        said.append(words["change_note"])
    return said


def _figure(name: str, value, words: dict) -> str:
    if name == "hold_s":
        return fill(words, "change_hold", value) if value else words["change_no_hold"]
    if name == "side":
        return fill(words, "change_side", side=words[f"side_short_{value}"].lower())
    return fill(words, {"reps": "change_reps", "sets": "change_sets", "per_day": "change_per_day"}[name], value)
