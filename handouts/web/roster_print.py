"""A roster uploaded to the page, against a template plan, into one merged print file, in memory.

The same reading and checks as `handouts batch roster.csv --template plan.yaml --merge print.pdf`
(a bad row is reported and the good rows still print), but no handout is written to disk: each is
built into memory and added to the print file, itself in memory, which is the response.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from handouts.check import clinical
from handouts.check.plan import load_plan
from handouts.check.roster import by_column, read_roster
from handouts.errors import UserError, ValidationError
from handouts.run.build import pdf_bytes
from handouts.write.merge import PrintFile

MAX_ROWS = 200  # a page's batch is today's patients; a bigger one belongs to `handouts batch`


@dataclass(frozen=True)
class Printed:
    pdf: bytes | None  # the merged print file of the rows that built; None if none did
    built: int
    failed: tuple[str, ...]  # one line per problem of the rows that did not build


def print_roster(roster: bytes, roster_name: str, template: str, folder: Path, *,
                 today: dt.date | None = None) -> Printed:
    """Build every row of `roster` (CSV bytes) against the plan text `template`; a bad template or roster
    raises (nothing can start), a bad row is reported with its row number and column."""
    template_path = folder / "template.yaml"
    today = today or dt.date.today()
    plan = load_plan(template_path, text=template, today=today, source="template")
    rows = read_roster(Path(roster_name), has_thermal=plan.thermal is not None, data=roster).rows
    if len(rows) > MAX_ROWS:
        raise UserError(f"{roster_name}: {len(rows)} patients; the page prints at most {MAX_ROWS} at once "
                        "(use 'handouts batch' for more)")
    buffer = io.BytesIO()
    printing = PrintFile(buffer)
    built, failed = 0, []
    for row in rows:
        if row.problems:
            failed += [str(problem) for problem in row.problems]
            continue
        try:
            handout = load_plan(template_path, text=template, today=today, overrides=row.overrides,
                                source=row.label)
            clinical.enforce(handout, row.label)
            title = " ".join(filter(None, (row.cells.get("patient"), row.cells.get("id"))))
            printing.add(pdf_bytes(handout), title, order=row.number)
            built += 1
        except ValidationError as exc:
            failed += [str(by_column(p) if p.source == row.label else p) for p in exc.problems]
        except UserError as exc:
            failed.append(f"{row.label}: {exc.format_message()}")
    printing.close()
    return Printed(buffer.getvalue() if built else None, built, tuple(failed))

