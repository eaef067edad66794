"""A batch worker reuses what every row shares, and keeps nothing of a row once it is built."""

from __future__ import annotations

import datetime as dt
import gc
import secrets

from conftest import SAMPLE_PLAN, pdf_text

from handouts.render import measured
from handouts.run.batch import Settings, build_one, roster_jobs

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
    assert build_one(jobs[1], settings).built
    alone = (tmp_path / jobs[1].out).read_bytes()
    assert build_one(jobs[0], settings).built and build_one(jobs[1], settings).built
    assert (tmp_path / jobs[1].out).read_bytes() == alone
