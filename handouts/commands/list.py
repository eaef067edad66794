"""`handouts list [exercises|advice|warnings|conditions|layouts]`: what a plan can name, as a table or as JSON."""

from __future__ import annotations

import json
import shutil
import textwrap

import click

from handouts.errors import UserError

KINDS = ("exercises", "advice", "warnings", "conditions", "layouts")


@click.command("list")
@click.argument("kind", type=click.Choice(KINDS), default="exercises")
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True,
              help="json gives scripts the same rows with stable keys.")
@click.option("--language", default="en", show_default=True, help="Which content library to list.")
@click.option("--region", "regions", multiple=True, metavar="REGION",
              help="Only exercises for this part of the body (neck, upper-back, shoulder, low-back, whole-body); "
                   "repeat it for several.")
@click.option("--equipment", "equipment", multiple=True, metavar="THING",
              help="Only exercises that use this (none, towel, band, ball, wall, door-frame, chair); "
                   "repeat it for several.")
def command(kind: str, fmt: str, language: str, regions: tuple[str, ...], equipment: tuple[str, ...]) -> None:
    """List the exercises, advice, warning signs, conditions or layouts a plan can name.

    \b
      handouts list                 the exercises, with their default dosage
      handouts list exercises --region neck --equipment none
      handouts list advice --format json
    """
    from handouts.check.library import library_language, load_library
    from handouts.check.schema.library import EQUIPMENT, REGIONS

    if (regions or equipment) and kind != "exercises":
        raise UserError(f"--{'region' if regions else 'equipment'} filters exercises only; "
                        f"try 'handouts list exercises {'--region' if regions else '--equipment'} ...'")
    _known("region", regions, REGIONS)
    _known("equipment", equipment, EQUIPMENT)
    if kind == "layouts":
        rows = _layouts()
    else:
        rows = {"exercises": _exercises, "advice": _advice, "warnings": _warnings,
                "conditions": _conditions}[kind](load_library(library_language(language)))
    if regions:
        rows = [row for row in rows if {row["region"], *row["also_regions"]} & set(regions)]
    if equipment:
        rows = [row for row in rows if set(row["equipment"]) & set(equipment)]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows and (regions or equipment):
        click.echo("no exercises match; drop a filter to see more", err=True)
        return
    columns = TABLE_COLUMNS[kind]
    click.echo(_table([name.upper() for name, _ in columns], [[_cell(row[key]) for _, key in columns] for row in rows]))


# The table shows a few of each row's JSON keys; the last column wraps to the terminal's width.
TABLE_COLUMNS = {
    "exercises": [("id", "id"), ("title", "title"), ("region", "region"), ("equipment", "equipment"),
                  ("position", "position"), ("default dosage", "dosage_short")],
    "advice": [("id", "id"), ("standard for", "standard_for"), ("text", "text")],
    "warnings": [("id", "id"), ("tier", "tier"), ("standard for", "standard_for"), ("text", "text")],
    "conditions": [("id", "id"), ("name", "name"), ("leaflet title", "title")],
    "layouts": [("name", "name"), ("page", "page_size"), ("description", "description")],
}


def _exercises(library) -> list[dict]:
    from dataclasses import asdict

    from handouts.compose.text import dosage_short

    return [{"id": ex.id, "title": ex.title, "region": ex.region, "also_regions": list(ex.also_regions),
             "equipment": list(ex.equipment),
             "position": ex.position, "purpose": ex.purpose, "dosage": asdict(ex.dosage),
             "dosage_short": dosage_short(ex.dosage), "video": ex.video}
            for ex in library.exercises.values()]


def _known(option: str, given: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    from handouts.check.checks import did_you_mean

    for value in given:
        if value not in allowed:
            raise UserError(f"--{option}: unknown {option} '{value}'{did_you_mean(value, allowed)}; "
                            f"use one of {', '.join(allowed)}")


def _advice(library) -> list[dict]:
    return [{"id": a.id, "standard_for": _standard_for(library, "advice", a), "text": a.text}
            for a in library.advice.values()]


def _warnings(library) -> list[dict]:
    return [{"id": w.id, "tier": w.tier, "standard_for": _standard_for(library, "warnings", w), "text": w.text}
            for w in library.warnings.values()]


def _standard_for(library, kind: str, item) -> list[str]:
    """The conditions whose `standard` set (what `advice: standard` prints) holds `item`."""
    return [c.id for c in library.conditions.values() if item in getattr(c, kind)]


def _conditions(library) -> list[dict]:
    return [{"id": c.id, "name": c.name, "title": c.title, "intro": c.intro,
             "advice": [a.id for a in c.advice], "warnings": [w.id for w in c.warnings]}
            for c in library.conditions.values()]


def _cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) or "-"
    return str(value)


def _layouts() -> list[dict]:
    from pathlib import Path

    from reportlab.lib.units import mm

    from handouts.check.layout import PAGE_SIZES, layout_names, load_layout, resolve_layout

    rows = []
    for name in layout_names():
        path = resolve_layout(name, Path.cwd())
        layout = load_layout(path)
        width, height = (round(v / mm) for v in layout.page_size)
        paper = next((label for label, size in PAGE_SIZES.items()
                      if (round(size[0] / mm), round(size[1] / mm)) == (width, height)), f"{width}x{height} mm")
        rows.append({"name": name, "title": layout.name, "description": _description(path),
                     "page_size": paper, "width_mm": width, "height_mm": height,
                     "card_columns": layout.card_columns, "mono": layout.mono})
    return rows


def _description(path) -> str:
    """A layout's first line, when it is a comment: the line a clinic reads to choose it."""
    with path.open(encoding="utf-8") as handle:
        first = handle.readline()
    return first.lstrip("#").strip() if first.startswith("#") else ""


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows)]
    room = shutil.get_terminal_size((100, 24)).columns - sum(widths[:-1]) - 2 * (len(widths) - 1)
    last = max(30, min(widths[-1], room))
    out = []
    for row in [headers, *rows]:
        head = "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths))
        wrapped = textwrap.wrap(row[-1], last) or [""]
        out.append(f"{head}  {wrapped[0]}".rstrip())
        out += [f"{' ' * len(head)}  {more}" for more in wrapped[1:]]
    return "\n".join(out)
