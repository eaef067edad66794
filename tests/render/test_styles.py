"""The layout's line weights, paddings and corners reach the page."""

from __future__ import annotations

import io
import re

import pytest
from conftest import PLANS
from pypdf import PdfReader

from handouts.check.plan import load_plan
from handouts.check.schema.layout import LAYOUT
from handouts.run.build import pdf_bytes


def _page_one(tmp_path, write_plan, layout: str, name: str) -> str:
    (tmp_path / name).write_text(layout, encoding="utf-8")
    plan = write_plan({"layout": name, "exercises": ["neck-tilt"], "thermal": {"injury_date": "2026-11-23"},
                       "date": "2026-11-24"})
    return PdfReader(io.BytesIO(pdf_bytes(load_plan(plan)))).pages[0].get_contents().get_data().decode("latin-1")


def _weights(content: str) -> set[str]:
    return set(re.findall(r"(?<![\d.])([\d.]+) w\b", content))


def test_a_layout_sets_its_line_weights_paddings_and_corners(tmp_path, write_plan):
    plain = _page_one(tmp_path, write_plan, "extends: default\n", "plain.yaml")
    heavy = _page_one(tmp_path, write_plan, "extends: default\nlines:\n  border: 2.2\n  rule: 1.3\n"
                                            "corners:\n  card: 0\n  panel: 0\n", "heavy.yaml")
    assert {"2.2", "1.3"} & _weights(plain) == set()
    assert {"2.2", "1.3"} <= _weights(heavy)  # the card's border and the glance table's rules
    assert plain.count(" c\n") > heavy.count(" c\n")  # rounded corners are curves; square ones are not


@pytest.mark.parametrize("layout", ["compact", "large-print"])
def test_the_widest_paddings_allowed_still_leave_every_word_whole(tmp_path, write_plan, layout):
    widest = ", ".join(f"{spec.name}: {spec.hi}" for spec in LAYOUT["padding"].fields)

    def words(text: str, name: str) -> set[str]:
        (tmp_path / name).write_text(text, encoding="utf-8")
        plan = write_plan(re.sub(r"(?m)^layout: .*$", f"layout: {name}", (PLANS / "neck-spasm-log.yaml").read_text()))
        data = pdf_bytes(load_plan(plan))
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        # What moves with the page breaks is not a broken word: a section's heading over its next page, the
        # page the urgent box is on, the line under a box that breaks.
        text = re.sub(r"(\w+), continued", r"\1", text)
        text = re.sub(r"on page \d+", "on page N", text)
        return set(text.replace("More signs on the next page.", "").split())

    plain = words(f"extends: {layout}\n", "plain.yaml")
    padded = words(f"extends: {layout}\npadding: {{{widest}}}\n", "padded.yaml")
    assert padded == plain  # a word broken across lines would show as new pieces
