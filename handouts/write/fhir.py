"""A plan and its PDF as a FHIR R4 Bundle, for the patient's record: a CarePlan for the home program and a
DocumentReference carrying the handout. Pure: a dict in, JSON bytes out; the command writes the file.

The bundle is a "collection", not a "document": a FHIR document must open with a Composition that a records
system renders as the note, and the note here is the PDF itself, carried by the DocumentReference.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path

from handouts.check.model import Plan
from handouts.compose import thermal
from handouts.compose.sections.log_page import LOG_DAYS
from handouts.compose.text import dosage_figures
from handouts.errors import Problem, UserError

# Ids come from the content, so the same plan gives the same bytes; the namespace keeps them ours.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/handouts/handouts/fhir")
_DAY = {"periodUnit": "d", "period": 1}


def missing_patient(plan: Plan) -> str | None:
    """Why the bundle cannot name the patient, or None when it can."""
    if plan.patient is None:
        return "a leaflet has no patient: the bundle's CarePlan names no one"
    if not plan.patient.id:
        return "the plan has no record number (patient: id:): the bundle's CarePlan names no one"
    return None


def patient_warnings(plan: Plan, source: str, *, required: bool, file: str | Path | None = None) -> list[Problem]:
    """The warning a bundle that names no patient is written with; with `required`, a UserError instead (about
    `file`, when the caller does not name it itself)."""
    unnamed = missing_patient(plan)
    if unnamed is None:
        return []
    if required:
        raise UserError(f"{unnamed}; --require-patient exports only a plan with a record number", file=file)
    return [Problem(source, unnamed)]


def bundle_name(pdf_name: str) -> str:
    """A handout's bundle is named as its PDF is, with .json: the two of a row go together."""
    return f"{pdf_name.removesuffix('.pdf')}.json"


def bundle(plan: Plan, pdf: bytes) -> dict:
    """The Bundle of the plan's CarePlan and a DocumentReference holding `pdf`, the handout it prints as."""
    sha1 = hashlib.sha1(pdf)
    digest = sha1.hexdigest()
    care_plan_url, document_url = (f"urn:uuid:{_id(digest, kind)}" for kind in ("CarePlan", "DocumentReference"))
    subject = _subject(plan)
    days = thermal.schedule(plan.thermal, plan.date).days if plan.thermal is not None else ()
    entries = [(care_plan_url, _care_plan(plan, subject, days)),
               (document_url, _document(plan, pdf, sha1.digest(), subject, care_plan_url))]
    return {"resourceType": "Bundle", "id": _id(digest, "Bundle"), "type": "collection",
            "entry": [{"fullUrl": url, "resource": {"id": url.removeprefix("urn:uuid:"), **resource}}
                      for url, resource in entries]}


def to_json(data: dict) -> bytes:
    """Sorted keys and a final newline: the same bundle is always the same bytes."""
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


def _id(digest: str, kind: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{digest}"))


def _subject(plan: Plan) -> dict:
    """The patient as the records system knows them: the record number, with the layout's system if it has one.
    Without a record number, a display-only reference (CarePlan.subject is required) that identifies no one."""
    if missing_patient(plan):
        return {"display": "not identified: no record number on the plan"}
    identifier = {"value": plan.patient.id}
    if plan.layout.fhir_identifier_system:
        identifier["system"] = plan.layout.fhir_identifier_system
    return {"type": "Patient", "identifier": identifier}


def _care_plan(plan: Plan, subject: dict, days: tuple[thermal.ChartDay, ...]) -> dict:
    """`days`: the ice-and-heat chart's days from the handout's date (none without a thermal section)."""
    period = {"start": plan.date.isoformat()}
    end = _last_day(plan, days)
    if end:
        period["end"] = end.isoformat()
    resource = {"resourceType": "CarePlan", "status": "active", "intent": "plan", "title": plan.title,
                "subject": subject, "period": period, "created": plan.date.isoformat(),
                "activity": [*(_exercise(plan, planned) for planned in plan.exercises), *_thermal(plan, days)]}
    if plan.therapist:
        resource["author"] = {"display": plan.therapist}
    if plan.notes:
        resource["note"] = [{"text": plan.notes.strip()}]
    return resource


def _exercise(plan: Plan, planned) -> dict:
    dosage = planned.dosage
    words = "; ".join(f"{label}: {value}" for label, value in dosage_figures(dosage, plan.library.strings))
    if planned.note:
        words += f". {planned.note}"
    return _activity(planned.exercise.title, words, {"frequency": dosage.per_day, **_DAY})


def _thermal(plan: Plan, days: tuple[thermal.ChartDay, ...]) -> list[dict]:
    """The ice and heat phases as the chart prints them: from the handout's date, each over its own days."""
    if plan.thermal is None:
        return []
    text = plan.library.thermal
    activities = []
    for name, minutes, label, how in (("ice", plan.thermal.ice, text.ice_label, text.ice_how),
                                      ("heat", plan.thermal.heat, text.heat_label, text.heat_how)):
        phase_days = [day for day in days if day.phase == name]
        if not phase_days:  # no such phase, or it is over by the handout's date
            continue
        sessions = phase_days[0].sessions  # the chart's suggested times, the same each day of a phase
        repeat = {"duration": minutes.minutes, "durationUnit": "min", "frequency": len(sessions), **_DAY,
                  "timeOfDay": [t.strftime("%H:%M:%S") for t in sessions],
                  "boundsPeriod": {"start": _date(plan, phase_days[0]).isoformat(),
                                   "end": _date(plan, phase_days[-1]).isoformat()}}
        activities.append(_activity(label, how, repeat))
    return activities


def _activity(title: str, description: str, repeat: dict) -> dict:
    return {"detail": {"kind": "ServiceRequest", "code": {"text": title}, "status": "not-started",
                       "description": description, "scheduledTiming": {"repeat": repeat}}}


def _date(plan: Plan, day: thermal.ChartDay) -> dt.date:
    """A chart day's date; a chart without an injury date counts its day 1 from the handout's date."""
    return day.date or plan.date + dt.timedelta(days=day.number - 1)


def _last_day(plan: Plan, days: tuple[thermal.ChartDay, ...]) -> dt.date | None:
    """The last day the handout covers: the chart's or the log's, whichever ends later."""
    ends = [_date(plan, days[-1])] if days else []
    if plan.log:
        ends.append(plan.date + dt.timedelta(days=LOG_DAYS - 1))
    return max(ends, default=None)


def _document(plan: Plan, pdf: bytes, sha1: bytes, subject: dict, care_plan_url: str) -> dict:
    attachment = {"contentType": "application/pdf", "language": plan.language, "title": plan.title,
                  "creation": plan.date.isoformat(), "size": len(pdf),
                  "hash": base64.b64encode(sha1).decode(),
                  "data": base64.b64encode(pdf).decode()}
    resource = {"resourceType": "DocumentReference", "status": "current", "subject": subject,
                "type": {"text": "Patient education: home exercise program"}, "description": plan.title,
                "content": [{"attachment": attachment}],
                "context": {"related": [{"reference": care_plan_url}]}}
    if plan.therapist:
        resource["author"] = [{"display": plan.therapist}]
    return resource
