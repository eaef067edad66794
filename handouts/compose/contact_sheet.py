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
from handouts.check.library import library_language, load_library
from handouts.check.model import Exercise, Layout, Library, PlannedExercise
from handouts.check.schema.library import DEFAULT_CONDITION, REGIONS
from handouts.compose.illustration import picture_for
from handouts.compose.sections.pieces import heading
from handouts.compose.story import page_words
from handouts.compose.text import dosage_short, markup
from handouts.errors import UserError
from handouts.render.document import PageSetup, clinic_line, render
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import styles_for, table_style

COLUMNS = 3
PICTURE_HEIGHT = 34 * mm  # with the caption, four rows to an A4 or Letter page
TITLE = "Exercise library"


def sheet_bytes(layout_name: str = "default", language: str = "en", today: dt.date | None = None) -> bytes:
    """The contact sheet of the library in `language`, on the pages of the layout `layout_name` (a name or a
    layout file), dated `today`."""
    library = load_library(library_language(language))
    layout_path, why = locate_layout(layout_name, Path.cwd())
    if layout_path is None:
        raise UserError(f"--layout: {why or not_found(layout_name)}")
    layout = load_layout(layout_path)
    st = styles_for(layout)
    cell_w = layout.content_size[0] / COLUMNS
    story = [Paragraph(markup(TITLE), st["title"])]
    for region in REGIONS:
        items = sorted((e for e in library.exercises.values() if e.region == region), key=lambda e: e.title.lower())
        if items:
            story += _region(library.strings[f"region_{region}"], items, library, layout, st, cell_w)
    # The PDF's subject is the library's first condition: what its exercises are first of all for.
    page = PageSetup(layout=layout, **page_words(library.strings), title=TITLE,
                     subject=library.conditions[DEFAULT_CONDITION].name, language=language,
                     date=today or dt.date.today(), footer=clinic_line(layout))
    return render(page, story)


def _region(title: str, exercises: list[Exercise], library: Library, layout: Layout, st, cell_w: float) -> list:
    """The region's heading and its grid; the heading stays with the first row, and the rest of
    the grid splits between rows where the page ends."""
    cells = [_cell(exercise, library, layout, st, (cell_w - 8 * mm, PICTURE_HEIGHT)) for exercise in exercises]
    rows = [cells[i:i + COLUMNS] for i in range(0, len(cells), COLUMNS)]
    rows[-1] += [Spacer(0, 0)] * (COLUMNS - len(rows[-1]))  # see pieces.in_pairs
    first = KeepTogether([heading(title, st), _grid(rows[:1], st, cell_w)])
    return [first, _grid(rows[1:], st, cell_w)] if rows[1:] else [first]


def _cell(ex: Exercise, library: Library, layout: Layout, st, box) -> list:
    words = library.strings
    caption = [Paragraph(markup(ex.title), st["card_title"]),
               Paragraph(f"{markup(ex.id)} · {markup(words[f'position_{ex.position}'])}", st["small"]),
               Paragraph(markup(dosage_short(ex.dosage)), st["small"])]
    # The exercise as a plan with its library dosage would print it: its photo, else its drawing.
    picture = picture_for(PlannedExercise(exercise=ex, dosage=ex.dosage, image=ex.image, video=ex.video), layout,
                          st, box, labelled=False)
    return [picture, *caption] if picture is not None else caption


def _grid(rows: list, st, cell_w: float) -> Table:
    grid = Table(rows, colWidths=[cell_w] * COLUMNS)
    grid.setStyle(table_style(st, [("GRID", (0, 0), (-1, -1), st.line["rule"], st.color["rule"]),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return grid
