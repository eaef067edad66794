"""The contact sheet: the library on a grid, a heading per region of the body, to browse and pick from.

Each cell shows the exercise's picture, title, id, position and default dosage. A region's rows
follow the previous region on the same page (a heading never ends a page alone), so pages fill
before a new one starts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from handouts.check.layout import load_layout, locate_layout, not_found
from handouts.check.library import DEFAULT_CONDITION, REGIONS, load_library
from handouts.check.model import Plan, PlannedExercise
from handouts.compose.illustration import picture_for
from handouts.compose.sections.pieces import heading
from handouts.compose.text import dosage_short, markup
from handouts.errors import UserError
from handouts.render.document import render
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import styles_for, table_style

COLUMNS = 3
PICTURE_HEIGHT = 34 * mm  # with the caption, four rows to an A4 or Letter page


def sheet_plan(layout_name: str = "default", language: str = "en", today: dt.date | None = None) -> Plan:
    """A leaflet-like plan holding every library exercise, region by region (by title within one),
    so the sheet gets the clinic's page furniture."""
    library = load_library(language)
    layout_path, why = locate_layout(layout_name, Path.cwd())
    if layout_path is None:
        raise UserError(f"--layout: {why or not_found(layout_name)}")
    layout = load_layout(layout_path)
    ordered = sorted(library.exercises.values(), key=lambda e: (REGIONS.index(e.region), e.title.lower()))
    items = tuple(PlannedExercise(exercise=e, dosage=e.dosage, image=e.image, video=e.video) for e in ordered)
    return Plan(source=Path("library"), layout=layout, library=library, title="Exercise library",
                patient=None, therapist=None, date=today or dt.date.today(),
                condition=library.conditions[DEFAULT_CONDITION], exercises=items, thermal=None, advice=(),
                warnings=(), notes=None)


def sheet_bytes(plan: Plan) -> bytes:
    st = styles_for(plan.layout)
    cell_w = plan.layout.content_size[0] / COLUMNS
    story = [Paragraph(markup(plan.title), st["title"])]
    for region in REGIONS:
        items = [item for item in plan.exercises if item.exercise.region == region]
        if items:
            story += _region(plan.library.strings[f"region_{region}"], items, plan, st, cell_w)
    return render(plan, story)


def _region(title: str, items, plan: Plan, st, cell_w: float) -> list:
    """The region's heading and its grid; the heading stays with the first row, and the rest of
    the grid splits between rows where the page ends."""
    cells = [_cell(item, plan, st, (cell_w - 8 * mm, PICTURE_HEIGHT)) for item in items]
    rows = [cells[i:i + COLUMNS] for i in range(0, len(cells), COLUMNS)]
    rows[-1] += [Spacer(0, 0)] * (COLUMNS - len(rows[-1]))  # see pieces.in_pairs
    first = KeepTogether([heading(title, st), _grid(rows[:1], st, cell_w)])
    return [first, _grid(rows[1:], st, cell_w)] if rows[1:] else [first]


def _cell(item: PlannedExercise, plan: Plan, st, box) -> list:
    ex = item.exercise
    words = plan.library.strings
    caption = [Paragraph(markup(ex.title), st["card_title"]),
               Paragraph(f"{markup(ex.id)} · {markup(words[f'position_{ex.position}'])}", st["small"]),
               Paragraph(markup(dosage_short(ex.dosage)), st["small"])]
    picture = picture_for(item, plan.layout, st, box)
    return [picture, *caption] if picture is not None else caption


def _grid(rows: list, st, cell_w: float) -> Table:
    grid = Table(rows, colWidths=[cell_w] * COLUMNS)
    grid.setStyle(table_style(st, [("GRID", (0, 0), (-1, -1), 0.5, st.color["rule"]),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return grid
