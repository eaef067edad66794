"""A place in a plan is data: a tuple path, and a located mapping that copies itself with outside values put in."""

from __future__ import annotations

from handouts.errors import Problem, nearest, path_of
from handouts.load.yamlsource import parse_yaml, positions_of

TEXT = "patient:\n  name: Ann\n  id: '007'\nexercises:\n  - neck-tilt\n  - {id: neck-turn, hold_s: 5}\n"


def test_a_field_s_path_is_its_keys_and_indexes():
    assert path_of("exercises[1].hold_s") == ("exercises", 1, "hold_s")
    assert Problem("plan.yaml", "m", "patient.name").path == ("patient", "name")
    assert path_of("") == ()


def test_positions_are_keyed_by_path_and_the_nearest_written_part_answers():
    places = positions_of(parse_yaml(TEXT, "plan.yaml"))
    assert places[("patient", "name")] == (2, 9)
    assert places[("exercises", 1, "hold_s")] == (6, 29)
    assert nearest(places, ("exercises", 1, "reps")) == places[("exercises", 1)]  # left to its default
    assert nearest(places, ("thermal", "ice")) is None


def test_values_put_in_from_a_roster_have_no_place_and_the_file_keeps_its_own():
    doc = parse_yaml(TEXT, "plan.yaml")
    merged = doc.with_values({"patient": {"name": "Zoe"}, "date": "2026-12-01"})
    assert merged["patient"] == {"name": "Zoe", "id": "007"}
    assert ("patient", "name") not in positions_of(merged) and ("patient", "id") in positions_of(merged)
    assert "name" not in merged["patient"].raw and "name" in doc["patient"].raw
    assert doc["patient"]["name"] == "Ann" and ("patient", "name") in positions_of(doc)  # the original untouched
