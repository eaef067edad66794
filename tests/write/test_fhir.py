"""The FHIR export: every example plan's bundle validates with fhir.resources' R4B models and with HL7's JSON
Schema for R4 (fhir-r4/, see its README), uses only codes from their R4 value sets, and carries the exact PDF
`handouts build` writes."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import pdfa_problems
from fhir.resources.R4B.bundle import Bundle
from test_batch import HEADER, TEMPLATE

from handouts.cli import cli

PLANS = sorted(Path(__file__).parents[2].joinpath("pdfkit_plans").glob("*.yaml"))
# The R4 value sets of the codes the bundle uses (fhir.resources accepts any code string).
VALUE_SETS = {
    "Bundle.type": {"document", "message", "transaction", "transaction-response", "batch", "batch-response",
                    "history", "searchset", "collection"},
    "CarePlan.status": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    "CarePlan.intent": {"proposal", "plan", "order", "option"},
    "activity.detail.status": {"not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled",
                               "stopped", "unknown", "entered-in-error"},
    "DocumentReference.status": {"current", "superseded", "entered-in-error"},
}


@cache
def _r4_schema():
    from jsonschema import Draft6Validator

    return Draft6Validator(json.loads(gzip.decompress((Path(__file__).parent / "fhir-r4/fhir.schema.json.gz")
                                                      .read_bytes())))


def _schema_problem(data: dict) -> str | None:
    """What R4's JSON Schema says is wrong with a bundle (the most telling of its errors), or None."""
    from jsonschema.exceptions import best_match

    error = best_match(_r4_schema().iter_errors(data))
    return error and f"{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}"


def _export(plan: Path, target: Path, *more: str):
    return CliRunner().invoke(cli, ["export", str(plan), "--fhir", str(target), *more])


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_every_example_bundle_validates_and_carries_the_built_pdf(plan, tmp_path):
    result = _export(plan, tmp_path / "bundle.json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "bundle.json").read_bytes())
    Bundle.model_validate(data)
    assert _schema_problem(data) is None
    care_plan, document = (entry["resource"] for entry in data["entry"])
    assert data["type"] in VALUE_SETS["Bundle.type"]
    assert care_plan["status"] in VALUE_SETS["CarePlan.status"]
    assert care_plan["intent"] in VALUE_SETS["CarePlan.intent"]
    assert {a["detail"]["status"] for a in care_plan["activity"]} <= VALUE_SETS["activity.detail.status"]
    assert document["status"] in VALUE_SETS["DocumentReference.status"]
    assert CliRunner().invoke(cli, ["build", str(plan), "-o", str(tmp_path / "built.pdf")]).exit_code == 0
    attachment = document["content"][0]["attachment"]
    pdf = base64.b64decode(attachment["data"])
    assert pdf == (tmp_path / "built.pdf").read_bytes()
    assert base64.b64decode(attachment["hash"]) == hashlib.sha1(pdf).digest()
    assert attachment["size"] == len(pdf)


@pytest.mark.parametrize("mistake", [
    lambda bundle: bundle.update(type="bundle"),  # not a Bundle.type
    lambda bundle: bundle["entry"][0]["resource"].update(statuss="active"),  # no such element in R4
    lambda bundle: bundle["entry"][1]["resource"].update(status="final"),  # R5's word, not R4's
], ids=["bundle-type", "unknown-element", "document-status"])
def test_the_r4_schema_catches_a_bundle_r4_does_not_allow(mistake, tmp_path):
    _export(PLANS[0], tmp_path / "bundle.json")
    data = json.loads((tmp_path / "bundle.json").read_bytes())
    assert _schema_problem(data) is None
    mistake(data)
    assert _schema_problem(data) is not None


def test_the_same_plan_gives_the_same_bytes(tmp_path):
    plan = PLANS[0]
    _export(plan, tmp_path / "a.json")
    _export(plan, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_export_pdfa_carries_the_archival_copy_build_pdfa_writes(tmp_path):
    plan = next(p for p in PLANS if p.stem == "neck-spasm-patient")
    assert _export(plan, tmp_path / "b.json", "--pdfa").exit_code == 0
    assert CliRunner().invoke(cli, ["build", str(plan), "-o", str(tmp_path / "a.pdf"), "--pdfa"]).exit_code == 0
    document = json.loads((tmp_path / "b.json").read_bytes())["entry"][1]["resource"]
    pdf = base64.b64decode(document["content"][0]["attachment"]["data"])
    assert pdf == (tmp_path / "a.pdf").read_bytes() and pdfa_problems(pdf) == []


def test_a_record_number_is_the_subject_and_a_leaflet_has_none(tmp_path):
    patient = next(p for p in PLANS if p.stem == "neck-spasm-patient")
    _export(patient, tmp_path / "p.json")
    care_plan = json.loads((tmp_path / "p.json").read_bytes())["entry"][0]["resource"]
    assert care_plan["subject"]["identifier"]["value"] == "MRN-00123"
    assert len(care_plan["activity"]) == 5 + 2  # five exercises, ice and heat


def test_require_patient_refuses_a_leaflet_in_one_line(tmp_path):
    leaflet = next(p for p in PLANS if p.stem == "leaflet-neck-spasm")
    result = _export(leaflet, tmp_path / "l.json", "--require-patient")
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "record number" in result.output
    assert not (tmp_path / "l.json").exists()
    result = _export(leaflet, tmp_path / "l.json")
    assert result.exit_code == 0 and "warning: a leaflet has no patient" in result.output
    assert "identifier" not in json.loads((tmp_path / "l.json").read_bytes())["entry"][0]["resource"]["subject"]


def test_a_folder_for_the_plan_or_the_bundle_is_one_line(tmp_path):
    sample = next(p for p in PLANS if p.stem == "neck-spasm-patient")
    for plan, target, says in ((sample.parent, tmp_path / "b.json", "is a folder, not a file"),
                               (sample, tmp_path, "is a folder, not a JSON; choose another output name")):
        result = _export(plan, target)
        assert result.exit_code == 2
        assert len(result.output.strip().splitlines()) == 1 and says in result.output


def _roster(tmp_path: Path) -> tuple[Path, Path]:
    template, roster = tmp_path / "template.yaml", tmp_path / "roster.csv"
    template.write_text(TEMPLATE, encoding="utf-8")
    roster.write_text(HEADER + "Ana One,A1,,,,,,\nNo Number,,,,,,,\nBroken Row,B3,,,neck-tlit,,,\n", encoding="utf-8")
    return roster, template


def test_batch_writes_each_rows_bundle_beside_its_pdf_and_a_bad_row_costs_only_its_own(run, tmp_path):
    roster, template = _roster(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "B3_broken-row.json").write_text("{}", encoding="utf-8")  # an earlier run's: this run's row fails
    result = run("batch", roster, "--template", template, "-o", out, "--fhir", out, "--pdfa", "--jobs", 1)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["A1_ana-one.json", "A1_ana-one.pdf", "no-number.json",
                                                     "no-number.pdf"]
    assert f"{roster} row 3: warning: the plan has no record number (patient: id:): the bundle's CarePlan names no " \
           "one" in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1].startswith("batch: 2 built, 1 failed")
    assert result.stderr.splitlines()[-1].endswith(f"; 2 FHIR bundles in {out}")
    for stem, record in (("A1_ana-one", "A1"), ("no-number", None)):
        data = json.loads((out / f"{stem}.json").read_bytes())
        Bundle.model_validate(data)
        care_plan, document = (entry["resource"] for entry in data["entry"])
        assert care_plan["subject"].get("identifier", {}).get("value") == record
        pdf = base64.b64decode(document["content"][0]["attachment"]["data"])
        assert pdf == (out / f"{stem}.pdf").read_bytes()  # the bundle carries the very PDF beside it
        assert pdfa_problems(pdf) == []


def test_batch_require_patient_fails_the_unnamed_row_only_and_needs_fhir(run, tmp_path):
    roster, template = _roster(tmp_path)
    out, bundles = tmp_path / "out", tmp_path / "bundles"
    result = run("batch", roster, "--template", template, "-o", out, "--fhir", bundles, "--require-patient",
                 "--jobs", 1)
    assert result.exit_code == 1
    assert f"{roster} row 3: the plan has no record number (patient: id:): the bundle's CarePlan names no one; " \
           "--require-patient exports only a plan with a record number" in result.stderr.splitlines()
    assert [p.name for p in out.iterdir()] == ["A1_ana-one.pdf"]
    assert [p.name for p in bundles.iterdir()] == ["A1_ana-one.json"]
    result = run("batch", roster, "--template", template, "-o", tmp_path / "other", "--require-patient")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "handouts: --require-patient goes with --fhir DIR: it is about the bundles; add --fhir"]
    assert not (tmp_path / "other").exists()
