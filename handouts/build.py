"""One plan to one PDF, in a straight line: load → validate → compose → render → write."""

from __future__ import annotations

from pathlib import Path

from handouts import clinical
from handouts.compose import compose
from handouts.model import Plan
from handouts.output import write_atomic
from handouts.plan import load_plan
from handouts.render import render


def pdf_bytes(plan: Plan) -> bytes:
    return render(plan, compose(plan))


def build(plan_path: Path, out_path: Path, *, strict: bool = False) -> Plan:
    plan = load_plan(plan_path)  # load and validate
    clinical.report(plan, str(plan_path), strict=strict)  # warnings on stderr, or errors with strict
    write_atomic(out_path, pdf_bytes(plan))
    return plan
