"""`handouts progress`: the plan moved on to its next phase, the therapist's file otherwise as they wrote it,
what changes said on the terminal, and the new plan building the next phase's handout."""

from __future__ import annotations

import difflib

from conftest import PLANS, SAMPLE_PLAN, one_line, pdf_text

PHASED = PLANS / "neck-spasm-phases.yaml"


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_progress_moves_the_plan_to_its_next_phase(run, tmp_path):
    new = tmp_path / "week3.yaml"
    result = run("progress", PHASED, "-o", new, "--date", "2026-12-21")
    assert result.exit_code == 0, result.stderr
    # Only the date and phase change (the next visit was this visit, so it goes); comments stay.
    assert changed_lines(PHASED.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")) == [
        "-date: 2026-12-07", "-next_visit: 2026-12-21", "+date: 2026-12-21", "+phase: 2"]
    assert result.stderr.splitlines() == [
        f"{PHASED}: 2026-12-07, phase 1 of 3 (Weeks 1 and 2: move gently)",
        f"{new}: 2026-12-21, phase 2 of 3 (Weeks 3 and 4: stretch for longer)",
        ("changes: add Simple neck stretch and Side neck stretch (scalenes); Neck tilt (chin to chest): hold 15 s, "
         "do it 3 times; Ear to shoulder: hold 15 s, do it 3 times; Chin tuck: hold 10 s (Mon 21 Dec to Sun 3 Jan)"),
        "next_visit 2026-12-21 taken out (it is not after the new date); add the next one",
        f"build it: handouts build {new}",
    ]
    built = run("build", new, "-o", tmp_path / "week3.pdf")
    assert built.exit_code == 0, built.stderr
    assert "Now: Weeks 3 and 4: stretch for longer, Mon 21 Dec to Sun 3 Jan." in one_line(
        pdf_text(tmp_path / "week3.pdf"))


def test_progressing_again_reaches_the_last_phase_then_keeps_it(run, tmp_path):
    second = tmp_path / "plan-2026-12-21.yaml"
    assert run("progress", PHASED, "-o", second, "--date", "2026-12-21").exit_code == 0
    result = run("progress", second, "--date", "2027-01-04")  # named beside it, with the new date
    third = tmp_path / "plan-2027-01-04.yaml"
    assert result.exit_code == 0, result.stderr
    assert "phase: 3" in third.read_text(encoding="utf-8")
    assert "stop Neck tilt (chin to chest), Ear to shoulder, Shoulder rolls and Side neck stretch (scalenes)" \
        in result.stderr
    last = run("progress", third, "--date", "2027-01-18")
    assert last.exit_code == 0, last.stderr
    assert "Weeks 5 and 6: build strength is the last phase: the new plan keeps it, with the new date" in last.stderr
    assert "phase: 3\n" in (tmp_path / "plan-2027-01-18.yaml").read_text(encoding="utf-8")


def test_a_plan_with_one_list_is_copied_with_the_new_date(run, tmp_path):
    new = tmp_path / "again.yaml"
    result = run("progress", SAMPLE_PLAN, "-o", new, "--date", "2026-12-03")
    assert result.exit_code == 0, result.stderr
    assert changed_lines(SAMPLE_PLAN.read_text(encoding="utf-8"), new.read_text(encoding="utf-8")) == [
        "-date: 2026-11-24", "-next_visit: 2026-12-03", "+date: 2026-12-03"]
    assert "one list of exercises: the new plan is the same program with the new date" in result.stderr


def test_a_date_before_the_plans_is_one_line_and_writes_nothing(run, tmp_path):
    result = run("progress", PHASED, "-o", tmp_path / "new.yaml", "--date", "2026-12-01")
    assert result.exit_code == 2
    assert result.stderr == (f"handouts: {PHASED}: 2026-12-01 is before the plan's date (2026-12-07); progress "
                             "moves a plan on, give a later --date\n")
    assert not list(tmp_path.iterdir())


def test_it_never_writes_over_last_weeks_plan(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PHASED.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("progress", plan, "-o", plan, "--date", "2026-12-21")
    assert result.exit_code == 2
    assert result.stderr == f"handouts: {plan}: the output would overwrite {plan}; choose another name\n"
    assert plan.read_text(encoding="utf-8") == PHASED.read_text(encoding="utf-8")


def test_a_broken_plan_is_refused_with_its_located_lines(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PHASED.read_text(encoding="utf-8").replace("- shoulder-rolls", "- shoulder-rols"),
                    encoding="utf-8")
    result = run("progress", plan, "--date", "2026-12-21")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{plan}:23:9: phases[0].exercises[3]: unknown exercise 'shoulder-rols'")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]
