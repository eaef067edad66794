"""Messages that say what is wrong, in one clean line: YAML's own rules kept (merge keys), values shown
as typed, escaped and cut short, and folders of leaflets read as a person would expect."""

from __future__ import annotations

import io
import os
import shutil

import pytest
from conftest import MINIMAL_PLAN as GOOD
from conftest import SAMPLE_PLAN, pdf_text
from pypdf import PdfReader

from handouts.errors import printable


def test_a_merge_key_fills_in_and_a_key_written_beside_it_wins(run, tmp_path):
    """`<<: *gentle` then `reps: 4` prints exactly what the values written out in full print."""
    plan = "layout: default\ndate: 2026-11-24\nexercises:\n{}advice: none\nwarnings: none\n"
    merged = ("  - &gentle {id: neck-tilt, hold_s: 20, reps: 2, sets: 1, per_day: 2}\n"
              "  - <<: *gentle\n    id: chin-tuck\n    reps: 4\n")
    in_full = ("  - {id: neck-tilt, hold_s: 20, reps: 2, sets: 1, per_day: 2}\n"
               "  - {id: chin-tuck, hold_s: 20, reps: 4, sets: 1, per_day: 2}\n")
    texts = []
    for name, exercises in (("merged", merged), ("in-full", in_full)):
        (tmp_path / f"{name}.yaml").write_text(plan.format(exercises), encoding="utf-8")
        result = run("build", tmp_path / f"{name}.yaml", "-o", tmp_path / f"{name}.pdf")
        assert result.exit_code == 0, result.stderr
        texts.append(pdf_text(tmp_path / f"{name}.pdf"))
    assert texts[0] == texts[1]
    assert "Chin tuck" in texts[0]


def test_a_key_written_twice_beside_a_merge_is_still_a_mistake(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: default\nexercises:\n  - &a {id: neck-tilt, reps: 2}\n  - <<: *a\n    id: chin-tuck\n"
                    "    id: neck-turn\n", encoding="utf-8")
    result = run("check", plan)
    assert result.stderr == f"{plan}:6:5: 'id' is given twice; keep one\n"


def test_a_long_chain_of_extends_is_not_called_a_loop(run, tmp_path):
    for n in range(1, 11):
        parent = "default" if n == 1 else f"level{n - 1}.yaml"
        (tmp_path / f"level{n}.yaml").write_text(f"extends: {parent}\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: level10.yaml\n", encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 2
    assert result.stderr == (f"{tmp_path / 'level2.yaml'}:1:10: extends: the chain of 'extends' is longer than 9 "
                             "layouts; extend default (or another bundled layout) sooner\n")
    plan.write_text("layout: level8.yaml\n", encoding="utf-8")
    assert run("check", plan).exit_code == 0


def test_a_folder_named_like_a_layout_is_called_a_folder(run, tmp_path):
    (tmp_path / "clinic.yaml").mkdir()
    plan = tmp_path / "plan.yaml"
    plan.write_text("layout: clinic.yaml\n", encoding="utf-8")
    assert run("check", plan).stderr == (f"{plan}:1:9: layout: layout file 'clinic.yaml' is a folder, not a file; "
                                         "name the layout file inside it\n")


@pytest.mark.parametrize("typed", ["no", "off", "yes", "On"])
def test_yaml_words_for_true_and_false_are_shown_as_typed(run, tmp_path, typed):
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.replace("  - neck-tilt", f"  - id: neck-tilt\n    reps: {typed}"), encoding="utf-8")
    assert run("check", plan).stderr == (f"{plan}:7:11: exercises[0].reps: must be a whole number from 1 to 50, "
                                         f"not '{typed}'\n")


def test_text_that_yaml_reads_as_a_word_or_number_prints_as_typed(run, tmp_path):
    (tmp_path / "clinic.yaml").write_text("extends: default\nclinic:\n  name: Clinic\n  phone: 01234567\n"
                                          "  address: 12:30\nemergency_number: 0112\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.replace("layout: default", "layout: clinic.yaml").replace("warnings: none", "warnings: standard")
                    + "therapist: No\n", encoding="utf-8")
    result = run("build", plan, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 0, result.stderr
    text = pdf_text(tmp_path / "out.pdf")
    assert "01234567" in text and "12:30" in text and "0112" in text
    assert "Therapist\nNo\n" in text and "False" not in text  # the answer, not YAML's false
    assert "342391" not in text and "750" not in text and " 74" not in text


# -- the terminal and the print file stay clean ------------------------------------------------

def test_printable_escapes_control_and_direction_characters():
    assert printable("Ana\x1b[2J\u202eevil\nnext") == "Ana\\x1b[2J\\u202eevil\\x0anext"
    assert printable("José Müller") == "José Müller"


def test_a_file_name_with_an_escape_sequence_is_echoed_escaped(run, tmp_path):
    plan = tmp_path / "plan\x1b[31m.yaml"
    plan.write_text("layout: default\nexercises: [neck-tlit]\n", encoding="utf-8")
    result = run("check", plan)
    assert "\x1b" not in result.stderr
    assert result.stderr.startswith(f"{tmp_path}/plan\\x1b[31m.yaml:2:")


def test_roster_cells_reach_no_bookmark_or_message_with_control_characters(run, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("patient,id\nAna\x1b[2J Example,MRN\x07-1\n", encoding="utf-8")
    merged = tmp_path / "print.pdf"
    result = run("batch", roster, "--template", SAMPLE_PLAN, "-o", tmp_path / "out", "--merge", merged, "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    titles = [item.title for item in PdfReader(io.BytesIO(merged.read_bytes())).outline]
    assert titles == ["Ana[2J Example MRN-1"]
    assert all(ch.isprintable() for title in titles for ch in title)


# -- folders of leaflets ------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_hidden_files_are_skipped_and_a_dead_link_or_a_pipe_is_reported(run, tmp_path):
    leaflets = tmp_path / "leaflets"
    leaflets.mkdir()
    shutil.copy(SAMPLE_PLAN, leaflets / "neck.yaml")
    (leaflets / "._neck.yaml").write_bytes(b"\x00\x05\x16\x07 a Mac's resource fork")
    (leaflets / ".draft.yaml").write_text("not: a plan\n", encoding="utf-8")
    (leaflets / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(leaflets / "pipe.yaml")
    result = run("batch", leaflets, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{leaflets / 'gone.yaml'}: is a link to a file that does not exist; check the link",
        f"{leaflets / 'pipe.yaml'}: is not a regular file; name a .yaml file"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["neck.pdf"]


# -- no silently wrong output ------------------------------------------------------------------

def test_a_clinic_detail_too_wide_for_the_header_is_said_not_cut(run, tmp_path):
    (tmp_path / "clinic.yaml").write_text("extends: default\npage: {size: A5}\nclinic:\n  address: 14 Quay Street, "
                                          "Suite 2, Harbor Point Marina Business Park, Harbor Point\n",
                                          encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(GOOD.replace("layout: default", "layout: clinic.yaml"), encoding="utf-8")
    want = (f"handouts: {tmp_path / 'clinic.yaml'}: clinic: the address needs 97 mm in the page header, which has "
            "71 mm for it; shorten it, or use a smaller logo or a wider page\n")
    for command in (("check", plan), ("build", plan, "-o", tmp_path / "out.pdf")):
        result = run(*command)
        assert (result.exit_code, result.stderr) == (2, want)
    assert not (tmp_path / "out.pdf").exists()


def test_the_lines_that_name_a_good_file_are_escaped_too(run, tmp_path):
    plan = tmp_path / "plan\x1b[2J.yaml"
    plan.write_text(GOOD, encoding="utf-8")
    checked = run("check", plan)
    assert checked.stdout == f"{tmp_path}/plan\\x1b[2J.yaml: ok\n"
    built = run("build", plan, "-o", tmp_path / "out\x1b[2J.pdf")
    assert built.exit_code == 0 and built.stderr.startswith(f"wrote {tmp_path}/out\\x1b[2J.pdf (")


def test_a_900_kb_value_is_echoed_cut_short_in_one_line(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(f'exercises: [neck-tilt]\nthermal:\n  waking_hours: "{"8" * 900_000}"\n', encoding="utf-8")
    result = run("check", plan)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert len(line) - len(str(plan)) <= 200 and line.startswith(f"{plan}:3:17: thermal.waking_hours: '888")
    assert line.endswith('write "08:00-21:00" in quotes (4 to 20 hours, may cross midnight)')


def test_a_plain_double_angle_is_text_not_a_merge_tag(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("title: <<\nexercises: [neck-tilt]\n", encoding="utf-8")
    result = run("build", plan, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 0, result.stderr
    assert "\n<<\n" in pdf_text(tmp_path / "out.pdf")


@pytest.mark.parametrize("args, message", [
    (["build", "{tmp}"], "{tmp}: is a folder, not a file; name the .yaml file inside it"),
    (["build", SAMPLE_PLAN, "-o", "{tmp}/nowhere/x.pdf"],
     "handouts: {tmp}/nowhere/x.pdf: there is no folder {tmp}/nowhere; make it first, or choose another output name"),
    (["sheet", "-o", "{tmp}"], "handouts: {tmp}: is a folder, not a PDF; choose another output name"),
    (["merge", "{tmp}", "-o", "{tmp}/x.pdf"], "handouts: {tmp}: a folder, not a print file"),
    (["batch", SAMPLE_PLAN, "-o", "{tmp}/out", "--merge", "{tmp}"],
     "handouts: {tmp}: is a folder, not a PDF; choose another output name"),
    (["check", "--template", "{tmp}", "{tmp}/roster.csv"], "{tmp}: is a folder, not a file; name the .yaml file inside it"),
    (["new", "-o", "{tmp}"], "handouts: {tmp}: a plan is saved as a .yaml file; choose a name ending in .yaml"),
    (["build"], "handouts build: Missing argument 'PLAN'; see 'handouts build --help'"),
    (["batch", SAMPLE_PLAN, "-o", "{tmp}/out", "--jobs", "0"],
     "handouts batch: Invalid value for '-j' / '--jobs': 0 is not in the range 1<=x<=256; see 'handouts batch --help'"),
])
def test_a_path_or_option_that_cannot_be_used_is_one_line_not_click_usage(run, tmp_path, args, message):
    (tmp_path / "roster.csv").write_text("patient\nAna\n", encoding="utf-8")
    result = run(*(str(a).replace("{tmp}", str(tmp_path)) for a in args), input="")
    assert result.exit_code == 2
    assert result.stderr == message.replace("{tmp}", str(tmp_path)) + "\n"
