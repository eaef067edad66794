"""The exercise library: every exercise tagged and findable, its equipment checked, `handouts list` filters."""

from __future__ import annotations

import json
import re

import pytest
import textstat
from conftest import one_line, pdf_text

from handouts.check.library import _exercise, load_library
from handouts.check.plan import load_plan
from handouts.check.schema.library import EQUIPMENT, REGIONS
from handouts.errors import ValidationError
from handouts.run.build import pdf_bytes

EXERCISES = load_library("en").exercises


# -- tags -----------------------------------------------------------------------

def test_every_exercise_has_a_region_and_equipment():
    for exercise in EXERCISES.values():
        assert exercise.region in REGIONS, exercise.id
        assert exercise.equipment and set(exercise.equipment) <= set(EQUIPMENT), exercise.id
        assert exercise.equipment == ("none",) or "none" not in exercise.equipment, exercise.id


def test_every_region_and_every_piece_of_equipment_has_exercises():
    assert len(EXERCISES) >= 40
    assert {e.region for e in EXERCISES.values()} == set(REGIONS)
    assert {thing for e in EXERCISES.values() for thing in e.equipment} == set(EQUIPMENT)


# -- plain words ------------------------------------------------------------------

def test_every_exercise_title_is_plain_words():
    """The lines under a title are measured with the rest of the library (test_readability.py); the title is
    measured here, without the muscle's name a therapist may add in brackets."""
    hard = {}
    for exercise in EXERCISES.values():
        words = re.sub(r"\s*\(.*\)$", "", exercise.title)
        assert words and "(" not in words, exercise.id
        if textstat.flesch_kincaid_grade(words) > 6:
            hard[exercise.id] = words
    assert hard == {}


def test_every_exercise_prints_its_title_and_steps(write_plan):
    ids = sorted(EXERCISES)
    for some in (ids[: len(ids) // 2], ids[len(ids) // 2:]):  # a plan takes at most 30 exercises
        plan = {"date": "2026-11-24", "exercises": some, "advice": "none", "warnings": "none"}
        text = one_line(pdf_text(pdf_bytes(load_plan(write_plan(plan)))))
        for ident in some:
            exercise = EXERCISES[ident]
            assert exercise.title in text, ident
            for step in exercise.steps:
                assert one_line(step) in text, (ident, step)


EXERCISE = """\
id: wall-lean
title: Wall lean
purpose: A test exercise.
region: upper-back
{equipment}position: standing
steps:
  - Stand with your back to a wall.
dosage: {{hold_s: 10, reps: 5, sets: 1, per_day: 3, side: none}}
"""


@pytest.mark.parametrize("line, equipment", [
    ("equipment: none\n", ("none",)),
    ("equipment: wall\n", ("wall",)),
    ("equipment: [ball, wall]\n", ("ball", "wall")),
])
def test_equipment_is_none_one_thing_or_a_list(tmp_path, line, equipment):
    path = tmp_path / "wall-lean.yaml"
    path.write_text(EXERCISE.format(equipment=line), encoding="utf-8")
    assert _exercise(path).equipment == equipment


@pytest.mark.parametrize("line, message", [
    ("", ("{path}:1:1: equipment: 'equipment' is required; use none or one or more of towel, band, ball, wall, "
         "door-frame, chair")),
    ("equipment: doorframe\n", ("{path}:5:12: equipment: 'doorframe' is not allowed; use one of none, towel, band, "
                               "ball, wall, door-frame, chair (did you mean 'door-frame'?)")),
    ("equipment: [ball, wal]\n", ("{path}:5:19: equipment[1]: 'wal' is not allowed; use one of none, towel, band, "
                                 "ball, wall, door-frame, chair (did you mean 'wall'?)")),
    ("equipment: [none, towel]\n", ("{path}:5:12: equipment: 'none' cannot go with other equipment; "
                                   "drop one of them")),
])
def test_bad_equipment_is_one_located_line(tmp_path, line, message):
    path = tmp_path / "wall-lean.yaml"
    path.write_text(EXERCISE.format(equipment=line), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        _exercise(path)
    assert [str(p) for p in caught.value.problems] == [message.format(path=path)]


# -- handouts list --------------------------------------------------------------

def _ids(result) -> list[str]:
    return [line.split()[0] for line in result.stdout.splitlines()[1:]]


def test_list_filters_by_region_and_equipment(run):
    result = run("list", "exercises", "--region", "neck", "--equipment", "none")
    assert result.exit_code == 0, result.stderr
    want = sorted(e.id for e in EXERCISES.values() if e.region == "neck" and e.equipment == ("none",))
    assert sorted(_ids(result)) == want and "chin-tuck" in want
    assert "doorway-chest-stretch" not in result.stdout


def test_list_equipment_finds_every_exercise_that_uses_it(run):
    rows = json.loads(run("list", "--equipment", "wall", "--format", "json").stdout)
    assert {row["id"] for row in rows} == {e.id for e in EXERCISES.values() if "wall" in e.equipment}
    assert {"wall-angels", "ball-massage"} <= {row["id"] for row in rows}
    assert all("wall" in row["equipment"] for row in rows) and rows


def test_list_region_repeats_for_several(run):
    rows = json.loads(run("list", "--region", "low-back", "--region", "shoulder", "--format", "json").stdout)
    assert all({row["region"], *row["also_regions"]} & {"low-back", "shoulder"} for row in rows)
    assert len(rows) == sum(bool(set(e.regions) & {"low-back", "shoulder"}) for e in EXERCISES.values())


def test_an_exercise_that_serves_another_region_is_found_under_it_too(run):
    rows = json.loads(run("list", "--region", "upper-back", "--format", "json").stdout)
    found = {row["id"]: row for row in rows}
    assert {"wall-angels", "shoulder-shrugs", "shoulder-rolls"} <= set(found)  # shoulder exercises that work it
    assert found["wall-angels"]["region"] == "shoulder" and found["wall-angels"]["also_regions"] == ["upper-back"]
    assert "neck-tilt" not in found


@pytest.mark.parametrize("args, message", [
    (("--region", "nek"), ("handouts: --region: unknown region 'nek' (did you mean 'neck'?); use one of neck, "
                          "upper-back, shoulder, low-back, whole-body")),
    (("--equipment", "doorframe"), ("handouts: --equipment: unknown equipment 'doorframe' (did you mean "
                                   "'door-frame'?); use one of none, towel, band, ball, wall, door-frame, chair")),
    (("--equipment", "dumbbell"), ("handouts: --equipment: unknown equipment 'dumbbell'; use one of none, towel, "
                                  "band, ball, wall, door-frame, chair")),
    (("advice", "--region", "neck"), ("handouts: --region filters exercises only; try 'handouts list exercises "
                                     "--region ...'")),
])
def test_a_bad_filter_is_one_line_and_exit_2(run, args, message):
    result = run("list", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""


def test_a_filter_that_matches_nothing_says_so(run):
    result = run("list", "--region", "low-back", "--equipment", "door-frame")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == "no exercises match; drop a filter to see more\n"
    assert json.loads(run("list", "--region", "low-back", "--equipment", "door-frame", "--format", "json").stdout) == []


def test_an_exercise_may_serve_other_regions_and_an_unknown_one_is_one_located_line(tmp_path):
    path = tmp_path / "wall-lean.yaml"
    path.write_text(EXERCISE.format(equipment="equipment: wall\nalso_regions: [shoulder]\n"), encoding="utf-8")
    assert _exercise(path).regions == ("upper-back", "shoulder")
    path.write_text(EXERCISE.format(equipment="equipment: wall\nalso_regions: [sholder]\n"), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        _exercise(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:6:16: also_regions[0]: unknown region 'sholder' (did you mean 'shoulder'?)"]


# -- pictures and their captions -------------------------------------------------------------------

def _drop_line(path, line: str) -> int:
    """Remove `line` from the file; the line number (1-based) it stood on."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.strip() == line)
    path.write_text("\n".join(lines[:index] + lines[index + 1:]), encoding="utf-8")
    return index + 1


def test_a_picture_without_a_caption_is_refused_where_it_is_named(libraries, run, write_plan):
    advice = libraries / "en" / "advice.yaml"
    caption_line = _drop_line(advice, "caption: Screen at eye level")
    result = run("check", write_plan("exercises: [neck-tilt]\n"))
    assert result.exit_code == 2
    # the message stands at the picture: the line before the one the caption was on
    assert (f"{advice}:{caption_line - 1}:12: [8].caption: names the picture 'desk-set-up' but no caption; add "
            "'caption:' beside it (3 to 6 words saying what it shows)") in one_line(result.stderr)
    assert "Traceback" not in result.stderr


def test_a_safety_picture_without_a_caption_is_refused(libraries, run, write_plan):
    thermal = libraries / "en" / "thermal.yaml"
    _drop_line(thermal, "caption: Cold pack wrapped in a cloth")
    result = run("check", write_plan("exercises: [neck-tilt]\n"))
    assert result.exit_code == 2
    assert "safety[0].caption: names the picture 'ice-pack-in-cloth' but no caption" in result.stderr


@pytest.mark.parametrize("language", ["es", "vi", "tl", "zh-Hans"])
def test_a_translation_without_a_caption_is_refused(libraries, run, write_plan, language):
    advice = libraries / language / "advice.yaml"
    caption = next(a.caption for a in load_library(language).advice.values() if a.id == "posture")
    _drop_line(advice, f"caption: {caption}")
    load_library.cache_clear()  # read again, without it
    result = run("check", write_plan(f"language: {language}\nexercises: [neck-tilt]\n"))
    assert result.exit_code == 2
    assert f"{advice}:" in result.stderr and "names the picture 'desk-set-up' but no caption" in result.stderr


def test_every_picture_the_library_names_has_a_short_caption():
    # 3 to 6 words in English; a translation may take one more ("Pantalla a la altura de los ojos")
    for language, most in (("en", 6), ("es", 7), ("vi", 7), ("tl", 7)):
        lib = load_library(language)
        items = [*lib.advice.values(), *lib.thermal.safety]
        for item in items:
            if item.picture:
                assert 3 <= len(item.caption.split()) <= most, (language, item.caption)
    chinese = load_library("zh-Hans")
    assert all(item.caption and len(item.caption) <= 16 for item in [*chinese.advice.values(), *chinese.thermal.safety]
               if item.picture)
