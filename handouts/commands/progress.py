"""`handouts progress PLAN [-o NEW.yaml] [--date YYYY-MM-DD]`"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click


@click.command("progress")
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the new plan (default: beside PLAN, named with the new date, e.g. "
                   "plan-2026-12-21.yaml).")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The new handout's date, YYYY-MM-DD [default: today].")
def command(plan: Path, output: Path | None, day: dt.datetime | None) -> None:
    """Move PLAN on to its next phase (a plan with one list of exercises: copy it with today's date).

    Prints the plan's date and phase before and after, and what the new phase changes; then build the new
    plan with 'handouts build'.
    """
    from handouts.errors import UserError, printable
    from handouts.load.yamlsource import YAML_SUFFIXES
    from handouts.run.progress import default_output, progress
    from handouts.write.output import check_target, make_folder_for, write_atomic

    day = day.date() if day else dt.date.today()
    output = output or default_output(plan, day)
    if output.suffix.lower() not in YAML_SUFFIXES:
        raise UserError(f"{output}: a plan is saved as a .yaml file; choose a name ending in .yaml")
    check_target(output, plan, suffix=output.suffix.lower())  # never over last week's plan
    moved = progress(plan, day, output)
    make_folder_for(output)
    write_atomic(output, moved.text.encode("utf-8"))
    for line in (*_summary(plan, output, moved), f"build it: handouts build {output}"):
        click.echo(printable(line), err=True)


def _summary(plan: Path, output: Path, moved) -> list[str]:
    """The previous handout's date and phase, the new one's, and what changes between them."""
    from handouts.run.progress import state, what_changes

    return [f"{plan}: {state(moved.before)}", f"{output}: {state(moved.after)}", *what_changes(moved)]
