"""One plan to one PDF, in a straight line: load → validate → compose → render → write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handouts.check import clinical
from handouts.check.model import Plan
from handouts.check.plan import load_plan
from handouts.compose.story import compose
from handouts.errors import Problem
from handouts.render.document import render
from handouts.render.measured import one_build
from handouts.write.output import write_atomic


def pdf_bytes(plan: Plan) -> bytes:
    with one_build():  # paragraphs of the same words parsed once, and forgotten when it ends
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
