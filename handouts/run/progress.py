"""`handouts progress`: a plan moved on to its next phase (or, with one phase, copied with a new date).

The therapist's file is edited line by line, not rewritten from the parsed values: their comments, order and
spelling stay as they wrote them, and only the `date:`, `phase:` and a past `next_visit:` line change. The
result is checked as the plan `handouts build` will read, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from handouts.check.model import Plan
from handouts.check.plan import load_plan
from handouts.errors import UserError
from handouts.load.yamlsource import Located, parse_yaml, read_text

_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")  # a name progress gave before: plan-2026-12-07


@dataclass(frozen=True)
class Progressed:
    before: Plan
    after: Plan
    text: str  # the new plan file
    dropped_visit: dt.date | None  # a next visit on or before the new date, taken out


def progress(path: Path, day: dt.date, out: Path) -> Progressed:
    """The plan at `path` dated `day`, in its next phase if it has one; checked as if saved at `out`."""
    return progress_text(read_text(path), path, day, out)


def progress_text(text: str, path: Path, day: dt.date, out: Path, *, source: str | None = None) -> Progressed:
    """`progress` for a plan that is text (the page's form), placed at `path` for its relative files."""
    before = load_plan(path, text=text, source=source)
    if day < before.date:
        later = "--date" if source is None else "date"  # the command's option, or the page's field
        raise UserError(f"{day.isoformat()} is before the plan's date ({before.date.isoformat()}); progress "
                        f"moves a plan on, give a later {later}", file=source or path)
    edits = {"date": day.isoformat()}
    if before.phase < len(before.phases):
        edits["phase"] = str(before.phase + 1)
    dropped = before.next_visit if before.next_visit and before.next_visit <= day else None
    if dropped:
        edits["next_visit"] = None
    new_text = _edited(text, parse_yaml(text, source or str(path)), edits, path)
    return Progressed(before, load_plan(out, text=new_text, source=source), new_text, dropped)


def state(plan: Plan) -> str:
    """A handout's date and, in a program of phases, which one: '2026-12-07, phase 1 of 3 (Weeks 1 and 2)'."""
    from handouts.compose.sections.phases import phase_name

    where = (f", phase {plan.phase} of {len(plan.phases)} ({phase_name(plan.upcoming[0], plan.library.strings)})"
             if len(plan.phases) > 1 else "")
    return f"{plan.date.isoformat()}{where}"


def what_changes(moved: Progressed) -> list[str]:
    """What the new handout changes from the previous one, in lines for the therapist."""
    from handouts.compose.sections.phases import changes, phase_dates, phase_name

    before, after = moved.before, moved.after
    words = after.library.strings
    if after.phase != before.phase:
        phase = after.upcoming[0]
        listed = "; ".join(changes(before.exercises, phase, words, after.library.exercises))
        lines = [f"changes: {listed} ({phase_dates(after, phase, words)})"]
    elif len(before.phases) > 1:
        last = phase_name(before.upcoming[0], words)
        lines = [f"{last} is the last phase: the new plan keeps it, with the new date"]
    else:
        lines = ["one list of exercises: the new plan is the same program with the new date"]
    if moved.dropped_visit:
        lines.append(f"next_visit {moved.dropped_visit.isoformat()} taken out (it is not after the new date); "
                     "add the next one")
    return lines


def default_output(path: Path, day: dt.date) -> Path:
    """plan.yaml -> plan-2026-12-21.yaml beside it (a name already dated gets the new date instead)."""
    return path.with_name(f"{_DATED.sub('', path.stem)}-{day.isoformat()}{path.suffix}")


def _edited(text: str, raw: Located, edits: dict[str, str | None], path: Path) -> str:
    """`text` with each top-level `key: value` of `edits` written over its line (a comment after it kept), or
    its line taken out for None; a key not there yet goes after the `date:` line (or, for the date itself,
    before the program). Each edit changes one line's text in place, so the other lines' numbers hold."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    for key, value in edits.items():
        if key in raw:
            index = _value_line(raw, key, path)
            lines[index] = "" if value is None else re.sub(rf"^({key}\s*:\s*)(\"[^\"]*\"|'[^']*'|[^\s#]+)",
                                                           lambda m, v=value: m[1] + v, lines[index])
        elif "date" in raw and key != "date":
            lines[_value_line(raw, "date", path)] += f"{key}: {value}\n"
        else:
            program = next((k for k in ("exercises", "phases") if k in raw), None)
            line = f"{key}: {value}\n"
            if program is None:
                lines.append(line)
            else:
                index = raw.key_positions[program][0] - 1
                lines[index] = line + lines[index]
    return "".join(lines)


def _value_line(raw: Located, key: str, path: Path) -> int:
    """The index of the line a top-level key and its value share, or a UserError for one written otherwise."""
    line, column = raw.key_positions[key]
    if column != 1 or raw.positions[key][0] != line:
        raise UserError(f"line {line}: write '{key}:' at the start of a line, its value after it on the same "
                        "line, so progress can change it", file=path)
    return line - 1
