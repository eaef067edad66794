"""One plan to one PDF, in a straight line: load → validate → compose → render → write."""

from __future__ import annotations

from pathlib import Path

from handouts.compose import compose
from handouts.model import Plan
from handouts.output import write_atomic
from handouts.plan import load_plan
from handouts.render import render


def pdf_bytes(plan: Plan) -> bytes:
    return render(plan, compose(plan))


def build(plan_path: Path, out_path: Path) -> Plan:
    plan = load_plan(plan_path)  # load and validate
    write_atomic(out_path, pdf_bytes(plan))
    return plan
