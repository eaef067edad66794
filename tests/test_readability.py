"""Plain words, measured: every patient-facing line of the library at grade 6 or below, and the whole sample
handout at grade 5 or below (Flesch-Kincaid, textstat 0.7.3: it counts syllables with pyphen and needs no
download)."""

from __future__ import annotations

import string

import pytest
import textstat
from conftest import SAMPLE_PLAN, pdf_text

from handouts.check.library import languages, load_library
from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

MAX_LINE_GRADE = 6
MAX_HANDOUT_GRADE = 5
# What a phrase's {braces} stand for when it is measured: the shape the handout prints.
SAMPLE_VALUES = {"n": 3, "total": 4, "label": "Ice", "minutes": 20, "often": "3 times a day", "days": "for 2 days",
                 "date": "Mon 23 Nov", "number": "911", "start": "Tue 24 Nov 2026", "end": "Mon 7 Dec 2026",
                 "id": "MRN-00123", "weekday": "Tue", "day": 24, "month": "Nov", "year": 2026, "page": 4}


def patient_lines(language: str) -> list[tuple[str, str]]:
    library = load_library(language)
    lines = []
    for exercise in library.exercises.values():
        lines += [(f"exercises/{exercise.id}", text) for text in (exercise.purpose, *exercise.steps,
                                                                   *exercise.cautions)]
    lines += [(f"advice/{item.id}", item.text) for item in library.advice.values()]
    lines += [(f"warnings/{sign.id}", sign.text) for sign in library.warnings.values()]
    thermal = library.thermal
    lines += [("thermal", text) for text in (thermal.intro, thermal.ice_how, thermal.heat_how,
                                             *(line.text for line in thermal.safety))]
    for condition in library.conditions.values():
        lines += [(f"conditions/{condition.id}", text) for text in (condition.title, condition.intro,
                                                                     condition.source)]
    for key, phrase in library.strings.items():
        if isinstance(phrase, str) and len(phrase.split()) > 3:  # sentences, not labels
            fields = {name for _, name, _, _ in string.Formatter().parse(phrase) if name}
            lines.append((f"strings/{key}", phrase.format(**{name: SAMPLE_VALUES[name] for name in fields})))
    return lines


@pytest.mark.parametrize("language", ["en"])
def test_every_library_line_is_plain(language):
    assert language in languages()
    hard = [(where, round(textstat.flesch_kincaid_grade(text), 1), text) for where, text in patient_lines(language)
            if textstat.flesch_kincaid_grade(text) > MAX_LINE_GRADE]
    assert hard == []


def test_the_sample_handout_reads_at_grade_5_or_below():
    text = pdf_text(pdf_bytes(load_plan(SAMPLE_PLAN)))
    assert len(text.split()) > 1000  # the whole handout, not a page of it
    assert textstat.flesch_kincaid_grade(text) <= MAX_HANDOUT_GRADE
