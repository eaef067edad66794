"""`handouts check PLAN...`: validate plans (or a roster against its template) and print clinical warnings,
without building."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option


@click.command("check")
@brand_dir_option
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False), metavar="PLAN.yaml",
              help="Check a roster: PLANS is one CSV, each row filling in this plan, as 'handouts batch' would.")
@click.option("--strict", is_flag=True, help="Treat clinical warnings as errors.")
def command(plans: tuple[Path, ...], template: Path | None, strict: bool) -> None:
    """Check each PLAN (a plan file, or a folder of them and of sub-folders) for mistakes and clinical warnings;
    exit 2 if any plan is not fit to print. With --template, check each row of a roster instead."""
    from handouts.errors import UserError

    if template is None:
        failed = _check_plans(plans, strict)
    elif len(plans) != 1:
        raise UserError("--template checks one roster CSV; to check plan files, leave out --template")
    else:
        failed = _check_roster(plans[0], template, strict)
    if failed:
        from handouts.commands.say import BAD_INPUT

        raise click.exceptions.Exit(BAD_INPUT)


def _check_plans(plans: tuple[Path, ...], strict: bool) -> int:
    from handouts.build import checked
    from handouts.load.inputs import plan_files

    paths = plan_files(list(plans), missing_ok=True, recursive=True)
    return sum(not _report(str(path), lambda path=path: checked(path, strict=strict), row=False) for path in paths)


def _check_roster(roster: Path, template: Path, strict: bool) -> int:
    """Every row as the batch would load it (the template's notes against the row's exercises too)."""
    import datetime as dt

    from handouts.batch import roster_jobs
    from handouts.build import checked

    today = dt.date.today()
    failed = 0
    for job in roster_jobs(roster, template, today=today):
        if job.problems:
            click.echo("\n".join(map(str, job.problems)), err=True)
            failed += 1
            continue
        load = lambda job=job: checked(job.plan, strict=strict, today=today, overrides=job.overrides,
                                       source=job.label)
        failed += not _report(job.label, load, row=True)
    return failed


def _report(label: str, load, *, row: bool) -> bool:
    """Check one plan (`load` is `build.checked` for it), lay its pages out in memory, and print its problems or
    its warnings; whether it is fit to print. A roster row's problems are named by its row and column, as the
    batch names them, not by the template's lines."""
    from handouts.build import lay_out
    from handouts.commands import say
    from handouts.errors import UserError, ValidationError, printable
    from handouts.load.roster import by_column

    def placed(problem):
        return by_column(problem) if row and problem.source == label else problem

    try:
        plan, found = load()
        lay_out(plan)
    except ValidationError as exc:  # one plan's problems must not hide the next one's
        for problem in exc.problems:
            click.echo(str(placed(problem)), err=True)
        return False
    except UserError as exc:
        say.problems(exc)
        return False
    for problem in found:
        click.echo(placed(problem).as_warning(), err=True)
    click.echo(f"{printable(label)}: ok" + (f" ({len(found)} warning{'s' if len(found) != 1 else ''})" if found else ""))
    return True
