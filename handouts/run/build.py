"""One plan to one PDF, in a straight line: load → validate → compose → render → write."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from handouts.check import clinical
from handouts.check.model import Plan
from handouts.check.plan import load_plan
from handouts.compose.story import compose, page_setup
from handouts.errors import Problem
from handouts.render.document import render
from handouts.render.measured import one_build
from handouts.write.output import write_atomic


def pdf_bytes(plan: Plan, *, archival: bool = False) -> bytes:
    """The handout's PDF; with `archival`, as PDF/A-2b (the same pages, with what an archive needs besides)."""
    page = dataclasses.replace(page_setup(plan), archival=archival)
    with one_build():  # paragraphs of the same words parsed once, and forgotten when it ends
        return render(page, compose(plan), remake=lambda: compose(plan))


def lay_out(plan: Plan) -> None:
    """Lay the plan's pages out once, in memory, and drop them: `handouts check`'s last step, for what only
    composing and laying out the pages finds (a mistake in a drawing an exercise prints, a clinic detail wider
    than the page header, a block taller than the page, a glyph damaged inside a font). It costs a build's first
    pass: about 150 ms for a sample plan, warm, where `checked` takes about 3 ms."""
    render(page_setup(plan), compose(plan))


def checked(plan_path: Path, *, strict: bool = False, today: dt.date | None = None,
            overrides: dict | None = None, source: str | None = None) -> tuple[Plan, list[Problem]]:
    """The plan, loaded and checked with its layout and library (`load_plan`), and its clinical warnings (with
    `strict`, they stop it instead). `build` goes on to write it; `handouts check` to `lay_out` it.

    `overrides` and `source` are a roster row's values and its name in messages.
    """
    plan = load_plan(plan_path, today=today, overrides=overrides, source=source)
    return plan, clinical.enforce(plan, source or str(plan_path), strict=strict)


def build(plan_path: Path, out_path: Path, *, strict: bool = False, today: dt.date | None = None,
          overrides: dict | None = None, source: str | None = None, archival: bool = False,
          bundle: Path | None = None, require_patient: bool = False) -> list[Problem]:
    """Write one handout (PDF/A-2b with `archival`) and, given a `bundle` path, its FHIR bundle (a UserError
    before either is written if it names no patient and `require_patient`); return its warnings (see `checked`)."""
    plan, found = checked(plan_path, strict=strict, today=today, overrides=overrides, source=source)
    if bundle is not None:
        from handouts.write import fhir

        found += fhir.patient_warnings(plan, source or str(plan_path), required=require_patient)
    data = pdf_bytes(plan, archival=archival)
    write_atomic(out_path, data)
    if bundle is not None:
        write_atomic(bundle, fhir.to_json(fhir.bundle(plan, data)))
    return found
