"""`handouts sheet -o sheet.pdf`: the contact sheet of the exercise library."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("sheet")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("contact-sheet.pdf"),
              show_default=True, help="Where to write the PDF.")
@click.option("--layout", default="default", show_default=True, help="A layout name or a layout file.")
@click.option("--language", default="en", show_default=True)
def command(output: Path, layout: str, language: str) -> None:
    """Print every exercise's picture with its id and title on a grid."""
    from handouts.compose.contact_sheet import sheet_bytes
    from handouts.write.output import check_target, write_atomic

    check_target(output)
    write_atomic(output, sheet_bytes(layout, language))
    click.echo(f"wrote {output}", err=True)
