"""A declared field says itself which values it allows: the layout and drawing readers ask it."""

import pytest

from handouts.check.schema.layout import LAYOUT
from handouts.compose.drawings.schema import DRAWING


@pytest.mark.parametrize(("spec", "value", "allowed"), [
    (LAYOUT["page"]["margins_mm"]["top"], 15, True),
    (LAYOUT["page"]["margins_mm"]["top"], 61, False),
    (LAYOUT["page"]["margins_mm"]["top"], True, False),  # YAML's yes is not a number
    (LAYOUT["page"]["margins_mm"]["top"], float("nan"), False),
    (LAYOUT["cards"]["columns"], 2, True),
    (LAYOUT["cards"]["columns"], 1.5, False),
    (LAYOUT["colors"]["primary"], "#0F6E7A", True),
    (LAYOUT["colors"]["primary"], "teal", False),
    (LAYOUT["images"]["mono"], "yes", False),
    (LAYOUT["page"]["size"], [210, 297], True),
    (LAYOUT["page"]["size"], [210, 9999], False),
    (LAYOUT["page"]["size"], "A5", True),
    (DRAWING["frame"], "torso", False),
    (DRAWING["view"], 125, True),
    (DRAWING["view"], "side", True),
])
def test_a_field_accepts_what_it_declares(spec, value, allowed):
    assert spec.accepts(value) is allowed
