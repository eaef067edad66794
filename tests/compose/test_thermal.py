"""The ice-then-heat chart starts on the handout's date, takes one phase or both, and keeps times a person
would write down (issue 11, point 5)."""

from __future__ import annotations

import datetime as dt
import itertools

import pypdfium2
import pytest
from conftest import pdf_text

from handouts.check.plan import load_plan
from handouts.compose.thermal import heat_sessions, ice_sessions, schedule
from handouts.preflight.sessions import heat_count
from handouts.run.build import pdf_bytes

ICE = {"minutes": 20, "every_hours": 1, "days": 2}
HEAT = {"minutes": 20, "per_day": 4, "days": 4}


def plan_with(write_plan, date="2026-11-24", **thermal):
    return load_plan(write_plan({"patient": {"name": "Ann"}, "date": date, "exercises": ["neck-tilt"],
                                 "thermal": thermal}))


def text_of(plan) -> str:
    return " ".join(pdf_text(pdf_bytes(plan)).split())


def chart_labels(plan) -> list[str]:
    return [day.date.strftime("%a %d %b") if day.date else f"Day {day.number}"
            for day in schedule(plan.thermal, plan.date).days]


def test_days_before_the_handout_are_summarised_not_printed(write_plan):
    plan = plan_with(write_plan, injury_date="2026-11-23", ice=ICE, heat=HEAT)
    days = schedule(plan.thermal, plan.date).days
    assert days[0].date == dt.date(2026, 11, 24) and days[0].number == 2 and len(days) == 5
    text = text_of(plan)
    assert "Your ice days started on Mon 23 Nov, the day the spasm began." in text
    assert "Mon 23 Nov Ice" not in text and "Tue 24 Nov Ice · 20 min" in text


def test_an_injury_past_its_ice_days_gives_a_heat_only_chart_and_says_so(write_plan):
    plan = plan_with(write_plan, injury_date="2026-11-21", ice=ICE, heat=HEAT)
    assert {day.phase for day in schedule(plan.thermal, plan.date).days} == {"heat"}
    text = text_of(plan)
    assert "Your ice days started on Sat 21 Nov, the day the spasm began. Your ice days are over, so this chart is heat only." in text
    assert "Ice · 20 min" not in text


def test_a_chart_wholly_in_the_past_is_not_printed(write_plan):
    plan = plan_with(write_plan, injury_date="2026-11-01", ice=ICE, heat=HEAT)
    assert schedule(plan.thermal, plan.date).days == ()
    assert "Your ice and heat days are over." in text_of(plan)


def test_without_an_injury_date_the_chart_counts_days_from_today(write_plan):
    plan = plan_with(write_plan, ice=ICE, heat=HEAT)
    assert chart_labels(plan) == [f"Day {n}" for n in range(1, 7)]
    assert "days started on" not in text_of(plan)


def test_heat_only_and_ice_only(write_plan):
    heat_only = plan_with(write_plan, ice="none", heat=HEAT)
    assert [day.phase for day in schedule(heat_only.thermal, heat_only.date).days] == ["heat"] * 4
    text = text_of(heat_only)
    assert "Heat: 20 minutes at a time, 4 times a day, for 4 days." in text and "Ice:" not in text
    assert "use ice again" not in text and "Never fall asleep on a heating pad" in text  # safety for heat only

    ice_only = plan_with(write_plan, ice=ICE, heat="none")
    assert [day.phase for day in schedule(ice_only.thermal, ice_only.date).days] == ["ice"] * 2
    text = text_of(ice_only)
    assert "Ice: 20 minutes every hour while you are awake, for the first 2 days." in text and "Heat:" not in text
    assert "use ice again" in text and "heating pad" not in text


def test_a_block_with_neither_phase_takes_the_standard_schedule(write_plan):
    plan = plan_with(write_plan, injury_date="2026-11-24")
    thermal = plan.thermal
    assert (thermal.ice.minutes, thermal.ice.every_hours, thermal.ice.days) == (20, 1, 2)
    assert (thermal.heat.minutes, thermal.heat.per_day, thermal.heat.days) == (20, 4, 4)


@pytest.mark.parametrize("hours", ["08:00-21:00", "07:15-22:40", "06:45-19:10", "22:00-06:00", "10:30-15:00"])
@pytest.mark.parametrize("per_day", [1, 2, 3, 4, 6])
def test_times_are_on_the_hour_or_half_hour_and_heat_ends_an_hour_before_bed(write_plan, hours, per_day):
    plan = plan_with(write_plan, ice=ICE, heat=dict(HEAT, per_day=per_day), waking_hours=hours)
    start, end = (dt.datetime.strptime(t, "%H:%M") for t in hours.split("-"))
    if end <= start:
        end += dt.timedelta(days=1)

    def after_waking(t: dt.time) -> dt.datetime:
        moment = dt.datetime.combine(start.date(), t)
        return moment + dt.timedelta(days=1) if moment < start else moment

    heat, ice = heat_sessions(plan.thermal), ice_sessions(plan.thermal)
    assert len(heat) == heat_count(plan.thermal) == (min(per_day, 4) if hours == "10:30-15:00" else per_day)
    for t in heat + ice:
        assert t.minute in (0, 30), t
    moments = [after_waking(t) for t in heat]
    assert moments == sorted(moments) and len(set(moments)) == len(heat)
    assert all(b - a >= dt.timedelta(hours=1) for a, b in itertools.pairwise(moments))  # start to start
    assert moments[-1] + dt.timedelta(minutes=20 + 60) <= end
    assert all(after_waking(t) + dt.timedelta(minutes=20) <= end for t in ice)


def test_a_night_worker_ices_through_the_night(write_plan):
    plan = plan_with(write_plan, ice=ICE, heat=HEAT, waking_hours="22:00-06:00")
    times = [t.strftime("%H:%M") for t in ice_sessions(plan.thermal)]
    assert times == ["22:00", "23:00", "00:00", "01:00", "02:00", "03:00", "04:00", "05:00"]


def test_one_is_said_in_words(write_plan):
    plan = plan_with(write_plan, ice=dict(ICE, days=1), heat=dict(HEAT, per_day=1, days=1))
    text = text_of(plan)
    assert "for the first day." in text and "once a day, for the next day." in text
    for wrong in ("1 times", "1 days", "1 hours"):
        assert wrong not in text


@pytest.mark.parametrize("layout", ["default", "compact"])
def test_compact_sets_short_heat_days_two_to_a_row(write_plan, layout):
    plan = load_plan(write_plan({"layout": layout, "patient": {"name": "Ann"}, "date": "2026-11-24",
                                 "exercises": ["neck-tilt"], "thermal": {"injury_date": "2026-11-24", "ice": ICE,
                                                                         "heat": HEAT}}))
    tops = {}
    for page in pypdfium2.PdfDocument(pdf_bytes(plan)):
        text = page.get_textpage()
        for label in ("Tue 24 Nov", "Wed 25 Nov", "Thu 26 Nov", "Fri 27 Nov", "Sat 28 Nov"):
            search = text.search(label, match_case=True)
            while found := search.get_next():  # the patient block's date may come first on the chart's page
                if "·" in text.get_text_range(found[0], found[1] + 12):  # the chart's cell, not a date line
                    tops[label] = round(text.get_charbox(found[0])[3])
    heat = [tops[label] for label in ("Thu 26 Nov", "Fri 27 Nov", "Sat 28 Nov")]
    # Ice days (13 sessions) keep a row each; heat days (4) pair up in compact only.
    assert tops["Tue 24 Nov"] != tops["Wed 25 Nov"]
    assert (heat[0] == heat[1] != heat[2]) == (layout == "compact"), tops
