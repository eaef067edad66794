"""`handouts check PLAN...`: validate plans and print clinical warnings, without building."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option


@click.command("check")
@brand_dir_option
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat clinical warnings as errors.")
def command(plans: tuple[Path, ...], strict: bool) -> None:
    """Check each PLAN (a plan file, or a folder of them and of sub-folders) for mistakes and clinical warnings;
    exit 2 if any plan is not fit to print."""
    from handouts import clinical
    from handouts.errors import ValidationError, printable
    from handouts.inputs import plan_files
    from handouts.plan import load_plan

    failed = 0
    for path in plan_files(list(plans), missing_ok=True, recursive=True):
        try:
            plan = load_plan(path)
            found = clinical.report(plan, str(path), strict=strict)
        except ValidationError as exc:  # one file's problems must not hide the next file's
            exc.show()
            failed += 1
            continue
        click.echo(f"{printable(str(path))}: ok" + (f" ({len(found)} warning{'s' if len(found) != 1 else ''})" if found else ""))
    if failed:
        raise click.exceptions.Exit(2)
