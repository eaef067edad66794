"""A program in phases, read back from the built PDF: page 1 says this phase and what the next changes, each
phase's new or changed cards print once under its heading and dates, and the log has a table per phase.
(The wrong forms of `phases:` are in tests/broken_plans/phase*.yaml.)"""

from __future__ import annotations

import re

from conftest import PLANS, SAMPLE_PLAN, one_line, pdf_text

PHASED = PLANS / "neck-spasm-phases.yaml"


def built(run, plan, tmp_path, *args) -> str:
    out = tmp_path / "handout.pdf"
    result = run("build", plan, "-o", out, *args)
    assert result.exit_code == 0, result.stderr
    return pdf_text(out)


def cards(text: str, title: str) -> list[int]:
    """The numbers of the cards headed `title` (a card's head: its number, its title, then its position), each
    once: a card that breaks carries its head over its rest."""
    return sorted({int(n) for n in re.findall(rf"^ ?(\d+)\s+{re.escape(title)}\n (?:Sitting|Standing|Lying down)",
                                       text, re.MULTILINE)})


def page_one(run, plan, tmp_path, *args) -> str:
    return one_line(built(run, plan, tmp_path, *args).split("Page 2 of")[0])


def test_page_one_says_this_phase_and_what_the_next_changes(run, tmp_path):
    first = page_one(run, PHASED, tmp_path)
    assert "Now: Weeks 1 and 2: move gently, Mon 7 Dec to Sun 20 Dec." in first
    assert ("From Mon 21 Dec: add Simple neck stretch and Side neck stretch (scalenes); Neck tilt (chin to chest): "
            "hold 15 s, do it 3 times; Ear to shoulder: hold 15 s, do it 3 times; Chin tuck: hold 10 s.") in first


def test_each_phases_new_or_changed_cards_print_once_in_order_under_its_dates(run, tmp_path):
    text = built(run, PHASED, tmp_path)
    headings = ["Weeks 1 and 2: move gently, Mon 7 Dec to Sun 20 Dec",
                "Weeks 3 and 4: stretch for longer, Mon 21 Dec to Sun 3 Jan",
                "Weeks 5 and 6: build strength, from Mon 4 Jan"]
    places = [text.index(f"\n{heading}\n") for heading in headings]
    assert places == sorted(places)
    assert cards(text, "Shoulder rolls") == [4]  # unchanged: its phase 1 card serves phase 2
    assert cards(text, "Chin tuck") == [5, 8, 11]  # changed in each phase: a card for each dosage
    assert cards(text, "Rows with a band") == [13]
    def card(number: int) -> int:  # where card `number`'s head is printed (text extraction may add a space)
        return re.search(rf"\n ?{number}  Chin tuck\n", text).start()

    assert places[1] < card(8) < places[2] < card(11)
    later = one_line(text[places[2]:])
    assert ("stop Neck tilt (chin to chest), Ear to shoulder, Shoulder rolls and Side neck stretch (scalenes)."
            in later)
    assert "Keep doing the others too." in later


def test_the_log_has_a_table_for_each_phases_first_week(run, tmp_path):
    log = built(run, PHASED, tmp_path).split("Your exercise log", 1)[1]
    for heading in ("Weeks 1 and 2: move gently, Mon 7 Dec to Sun 13 Dec",
                    "Weeks 3 and 4: stretch for longer, Mon 21 Dec to Sun 27 Dec",
                    "Weeks 5 and 6: build strength, Mon 4 Jan to Sun 10 Jan"):
        assert f"\n{heading}\n" in log
    phase_two = log.split("Weeks 3 and 4")[1].split("Weeks 5 and 6")[0]
    # Its rows are the phase's exercises, each numbered as the card it is done from.
    assert "\n4  Shoulder rolls\n" in phase_two and "\n8  Chin tuck\n" in phase_two
    assert "Rows with a band" not in phase_two


def test_a_later_phase_prints_from_that_phase_on(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PHASED.read_text(encoding="utf-8").replace("date: 2026-12-07", "date: 2026-12-21\nphase: 2"),
                    encoding="utf-8")
    text = built(run, plan, tmp_path)
    assert "Now: Weeks 3 and 4: stretch for longer, Mon 21 Dec to Sun 3 Jan." in one_line(text)
    assert "From Mon 4 Jan: add Shoulder blade squeeze" in one_line(text)
    assert "Weeks 1 and 2" not in text
    assert cards(text, "Chin tuck") == [5, 8]


def test_the_last_phase_says_no_next_one(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PHASED.read_text(encoding="utf-8").replace("date: 2026-12-07", "date: 2027-01-04\nphase: 3")
                    .replace("next_visit: 2026-12-21\n", ""), encoding="utf-8")
    first = page_one(run, plan, tmp_path)
    assert "Now: Weeks 5 and 6: build strength, from Mon 4 Jan." in first
    assert "From Mon" not in first


def test_spanish_says_the_phases_in_spanish(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(PHASED.read_text(encoding="utf-8").replace("language: en", "language: es"), encoding="utf-8")
    first = page_one(run, plan, tmp_path)
    assert "Ahora: Weeks 1 and 2: move gently, del lun 7 dic al dom 20 dic." in first
    assert "Desde el lun 21 dic: agregue " in first and "sostenga 15 s, hágalo 3 veces" in first


def test_a_plan_with_exercises_prints_no_phase(run, tmp_path):
    text = built(run, SAMPLE_PLAN, tmp_path)
    assert "Now:" not in text and "From Mon" not in text and "Your two-week log" not in text


def test_a_roster_row_picks_the_patients_phase(run, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("patient,date,phase\nAna Example,2026-12-21,2\nBen Example,2026-12-07,\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", roster, "--template", PHASED, "-o", out, "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    assert "Now: Weeks 3 and 4: stretch for longer" in one_line(pdf_text(out / "ana-example.pdf"))
    assert "Now: Weeks 1 and 2: move gently" in one_line(pdf_text(out / "ben-example.pdf"))


def test_a_roster_phase_past_the_last_names_the_row_and_column(run, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("patient,phase,exercises\nAna Example,4,\nBen Example,two,\nCy Example,,chin-tuck\n",
                      encoding="utf-8")
    result = run("batch", roster, "--template", PHASED, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code != 0
    assert f"{roster} row 2: phase: 4 is past the last phase; use 1 to 3" in result.stderr
    assert f"{roster} row 3: phase: must be a whole number from 1 to 6, not 'two'" in result.stderr
    assert (f"{roster} row 4: exercises: the template is a program in phases, which a list of exercises cannot "
            "replace; leave the cell empty") in result.stderr
