"""The bounds `load/yamlsource.py` reads a plan or layout within, each at its limit and one past it."""

from __future__ import annotations

import pytest

from handouts.errors import ValidationError
from handouts.load.yamlsource import MAX_ALIASES, MAX_DEPTH, parse_yaml


def _aliases(count: int) -> str:
    return "base: &b 1\nuses:\n" + "".join("  - *b\n" for _ in range(count))


def test_as_many_aliases_as_the_limit_are_read():
    assert parse_yaml(_aliases(MAX_ALIASES), "plan.yaml")["uses"] == [1] * MAX_ALIASES


def test_one_alias_past_the_limit_is_refused_where_it_stands():
    with pytest.raises(ValidationError) as raised:
        parse_yaml(_aliases(MAX_ALIASES + 1), "plan.yaml")
    (problem,) = raised.value.problems
    assert problem.message == f"more than {MAX_ALIASES} aliases (*name); write the values out in full"
    assert (problem.line, problem.column) == (MAX_ALIASES + 3, 5)  # the first alias too many


def _nested(depth: int) -> str:
    return "a: " + "[" * depth + "]" * depth + "\n"


def test_nesting_to_the_limit_is_read_and_one_deeper_is_refused():
    parse_yaml(_nested(MAX_DEPTH - 1), "plan.yaml")  # with the mapping around them, MAX_DEPTH levels
    with pytest.raises(ValidationError, match=f"nested more than {MAX_DEPTH} levels deep"):
        parse_yaml(_nested(MAX_DEPTH), "plan.yaml")
