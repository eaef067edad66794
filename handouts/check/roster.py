"""Read a clinic's roster (CSV, one patient per row) into plan overrides, one per row.

The roster format is in the README ("For therapists"): a header row naming some of COLUMNS, then
one row per patient; an empty cell takes the template plan's value, except the
patient's own name and record number, which never come from the template.
A roster is read as spreadsheets save one: UTF-8 (with or without a byte-order mark) or UTF-16 with
its mark (Excel's "Unicode text"), its cells separated by commas or tabs, as the header row shows.
Problems with the file as a whole (missing, not UTF-8, no header, unknown
columns) stop the batch before it starts; problems with one row are returned
with that row so the other rows still print.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from handouts.check.checks import clean_text, did_you_mean, quoted
from handouts.errors import Problem, UserError, ValidationError
from handouts.load import infile

COLUMNS = ("patient", "id", "date", "injury_date", "exercises", "therapist", "layout", "language", "notes",
           "next_visit", "phase")
REQUIRED = ("patient",)
MAX_BYTES = 20_000_000
# Where a plan problem about a roster value points, as the roster column it came from.
COLUMN_OF = {("patient", "name"): "patient", ("patient", "id"): "id", ("thermal", "injury_date"): "injury_date",
             **{(key,): key for key in ("exercises", "date", "therapist", "layout", "language", "notes", "next_visit",
                                        "phase")}}


def by_column(problem: Problem) -> Problem:
    """A row's problem (its source is the row) named by the roster column whose value it is about, not by
    the template's line that value replaced."""
    path = problem.path
    column = next((name for key, name in COLUMN_OF.items() if path[:len(key)] == key), problem.where)
    return Problem(problem.source, problem.message, column)


@dataclass(frozen=True)
class Row:
    number: int  # spreadsheet numbering: the header is row 1
    label: str  # "roster.csv row 18"
    cells: dict[str, str]  # column -> text, blank cells left out
    overrides: dict = field(default_factory=dict)  # top-level plan values for load_plan
    problems: tuple[Problem, ...] = ()  # found before the plan is even loaded


@dataclass(frozen=True)
class Roster:
    rows: list[Row]
    read_as: str  # how it was read when not as a plain CSV ("UTF-16, tab-separated"), else ""


def read_roster(path: Path, *, has_thermal: bool, data: bytes | None = None) -> Roster:
    """Every non-blank row of the roster at `path`.

    `has_thermal`: whether the template has a thermal section for an
    injury_date to go into. `data` is the roster when it is not in a file (uploaded
    to the web page): `path` then only names it.
    """
    records, read_as = _records(path) if data is None else _parse_records(path, data)
    header = _header(path, records[0] if records else [])
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or a spreadsheet row left empty
        label = f"{path} row {number}"
        if len(cells) != len(header):
            fix = ("put any cell that contains a comma in double quotes" if len(cells) > len(header)
                   else "add the missing commas so every row has a cell for every column")
            count = f"{len(cells)} cell" + ("s" if len(cells) != 1 else "")
            problem = Problem(label, f"{count} but the header has {len(header)} columns; {fix}")
            rows.append(Row(number, label, {}, problems=(problem,)))
            continue
        tidied = ((column, _tidy(column, cell)) for column, cell in zip(header, cells))
        values = {column: text for column, text in tidied if text}
        overrides, problems = _overrides(label, values, has_thermal)
        rows.append(Row(number, label, values, overrides, tuple(problems)))
    if not rows:
        raise UserError(f"{path}: no patients below the header row; add one row per patient")
    return Roster(rows, read_as)


def _records(path: Path) -> tuple[list[list[str]], str]:
    try:
        data = infile.read_bytes(path, MAX_BYTES)
    except infile.Unreadable as exc:
        raise UserError(f"{path}: " + exc.say(missing="no such roster file",
                                              folder="is a folder; give the roster's CSV file",
                                              too_big=f"over {MAX_BYTES // 1_000_000} MB; this is not a roster "
                                                      "(split it up)")) from None
    return _parse_records(path, data)


def _parse_records(path: Path, data: bytes) -> tuple[list[list[str]], str]:
    """The cells of a roster's bytes (read from its file, or uploaded to the web page), and how they were
    read when not as a plain UTF-8 CSV."""
    if len(data) > MAX_BYTES:
        raise UserError(f"{path}: over {MAX_BYTES // 1_000_000} MB; this is not a roster (split it up)")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    try:
        # utf-8-sig: spreadsheets often start a UTF-8 CSV with a byte-order mark; "utf-16" reads its own mark.
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text; in your spreadsheet, save it as 'CSV UTF-8'") from None
    header = text.partition("\n")[0]
    tabs = header.count("\t") > header.count(",")  # the header's names hold neither: its separator shows
    read_as = ", ".join(filter(None, ("UTF-16" if utf16 else "", "tab-separated" if tabs else "")))
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter="\t" if tabs else ",", strict=True)), read_as
    except csv.Error as exc:
        raise UserError(f"{path}: not a readable CSV file ({exc}); save it from your spreadsheet as "
                        "'CSV UTF-8'") from None


def _tidy(column: str, cell: str) -> str:
    """A cell with its runs of spaces closed up; notes keep the line breaks a spreadsheet cell can hold.
    Control characters go here, so that no file name, message or bookmark ever carries one."""
    cell = clean_text(cell)
    if column == "notes":
        return "\n".join(" ".join(line.split()) for line in cell.splitlines() if line.strip())
    return " ".join(cell.split())


def _header(path: Path, cells: list[str]) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    expected = ",".join(COLUMNS)
    if not any(name in COLUMNS for name in header):
        if len(header) == 1 and ";" in header[0]:
            raise UserError(f"{path}: the columns are separated by ';'; save the roster as CSV with commas "
                            f"(header: {expected})")
        raise UserError(f"{path}: the first row must be the header, e.g. {expected}")
    problems = []
    for position, name in enumerate(header, start=1):
        if not name:
            message = f"this header cell is blank; name the column (one of {expected}) or delete it"
        elif name not in COLUMNS:
            message = f"unknown column {quoted(name)}{did_you_mean(name, COLUMNS)}; the columns are {expected}"
        elif header.index(name) < position - 1:
            message = f"the column '{name}' appears twice in the header; keep one"
        else:
            continue
        problems.append(Problem(str(path), message, f"column {position}", line=1))
    problems += [Problem(str(path), f"the header has no '{name}' column; the columns are {expected}", line=1)
                 for name in REQUIRED if name not in header]
    if problems:
        raise ValidationError(problems)
    return header


def _overrides(label: str, values: dict[str, str], has_thermal: bool) -> tuple[dict, list[Problem]]:
    """The plan values one row sets, and what is wrong with the row before the plan is checked."""
    problems = []
    overrides: dict = {}
    if "patient" not in values:
        # Not the template's name: that would print another person's name on this row's handout.
        problems.append(Problem(label, "the patient's name is blank; write it out", "patient"))
    else:
        # The record number belongs to this row's patient only: a blank id means none.
        overrides["patient"] = {"name": values["patient"], "id": values.get("id")}
    for column in ("date", "therapist", "layout", "language", "notes", "next_visit"):
        if column in values:
            overrides[column] = values[column]
    if "phase" in values:  # the template's phase the patient is in now: a number, as the plan's 'phase:'
        phase = values["phase"]
        overrides["phase"] = int(phase) if phase.isdecimal() else phase
    if ";" in values.get("language", ""):  # 'es; en': a two-language handout, as a plan's [es, en]
        overrides["language"] = [tag.strip() for tag in values["language"].split(";")]
    if "injury_date" in values:
        if has_thermal:
            overrides["thermal"] = {"injury_date": values["injury_date"]}
        else:
            problems.append(Problem(label, "the template has no thermal section for this date to go in; "
                                           "add 'thermal:' to the template or leave the cell empty",
                                    "injury_date"))
    exercises = [ident.strip() for ident in values.get("exercises", "").split(";") if ident.strip()]
    if any("," in ident for ident in exercises):
        problems.append(Problem(label, "separate exercise ids with ';', e.g. neck-tilt; chin-tuck", "exercises"))
    elif exercises:
        overrides["exercises"] = exercises
    return overrides, problems
