"""The ice-and-heat text follows the schedule it prints: heat only, ice only, ice days over, a short waking
day, a night shift (issue 22, point 3). Each test builds a plan and reads the PDF's text."""

from __future__ import annotations

from conftest import one_line, pdf_text

from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

ICE = {"minutes": 20, "every_hours": 1, "days": 2}
HEAT = {"minutes": 20, "per_day": 4, "days": 4}


def text_of(write_plan, language="en", date="2026-11-24", **thermal) -> str:
    plan = {"language": language, "patient": {"name": "Ann"}, "date": date, "exercises": ["neck-tilt"],
            "advice": "none", "warnings": "none", "thermal": thermal}
    return one_line(pdf_text(pdf_bytes(load_plan(write_plan(plan)))))


def test_heat_only_says_nothing_of_ice(write_plan):
    text = text_of(write_plan, ice="none", heat=HEAT)
    assert "Heat Use heat to help tight muscles relax" in text
    assert "Ice, then heat" not in text and "Use ice" not in text and "cold pack" not in text
    assert "Heat: 20 minutes at a time, 4 times a day, for 4 days." in text


def test_heat_only_in_spanish(write_plan):
    text = text_of(write_plan, language="es", ice="none", heat=HEAT)
    assert "Calor Use calor para aliviar el dolor" in text
    assert "Hielo y luego calor" not in text and "Use hielo" not in text and "bolsa de frío" not in text


def test_ice_only_never_switches_to_heat(write_plan):
    for language, heading, switch in (("en", "Ice Use ice in the first days", "switch to heat"),
                                      ("es", "Hielo Use hielo los primeros días", "cambie a calor")):
        text = text_of(write_plan, language=language, ice=ICE, heat="none")
        assert heading in text and switch not in text


def test_ice_days_over_no_ice_rule_and_heat_counts_the_days_left(write_plan):
    # Injured on the 20th: ice on the 20th and 21st, heat the 22nd to the 25th; on the 24th two heat days remain.
    text = text_of(write_plan, injury_date="2026-11-20", ice=ICE, heat=HEAT)
    assert "Ice: 20 minutes" not in text and "Wrap a cold pack" not in text and "use ice again" not in text
    assert "Heat: 20 minutes at a time, 4 times a day, for the next 2 days." in text
    assert "Heat Use heat to help tight muscles relax" in text and "Ice, then heat" not in text
    spanish = text_of(write_plan, language="es", injury_date="2026-11-20", ice=ICE, heat=HEAT)
    assert "Hielo: 20 minutos" not in spanish and "los 2 días siguientes" in spanish


def test_ice_still_ahead_keeps_both_rules(write_plan):
    text = text_of(write_plan, injury_date="2026-11-23", ice=ICE, heat=HEAT)
    assert "Ice, then heat" in text and "Ice: 20 minutes every hour while you are awake, for the first 2 days." in text
    assert "Heat: 20 minutes at a time, 4 times a day, for the next 4 days." in text


def test_a_short_day_spaces_heat_an_hour_apart_and_warns(write_plan, run):
    # 10:00-14:00, the last session ending an hour before bed: 10:00 to 12:40 holds three starts an hour apart.
    plan = {"patient": {"name": "Ann"}, "date": "2026-11-24", "exercises": ["neck-tilt"], "advice": "none",
            "warnings": "none", "thermal": {"ice": "none", "heat": HEAT, "waking_hours": "10:00-14:00"}}
    path = write_plan(plan)
    text = one_line(pdf_text(pdf_bytes(load_plan(path))))
    assert "Heat: 20 minutes at a time, 3 times a day, for 4 days." in text
    assert "10:00 11:00 12:30" in text  # not the four of old, 10:00 11:00 11:30 12:30
    result = run("check", path)
    assert ("thermal.heat.per_day: only 3 of the 4 heat sessions fit an hour apart in waking hours 10:00-14:00; "
            "the handout prints 3 (lower per_day or widen waking_hours)") in one_line(result.output + result.stderr)


def test_a_night_shift_labels_its_rows_as_nights(write_plan):
    text = text_of(write_plan, injury_date="2026-11-24", ice=ICE, heat=HEAT, waking_hours="22:00-06:00")
    assert "Tue 24 Nov, night Ice · 20 min 22:00 23:00 00:00 01:00" in text
    assert "Sat 28 Nov, night Heat" in text
    day_worker = text_of(write_plan, injury_date="2026-11-24", ice=ICE, heat=HEAT)
    assert "night" not in day_worker and "Tue 24 Nov Ice · 20 min" in day_worker
    spanish = text_of(write_plan, language="es", injury_date="2026-11-24", ice=ICE, heat=HEAT,
                      waking_hours="22:00-06:00")
    assert ", noche Hielo · 20 min" in spanish
