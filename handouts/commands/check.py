"""`handouts check PLAN...`: validate plans (or a roster against its template) and print clinical warnings,
without building."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option


@click.command("check")
@brand_dir_option
@click.argument("plans", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--template", type=click.Path(path_type=Path), metavar="PLAN.yaml",
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
    from handouts.check import clinical
    from handouts.run.build import checked
    from handouts.run.inputs import plan_files

    today = clinical.today()

    def load(path: Path):
        """The plan and its warnings, a date far from today's among them (a build prints the date it is given,
        so only the check says so)."""
        plan, found = checked(path, strict=strict)
        return plan, found + clinical.date_warnings(plan, today)

    paths = plan_files(list(plans), missing_ok=True)
    return sum(not _report(str(path), lambda path=path: load(path), lambda exc: exc.lines(),
                           lambda problem: problem.as_warning())
               for path in paths)


def _check_roster(roster: Path, template: Path, strict: bool) -> int:
    """Every row as the batch would load it (the template's notes against the row's exercises too), its problems
    named as the batch names them: by the row and column, not by the template's lines."""
    import datetime as dt

    from handouts.run import batch
    from handouts.run.build import checked

    today = dt.date.today()
    failed = 0
    for job in batch.roster_jobs(roster, template, today=today)[0]:
        if job.problems:
            click.echo("\n".join(map(str, job.problems)), err=True)
            failed += 1
            continue
        load = lambda job=job: checked(job.plan, strict=strict, today=today, overrides=job.overrides,
                                       source=job.label)
        failed += not _report(job.label, load, lambda exc, job=job: batch.error_lines(job, exc),
                              lambda problem, job=job: batch.line(job, problem, warning=True))
    return failed


def _report(label: str, load, error_lines, warning_line) -> bool:
    """Check one plan (`load` is `build.checked` for it), lay its pages out in memory, and print its problems or
    its warnings (worded by `error_lines` and `warning_line`); whether it is fit to print."""
    from handouts.errors import UserError, printable
    from handouts.run.build import lay_out

    try:
        plan, found = load()
        lay_out(plan)
    except UserError as exc:  # one plan's problems must not hide the next one's
        for line in error_lines(exc):
            click.echo(line, err=True)
        return False
    for problem in found:
        click.echo(warning_line(problem), err=True)
    click.echo(f"{printable(label)}: ok" + (f" ({len(found)} warning{'s' if len(found) != 1 else ''})" if found else ""))
    return True
