"""A roster row's problem names the column its value came from, not the template's field it replaced."""

from __future__ import annotations

import pytest

from handouts.check.roster import COLUMNS, by_column
from handouts.errors import Problem


@pytest.mark.parametrize("where, column", [
    ("patient.name", "patient"), ("patient.id", "id"), ("date", "date"), ("thermal.injury_date", "injury_date"),
    ("exercises", "exercises"), ("exercises[2]", "exercises"), ("exercises[0].hold_s", "exercises"),
    ("therapist", "therapist"), ("layout", "layout"), ("language", "language"), ("language[1]", "language"),
    ("notes", "notes"), ("next_visit", "next_visit"),
])
def test_a_problem_is_named_by_its_column(where, column):
    named = by_column(Problem("roster.csv row 4", "a message", where))
    assert (named.source, named.message, named.where) == ("roster.csv row 4", "a message", column)


@pytest.mark.parametrize("where", ["thermal.ice.minutes", "patient", "dates", "exercises_extra", "notes2", "title"])
def test_a_field_no_column_fills_keeps_its_own_name(where):
    assert by_column(Problem("roster.csv row 4", "a message", where)).where == where


def test_every_column_a_value_can_come_from_is_named():
    named = {by_column(Problem("r", "m", where)).where for where in
             ("patient.name", "patient.id", "date", "thermal.injury_date", "exercises", "therapist", "layout",
              "language", "notes", "next_visit", "phase")}
    assert named == set(COLUMNS)
