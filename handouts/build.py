"""One plan to one PDF, in a straight line: load → validate → compose → render → write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handouts import clinical
from handouts.compose import compose
from handouts.errors import Problem
from handouts.model import Plan
from handouts.output import write_atomic
from handouts.plan import load_plan
from handouts.render import render


def pdf_bytes(plan: Plan) -> bytes:
    return render(plan, compose(plan), remake=lambda: compose(plan))


def build(plan_path: Path, out_path: Path, *, strict: bool = False, today: dt.date | None = None,
          overrides: dict | None = None, source: str | None = None) -> list[Problem]:
    """Write one handout; return its clinical warnings (with `strict`, they stop it instead).

    `overrides` and `source` are a roster row's values and its name in messages.
    """
    plan = load_plan(plan_path, today=today, overrides=overrides, source=source)  # load and validate
    found = clinical.enforce(plan, source or str(plan_path), strict=strict)
    write_atomic(out_path, pdf_bytes(plan))
    return found
