"""Any text in any free-text field: the handout prints it literally, or the build stops with clean lines.

Hypothesis feeds markup characters, control characters, very long strings
and text from every Unicode block into the title, patient name and id,
therapist, notes and an exercise note. A build may refuse (too long, blank
name, letters the font has no glyph for) but only with located one-line
messages, never a traceback; when it succeeds, each field's text is in the PDF
as typed. Characters that cannot come back out of a PDF unchanged are left out
of that comparison: right-to-left letters (extracted in visual order), combining
marks (a reader may attach them to either neighbour) and those beyond the Basic
Multilingual Plane.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from datetime import timedelta
from functools import cache
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from handouts.cli import cli

# Pieces that mean something to reportlab's paragraph markup, to YAML or to a terminal.
TOKENS = [*"<>&;'\"/\\=#![]{}*`|:-% ", "<b>", "</b>", "<i>", "<img src='x'/>", "<br/>", "</para>", "&amp;",
          "&lt;", "&#1;", "]]>", "&nbsp;", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\u00ad", "\u2028", "\t",
          "\r\n", "\n", "O'Neil", "José"]
CAPS = {"title": 120, "name": 120, "id": 60, "therapist": 120, "notes": 2000, "note": 400}


FIELDS = tuple(CAPS)
LATIN = 0x2E9  # Latin, IPA and most modifier letters: all in the font (0x2EA-0x2FF are not)


@cache
def printable() -> list[str]:
    """Every character all four faces of the bundled font have (in the Basic Multilingual Plane, as
    reportlab needs): text made of these must print."""
    from reportlab.pdfbase.ttfonts import TTFont

    from handouts.load.resources import data_dir

    faces = [set(TTFont(f"probe{i}", str(path)).face.charToGlyph)
             for i, path in enumerate(sorted(data_dir("fonts").glob("*.ttf")))]
    return [chr(c) for c in sorted(set.intersection(*faces)) if 32 < c <= 0xFFFF]


def tricky_text(field: str):
    """Text for one field: mostly text the font can print (from every script it has, markup pieces, long
    lines up to the cap); now and then any character at all, or text over the cap. Both of those may be
    refused, but cleanly."""
    cap = CAPS[field]
    fits = st.one_of(
        st.text(st.sampled_from(printable()), max_size=60),
        st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
        st.text(st.characters(max_codepoint=LATIN), min_size=cap // 2, max_size=cap),  # long, up to the cap
    )
    anything = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)  # control characters too
    too_long = st.text(st.characters(max_codepoint=LATIN, blacklist_categories=("Cc", "Cf", "Z")),
                       min_size=cap + 1, max_size=cap + 50)
    return st.integers(0, 24).flatmap(lambda roll: too_long if roll == 0 else anything if roll < 3 else fits)


STRUCTURE = re.compile(r"^\S.*?(:\d+:\d+)?: .+$")  # 'plan.yaml:7:9: where: message'


def comparable(text: str) -> str:
    """The characters a PDF gives back as they went in, whitespace removed and compatibility forms (the
    ligature 'ﬀ' extracts as 'ff') folded the same way on both sides."""
    kept = "".join(ch for ch in unicodedata.normalize("NFKC", text) if ord(ch) < 0x10000
                   and unicodedata.bidirectional(ch) not in ("R", "AL", "AN", "RLE", "RLO", "RLI", "NSM"))
    return "".join(kept.split())


def without_controls(text: str) -> str:
    """What a field should print: the text less its control and format characters, which cannot be printed."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def body_text(pdf: bytes) -> str:
    """The text inside the content frame of every page, in order: without the header and footer, which
    would otherwise interrupt a paragraph that runs over a page break."""
    import pypdfium2 as pdfium

    from handouts.check.layout import load_layout, resolve_layout

    layout = load_layout(resolve_layout("default", Path(".")))
    top, right, bottom, left = layout.margins
    width, height = layout.page_size
    document = pdfium.PdfDocument(pdf)
    try:
        # pdfium reports a hyphen that ends a line as \x02
        return "".join(document[i].get_textpage().get_text_bounded(left, bottom, width - right, height - top)
                       for i in range(len(document))).replace("\x02", "-")
    finally:
        document.close()


def plan_with(values: dict) -> dict:
    return {
        "layout": "default",
        "title": values["title"],
        "patient": {"name": values["name"], "id": values["id"]},
        "therapist": values["therapist"],
        "date": "2026-11-24",
        "exercises": [{"id": "neck-tilt", "note": values["note"]}],
        "advice": "none",
        "warnings": "none",
        "notes": values["notes"],
    }


@settings(max_examples=50, deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow],
          derandomize=True)
@given(st.fixed_dictionaries({field: tricky_text(field) for field in FIELDS}))
def test_any_text_prints_literally_or_fails_cleanly(values):
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        plan.write_text(yaml.safe_dump(plan_with(values), allow_unicode=True), encoding="utf-8")
        out = Path(folder) / "plan.pdf"
        result = CliRunner().invoke(cli, ["build", str(plan), "-o", str(out)], catch_exceptions=False)
        assert "Traceback" not in result.stderr
        event(f"exit {result.exit_code}")
        if all(set(value) <= set(printable()) and len(value) <= CAPS[field] for field, value in values.items()) \
                and values["name"].strip():
            event("only letters the font has, within the caps")
            assert result.exit_code == 0, result.stderr  # such text always prints
        if result.exit_code != 0:
            assert result.exit_code == 2
            assert not out.exists()
            lines = result.stderr.splitlines()
            assert lines and all(line.startswith(str(plan)) and STRUCTURE.match(line) for line in lines), lines
            return
        assert result.exit_code == 0, result.stderr
        text = comparable(body_text(out.read_bytes()))
    checked = 0
    for field in FIELDS:
        typed = comparable(without_controls(values[field]))
        assert typed in text, (field, values[field])
        checked += bool(typed)
    event(f"{checked} fields compared")


# Pieces of YAML syntax, tags and plan words, glued at random into files that are mostly not valid YAML.
YAML_TOKENS = ["\n", "  ", "- ", ": ", "{", "}", "[", "]", ", ", "&a ", "*a", "<<: ", "? ", "|", ">", "'", '"', "#",
               "---\n", "%YAML 1.1\n", "!!float ", "!!int ", "!!bool ", "!!set ", "!!binary ", "!!omap ", "!x ",
               "!!python/object:os.system ", "layout", "patient", "name", "exercises", "neck-tilt", "thermal",
               "ice", "minutes", "20", "-1", ".inf", "~", "yes", "2026-02-30", "08:00", "\t", "\\", "\x07",
               "\ufeff", "\x85", "\u2028", "é"]
PLAN_START = "layout: default\npatient:\n  name: Ana\nexercises:\n  - "


@settings(max_examples=100, deadline=timedelta(seconds=10), derandomize=True)
@given(st.one_of(st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join),
                 st.lists(st.sampled_from(YAML_TOKENS), max_size=30).map(lambda parts: PLAN_START + "".join(parts))))
def test_any_file_is_checked_cleanly(text):
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.yaml"
        plan.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["check", str(plan)], catch_exceptions=False)
    assert result.exit_code in (0, 2), result.stderr
    assert all(line.startswith(f"{plan}") for line in result.stderr.splitlines()), result.stderr
