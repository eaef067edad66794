"""A batch worker reuses what every row shares, and keeps nothing of a row once it is built."""

from __future__ import annotations

import datetime as dt
import gc
import secrets

import yaml
from conftest import MINIMAL_PLAN, SAMPLE_PLAN, one_line, pdf_text

from handouts.check.plan import load_plan
from handouts.compose.sections import cards
from handouts.render import measured, reused
from handouts.run.batch import Settings, build_one, roster_jobs
from handouts.run.build import pdf_bytes

HEADER = "patient,id,date,injury_date,exercises,therapist,layout,language,notes\n"


def _rows(tmp_path, *rows: tuple[str, str, str]):
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + "".join(f"{name},{record},,,,,,,{notes}\n" for name, record, notes in rows),
                      encoding="utf-8")
    jobs, _ = roster_jobs(roster, SAMPLE_PLAN, today=dt.date(2026, 11, 24))
    return jobs, Settings(outdir=tmp_path, today=dt.date(2026, 11, 24))


def _holders(token: str) -> list[str]:
    """Every live container holding a string with `token` in it (strings themselves are not tracked)."""
    gc.collect()
    found = []
    for thing in gc.get_objects():
        values = thing.values() if isinstance(thing, dict) else thing if isinstance(thing, (list, tuple, set)) else ()
        if any(isinstance(value, str) and token in value for value in values):
            found.append(type(thing).__name__)
    return found


def test_nothing_of_a_row_outlives_it(tmp_path):
    # Made at run time, so that no code object holds them as constants.
    name, record, notes = (f"{prefix}{secrets.token_hex(4)}" for prefix in ("Zebulon Q", "MRN-", "Private note "))
    jobs, settings = _rows(tmp_path, (name, record, notes), ("Ana Example", "MRN-2", "Other words"))
    first, second = (build_one(job, settings) for job in jobs)
    assert first.built and second.built
    text = pdf_text(tmp_path / jobs[0].out)
    assert name in text and record in text and notes in text  # they did reach the page's paragraphs
    del first, second, jobs, text
    for token in (name, record, notes):
        assert _holders(token) == [], token
    assert measured._shared  # ... while the library's words were kept for the next row


def test_a_row_built_after_others_is_the_row_built_alone(tmp_path):
    jobs, settings = _rows(tmp_path, ("Ana Example", "MRN-1", "A note"), ("Ben Example", "MRN-2", "Another"))
    measured._shared.clear()
    reused._kept().clear()
    assert build_one(jobs[1], settings).built
    alone = (tmp_path / jobs[1].out).read_bytes()
    assert build_one(jobs[0], settings).built and build_one(jobs[1], settings).built
    assert (tmp_path / jobs[1].out).read_bytes() == alone


def _titles(path) -> list[str]:
    """The sample's exercises whose cards the handout prints."""
    text = one_line(pdf_text(path)).replace("\u00a0", " ")
    return [item.exercise.title for item in load_plan(SAMPLE_PLAN).exercises if item.exercise.title in text]


def test_a_batch_makes_each_card_once_and_keeps_a_bounded_number(tmp_path, monkeypatch):
    jobs, settings = _rows(tmp_path, ("Ana Example", "MRN-1", ""), ("Ben Example", "MRN-2", ""),
                           ("Cleo Example", "MRN-3", ""))
    made = []
    make = cards._made_card
    monkeypatch.setattr(cards, "_made_card", lambda plan, item, *args, **kwargs: made.append(item.exercise.id)
                        or make(plan, item, *args, **kwargs))
    reused._kept().clear()
    assert build_one(jobs[0], settings).built
    first = len(made)
    assert build_one(jobs[1], settings).built
    # The second row makes none: even the card with the template's note (the same for every row) is kept.
    assert first and made[first:] == []
    assert len(_titles(tmp_path / jobs[1].out)) == 5
    monkeypatch.setattr(reused, "KEPT", 3)
    assert build_one(jobs[2], settings).built
    assert len(reused._kept()) <= 3 and len(_titles(tmp_path / jobs[2].out)) == 5


def test_a_card_with_the_patients_own_note_is_kept_nowhere(write_plan):
    note = f"Private card note {secrets.token_hex(4)}"
    plan = yaml.safe_load(MINIMAL_PLAN) | {"exercises": [{"id": "neck-tilt", "note": note}, "chin-tuck"]}
    data = pdf_bytes(load_plan(write_plan(plan)))
    assert note in one_line(pdf_text(data))
    del data
    assert _holders(note) == []
