"""`handouts build PLAN -o OUT.pdf`"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option


@click.command("build")
@brand_dir_option
@click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the PDF: a file name, or a folder for PLAN's name with .pdf "
                   "(default: beside the plan).")
@click.option("--strict", is_flag=True, help="Treat clinical warnings as errors: print them and write nothing.")
def command(plan: Path, output: Path | None, strict: bool) -> None:
    """Turn PLAN (a YAML plan) into a print-ready PDF."""
    from handouts import clinical
    from handouts.build import build
    from handouts.output import check_target

    # What the imports made lives until exit: keep the collector from walking it again and again
    # (about a tenth of a cold build).
    gc.freeze()
    started = time.perf_counter()
    output = output or plan.with_suffix(".pdf")
    if output.is_dir():
        output = output / plan.with_suffix(".pdf").name
    check_target(output, plan)
    clinical.show(build(plan, output, strict=strict))
    click.echo(f"wrote {output} ({output.stat().st_size / 1024:.0f} KB, "
               f"{time.perf_counter() - started:.2f} s)", err=True)
