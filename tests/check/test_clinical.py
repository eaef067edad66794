"""Clinical warnings: a valid plan that deserves a second look, printed by check and build, refused by --strict."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_PLAN

from handouts.check import clinical
from handouts.check.plan import load_plan

PLAN = """\
layout: default
patient:
  name: Ana Example
date: 2026-11-24
exercises:
{exercises}
thermal:
  injury_date: {injury}
  ice: {{minutes: {ice_minutes}, every_hours: 1, days: {ice_days}}}
  heat: {{minutes: {heat_minutes}, per_day: 4, days: 4}}
advice: none
warnings: none
"""
SAFE = {"exercises": "  - neck-tilt\n  - chin-tuck", "injury": "2026-11-23", "ice_minutes": 20, "ice_days": 2,
        "heat_minutes": 20}


def warnings_for(plan) -> list[str]:
    """Each warning as 'field: message', the line `check` prints after the plan's name and position."""
    return [f"{problem.where}: {problem.message}" for problem in clinical.warnings_for(plan)]


@pytest.fixture
def plan_file(write_plan):
    def write(**changes):
        return write_plan(PLAN.format(**{**SAFE, **changes}))

    return write


def test_the_sample_plan_has_no_warnings():
    assert warnings_for(load_plan(SAMPLE_PLAN)) == []


def test_a_safe_plan_has_no_warnings(plan_file):
    assert warnings_for(load_plan(plan_file())) == []


@pytest.mark.parametrize("changes, message", [
    ({"ice_minutes": 25}, ("thermal.ice.minutes: 25-minute ice sessions are longer than the usual 20; "
                          "longer risks cold injury to the skin")),
    ({"ice_days": 4}, ("thermal.ice.days: 4 days of ice is longer than the usual 2-3; check that the spasm is "
                      "settling before going on")),
    ({"ice_days": 1}, ("thermal.ice.days: heat starts on day 2, after one day of ice; the usual plan is ice for "
                      "the first 2 days, while the pain is sharpest, then heat (or write ice: none for heat only)")),
    ({"heat_minutes": 30}, ("thermal.heat.minutes: 30-minute heat sessions are longer than the usual 20; longer "
                           "risks burns")),
    ({"injury": "2026-12-23"}, ("thermal.injury_date: 2026-12-23 is after the handout's date 2026-11-24; check the "
                               "year and month")),
    ({"injury": "2025-11-23"}, ("thermal.injury_date: 2025-11-23 is so long before the handout's date 2026-11-24 "
                               "that the whole ice-and-heat chart is in the past; check the year and month")),
    ({"exercises": "\n".join(f"  - {i}" for i in ("chin-tuck", "neck-tilt", "neck-turn", "shoulder-rolls",
                                                   "shoulder-blade-squeeze", "shoulder-extension", "pelvic-tilt",
                                                   "knees-to-chest", "doorway-chest-stretch"))},
     "exercises: 9 exercises; patients follow programs of 8 or fewer much better"),
    ({"exercises": "  - {id: simple-neck-stretch, side: none}"},
     ("exercises[0].side: 'simple-neck-stretch' works both sides, but side is none; use each (or left or right for "
     "one side)")),
])
def test_each_rule(plan_file, changes, message):
    assert message in warnings_for(load_plan(plan_file(**changes)))


def test_side_none_is_fine_for_an_exercise_done_in_the_middle(plan_file):
    assert warnings_for(load_plan(plan_file(exercises="  - {id: neck-tilt, side: none}"))) == []


def test_the_spanish_sample_plan_has_no_warnings():
    assert warnings_for(load_plan(SAMPLE_PLAN.with_name("neck-spasm-patient-es.yaml"))) == []


NINE = ("chin-tuck", "neck-tilt", "neck-turn", "shoulder-rolls", "shoulder-blade-squeeze", "shoulder-extension",
        "pelvic-tilt", "knees-to-chest", "doorway-chest-stretch")


@pytest.mark.parametrize("field, at_limit, past_limit", [
    ("ice_minutes", 20, 21), ("heat_minutes", 20, 21), ("ice_days", 3, 4),
    ("exercises", "\n".join(f"  - {i}" for i in NINE[:8]), "\n".join(f"  - {i}" for i in NINE)),
])
def test_each_rule_warns_just_past_its_limit_and_not_at_it(plan_file, field, at_limit, past_limit):
    assert not _warned(plan_file(**{field: at_limit}), field)
    assert _warned(plan_file(**{field: past_limit}), field)


def _warned(path, field) -> bool:
    rule = {"ice_minutes": "thermal.ice.minutes: ", "heat_minutes": "thermal.heat.minutes: ",
            "ice_days": "thermal.ice.days: ", "exercises": " exercises; patients follow"}[field]
    return any(rule in line for line in warnings_for(load_plan(path)))


def test_the_daily_total_sums_each_session_estimate_times_per_day(plan_file):
    from handouts.preflight.sessions import session_seconds

    busy = "  - id: neck-tilt\n    hold_s: 15\n    reps: 10\n    sets: 3\n    per_day: 4\n  - chin-tuck"
    plan = load_plan(plan_file(exercises=busy))
    minutes = round(sum(session_seconds(e.dosage) * e.dosage.per_day for e in plan.exercises) / 60)
    assert minutes > 30
    assert warnings_for(plan) == [(f"exercises: about {minutes} minutes of exercise a day; more than 30 minutes a "
                                  "day is hard to keep up (lower reps, sets or per_day)")]



@pytest.mark.parametrize("hold, warned", [(27, False), (28, True)])
def test_the_daily_total_warns_just_past_30_minutes_and_not_at_them(plan_file, hold, warned):
    # 10 reps of (hold + 3 s), one set, one side, 6 times a day: exactly 1,800 s at a hold of 27 s
    exercise = f"  - id: slow-breathing\n    hold_s: {hold}\n    reps: 10\n    sets: 1\n    per_day: 6\n    side: none"
    rules = warnings_for(load_plan(plan_file(exercises=exercise)))
    assert any("minutes of exercise a day" in rule for rule in rules) is warned

def test_check_prints_warnings_with_the_file_and_exits_0(run, plan_file):
    path = plan_file(ice_minutes=25, ice_days=1)
    result = run("check", path)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        (f"{path}:10:18: warning: thermal.ice.minutes: 25-minute ice sessions are longer than the usual 20; longer "
        "risks cold injury to the skin"),
        (f"{path}:10:44: warning: thermal.ice.days: heat starts on day 2, after one day of ice; the usual plan "
        "is ice for the first 2 days, while the pain is sharpest, then heat (or write ice: none for heat only)"),
    ]
    assert result.stdout == f"{path}: ok (2 warnings)\n"


def test_check_strict_turns_warnings_into_errors(run, plan_file):
    path = plan_file(ice_minutes=25)
    result = run("check", "--strict", path)
    assert result.exit_code == 2
    assert result.stderr == (f"{path}:10:18: thermal.ice.minutes: 25-minute ice sessions are longer than the usual "
                             "20; longer risks cold injury to the skin (--strict makes this an error)\n")
    assert result.stdout == ""


def test_check_reports_every_plan_and_fails_if_any_is_broken(run, plan_file, write_plan):
    good = plan_file()
    bad = write_plan("exercises: [neck-tlit]\n", name="bad.yaml")
    result = run("check", good, bad)
    assert result.exit_code == 2
    assert result.stdout == f"{good}: ok\n"
    assert result.stderr.startswith(f"{bad}:1:13: exercises[0]: unknown exercise 'neck-tlit'")


def test_check_takes_a_folder_of_plans(run, tmp_path):
    folder = tmp_path / "leaflets"
    folder.mkdir()
    for name, text in (("a.yaml", "exercises: [neck-tilt]\n"), ("b.yml", "exercises: [neck-tlit]\n"),
                       ("readme.txt", "not a plan")):
        (folder / name).write_text(text, encoding="utf-8")
    result = run("check", folder)
    assert result.exit_code == 2
    assert result.stdout == f"{folder / 'a.yaml'}: ok\n"
    assert result.stderr.startswith(f"{folder / 'b.yml'}:1:13: exercises[0]: unknown exercise 'neck-tlit'")


def test_check_reads_the_sub_folders_of_a_folder(run, tmp_path):
    files = {"a.yaml": "exercises: [neck-tilt]\n", "leaflets/b.yaml": "exercises: [chin-tuck]\n",
             "leaflets/clinic/layout.yaml": "extends: default\nclinic: {name: Lakeside}\n",
             "leaflets/clinic/c.yaml": "layout: layout.yaml\nexercises: [neck-tlit]\n"}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert result.stdout == f"{tmp_path / 'a.yaml'}: ok\n{tmp_path / 'leaflets' / 'b.yaml'}: ok\n"
    assert result.stderr.startswith(f"{tmp_path / 'leaflets' / 'clinic' / 'c.yaml'}:2:13: exercises[0]: unknown")


def test_build_prints_warnings_and_still_builds(run, plan_file, tmp_path):
    out = tmp_path / "ana.pdf"
    result = run("build", plan_file(ice_minutes=25), "-o", out)
    assert result.exit_code == 0
    assert "warning: thermal.ice.minutes: 25-minute ice sessions" in result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_build_strict_refuses_and_writes_nothing(run, plan_file, tmp_path):
    out = tmp_path / "ana.pdf"
    result = run("build", "--strict", plan_file(ice_minutes=25), "-o", out)
    assert result.exit_code == 2
    assert "(--strict makes this an error)" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_build_strict_builds_a_plan_without_warnings(run, plan_file, tmp_path):
    out = tmp_path / "ana.pdf"
    assert run("build", "--strict", plan_file(), "-o", out).exit_code == 0
    assert out.is_file()


@pytest.mark.parametrize("date, today, expected", [
    ("2062-01-05", "2026-12-07", "2062-01-05 is about 35 years from now; check the year (today is 2026-12-07)"),
    ("2016-11-24", "2026-12-07", "2016-11-24 is about 10 years ago; check the year (today is 2026-12-07)"),
    ("2026-11-02", "2026-12-07", ("2026-11-02 is 35 days ago: a reopened plan keeps its old date; set today's date "
                                 "(2026-12-07) unless you mean to reprint the old handout")),
    ("2026-11-24", "2026-12-07", None),  # two weeks ago: a handout printed at the last visit, not a mistake
    ("2027-03-01", "2026-12-07", None),  # a program planned ahead
])
def test_a_date_far_from_today_is_warned_of(write_plan, date, today, expected):
    import datetime as dt

    plan = load_plan(write_plan(PLAN.format(**SAFE).replace("date: 2026-11-24", f"date: {date}")))
    found = clinical.date_warnings(plan, dt.date.fromisoformat(today))
    assert [f"{p.where}: {p.message}" for p in found] == ([f"date: {expected}"] if expected else [])
    assert all(p.line == 4 for p in found)  # at the plan's date line


def test_a_plan_without_a_date_is_dated_today_and_not_warned(write_plan):
    import datetime as dt

    plan = load_plan(write_plan(PLAN.format(**SAFE).replace("date: 2026-11-24\n", "")))
    assert clinical.date_warnings(plan, dt.date(2040, 1, 1)) == []


def test_check_warns_of_a_mistyped_year_and_still_passes(run, write_plan):
    result = run("check", write_plan(PLAN.format(**SAFE).replace("date: 2026-11-24", "date: 2062-11-24")))
    assert result.exit_code == 0
    assert ":4:7: warning: date: 2062-11-24 is about 36 years from now; check the year (today is 2026-12-01)" \
        in result.stderr
