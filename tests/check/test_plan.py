"""Bad input: every mistake in one run, one located line each, exit 2, and never a PDF or a traceback.

The file-driven part reads tests/broken_plans/ and tests/broken_layouts/:
each NAME.yaml sits beside NAME.expected, the exact stderr lines, with {dir}
for the folder and {tests} for tests/ so that it passes on any machine.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
from conftest import MINIMAL_PLAN as GOOD
from conftest import SAMPLE_PLAN

from handouts.cli import main

TESTS = Path(__file__).resolve().parents[1]
BROKEN_PLANS = TESTS / "broken_plans"
BROKEN_LAYOUTS = TESTS / "broken_layouts"


def expected(case: Path) -> str:
    text = case.with_suffix(".expected").read_text(encoding="utf-8")
    return text.replace("{dir}", str(case.parent)).replace("{tests}", str(TESTS))


def assert_refused(result, want: str, out_dir: Path) -> None:
    assert result.exit_code == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == want
    assert not list(out_dir.iterdir()), "a refused build must write nothing, not even a temporary file"


def test_the_broken_plans_folder_is_complete():
    cases = sorted(BROKEN_PLANS.glob("*.yaml"))
    assert len(cases) >= 30
    for case in cases:
        assert case.with_suffix(".expected").is_file(), case.name
        assert expected(case).strip(), case.name


@pytest.mark.parametrize("case", sorted(BROKEN_PLANS.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_plan(case, run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    want = expected(case)
    # The broken layouts are the clinic's brand folder here, so that plans can name them from beside.
    assert_refused(run("check", "--brand-dir", BROKEN_LAYOUTS, case), want, out)
    assert_refused(run("build", "--brand-dir", BROKEN_LAYOUTS, case, "-o", out / "handout.pdf"), want, out)


@pytest.mark.parametrize("case", sorted(BROKEN_LAYOUTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_layout(case, run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(f"layout: {case}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    want = expected(case)
    assert_refused(run("check", "--brand-dir", BROKEN_LAYOUTS, plan), want, out)
    assert_refused(run("build", "--brand-dir", BROKEN_LAYOUTS, plan, "-o", out / "handout.pdf"), want, out)


# -- positions and collection ---------------------------------------------------

def test_unknown_key_points_at_the_key_not_its_value(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: default\npatiant:\n  name: Ana\n", encoding="utf-8")
    result = run("check", plan)
    assert result.stderr == f"{plan}:2:1: unknown key 'patiant' (did you mean 'patient'?)\n"


def test_every_problem_is_reported_in_line_order(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("notes: [1]\ntherapist: {a: 1}\ndate: someday\nlog: maybe\ntitle: [x]\n", encoding="utf-8")
    lines = run("check", plan).stderr.splitlines()
    assert [line.split(":")[1] for line in lines] == ["1", "2", "3", "4", "5"]


def test_a_layouts_problems_follow_the_plans(run, tmp_path):
    layout = tmp_path / "clinic.yaml"
    layout.write_text('extends: default\ncolors:\n  primary: teal\n', encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: clinic.yaml\ndate: 2026-02-30\n", encoding="utf-8")
    lines = run("check", plan).stderr.splitlines()
    assert lines[0].startswith(f"{plan}:2:7: date:")
    assert lines[1] == f"{layout}:3:12: colors.primary: must be written as \"#RRGGBB\" (in quotes), not 'teal'"


def test_a_roster_override_keeps_the_templates_key_positions(tmp_path):
    from handouts.check.plan import load_plan
    from handouts.errors import ValidationError

    plan = tmp_path / "template.yaml"
    plan.write_text("layout: default\npatient:\n  name: Ana\n  nmae: typo\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_plan(plan, overrides={"patient": {"name": "Ben"}})
    assert str(caught.value.problems[0]).startswith(f"{plan}:4:3: patient: unknown key 'nmae'")


# -- files that are not plans -------------------------------------------------------

def test_a_folder_is_not_a_plan(run, tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_a_missing_plan(run, tmp_path):
    result = run("check", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: file not found; check the name and folder\n"


def test_an_oversized_plan_is_refused_before_parsing(run, tmp_path):
    plan = tmp_path / "big.yaml"
    plan.write_text("notes: |\n" + "  spam\n" * 300_000, encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 2
    assert result.stderr == f"{plan}: is {plan.stat().st_size:,} bytes; a plan or layout is a short text file\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_without_blocking(run, tmp_path):
    pipe = tmp_path / "plan.yaml"
    os.mkfifo(pipe)
    result = run("check", pipe)
    assert result.exit_code == 2
    assert result.stderr == f"{pipe}: is not a regular file; name a .yaml file\n"


def test_alias_bomb_is_refused_before_it_is_expanded(run):
    case = BROKEN_PLANS / "alias-bomb.yaml"
    tracemalloc.start()
    result = run("check", case)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 2 and "expand to more than" in result.stderr
    assert peak < 20_000_000  # its billion values are counted, never built


def test_aliases_within_limits_still_work(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD + "thermal:\n  ice: &pack {minutes: 20, days: 2}\n  heat:\n    <<: *pack\n"
                    "    per_day: 3\n", encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 0, result.stderr


# -- images in plans --------------------------------------------------------------

def test_a_real_photo_beside_the_plan_is_accepted(run, tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(tmp_path / "ana.jpg")
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.replace("  - neck-tilt\n", "  - id: neck-tilt\n    image: ana.jpg\n"), encoding="utf-8")
    assert run("check", plan).exit_code == 0


def test_a_decompression_bomb_photo_is_refused_at_validation(run, tmp_path):
    from PIL import Image

    Image.new("1", (8000, 8000)).save(tmp_path / "huge.png")  # 64 million pixels in a few kilobytes
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.replace("  - neck-tilt\n", "  - id: neck-tilt\n    image: huge.png\n"), encoding="utf-8")
    result = run("check", plan)
    assert result.stderr == (f"{plan}:7:12: exercises[0].image: 'huge.png' is too large (over 40,000,000 pixels); "
                             "save a smaller copy\n")


# -- the three kinds of error --------------------------------------------------------

def test_an_internal_error_keeps_its_traceback_and_asks_for_a_report(monkeypatch, capsys, tmp_path):
    import handouts.run.build

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in handouts")

    monkeypatch.setattr(handouts.run.build, "load_plan", broken)
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(SAMPLE_PLAN), "-o", str(tmp_path / "x.pdf")])
    err = capsys.readouterr().err
    assert exit_.value.code == 70
    assert "Traceback" in err and "RuntimeError: a bug in handouts" in err
    assert err.rstrip().splitlines()[-1].startswith("handouts: internal error. This is a bug; please report it")
    assert not (tmp_path / "x.pdf").exists()


def test_bad_input_through_main_is_one_line_and_exit_2(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        main(["check", str(BROKEN_PLANS / "unknown-exercise.yaml")])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert err == expected(BROKEN_PLANS / "unknown-exercise.yaml")


# -- atomic writes -------------------------------------------------------------

class _Explodes:
    """A flowable that fails once the document is half drawn."""

    def __new__(cls):
        from reportlab.platypus import Flowable

        class Boom(Flowable):
            def wrap(self, width, height):
                raise RuntimeError("render failed midway")

        return Boom()


def _old_file(tmp_path) -> tuple[Path, bytes]:
    out = tmp_path / "out" / "handout.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF- an older handout")
    return out, out.read_bytes()


def test_a_render_that_fails_midway_leaves_the_old_pdf_and_no_temp_file(monkeypatch, capsys, tmp_path):
    import handouts.run.build
    from handouts.render.document import render

    def half_then_fail(plan, story, remake=None):
        return render(plan, story[: len(story) // 2] + [_Explodes()] + story[len(story) // 2:])

    monkeypatch.setattr(handouts.run.build, "render", half_then_fail)
    out, before = _old_file(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(SAMPLE_PLAN), "-o", str(out)])
    assert exit_.value.code == 70
    assert "render failed midway" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["handout.pdf"]


def test_a_failed_rename_leaves_the_old_pdf_and_no_temp_file(monkeypatch, run, tmp_path):
    import errno

    def no_space(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    out, before = _old_file(tmp_path)
    monkeypatch.setattr(os, "replace", no_space)
    result = run("build", SAMPLE_PLAN, "-o", out)
    assert result.exit_code == 2
    assert result.stderr == f"handouts: {out}: No space left on device; free some space, or choose another output folder\n"
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["handout.pdf"]


def test_a_successful_build_replaces_the_old_pdf(run, tmp_path):
    out, before = _old_file(tmp_path)
    assert run("build", SAMPLE_PLAN, "-o", out).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-1.") and out.read_bytes() != before
    assert [p.name for p in out.parent.iterdir()] == ["handout.pdf"]


def test_an_unwritable_output_folder_is_one_line(run, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = run("build", SAMPLE_PLAN, "-o", blocker / "x.pdf")
    assert result.exit_code == 2
    assert result.stderr == (f"handouts: {blocker / 'x.pdf'}: {blocker} is a file, not a folder; choose another "
                             "output name\n")
    merge = run("batch", SAMPLE_PLAN, "-o", tmp_path / "out", "--merge", blocker / "print.pdf")
    assert merge.exit_code == 2 and "is a file, not a folder" in merge.stderr
    assert not (tmp_path / "out").exists()  # stopped before building anything


def test_a_library_strings_file_missing_a_phrase_is_one_line(run, tmp_path, monkeypatch):
    # A clinic's translation that lacks one phrase: the build names the file and the phrase.
    import shutil

    from handouts.check import library
    from handouts.load.resources import data_dir

    shutil.copytree(data_dir("library") / "en", tmp_path / "library" / "en")
    shutil.copytree(data_dir("library") / "es", tmp_path / "library" / "xx")
    strings = tmp_path / "library" / "xx" / "strings.yaml"
    strings.write_text("".join(line for line in strings.read_text(encoding="utf-8").splitlines(keepends=True)
                               if not line.startswith("section_notes:")), encoding="utf-8")
    monkeypatch.setattr(library, "data_dir", lambda name: tmp_path / name)
    library.load_library.cache_clear()
    plan = tmp_path / "plan.yaml"
    plan.write_text("language: xx\npatient: {name: Ana}\nexercises: [neck-tilt]\nnotes: See you Thursday.\n",
                    encoding="utf-8")
    result = run("build", plan, "-o", tmp_path / "out.pdf")
    library.load_library.cache_clear()
    assert result.exit_code == 2
    assert result.stderr == (f"handouts: {strings}: no 'section_notes:' line; copy it from the English library's "
                             "strings.yaml and translate it\n")
    assert not (tmp_path / "out.pdf").exists()


def test_every_broken_case_is_told_in_lines_of_at_most_200_characters_after_the_file():
    cases = sorted(BROKEN_PLANS.glob("*.expected")) + sorted(BROKEN_LAYOUTS.glob("*.expected"))
    for case in cases:
        for line in case.read_text(encoding="utf-8").splitlines():
            told = line.split(".yaml", 1)[-1].lstrip(":0123456789 ")  # the message, after file, line and column
            assert len(told) <= 200, (case.name, len(told))
