"""The JSON Schema editors read (`handouts schema plan|layout`): the files the repo ships are its output, every
example plan and layout meets it and names it on its first line, and a plan it refuses `handouts check` refuses."""

from __future__ import annotations

import copy
import json
import os

import pytest
import yaml
from conftest import PLANS, ROOT, SAMPLE_PLAN
from jsonschema import Draft202012Validator

from handouts.check.plan import is_layout
from handouts.check.schema import fields
from handouts.check.schema.plan import PLAN
from handouts.errors import ValidationError
from handouts.load.yamlsource import load_yaml

SCHEMAS = ROOT / "schemas"
BROKEN_PLANS = ROOT / "tests" / "broken_plans"
BROKEN_LAYOUTS = ROOT / "tests" / "broken_layouts"
# The broken plans whose mistake a JSON Schema can say (an unknown key, a wrong type, a number out of range, an
# id the library lacks); the others need the checker (a photo that is not there, a date that is not in the
# calendar, a schedule that does not fit the day).
SCHEMA_CATCHES = {
    "advice-bad-word", "comments-only", "date-day-first", "empty", "exercise-is-a-number", "exercise-without-id",
    "exercises-not-a-list", "folded-list", "heat-zero-days", "hold-astronomical", "hold-forever", "ice-90-minutes", "ice-every-0-hours",
    "ice-zero-minutes", "id-long-and-escaping", "layout-as-plan", "log-maybe", "many-problems", "plan-code-sometimes",
    "missing-patient-name", "name-null", "number-not-plain", "patient-empty", "patient-is-text", "reps-fraction",
    "reps-negative", "sets-true", "side-both", "side-no", "therapist-is-a-list", "thermal-not-a-mapping",
    "title-too-long", "too-many-exercises", "top-level-list", "top-level-text", "unknown-advice",
    "unknown-condition", "unknown-exercise-key", "unknown-exercise", "unknown-language", "unknown-patient-key",
    "unknown-top-key",
    "unknown-warning", "video-not-a-web-address", "waking-hours-pasted", "phases-unknown-exercise",
    "phase-not-a-mapping",
}
LAYOUT_SCHEMA_CATCHES = {
    "bad-colours", "clinic-name-too-long", "columns-three", "line-spacing-solid", "lines-hairline", "margin-words",
    "mono-yes-please", "plan-code-sometimes",
    "not-a-layout", "not-a-mapping", "page-size-a3", "size-too-big", "unknown-section",
}


def validator(document: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / f"{document}.schema.json").read_text(encoding="utf-8")))


def as_an_editor_reads(path):
    """The file as JSON values: a date is the text written (YAML 1.2, which editors speak, has no dates)."""
    return json.loads(json.dumps(load_yaml(path), default=str))


@pytest.mark.parametrize("document", ["plan", "layout"])
def test_the_committed_schema_is_what_handouts_schema_prints(run, document):
    result = run("schema", document)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (SCHEMAS / f"{document}.schema.json").read_text(encoding="utf-8"), \
        f"run: handouts schema {document} > schemas/{document}.schema.json"
    Draft202012Validator.check_schema(json.loads(result.stdout))


def test_editors_are_offered_the_library_ids():
    exercise = validator("plan").schema["properties"]["exercises"]["items"]["anyOf"][0]
    assert "neck-tilt" in exercise["enum"] and "neck-tlit" not in exercise["enum"]


def test_the_readmes_sample_plan_meets_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = readme.split("## The plan\n```yaml\n", 1)[1].split("```", 1)[0]
    doc = json.loads(json.dumps(yaml.safe_load(sample), default=str))
    assert [error.message for error in validator("plan").iter_errors(doc)] == []


EXAMPLES = sorted([*PLANS.rglob("*.yaml"), *(ROOT / "layouts").glob("*.yaml")])


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_meets_its_schema(path):
    doc = as_an_editor_reads(path)
    document = "layout" if is_layout(doc) else "plan"
    assert [error.message for error in validator(document).iter_errors(doc)] == []
    if path.is_relative_to(PLANS):  # what a therapist copies: the editor finds the schema from the first line
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = os.path.relpath(SCHEMAS / f"{document}.schema.json", path.parent)
        assert first == f"# yaml-language-server: $schema={schema}"


def _loadable(case) -> bool:
    try:
        load_yaml(case)
    except ValidationError:  # not YAML, or past its bounds: the loader refuses it before any schema could
        return False
    return True


@pytest.mark.parametrize("case", [c for c in sorted(BROKEN_PLANS.glob("*.yaml")) if _loadable(c)],
                         ids=lambda p: p.stem)
def test_the_schema_refuses_what_it_can_say_and_check_refuses_it_too(case, run):
    refused = any(validator("plan").iter_errors(as_an_editor_reads(case)))
    assert refused == (case.stem in SCHEMA_CATCHES)
    if refused:
        assert run("check", "--brand-dir", BROKEN_LAYOUTS, case).exit_code == 2


@pytest.mark.parametrize("case", [c for c in sorted(BROKEN_LAYOUTS.glob("*.yaml")) if _loadable(c)],
                         ids=lambda p: p.stem)
def test_the_layout_schema_refuses_what_it_can_say_and_check_refuses_it_too(case, run, tmp_path):
    refused = any(validator("layout").iter_errors(as_an_editor_reads(case)))
    assert refused == (case.stem in LAYOUT_SCHEMA_CATCHES)
    if refused:
        plan = tmp_path / "plan.yaml"
        plan.write_text(f"layout: {case}\n", encoding="utf-8")
        assert run("check", "--brand-dir", BROKEN_LAYOUTS, plan).exit_code == 2


def _broken(spec: fields.Field, value):
    """Values that break `spec`'s declared limits, each with a name; `value` is the sample's, to go inside."""
    kind = spec.type
    if kind in (fields.INTEGER, fields.NUMBER):
        yield "below", spec.lo - 1
        yield "above", spec.hi + 1
    elif kind == fields.CHOICE:
        yield "unknown word", "no-such-word"
    elif kind in (fields.TEXT, fields.URL) and spec.max_len:
        yield "too long", "x" * (spec.max_len + 1)
    if kind == fields.URL:
        yield "not a web address", "javascript:alert(1)"
    elif kind == fields.STRING:
        yield "a list", ["x"]
    elif kind == fields.BOOLEAN:
        yield "a word", "maybe"
    elif kind == fields.DATE:
        yield "day first", "24/11/2026"
    elif kind == fields.MAPPING:
        yield "unknown key", {**(value if isinstance(value, dict) else {}), "no_such_key": 1}
        for field in spec.fields:
            inner = value.get(field.name) if isinstance(value, dict) else None
            for name, broken in _broken(field, inner):
                yield f"{field.name} {name}", {**(value or {}), field.name: broken}
    elif kind == fields.LIST:
        if spec.max_items and value:
            yield "too many", [value[0]] * (spec.max_items + 1)
        for index, item in enumerate(value or ()):
            for name, broken in _broken(spec.items, item):
                yield f"[{index}] {name}", [*value[:index], broken, *value[index + 1:]]
    elif kind == fields.ANY_OF:
        yield "unknown word", "no-such-word"
        for option in spec.options:
            if option.type == fields.MAPPING and isinstance(value, dict):
                yield from _broken(option, value)


SAMPLE = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
PHASED = yaml.safe_load((SAMPLE_PLAN.parent / "neck-spasm-phases.yaml").read_text(encoding="utf-8"))
# A program in phases is broken in its phases' fields too.
MUTATIONS = {**dict(_broken(PLAN, SAMPLE)),
             **{f"phased {name}": value for name, value in _broken(PLAN, PHASED) if name.startswith("phases")}}


def test_the_sample_plan_is_broken_in_every_declared_field():
    assert len(MUTATIONS) > 50
    assert {"exercises [1] reps above", "thermal ice minutes below", "patient name too long",
            "phased phases [1] exercises [0] hold_s above", "phased phases [2] title too long"} <= set(MUTATIONS)


@pytest.mark.parametrize("name", MUTATIONS)
def test_schema_and_check_agree_on_each_declared_limit(name, run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(copy.deepcopy(MUTATIONS[name]), allow_unicode=True), encoding="utf-8")
    assert any(validator("plan").iter_errors(as_an_editor_reads(plan))), "the schema lets it through"
    result = run("check", plan)
    assert result.exit_code == 2, result.stdout


def test_the_sample_as_it_is_passes_both(run, tmp_path):
    """So that each refusal above is the broken field's alone."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(SAMPLE, allow_unicode=True), encoding="utf-8")
    assert not any(validator("plan").iter_errors(as_an_editor_reads(plan)))
    assert run("check", plan).exit_code == 0
