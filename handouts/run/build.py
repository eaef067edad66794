"""One plan to one PDF, in a straight line: load → validate → compose → render → write."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from handouts.check import clinical
from handouts.check.model import Plan
from handouts.check.plan import load_plan
from handouts.compose.story import compose, page_setup
from handouts.compose.text import markup
from handouts.errors import Problem
from handouts.render.document import render
from handouts.render.measured import one_build
from handouts.write.output import write_atomic


def pdf_bytes(plan: Plan, *, archival: bool = False, sheet: str | None = None, template_notes: bool = False) -> bytes:
    """The handout's PDF; with `archival`, as PDF/A-2b (the same pages, with what an archive needs besides);
    with `sheet`, the fridge sheet after it ("add", `--sheet`) or the sheet alone ("only", `--sheet-only`).
    `template_notes`: the exercises' notes are a roster template's, printed alike for every row."""
    page = dataclasses.replace(page_setup(plan), archival=archival)
    # Paragraphs of the same words parsed once; those holding the patient's or therapist's words forgotten after.
    with one_build(private=_own_words(plan, template_notes)):
        return render(page, _story(plan, sheet), remake=lambda: _story(plan, sheet))


def _story(plan: Plan, sheet: str | None) -> list:
    if sheet is None:
        return compose(plan)
    from handouts.compose.sections.fridge_sheet import fridge_sheet
    from handouts.render.styles import styles_for

    pages = fridge_sheet(plan, styles_for(plan.layout), plan.layout.content_size[0], alone=sheet == "only")
    return pages if sheet == "only" else [*compose(plan), *pages]


def _own_words(plan: Plan, template_notes: bool = False) -> set[str]:
    """What a plan says of its patient, rather than the library: the words no other build may keep (but for
    `template_notes`: the exercises' notes of a roster's template, whose rows name their exercises by id alone),
    each line apart too (a paragraph may print one line of the notes), as typed and as markup (render knows no
    markup)."""
    patient = plan.patient
    own = [plan.title, plan.therapist, plan.notes, patient and patient.name, patient and patient.id]
    phases = plan.phases or ()
    own += [phase.title for phase in phases]
    if not template_notes:
        own += [item.note for item in (*plan.exercises, *(item for phase in phases for item in phase.exercises))]
    lines = {line.strip() for word in own if word for line in (word, *word.splitlines())}
    return {form for line in lines if line for form in (line, markup(line))}


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
          bundle: Path | None = None, require_patient: bool = False, sheet: str | None = None) -> list[Problem]:
    """Write one handout (PDF/A-2b with `archival`) and, given a `bundle` path, its FHIR bundle (a UserError
    before either is written if it names no patient and `require_patient`), with the fridge `sheet` (see
    `pdf_bytes`); return its warnings (see `checked`)."""
    plan, found = checked(plan_path, strict=strict, today=today, overrides=overrides, source=source)
    if bundle is not None:
        from handouts.write import fhir

        found += fhir.patient_warnings(plan, source or str(plan_path), required=require_patient)
    data = pdf_bytes(plan, archival=archival, sheet=sheet, template_notes=overrides is not None)
    write_atomic(out_path, data)
    if bundle is not None:
        write_atomic(bundle, fhir.to_json(fhir.bundle(plan, data)))
    return found
