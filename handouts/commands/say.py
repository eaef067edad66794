"""How the commands print what the steps below them found: a line each, on stderr, with the exit status
each kind of error gets (the steps themselves know nothing of terminals or exit codes)."""

from __future__ import annotations

import click

from handouts.errors import Problem, UserError

BAD_INPUT = 2  # the exit status of a user error or a validation error: no traceback, nothing written


def problems(error: UserError) -> None:
    for line in error.lines():
        click.echo(line, err=True)


def warnings(found: list[Problem]) -> None:
    """Clinical warnings as 'plan.yaml:12:18: warning: ...'."""
    for problem in found:
        click.echo(problem.as_warning(), err=True)
