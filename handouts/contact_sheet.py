"""The contact sheet: every exercise's picture with its id and title, on a grid, to browse the library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from handouts.errors import UserError
from handouts.illustration import picture_for
from handouts.layout import load_layout, not_found, resolve_layout
from handouts.library import DEFAULT_CONDITION, load_library
from handouts.model import Plan, PlannedExercise
from handouts.render import render
from handouts.styles import styles_for, table_style
from handouts.text import markup

COLUMNS = 3


def sheet_plan(layout_name: str = "default", language: str = "en", today: dt.date | None = None) -> Plan:
    """A leaflet-like plan holding every library exercise, so the sheet gets the clinic's page furniture."""
    library = load_library(language)
    layout_path = resolve_layout(layout_name, Path.cwd())
    if layout_path is None:
        raise UserError(f"--layout: {not_found(layout_name)}")
    layout = load_layout(layout_path)
    items = tuple(PlannedExercise(exercise=e, dosage=e.dosage, image=e.image, video=e.video)
                  for e in sorted(library.exercises.values(), key=lambda e: e.id))
    return Plan(source=Path("library"), layout=layout, library=library, title="Exercise library",
                patient=None, therapist=None, date=today or dt.date.today(),
                condition=library.conditions[DEFAULT_CONDITION], exercises=items, thermal=None, advice=(),
                warnings=(), notes=None)


def sheet_bytes(plan: Plan) -> bytes:
    st = styles_for(plan.layout)
    width = plan.layout.content_size[0]
    cell_w = width / COLUMNS
    box = (cell_w - 8 * mm, 44 * mm)
    cells = []
    for item in plan.exercises:
        picture = picture_for(item, plan.layout, st, box)
        caption = [Paragraph(markup(item.exercise.title), st["card_title"]),
                   Paragraph(markup(item.exercise.id), st["small"])]
        cells.append([picture] + caption if picture is not None else caption)
    rows = [cells[i:i + COLUMNS] for i in range(0, len(cells), COLUMNS)]
    rows[-1] += [Spacer(0, 0)] * (COLUMNS - len(rows[-1]))  # see pieces.in_pairs
    grid = Table(rows, colWidths=[cell_w] * COLUMNS)
    grid.setStyle(table_style(st, [("GRID", (0, 0), (-1, -1), 0.5, st.color["rule"]),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return render(plan, [Paragraph(markup(plan.title), st["title"]), grid])
