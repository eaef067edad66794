"""`handouts check` finds everything `handouts build` would stop at: a broken drawing, a broken phrase in the
library's strings, a damaged font. Each is one line naming the file, line and column and what to do, from check
and build alike (exit 2, no traceback, no PDF)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys

import pytest
from conftest import MINIMAL_PLAN

from handouts.compose import illustration
from handouts.load.resources import data_dir


@pytest.fixture
def drawings(tmp_path, monkeypatch):
    """A copy of the bundled drawings, read in place of the real ones."""
    shutil.copytree(data_dir("images"), tmp_path / "images")
    monkeypatch.setattr(illustration, "data_dir", lambda name: tmp_path / name)
    return tmp_path / "images" / "drawings"


def refused_alike(run, plan, want: str) -> None:
    """check and build both print exactly `want` and exit 2; build writes nothing."""
    out = plan.parent / "out"
    out.mkdir()
    for args in (("check", plan), ("build", plan, "-o", out / "handout.pdf")):
        result = run(*args)
        assert (result.exit_code, result.stderr) == (2, want), args
        assert "Traceback" not in result.stderr
    assert not list(out.iterdir())


def replace_line(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_mistake_in_a_drawing_spec(drawings, run, write_plan):
    spec = drawings / "neck-tilt.yaml"
    replace_line(spec, "view: side\n", "view: sideways\n")
    refused_alike(run, write_plan(MINIMAL_PLAN), f"{spec}:2:7: view: 'sideways' is not one of front, side, "
                                                 "side-left, back or a number of degrees (-360 to 360)\n")


def test_a_drawing_spec_that_is_not_yaml(drawings, run, write_plan):
    spec = drawings / "neck-tilt.yaml"
    replace_line(spec, "end_pose:\n  head: {nod: 55}", "end_pose:\n  head: {nod: 55")
    refused_alike(run, write_plan(MINIMAL_PLAN), f"{spec}:9:9: YAML syntax error: a '{{' or '[' that starts here "
                                                 "is not closed, or a ',' is missing; close it on the same line\n")


def test_a_drawing_the_plan_does_not_print_does_not_stop_it(drawings, run, write_plan):
    replace_line(drawings / "chin-tuck.yaml", "view:", "colour: red\nview:")
    assert run("check", write_plan(MINIMAL_PLAN)).exit_code == 0


def test_a_phrase_left_out_of_the_strings(libraries, run, write_plan):
    strings = libraries / "en" / "strings.yaml"
    replace_line(strings, "dosage_hold: Hold\n", "")
    refused_alike(run, write_plan(MINIMAL_PLAN),
                  f"handouts: {strings}: no 'dosage_hold:' line; add it back; every phrase the handout prints needs "
                  "a line (see the strings.yaml handouts comes with)\n")


def test_a_misspelt_blank_in_a_phrase(libraries, run, write_plan):
    strings = libraries / "en" / "strings.yaml"
    replace_line(strings, 'seconds: "{n} s"', 'seconds: "{nn} s"')
    refused_alike(run, write_plan(MINIMAL_PLAN), f"{strings}:34:10: seconds: '{{nn}}' is not a blank handouts fills "
                                                 "in here; use {n}\n")


def test_a_brace_without_its_partner(libraries, run, write_plan):
    strings = libraries / "es" / "strings.yaml"
    text = strings.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("page_of:"))
    replace_line(strings, text.splitlines()[line - 1], 'page_of: "Página {n de {total}"')
    refused_alike(run, write_plan(MINIMAL_PLAN.replace("layout: default", "layout: default\nlanguage: es")),
                  f"{strings}:{line}:10: page_of: has a '{{' or '}}' without its partner; write a blank as {{n}}, "
                  "or a brace itself as {{ or }}\n")


def test_a_week_of_six_days(libraries, run, write_plan):
    strings = libraries / "en" / "strings.yaml"
    line = next(n for n, row in enumerate(strings.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("weekdays:"))
    replace_line(strings, "weekdays: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]", "weekdays: [Mon, Tue, Wed, Thu, Fri, Sat]")
    refused_alike(run, write_plan(MINIMAL_PLAN), f"{strings}:{line}:11: weekdays: 6 names; write all 7 in a list, "
                                                 "Monday first\n")


def test_a_layout_too_small_for_its_text(run, write_plan, tmp_path):
    # Advice two to a row at 24 pt on a narrow page: a row taller than the page, found only by laying it out.
    (tmp_path / "tiny.yaml").write_text("extends: default\npage:\n  size: [110, 140]\n  margins_mm: {top: 5, right: 5, bottom: 5, left: 5}\n"
                                        "sizes: {body: 24, small: 18, title: 40, heading: 30, card_title: 30}\n"
                                        "clinic: {name: Harbor Point, address: '', phone: '', web: ''}\ncards: {columns: 2}\n",
                                        encoding="utf-8")
    refused_alike(run, write_plan("layout: tiny.yaml\nwarnings: none\n"),
                  f"handouts: {tmp_path}/tiny.yaml: part of the handout is too large for a page of this layout; use a "
                  "larger page size, smaller text sizes or narrower margins\n")


def damaged_font(path, *, index: bool) -> None:
    """DejaVu Sans damaged in its index of glyphs (`index`: overwritten), or in the outline of the letter 'a' (made
    a compound of a glyph the font does not have)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    source = data_dir("fonts") / "DejaVuSans.ttf"
    data = bytearray(source.read_bytes())
    tables = {tag: (offset, length) for tag, _, offset, length
              in struct.iter_unpack(">4sIII", bytes(data[12:12 + 16 * struct.unpack(">H", data[4:6])[0]]))}
    loca, length = tables[b"loca"]
    if index:
        data[loca + 100:loca + length] = b"\xff" * (length - 100)
    else:
        glyph = TTFontFile(str(source)).charToGlyph[ord("a")]
        start = tables[b"glyf"][0] + struct.unpack(">I", data[loca + 4 * glyph:loca + 4 * glyph + 4])[0]
        data[start:start + 2] = struct.pack(">h", -1)  # a compound glyph, made of ...
        data[start + 10:start + 16] = struct.pack(">HHbb", 0, 60000, 0, 0)  # ... glyph 60000, which is not there
    path.write_bytes(bytes(data))


def test_a_font_whose_index_of_glyphs_is_damaged(run, write_plan, tmp_path):
    damaged_font(tmp_path / "broken.ttf", index=True)
    (tmp_path / "brand.yaml").write_text("extends: default\nfonts:\n  regular: broken.ttf\n", encoding="utf-8")
    refused_alike(run, write_plan(MINIMAL_PLAN.replace("layout: default", "layout: brand.yaml")),
                  f"{tmp_path}/brand.yaml:3:12: fonts.regular: 'broken.ttf' is a damaged or incomplete TrueType "
                  "font; use another copy of the .ttf file\n")


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_font_whose_outlines_are_damaged(write_plan, tmp_path, command):
    # Only cutting the handout's subset reads the outlines: check lays the pages out to see it.
    # A fresh process: in this one, the font's name inside the file (DejaVu Sans) is the bundled font's, already
    # registered by earlier tests, and reportlab would print with that one.
    damaged_font(tmp_path / "broken.ttf", index=False)
    (tmp_path / "brand.yaml").write_text("extends: default\nfonts:\n  regular: broken.ttf\n", encoding="utf-8")
    plan = write_plan(MINIMAL_PLAN.replace("layout: default", "layout: brand.yaml"))
    result = subprocess.run([sys.executable, "-m", "handouts", command, str(plan), "-o", str(tmp_path / "out.pdf")]
                            [:None if command == "build" else -2], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr == (f"{tmp_path}/broken.ttf: is a damaged or incomplete TrueType font; use another copy "
                             "of the .ttf file\n")
    assert not (tmp_path / "out.pdf").exists()


def test_a_roster_row_is_refused_by_check_as_the_batch_refuses_it(run, tmp_path):
    # The second row's layout cell names a layout too small for its text: only laying the row out finds it.
    (tmp_path / "tiny.yaml").write_text("extends: default\npage:\n  size: [110, 140]\n"
                                        "  margins_mm: {top: 5, right: 5, bottom: 5, left: 5}\n"
                                        "sizes: {body: 24, small: 18, title: 40, heading: 30, card_title: 30}\n"
                                        "clinic: {name: Harbor Point, address: '', phone: '', web: ''}\n"
                                        "cards: {columns: 2}\n", encoding="utf-8")
    template = tmp_path / "template.yaml"
    template.write_text(MINIMAL_PLAN.replace("warnings: none", "warnings: standard"), encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("patient,layout\nAna Example,\nBo Example,tiny.yaml\n", encoding="utf-8")
    want = (f"{roster} row 3: {tmp_path}/tiny.yaml: part of the handout is too large for a page of this layout; use "
            "a larger page size, smaller text sizes or narrower margins")

    checked = run("check", roster, "--template", template)
    assert (checked.exit_code, checked.stderr) == (2, want + "\n")
    assert checked.stdout == f"{roster} row 2: ok\n"
    built = run("batch", roster, "--template", template, "-o", tmp_path / "out")
    assert want in built.stderr.splitlines()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ana-example.pdf"]


def test_safety_lines_that_are_not_a_list(libraries, run, write_plan):
    thermal = libraries / "en" / "thermal.yaml"
    text = thermal.read_text(encoding="utf-8")
    line = text[:text.index("safety:")].count("\n") + 1
    thermal.write_text(text[:text.index("safety:")] + "safety: 5\n", encoding="utf-8")
    refused_alike(run, write_plan(MINIMAL_PLAN), f"{thermal}:{line}:9: safety: must be a list of lines (each starting "
                                                 "with '- ')\n")
