"""A two-language handout (compose/sections/bilingual.py): every sentence the patient reads in the first
language has its second-language partner printed beneath it, read back from the PDF."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import PLANS, library_lines, one_line, pdf_text

from handouts.check.library import load_library
from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

SAMPLE = PLANS / "neck-spasm-two-languages.yaml"
BLANK = re.compile(r"\{\w+\}")
# A filled-in blank: a number, a date ('mar 24 nov 2026'), a phone number, a label.
FILLED = r"\S+(?: \S+){0,4}?"
SENTENCE = re.compile(r"[.!?:]$|[.!?] ")  # a heading or a label has no stop ("N.º" is no stop)


def paired_lines(library) -> dict[str, str]:
    """Every line a library can print, as the translation tests name them, but a card's purpose: a card's aside,
    in the first language only."""
    return {key: line for key, line in library_lines(library).items() if not key.endswith(".purpose")}


def unpaired(text: str, first, second) -> list[str]:
    """The first language's sentences printed in `text` without their partner after them and before the next of
    the first's sentences. Sentences printed one straight after the other (a card's cautions, an ice rule and
    how to do it) are one line: their partners follow them all. A sentence two library lines share (the same
    step in two exercises) needs one of their partners."""
    firsts, seconds = paired_lines(first), paired_lines(second)
    spans: dict[tuple[int, int], list[str]] = {}  # where a sentence is printed -> the lines it may be
    for key, line in firsts.items():
        if seconds.get(key) not in (None, line) and (found := regex(line, whole=False)):
            for m in found.finditer(text):
                spans.setdefault(m.span(), []).append(key)
    lines = []  # [start, end, [the keys of each sentence]]: runs of sentences with only a space between them
    for (start, end), keys in sorted(spans.items()):
        if lines and start <= lines[-1][1] + 1:
            lines[-1][1] = max(lines[-1][1], end)
            lines[-1][2].append(keys)
        else:
            lines.append([start, end, [keys]])
    missing = []
    for (_, end, sentences), following in zip(lines, [*lines[1:], [len(text)]]):
        between = text[end:following[0]]
        missing += [firsts[keys[0]] for keys in sentences
                    if not any(regex(seconds[key]).search(between) for key in keys)]
    return missing


def regex(line: str, *, whole: bool = True) -> re.Pattern | None:
    """A regular expression for a line as printed, its blanks filled in. Unless `whole`, None for a line that is
    no sentence of three words or more, or that opens with a blank (where it starts would be a guess)."""
    if not whole and (not SENTENCE.search(line) or len(line.split()) < 3 or BLANK.match(line)):
        return None
    return re.compile(FILLED.join(re.escape(one_line(part)) for part in BLANK.split(line)))


def printed(plan: dict, write_plan) -> str:
    return one_line(pdf_text(pdf_bytes(load_plan(write_plan(plan)))))


def sample(**changes) -> dict:
    return {**yaml.safe_load(SAMPLE.read_text(encoding="utf-8")), **changes}


@pytest.mark.parametrize("language", ["es", "vi"])
def test_every_sentence_has_its_partner_beneath_it(write_plan, language):
    first, english = load_library(language), load_library("en")
    text = printed(sample(language=[language, "en"], notes="Call us on Friday."), write_plan)
    # The lines only some plans print are printed here: the intro, the advice, the disclaimer, the log.
    for line in (first.conditions["neck-spasm"].intro, first.advice["driving"].text, first.strings["disclaimer"],
                 first.strings["log_intro"], first.strings["exercises_intro"]):
        assert one_line(line) in text
    assert unpaired(text, first, english) == []
    # The notes' heading is no sentence: its partner comes straight after it.
    assert f"{first.strings['section_notes']} {english.strings['section_notes']}" in text


def test_ice_days_over_and_a_heat_only_plan_are_said_in_both(write_plan):
    spanish, english = load_library("es"), load_library("en")
    over = printed(sample(), write_plan)  # injured two days ago: the ice days are over
    assert spanish.strings["thermal_ice_over"] in over and english.strings["thermal_ice_over"] in over
    heat = printed(sample(thermal={"ice": "none", "heat": {"minutes": 20, "per_day": 4, "days": 4}}, log=False), write_plan)
    assert spanish.thermal.intro_heat in heat and english.thermal.intro_heat in heat
    assert unpaired(over, spanish, english) == [] and unpaired(heat, spanish, english) == []


def test_the_check_finds_a_line_left_in_one_language(write_plan):
    spanish, english = load_library("es"), load_library("en")
    text = printed(sample(), write_plan)
    partner = one_line(english.conditions["neck-spasm"].intro)
    assert partner in text
    assert unpaired(text.replace(partner, ""), spanish, english) == [spanish.conditions["neck-spasm"].intro]
    # a one-language handout has no partners at all
    alone = printed(sample(language="es"), write_plan)
    assert spanish.strings["exercises_intro"] in unpaired(alone, spanish, english)
