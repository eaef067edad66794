"""`handouts build PLAN -o OUT.pdf`"""

from __future__ import annotations

import time
from pathlib import Path

import click


@click.command("build")
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write the PDF (default: the plan's name with .pdf, beside it).")
def command(plan: Path, output: Path | None) -> None:
    """Turn PLAN (a YAML plan) into a print-ready PDF."""
    from handouts.build import build

    started = time.perf_counter()
    output = output or plan.with_suffix(".pdf")
    build(plan, output)
    click.echo(f"wrote {output} ({output.stat().st_size / 1024:.0f} KB, "
               f"{time.perf_counter() - started:.2f} s)", err=True)
