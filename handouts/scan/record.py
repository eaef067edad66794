"""A page as read (the log, the ice-and-heat chart), as the record: a row per box (CSV and JSON), the counts a
therapist asks for first, the pain scores, and the one-page summary for the patient's chart
(`handouts scan --pdf`)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from handouts.check.logcode import PAIN
from handouts.scan.reader import Reading

FIELDS = ("date", "session", "exercise", "state")


def rows(reading: Reading) -> list[dict]:
    """A row per box, in the page's order: its date (or 'day N'), session from 1, exercise id (or ice, heat),
    state. A pain box's session is its score (0 to 10), its exercise 'pain'."""
    code = reading.code
    return [{"date": code.date_of(read.box.day),
             "session": read.box.session + (code.items[read.box.item][0] != PAIN),
             "exercise": code.items[read.box.item][0], "state": read.state} for read in reading.boxes]


def sessions(reading: Reading) -> list[dict]:
    """The rows of the sessions' boxes (not the pain score's)."""
    return [row for row in rows(reading) if row["exercise"] != PAIN]


def pain(reading: Reading) -> list[tuple[str, int | str | None]]:
    """Each day's pain score: the one box ticked, None when none is, 'unsure' when more are or one is unsure."""
    days: dict[str, list[dict]] = {}
    for row in rows(reading):
        if row["exercise"] == PAIN:
            days.setdefault(row["date"], []).append(row)
    scores = []
    for day, boxes in days.items():
        ticked = [row["session"] for row in boxes if row["state"] == "ticked"]
        doubt = any(row["state"] == "unsure" for row in boxes) or len(ticked) > 1
        scores.append((day, "unsure" if doubt else ticked[0] if ticked else None))
    return scores


def as_csv(reading: Reading) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(reading))
    return out.getvalue().encode()


def as_json(reading: Reading) -> bytes:
    code = reading.code
    page = {"page": code.kind, "program": code.program, "phase": code.phase,
            "first_date": code.first and code.first.isoformat(), "boxes": rows(reading)}
    if any(ident == PAIN for ident, _ in code.items):
        page["pain"] = [{"date": day, "score": score} for day, score in pain(reading)]
    return (json.dumps(page, indent=1, ensure_ascii=False) + "\n").encode()


def _counted(key, reading: Reading) -> list[tuple[str, int, int, int]]:
    """The ticked, unsure and all boxes of each `key(row)` (its exercise, its date, or both), in page order."""
    counts = Counter((key(row), row["state"]) for row in sessions(reading))
    totals = Counter(key(row) for row in sessions(reading))
    return [(found, counts[found, "ticked"], counts[found, "unsure"], total) for found, total in totals.items()]


def per_exercise(reading: Reading) -> list[tuple[str, int, int, int]]:
    """Each exercise's (on the chart: ice's and heat's) ticked, unsure and all boxes."""
    return _counted(lambda row: row["exercise"], reading)


def per_day(reading: Reading) -> list[tuple[str, int, int, int]]:
    """Each day's ticked, unsure and all boxes."""
    return _counted(lambda row: row["date"], reading)


def unsure(reading: Reading) -> list[dict]:
    return [row for row in rows(reading) if row["state"] == "unsure"]


def summary_line(name: str, reading: Reading) -> str:
    """'photo.jpg: neck-tilt 30 of 42 sessions, ...; pain 6 → 3; 2 boxes unsure, check them by eye'; on the
    chart, a day at a time: 'ice: 11 of 13 on Tue 24 Nov'."""
    if reading.code.kind == "chart":
        per_date = _counted(lambda row: (row["exercise"], row["date"]), reading)
        done = ", ".join(f"{ident}: {ticked} of {total} on {_day_name(reading, day)}"
                         for (ident, day), ticked, _, total in per_date)
    else:
        done = ", ".join(f"{ident} {ticked} of {total} sessions" for ident, ticked, _, total in per_exercise(reading))
    given = [score for _, score in pain(reading) if isinstance(score, int)]
    if given:
        done += f"; pain {given[0]} → {given[-1]}" if len(given) > 1 else f"; pain {given[0]}"
    doubtful = len(unsure(reading))
    return f"{name}: {done}; " + (f"{doubtful} box{'es' if doubtful != 1 else ''} unsure, check "
                                  f"{'them' if doubtful != 1 else 'it'} by eye" if doubtful else "no box unsure")


def _day_name(reading: Reading, day: str) -> str:
    """'Tue 24 Nov' for a dated page's day, as the chart prints it; 'day 3' for a leaflet's."""
    import datetime as dt

    return dt.date.fromisoformat(day).strftime("%a %-d %b") if reading.code.first else day


def summary_pdf(readings: list[tuple[str, Reading]], layout) -> bytes:
    """A page per photo for the chart, with the clinic's name and colour: adherence per exercise (or ice and
    heat) and per day (a bar a day), the pain scores as a line, and the unsure boxes listed for the therapist
    to check."""
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
        what = "Ice and heat chart" if code.kind == "chart" else "Exercise log"
        story += [Paragraph(markup(layout.clinic.name), styles["Title"]),
                  HRFlowable(width="100%", color=primary),
                  Paragraph(markup(f"{what} read from {name}: program {code.program}, phase {code.phase}, "
                                   f"from {code.date_of(0)}"), styles["Normal"]), Spacer(1, 8),
                  Paragraph("Adherence per exercise", styles["Heading3"])]
        story.append(Table([["Exercise", "Ticked", "Sessions", "Share", "Unsure"]] +
                           [[ident, ticked, total, f"{round(100 * ticked / total)}%", doubt or ""]
                            for ident, ticked, doubt, total in per_exercise(reading)], style=grid))
        story += [Paragraph("Adherence per day", styles["Heading3"]), _day_bars(per_day(reading), primary, layout)]
        scores = pain(reading)
        if scores:
            story += [Paragraph("Pain each evening (0 to 10)", styles["Heading3"]), _pain_plot(scores, primary, layout),
                      Paragraph(markup(_pain_words(scores)), styles["Normal"])]
        doubtful = unsure(reading)
        story.append(Paragraph("Boxes to check by eye" if doubtful else "Boxes to check by eye: none",
                               styles["Heading3"]))
        if doubtful:
            story.append(Table([["Date", "Session or score", "Exercise"]] +
                               [[row["date"], row["session"], row["exercise"]] for row in doubtful], style=grid))
        story.append(PageBreak())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=layout.page_size, title="Exercise log summary", invariant=1).build(story[:-1])
    return out.getvalue()


def _short(day: str) -> str:
    """A day on a plot's axis: '11-24' for a date, 'day 3' as it is."""
    return day[5:] if day[:1].isdigit() else day


def _pain_words(scores: list) -> str:
    """The days' scores in words: '2026-11-24: 6, 2026-11-25: not given, ...'."""
    return ", ".join(f"{day}: {'not given' if score is None else score}" for day, score in scores)


def _pain_plot(scores: list, colour, layout):
    """The pain scores as a line over the days (a day without one, or unsure, left out of the line)."""
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing
    from reportlab.graphics.widgets.markers import makeMarker

    drawing = Drawing(layout.page_size[0] - 150, 110)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 30, 25, drawing.width - 40, 75
    points = [(n + 1, score) for n, (_, score) in enumerate(scores) if isinstance(score, int)]
    plot.data = [points or [(1, 0)]]
    plot.lines[0].strokeColor = colour
    plot.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=colour)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax, plot.xValueAxis.valueStep = 1, len(scores), 1
    plot.xValueAxis.labelTextFormat = lambda n: _short(scores[int(n) - 1][0])
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 10, 2
    plot.xValueAxis.labels.fontSize = plot.yValueAxis.labels.fontSize = 7
    drawing.add(plot)
    return drawing


def _day_bars(days: list[tuple[str, int, int, int]], colour, layout):
    """A small bar chart: the share of each day's sessions ticked."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing

    drawing = Drawing(layout.page_size[0] - 150, 110)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 25, drawing.width - 40, 75
    chart.data = [[round(100 * ticked / total) for _, ticked, _, total in days]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 25
    chart.categoryAxis.categoryNames = [_short(day) for day, *_ in days]
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colour
    drawing.add(chart)
    return drawing
