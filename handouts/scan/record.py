"""A log page as read, as the record: a row per box (CSV and JSON), the counts a therapist asks for first, and
the one-page summary for the patient's chart (`handouts scan --pdf`)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from handouts.scan.reader import Reading

FIELDS = ("date", "session", "exercise", "state")


def rows(reading: Reading) -> list[dict]:
    """A row per box, in the page's order: its date (or 'day N'), session from 1, exercise id, state."""
    code = reading.code
    return [{"date": code.date_of(read.box.day), "session": read.box.session + 1,
             "exercise": code.exercises[read.box.exercise][0], "state": read.state} for read in reading.boxes]


def as_csv(reading: Reading) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(reading))
    return out.getvalue().encode()


def as_json(reading: Reading) -> bytes:
    code = reading.code
    page = {"program": code.program, "phase": code.phase, "first_date": code.first and code.first.isoformat(),
            "boxes": rows(reading)}
    return (json.dumps(page, indent=1, ensure_ascii=False) + "\n").encode()


def per_exercise(reading: Reading) -> list[tuple[str, int, int, int]]:
    """Each exercise's ticked, unsure and all boxes."""
    counts = Counter((row["exercise"], row["state"]) for row in rows(reading))
    totals = Counter(row["exercise"] for row in rows(reading))
    return [(ident, counts[ident, "ticked"], counts[ident, "unsure"], totals[ident])
            for ident, _ in reading.code.exercises]


def per_day(reading: Reading) -> list[tuple[str, int, int, int]]:
    """Each day's ticked, unsure and all boxes."""
    counts = Counter((row["date"], row["state"]) for row in rows(reading))
    totals = Counter(row["date"] for row in rows(reading))
    return [(day, counts[day, "ticked"], counts[day, "unsure"], total) for day, total in totals.items()]


def unsure(reading: Reading) -> list[dict]:
    return [row for row in rows(reading) if row["state"] == "unsure"]


def summary_line(name: str, reading: Reading) -> str:
    """'photo.jpg: neck-tilt 30 of 42 sessions, ...; 2 boxes unsure, check them by eye'."""
    done = ", ".join(f"{ident} {ticked} of {total} sessions" for ident, ticked, _, total in per_exercise(reading))
    doubtful = len(unsure(reading))
    return f"{name}: {done}; " + (f"{doubtful} box{'es' if doubtful != 1 else ''} unsure, check "
                                  f"{'them' if doubtful != 1 else 'it'} by eye" if doubtful else "no box unsure")


def summary_pdf(readings: list[tuple[str, Reading]], layout) -> bytes:
    """A page per photo for the chart, with the clinic's name and colour: adherence per exercise and per day
    (a bar a day), and the unsure boxes listed for the therapist to check."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import HRFlowable

    from handouts.compose.text import markup

    styles = getSampleStyleSheet()
    primary = colors.HexColor(layout.colors["primary"])
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(layout.colors["rule"])),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(layout.colors["panel"])),
                       ("FONTSIZE", (0, 0), (-1, -1), 9)])
    story = []
    for name, reading in readings:
        code = reading.code
        story += [Paragraph(markup(layout.clinic.name), styles["Title"]),
                  HRFlowable(width="100%", color=primary),
                  Paragraph(markup(f"Exercise log read from {name}: program {code.program}, phase {code.phase}, "
                                   f"from {code.date_of(0)}"), styles["Normal"]), Spacer(1, 8),
                  Paragraph("Adherence per exercise", styles["Heading3"])]
        story.append(Table([["Exercise", "Ticked", "Sessions", "Share", "Unsure"]] +
                           [[ident, ticked, total, f"{round(100 * ticked / total)}%", doubt or ""]
                            for ident, ticked, doubt, total in per_exercise(reading)], style=grid))
        story += [Paragraph("Adherence per day", styles["Heading3"]), _day_bars(per_day(reading), primary, layout)]
        doubtful = unsure(reading)
        story.append(Paragraph("Boxes to check by eye" if doubtful else "Boxes to check by eye: none",
                               styles["Heading3"]))
        if doubtful:
            story.append(Table([["Date", "Session", "Exercise"]] +
                               [[row["date"], row["session"], row["exercise"]] for row in doubtful], style=grid))
        story += [Spacer(1, 8), Paragraph("Pain scores are written by hand on this log: read them from the page.",
                                          styles["Italic"]), PageBreak()]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=layout.page_size, title="Exercise log summary", invariant=1).build(story[:-1])
    return out.getvalue()


def _day_bars(days: list[tuple[str, int, int, int]], colour, layout):
    """A small bar chart: the share of each day's sessions ticked."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(layout.page_size[0] - 150, 110)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 25, drawing.width - 40, 75
    chart.data = [[round(100 * ticked / total) for _, ticked, _, total in days]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.categoryAxis.categoryNames = [day[5:] if day[:1].isdigit() else day for day, *_ in days]
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colour
    drawing.add(chart)
    return drawing
