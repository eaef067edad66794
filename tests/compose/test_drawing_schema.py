"""A drawing spec's declared fields (compose/drawings/schema.py): the JSON Schema `handouts schema drawing` prints
accepts every drawing handouts ships, and refuses what `spec.check` refuses for the keys, choices and ranges it
declares."""

from __future__ import annotations

import json

import pytest
import yaml
from conftest import ROOT
from jsonschema import Draft202012Validator

from handouts.compose.drawings.spec import SpecMistake, check

DRAWINGS = sorted((ROOT / "images" / "drawings").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    from click.testing import CliRunner

    from handouts.cli import cli

    result = CliRunner().invoke(cli, ["schema", "drawing"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("path", DRAWINGS, ids=lambda p: p.stem)
def test_every_shipped_drawing_meets_the_schema(validator, path):
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [error.message for error in validator.iter_errors(doc)] == []


BROKEN = {
    "unknown key": {"colour": "red"},
    "frame": {"frame": "torso"},
    "camera": {"camera": 71},
    "position": {"position": "kneeling"},
    "prop": {"props": ["sofa"]},
    "solid": {"solid": "middle"},
    "joint out of range": {"pose": {"head": {"nod": 71}}},
    "unknown joint": {"pose": {"head": {"wink": 1}}},
    "unknown part": {"pose": {"tail": {"wag": 1}}},
    "arrow key": {"end_pose": {"head": {"nod": 40}}, "arrows": [{"follow": "nose", "radius": 3}]},
    "squash": {"arrows": [{"arc": "nose", "radius": 3, "from": 0, "to": 90, "squash": 2}]},
}


@pytest.mark.parametrize("name", BROKEN)
def test_what_the_schema_refuses_the_spec_check_refuses(validator, name):
    spec = BROKEN[name]
    assert any(validator.iter_errors(spec)), "the schema lets it through"
    with pytest.raises(SpecMistake):
        check(spec)
