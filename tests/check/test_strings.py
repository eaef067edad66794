"""The library's strings: every phrase the code asks for is declared, and each file is checked against them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.check.strings import LISTS, ONE_FORMS, PHRASES, read_strings
from handouts.errors import UserError, ValidationError
from handouts.load.resources import data_dir

PACKAGE = Path(__file__).resolve().parents[2] / "handouts"
ENGLISH = data_dir("library") / "en" / "strings.yaml"
# strings["x"], words['x'], fill(words, "x", ...) and the like, written with a literal name
_ASKED = re.compile(r"""(?:strings|words)\[["']([a-z_]+)["']\]|fill\([\w.]+, ["']([a-z_]+)["']""")


def test_every_phrase_the_code_asks_for_is_declared():
    asked = {name for path in PACKAGE.rglob("*.py") for match in _ASKED.finditer(path.read_text(encoding="utf-8"))
             for name in match.groups() if name}
    assert asked, "the pattern finds the code's phrases"
    assert asked - {*PHRASES, *LISTS} == set()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_bundled_strings_have_every_phrase_and_no_other(language):
    strings = read_strings(data_dir("library") / language / "strings.yaml", PHRASES, "")
    assert set(strings) == {*PHRASES, *ONE_FORMS, *LISTS}


@pytest.mark.parametrize("line, written, message", [
    ('seconds: "{n} s"', 'seconds: "{count} s"', "seconds: '{count}' is not a blank handouts fills in here; use {n}"),
    ('seconds: "{n} s"', 'seconds: "{n:>3} s"', "seconds: write the blank '{n:>3}' as {n}, with nothing after its name"),
    ("dosage_hold: Hold", "dosage_hold: Hold {n}", ("dosage_hold: '{n}' is not a blank handouts fills in here; this "
                                                   "phrase has none")),
    ("page_of: Page {n} of {total}", "page_of: Page {n of {total}", "page_of: has a '{' or '}' without its partner"),
    ("months: [Jan, Feb, Mar, Apr, May, Jun, Jul, Aug, Sep, Oct, Nov, Dec]", "months: Jan to Dec",
     "months: not a list; write all 12 in a list, January first"),
    ("dosage_sets: Sets", "dosage_sets: [Sets]", "dosage_sets: must be one line of text"),
])
def test_a_phrase_handouts_could_not_fill_is_placed_at_its_line(tmp_path, line, written, message):
    text = ENGLISH.read_text(encoding="utf-8")
    assert line in text
    number = text[:text.index(line)].count("\n") + 1
    path = tmp_path / "strings.yaml"
    path.write_text(text.replace(line, written), encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        read_strings(path, PHRASES, "")
    assert str(refused.value).startswith(f"{path}:{number}:")
    assert message in str(refused.value)


def test_phrases_left_out_are_named_together_with_the_fix(tmp_path):
    path = tmp_path / "strings.yaml"
    path.write_text("".join(line for line in ENGLISH.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith(("note:", "video:"))), encoding="utf-8")
    with pytest.raises(UserError) as refused:
        read_strings(path, PHRASES, "add {them} back")
    assert refused.value.message == f"{path}: no 'note:', 'video:' lines; add them back"
