"""The program carried on page 1 as a QR code, and read back (`handouts open`).

The code holds the program only, never who it is for: no name, record number, therapist, dates of visits or
the words of notes. It holds the exercises with their dosage (and whether each had a note), the phases (each
start as weeks or days into the program, never a date, and the phase the handout printed), the condition, the
language(s), the ice-and-heat schedule, the advice and warning picks, the layout, the log flag and the format's
version.

The text form (format 1) is lowercase ASCII tokens separated by spaces, each a tag and its fields:

    hp1 l:default g:en c:neck-spasm a:standard w:standard t:20.1.2.20.4.4.0800.2100.20261123
    x:neck-tilt.5.3.1.3.e x:simple-neck-stretch.15.3.1.3.e.1

`l` layout, `g` languages (`es+en`), `c` condition, `a` and `w` advice and warnings (standard, all, none or
ids joined by `+`), `t` the schedule (ice minutes, every hours, days; heat minutes, per day, days, each
empty for none; waking hours; injury date or empty), `o:1` the log page, `n:2` the phase the handout printed
(left out for the first), `p:start.keep.title` opens a phase (start `w3` for week 3 or `d8` for day 8; keep
`1` when the phase carries the one before's exercises, its `x` entries then only those it adds or changes; a
plan without phases has no `p`: its `x` entries are its one phase), `x:id.hold.reps.sets.per_day.side`
an exercise, with `.1` when it had a note. Inside a field every character but a-z, 0-9 and '-' is written
%XX (UTF-8), so the form reads the same in capitals: a QR code carries it in alphanumeric mode (5.5 bits a
character) as `HP1 ...`, or, when shorter, deflated and base45-encoded as `HZ...`.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from handouts.preflight.qr import qr_version

FORMAT = "hp1"
PACKED = "HZ"
MAX_VERSION = 11  # the largest QR version whose modules still scan from a 200 dpi copy of a 25 mm code
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg")  # a photo or scan of page 1 that the code is read from
SIDES = {"left": "l", "right": "r", "each": "e", "none": "n"}
PICKS = ("standard", "all", "none")
BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_PLAIN = re.compile(r"[a-z0-9-]")
# Deflate's preset dictionary: words the codes of today's library repeat, so even a short code compresses.
# Part of format 1: changing a byte makes every printed code unreadable, so a new one is a new format.
_DICTIONARY = (
    b"x:shoulder-blade-squeeze x:shoulder-rolls x:shoulder-extension x:shoulder-shrugs x:upper-trapezius-stretch "
    b"x:doorway-chest-stretch x:knees-to-chest x:pelvic-tilt x:slow-breathing x:arm-swings x:band-rows "
    b"x:chin-tuck x:scalene-stretch x:ear-to-shoulder x:simple-neck-stretch x:neck-turn x:neck-tilt "
    b".5.3.1.3.e .10.1.3.e .15.3.1.3.e .30.3.1.3.n .0.10.1.3.n .0.10.2.2.n "
    b"t:20.1.2.20.4.4.0800.2100.2026 c:low-back-spasm c:upper-back-spasm c:desk-posture "
    b"hp1 l:default g:en c:neck-spasm a:standard w:standard "
)


class CodeError(ValueError):
    """Text that is not a plan code (or not one this version reads); the message says which."""


@dataclass(frozen=True)
class Entry:
    id: str
    hold_s: int
    reps: int
    sets: int
    per_day: int
    side: str
    note: bool = False  # the handout printed a note here; its words stay on the paper


@dataclass(frozen=True)
class Phase:
    exercises: tuple[Entry, ...]
    start: str = ""  # 'week 3' or 'day 8'; "" for a plan with `exercises:` (its one phase)
    title: str = ""
    keep: bool = False  # carries the previous phase's exercises; its own add or change


@dataclass(frozen=True)
class Thermal:
    ice: tuple[int, int, int] | None  # minutes, every_hours, days
    heat: tuple[int, int, int] | None  # minutes, per_day, days
    waking_hours: str  # "08:00-21:00"
    injury_date: str = ""  # YYYY-MM-DD, or "" when the plan gives none


@dataclass(frozen=True)
class Program:
    layout: str
    languages: tuple[str, ...]
    condition: str
    phases: tuple[Phase, ...]
    thermal: Thermal | None
    advice: str | tuple[str, ...]  # one of PICKS, or ids
    warnings: str | tuple[str, ...]
    log: bool = False
    phase: int = 1  # the phase the handout printed, counted from 1

    def without_notes(self) -> Program:
        """The program as a plan reopened from it reads: the notes' words were never in the code."""
        return replace(self, phases=tuple(replace(p, exercises=tuple(replace(e, note=False) for e in p.exercises))
                                          for p in self.phases))


# --- the checked plan's program -------------------------------------------------------------------------------

def program_of(plan) -> Program:
    """The program a checked `Plan` holds (a plan with `exercises:` is its one phase)."""
    from handouts.check.plan import standard_warnings

    languages = (plan.language,) + ((plan.second.language,) if plan.second else ())
    return Program(layout=layout_name(plan), languages=languages, condition=plan.condition.id,
                   phases=_phases_of(plan), thermal=_thermal_of(plan.thermal),
                   advice=_pick(plan.advice, plan.condition.advice, plan.library.advice),
                   warnings=_pick(plan.warnings, standard_warnings(plan.condition, plan.exercises),
                                  plan.library.warnings),
                   log=plan.log, phase=plan.phase if len(plan.phases) > 1 else 1)


def _entries(planned) -> tuple[Entry, ...]:
    return tuple(Entry(item.exercise.id, item.dosage.hold_s, item.dosage.reps, item.dosage.sets, item.dosage.per_day,
                       item.dosage.side, item.note is not None) for item in planned)


def _phases_of(plan) -> tuple[Phase, ...]:
    """The plan's phases as the code holds them. A start is its days after the first phase's (as 'week 3' when
    whole weeks), so a plan that dated its phases reopens the same program without those dates. A phase that
    only adds to or changes the one before is written with keep and what differs, however the plan wrote it:
    the shorter code, for the same program."""
    if len(plan.phases) <= 1:
        return (Phase(_entries(plan.exercises)),)
    first, out, before = plan.phases[0].start, [], ()
    for phase in plan.phases:
        days = (phase.start - first).days
        start = f"week {days // 7 + 1}" if days % 7 == 0 else f"day {days + 1}"
        entries = _entries(phase.exercises)
        changed = tuple(entry for entry in entries if entry not in before)
        keep = bool(before) and bool(changed) and _kept(before, changed) == entries
        out.append(Phase(changed if keep else entries, start, phase.title or "", keep))
        before = entries
    return tuple(out)


def _kept(before: tuple[Entry, ...], changed: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """A kept phase's exercises, as the plan checker merges them: the phase before's in their order, each
    changed one in its place, then those added."""
    by_id = {entry.id: entry for entry in changed}
    return tuple(by_id.pop(entry.id, entry) for entry in before) + tuple(by_id.values())


def phase_exercises(program: Program) -> tuple[tuple[Entry, ...], ...]:
    """Every phase's whole list of exercises, those kept from the phase before included."""
    out, before = [], ()
    for phase in program.phases:
        before = _kept(before, phase.exercises) if phase.keep else phase.exercises
        out.append(before)
    return tuple(out)


def layout_name(plan) -> str:
    """How a plan names its layout: a bundled one by name, a clinic's own by its path from the plan's folder."""
    import os

    from handouts.load.resources import data_dir

    source = plan.layout.source.resolve()
    if source.parent == data_dir("layouts").resolve():
        return source.stem
    return os.path.relpath(source, plan.source.resolve().parent).replace(os.sep, "/")


def _thermal_of(thermal) -> Thermal | None:
    if thermal is None:
        return None
    ice, heat = thermal.ice, thermal.heat
    return Thermal(ice=ice and (ice.minutes, ice.every_hours, ice.days),
                   heat=heat and (heat.minutes, heat.per_day, heat.days),
                   waking_hours=f"{thermal.waking_start:%H:%M}-{thermal.waking_end:%H:%M}",
                   injury_date=thermal.injury_date.isoformat() if thermal.injury_date else "")


def _pick(chosen: tuple, standard: tuple, everything: dict) -> str | tuple[str, ...]:
    """How the plan picked a set: the name of the set when it is one, else the ids."""
    if chosen == standard:
        return "standard"
    if not chosen:
        return "none"
    if chosen == tuple(everything.values()):
        return "all"
    return tuple(item.id for item in chosen)


def printed_code(plan) -> str | None:
    """The code page 1 prints: a patient's handout that asks for one and whose program fits (see `too_large`)."""
    wanted = _wanted(plan)
    return wanted[0] if wanted and wanted[1] <= MAX_VERSION else None


def too_large(plan) -> str | None:
    """Why a handout that asks for a code prints none: its program does not fit a code that scans."""
    wanted = _wanted(plan)
    if wanted is None or wanted[1] <= MAX_VERSION:
        return None
    code, version = wanted
    return (f"the program needs a QR code of version {version} ({len(code)} characters), larger than the version "
            f"{MAX_VERSION} that scans from page 1, so the handout prints no code; take out exercises, or write "
            "'plan_code: false'")


def _wanted(plan) -> tuple[str, int] | None:
    """The code a patient's handout asks for, and its QR version; None for a leaflet or `plan_code: false`."""
    if not (plan.plan_code and plan.patient):
        return None
    code = encode(program_of(plan))
    return code, qr_version(code)


# --- the text form ---------------------------------------------------------------------------------------------

def text_form(program: Program) -> str:
    tokens = [FORMAT, _token("l", program.layout), _token("g", "+".join(map(_escape, program.languages)), raw=True),
              _token("c", program.condition), _token("a", _pick_field(program.advice), raw=True),
              _token("w", _pick_field(program.warnings), raw=True)]
    if program.thermal:
        tokens.append(_thermal_token(program.thermal))
    if program.log:
        tokens.append("o:1")
    if program.phase > 1:
        tokens.append(f"n:{program.phase}")
    for phase in program.phases:
        if phase.start or phase.title or phase.keep or len(program.phases) > 1:
            tokens.append(_token("p", _start_field(phase.start), "1" if phase.keep else "", _escape(phase.title),
                                 raw=True))
        tokens += [_entry_token(entry) for entry in phase.exercises]
    return " ".join(tokens)


def _start_field(start: str) -> str:
    """'week 3' as w3, 'day 8' as d8 (a phase of a plan without phases has no start)."""
    unit, _, count = start.partition(" ")
    return f"{unit[:1]}{count}"


def _start_of(field: str) -> str:
    units = {"w": "week", "d": "day"}
    if field and (field[0] not in units or not field[1:].isdigit()):
        raise CodeError("it is damaged (a phase's start cannot be read)")
    return f"{units[field[0]]} {int(field[1:])}" if field else ""


def _token(tag: str, *fields: str, raw: bool = False) -> str:
    return f"{tag}:" + ".".join(fields if raw else map(_escape, fields))


def _escape(value: str) -> str:
    return "".join(ch if _PLAIN.fullmatch(ch) else "".join(f"%{b:02x}" for b in ch.encode()) for ch in value)


def _pick_field(pick) -> str:
    return pick if isinstance(pick, str) else "+".join(map(_escape, pick))


def _thermal_token(thermal: Thermal) -> str:
    numbers = [*(thermal.ice or ("", "", "")), *(thermal.heat or ("", "", ""))]
    waking = thermal.waking_hours.replace(":", "").split("-")
    return _token("t", *map(str, numbers), *waking, thermal.injury_date.replace("-", ""))


def _entry_token(entry: Entry) -> str:
    fields = [entry.id, *map(str, (entry.hold_s, entry.reps, entry.sets, entry.per_day)), SIDES[entry.side]]
    return _token("x", *fields, *(("1",) if entry.note else ()))


def encode(program: Program) -> str:
    """What the QR code carries: the text form in capitals, or its packed form when that is shorter."""
    text = text_form(program)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15, zdict=_DICTIONARY)
    packed = PACKED + _base45(deflate.compress(text.encode()) + deflate.flush())
    return min(text.upper(), packed, key=len)


def _base45(data: bytes) -> str:
    out = []
    for i in range(0, len(data), 2):
        pair = data[i:i + 2]
        n = int.from_bytes(pair, "big")
        digits = 3 if len(pair) == 2 else 2
        out += [BASE45[n // 45 ** k % 45] for k in range(digits)]
    return "".join(out)


def _unbase45(text: str) -> bytes:
    out = bytearray()
    for i in range(0, len(text), 3):
        chunk = text[i:i + 3]
        if len(chunk) == 1 or any(ch not in BASE45 for ch in chunk):
            raise CodeError("it is damaged (a packed code's letters are cut short or changed)")
        n = sum(BASE45.index(ch) * 45 ** k for k, ch in enumerate(chunk))
        size = 2 if len(chunk) == 3 else 1
        if n >= 256 ** size:
            raise CodeError("it is damaged (a packed code's letters are cut short or changed)")
        out += n.to_bytes(size, "big")
    return bytes(out)


# --- reading a code back ---------------------------------------------------------------------------------------

def looks_like_code(text: str) -> bool:
    """Whether a QR code's text is a plan code (of any format), not a video's address."""
    return text.upper().startswith(("HP", PACKED))


def decode(code: str) -> Program:
    """The program in a code's text (as the QR code holds it, in capitals or not); CodeError says what is wrong."""
    code = code.strip("\r\n\t")
    if code.upper().startswith(PACKED):
        try:
            inflate = zlib.decompressobj(-15, zdict=_DICTIONARY)
            text = (inflate.decompress(_unbase45(code.upper()[len(PACKED):])) + inflate.flush()).decode()
        except (zlib.error, UnicodeDecodeError):
            raise CodeError("it is damaged (its packed part does not unpack)") from None
    else:
        text = code.lower()
    tokens = text.split(" ")
    if not tokens[0].startswith("hp"):
        raise CodeError("it is not a handout's plan code (those start with HP or HZ)")
    if tokens[0] != FORMAT:
        raise CodeError(f"it is format {tokens[0][2:]!r}, which this version of handouts does not read; update "
                        "handouts")
    try:
        return _program(tokens[1:])
    except CodeError:
        raise
    except (KeyError, ValueError, IndexError, UnicodeDecodeError):  # a number, a side or an escape garbled
        raise CodeError("it is damaged (a part of it cannot be read)") from None


def code_in_picture(path: Path) -> str:
    """The plan code in a photo or scan: the one QR code on it that is a plan code (a card's video codes are
    not); a UserError when there is none, or more than one, rather than a guess."""
    from handouts.errors import UserError
    from handouts.preflight import images

    image = images.for_reading(path)
    try:
        import zxingcpp  # the 'scan' extra: only reading a picture needs it
    except ImportError:
        raise UserError("reading a picture needs zxing-cpp: pip install 'handouts[scan]', or give the code's "
                        "text instead") from None
    found = {barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)}
    codes = sorted(text for text in found if looks_like_code(text))
    if not codes:
        raise UserError("no plan code can be read in this picture; photograph page 1 flat, in good light, with "
                        "the whole code sharp and in view, or type the code's text instead", file=path)
    if len(codes) > 1:
        raise UserError(f"{len(codes)} different plan codes in this picture; photograph one handout at a time",
                        file=path)
    return codes[0]


def _unescape(field: str) -> str:
    return re.sub(r"(?:%[0-9a-f]{2})+", lambda m: bytes.fromhex(m[0].replace("%", "")).decode(), field)


_SINGLE_TAGS = ("l", "g", "c", "a", "w", "t", "o", "n")  # a token each, at most: the rest are phases and exercises


def _program(tokens: list[str]) -> Program:
    values, phases = {}, []
    for token in tokens:
        tag, _, rest = token.partition(":")
        if tag == "x":
            if not phases:
                phases.append([Phase(())])
            phases[-1].append(_entry(rest.split(".")))
        elif tag == "p":
            start, keep, title = rest.split(".")
            phases.append([Phase((), _start_of(start), _unescape(title), keep == "1")])
        elif tag in _SINGLE_TAGS and tag not in values:
            values[tag] = rest
        else:
            raise CodeError(f"it is damaged (its part {token[:20]!r} is not one a plan code has)")
    if not {"l", "g", "c", "a", "w"} <= set(values) or not phases:
        raise CodeError("it is cut short (a plan code names its layout, language, condition and exercises)")
    return Program(layout=_unescape(values["l"]), languages=tuple(map(_unescape, values["g"].split("+"))),
                   condition=_unescape(values["c"]),
                   phases=tuple(replace(head, exercises=tuple(rest)) for head, *rest in phases),
                   thermal=_thermal(values["t"].split(".")) if "t" in values else None,
                   advice=_read_pick(values["a"]), warnings=_read_pick(values["w"]), log=values.get("o") == "1",
                   phase=_current(values.get("n", "1"), len(phases)))


def _current(field: str, count: int) -> int:
    if not field.isdigit() or not 1 <= int(field) <= max(count, 1) or (int(field) > 1 and count < 2):
        raise CodeError("it is damaged (the phase it printed is not one of its phases)")
    return int(field)


def _entry(fields: list[str]) -> Entry:
    ident, hold, reps, sets, per_day, side, *note = fields
    if note not in ([], ["1"]):
        raise CodeError("it is damaged (an exercise has a field too many)")
    return Entry(_unescape(ident), int(hold), int(reps), int(sets), int(per_day),
                 {v: k for k, v in SIDES.items()}[side], bool(note))


def _thermal(fields: list[str]) -> Thermal:
    *numbers, wake, sleep, injury = fields
    ice, heat = numbers[:3], numbers[3:]
    if len(heat) != 3:
        raise CodeError("it is damaged (its ice and heat schedule is cut short)")
    return Thermal(ice=_session(ice), heat=_session(heat),
                   waking_hours=f"{wake[:2]}:{wake[2:]}-{sleep[:2]}:{sleep[2:]}", injury_date=f"{injury[:4]}-{injury[4:6]}-{injury[6:]}" if injury else "")


def _session(numbers: list[str]) -> tuple[int, int, int] | None:
    """Ice's or heat's three numbers, or None for none: all three empty, never some (that is a damaged code)."""
    if not any(numbers):
        return None
    return tuple(map(int, numbers))  # an empty one raises ValueError: damaged


def _read_pick(field: str) -> str | tuple[str, ...]:
    return field if field in PICKS else tuple(map(_unescape, field.split("+")))


# --- the plan file again ---------------------------------------------------------------------------------------

NOTE_HINT = "the last handout had a note here; the code keeps no words: write it again, or delete this line"
HEADER = ("# Reopened from a handout's plan code, which holds the program and nothing about the patient:\n"
          "# fill in the patient's name (and therapist and next_visit if you like) before you build it.\n")


def plan_yaml(program: Program) -> str:
    """The plan file for `program`, as a therapist would write it: the schema line, a word on what to fill in,
    then the keys in the examples' order, each exercise a bare id when it takes the library's dosage."""
    import yaml

    from handouts.check.library import load_library
    from handouts.load.resources import data_dir

    library = load_library(program.languages[0].split("-")[0])
    doc = {"layout": program.layout, "language": list(program.languages) if len(program.languages) > 1 else
           program.languages[0], "condition": program.condition, "patient": {"name": ""}}
    if len(program.phases) == 1 and not program.phases[0].start:
        doc["exercises"] = [_written(entry, library) for entry in program.phases[0].exercises]
    else:
        if program.phase > 1:
            doc["phase"] = program.phase
        wholes = (), *phase_exercises(program)
        doc["phases"] = [_written_phase(phase, library, before) for phase, before in zip(program.phases, wholes)]
    if program.thermal:
        doc["thermal"] = _written_thermal(program.thermal)
    doc.update(advice=_written_pick(program.advice), warnings=_written_pick(program.warnings))
    if program.log:
        doc["log"] = True
    doc["plan_code"] = True  # the next handout carries its code too, whatever its layout says
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    body = re.sub(r"(?m)^(\s*)note: null$", rf"\1note:  # {NOTE_HINT}", body)
    schema = (data_dir("schemas") / "plan.schema.json").as_posix()
    return f"# yaml-language-server: $schema={schema}\n{HEADER}{body}"


def _written(entry: Entry, library, kept: Entry | None = None) -> str | dict:
    """A bare id for the library's dosage; else the id with what differs (all of it for an exercise this
    library lacks: `check` then names it, and the dosage is still the one printed). An entry that changes one
    kept from the phase before differs from that one's dosage, and is never bare (that would list it twice)."""
    base = kept or getattr(library.exercises.get(entry.id), "dosage", None)
    dosage = {key: getattr(entry, key) for key in ("hold_s", "reps", "sets", "per_day", "side")}
    if base is not None:
        dosage = {key: value for key, value in dosage.items() if getattr(base, key) != value}
    if base is not None and kept is None and not dosage and not entry.note:
        return entry.id
    note = entry.note and not (kept and kept.note)  # a kept one's note goes on with it
    return {"id": entry.id, **dosage, **({"note": None} if note else {})}


def _written_phase(phase: Phase, library, before: tuple[Entry, ...]) -> dict:
    out = {"start": phase.start}
    if phase.title:
        out["title"] = phase.title
    if phase.keep:
        out["keep"] = True
    kept = {entry.id: entry for entry in before} if phase.keep else {}
    return {**out, "exercises": [_written(entry, library, kept.get(entry.id)) for entry in phase.exercises]}


def _written_thermal(thermal: Thermal) -> dict:
    import datetime as dt

    out = {"injury_date": dt.date.fromisoformat(thermal.injury_date)} if thermal.injury_date else {}
    out["ice"] = dict(zip(("minutes", "every_hours", "days"), thermal.ice)) if thermal.ice else "none"
    out["heat"] = dict(zip(("minutes", "per_day", "days"), thermal.heat)) if thermal.heat else "none"
    return {**out, "waking_hours": thermal.waking_hours}


def _written_pick(pick) -> str | list[str]:
    return pick if isinstance(pick, str) else list(pick)
