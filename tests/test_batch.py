"""`handouts batch`: rosters and leaflet sets into many PDFs and one duplex-safe print file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import PLANS, SAMPLE_PLAN, pdf_pages, pdf_text
from pypdf import PdfReader

from handouts.check.plan import load_plan
from handouts.run.batch import plan_jobs, roster_jobs
from handouts.write.naming import UniqueNames, handout_stem

HEADER = "patient,id,date,injury_date,exercises,therapist,layout,language\n"
# One short exercise card and nothing else: a one-page handout, quick to build.
TEMPLATE = """\
layout: default
title: Test program
patient: {name: Template Person, id: T-0}
therapist: Ana Rivera, DPT
date: 2026-11-24
exercises: [neck-tilt]
advice: none
warnings: none
"""
TWO_PAGES = "neck-tilt; chin-tuck; neck-turn"  # three cards need a second page


@pytest.fixture
def template(tmp_path) -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return path


@pytest.fixture
def roster(tmp_path):
    def write(text: str, *, bom: bool = False) -> Path:
        path = tmp_path / "roster.csv"
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        return path

    return write


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a batch must never leave behind."""
    return [p for p in folder.rglob("*") if p.name.endswith(".part") or p.name.startswith(".")]


def test_one_pdf_per_row_from_a_spreadsheet_export(run, tmp_path, template, roster):
    # A byte-order mark, a blank line and ';'-separated exercises with stray spaces.
    path = roster(HEADER + "José Müller,MRN-00123,,, chin-tuck ;neck-turn; ,,,\n\n"
                           "Siobhán O'Neil,,2026-12-01,,,\"Lee, Marcus\",,\n", bom=True)
    result = run("batch", path, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["MRN-00123_jose-muller.pdf",
                                                                     "siobhan-oneil.pdf"]
    jose = pdf_text(tmp_path / "out" / "MRN-00123_jose-muller.pdf")
    assert "José Müller" in jose and "Chin tuck" in jose and "Neck turn" in jose
    assert "Neck tilt" not in jose  # the row's exercises replace the template's
    assert "Ana Rivera, DPT" in jose  # an empty cell takes the template's value
    siobhan = pdf_text(tmp_path / "out" / "siobhan-oneil.pdf")
    assert "Siobhán O'Neil" in siobhan and "Lee, Marcus" in siobhan and "Tue 1 Dec 2026" in siobhan
    assert "T-0" not in siobhan  # a blank id never borrows the template's (another person's) record number
    assert result.stderr.startswith("batch: 2 built, 0 failed")
    assert leftovers(tmp_path) == []


def test_bad_rows_are_reported_and_the_good_ones_still_built(run, tmp_path, template, roster):
    path = roster(HEADER +
                  "Good One,A1,,,,,,\n"                       # row 2
                  "Typo Row,A2,,,neck-tlit,,,\n"              # row 3
                  "Bad Date,A3,2026-02-30,,,,,\n"             # row 4
                  ",A4,,,,,,\n"                               # row 5: blank name
                  "../../../../etc/passwd,,,,,,,\n"           # row 6
                  "Too,Many,Cells,,,,,,,\n"                   # row 7
                  "Too few\n"                                 # row 8
                  "No Thermal,A8,,2026-11-20,,,,\n")          # row 9: the template has no thermal section
    out = tmp_path / "out"
    result = run("batch", path, "--template", template, "-o", out, "--jobs", 1)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{path} row 3: exercises: unknown exercise 'neck-tlit' (did you mean 'neck-tilt'?); " \
           "see 'handouts list exercises'" in lines
    assert f"{path} row 4: date: 2026-02-30 is not a real calendar date; check the day and month" in lines
    assert f"{path} row 5: patient: the patient's name is blank; write it out" in lines
    assert any(line.startswith(f"{path} row 7: 10 cells but the header has 8 columns") for line in lines)
    assert any(line.startswith(f"{path} row 8: 1 cell but the header has 8 columns") for line in lines)
    assert any(line.startswith(f"{path} row 9: injury_date: the template has no thermal section")
               for line in lines)
    assert lines[-1].startswith("batch: 2 built, 6 failed")
    # Failed rows leave no file; the '../' name lands inside OUTDIR, flattened.
    assert sorted(p.name for p in out.iterdir()) == ["A1_good-one.pdf", "etc-passwd.pdf"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.pdf")) == [
        "out/A1_good-one.pdf", "out/etc-passwd.pdf"]
    assert leftovers(tmp_path) == []


def test_merged_print_file_starts_every_handout_on_a_front_side(run, tmp_path, template, roster):
    (tmp_path / "letter.yaml").write_text("extends: default\npage:\n  size: letter\n", encoding="utf-8")
    path = roster(HEADER + "One Page,,,,,,,\n"
                           f"Two Pages,,,,{TWO_PAGES},,,\n"
                           "Letter Sized,,,,,,letter.yaml,\n"
                           "Broken Row,,,,neck-tlit,,,\n"
                           "Last One,,,,,,,\n")
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    result = run("batch", path, "--template", template, "-o", out, "--merge", merged, "--jobs", 1)
    assert result.exit_code == 1  # the broken row fails; the print file holds the rest
    names = ["one-page.pdf", "two-pages.pdf", "letter-sized.pdf", "last-one.pdf"]
    counts = [pdf_pages(out / name) for name in names]
    assert counts == [1, 2, 1, 1]  # the odd counts are what this test is about
    reader = PdfReader(merged)
    assert len(reader.pages) == sum(n + n % 2 for n in counts) == 8
    assert f"print file {merged} (8 pages)" in result.stderr
    starts = [0, 2, 4, 6]  # every handout starts on an odd (front) page
    assert [item.title for item in reader.outline] == ["One Page", "Two Pages", "Letter Sized", "Last One"]
    assert [reader.get_destination_page_number(item) for item in reader.outline] == starts
    for start in starts:
        assert "Test program" in reader.pages[start].extract_text()
    for blank, follows in [(1, 0), (5, 4), (7, 6)]:
        assert reader.pages[blank].extract_text().strip() == ""
        assert reader.pages[blank].mediabox == reader.pages[follows].mediabox  # same paper size
    assert [round(float(reader.pages[i].mediabox.width)) for i in (4, 5)] == [612, 612]  # US letter
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4


def test_a_layout_file_beside_the_leaflets_is_not_taken_for_one(run, tmp_path):
    folder = tmp_path / "leaflets"
    folder.mkdir()
    (folder / "brand.yaml").write_text("extends: default\nclinic: {name: Lakeside Physio}\n")
    (folder / "neck.yaml").write_text("layout: brand.yaml\nexercises: [neck-tilt]\nadvice: none\n")
    result = run("batch", folder, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["neck.pdf"]
    assert "Lakeside Physio" in pdf_text(tmp_path / "out" / "neck.pdf")
    named = run("check", folder / "brand.yaml")  # named on its own, it is still not a plan
    assert named.exit_code == 2 and "this is a layout file, not a plan" in named.stderr


def test_leaflet_folder_with_copies(run, tmp_path):
    folder = tmp_path / "leaflets"
    folder.mkdir()
    leaflet = "layout: default\ntitle: {title}\nexercises: [{exercises}]\nadvice: none\nwarnings: none\n"
    (folder / "b-neck.yaml").write_text(leaflet.format(title="Neck leaflet", exercises="neck-tilt"))
    (folder / "a-desk.yaml").write_text(leaflet.format(title="Desk leaflet",
                                                       exercises=TWO_PAGES.replace(";", ",")))
    (folder / "notes.txt").write_text("not a plan")
    (folder / "c-broken.yaml").write_text("layout: default\nexercises: [neck-tlit]\n")
    out, merged = tmp_path / "out", tmp_path / "waiting-room.pdf"
    result = run("batch", folder, "-o", out, "--merge", merged, "--copies", 3, "--jobs", 1)
    assert result.exit_code == 1
    # A leaflet's problem is located in its own file, as `handouts build` would say it.
    assert f"{folder / 'c-broken.yaml'}:2:13: exercises[0]: unknown exercise 'neck-tlit'" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a-desk.pdf", "b-neck.pdf"]
    reader = PdfReader(merged)
    assert len(reader.pages) == 3 * (2 + 2)  # each copy of the one-page leaflet is padded to a sheet
    assert [item.title for item in reader.outline] == ["a-desk"] * 3 + ["b-neck"] * 3  # sorted, copies together
    assert [reader.get_destination_page_number(item) for item in reader.outline] == [0, 2, 4, 6, 8, 10]
    assert "Neck leaflet" in reader.pages[6].extract_text()


def test_plan_files_and_folders_together_print_each_plan_once(run, tmp_path):
    out = tmp_path / "out"
    result = run("batch", PLANS / "leaflets", PLANS / "leaflets" / "desk-posture.yaml", "-o", out, "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["desk-posture.pdf", "low-back-spasm.pdf",
                                                     "neck-spasm.pdf", "upper-back-spasm.pdf"]
    assert "Desk posture" in pdf_text(out / "desk-posture.pdf")


def test_batch_prints_the_leaflets_in_sub_folders_that_check_reads(run, tmp_path):
    folder = tmp_path / "leaflets"
    (folder / "back").mkdir(parents=True)
    (folder / "neck-spasm.yaml").write_bytes((PLANS / "leaflets" / "neck-spasm.yaml").read_bytes())
    (folder / "back" / "low-back-spasm.yaml").write_bytes((PLANS / "leaflets" / "low-back-spasm.yaml").read_bytes())
    checked = run("check", folder)
    assert checked.exit_code == 0 and checked.stdout.count(": ok") == 2, checked.stdout
    result = run("batch", folder, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["low-back-spasm.pdf", "neck-spasm.pdf"]


@pytest.mark.parametrize("content, message", [
    (None, "no such roster file"),
    ("José,MRN-1,2026-11-24\n", "the first row must be the header, e.g. patient,id,date"),
    ("patient,id,dat\nA,1,2026-11-24\n", "1: column 3: unknown column 'dat' (did you mean 'date'?)"),
    ("id,date\n1,2026-11-24\n", "the header has no 'patient' column"),
    ("patient;id\nA;1\n", "the columns are separated by ';'"),
    ("patient,id\n", "no patients below the header row"),
    ("patient\nMarie Lefèvre\n".encode("cp1252"), "not UTF-8 text; in your spreadsheet, save it as 'CSV UTF-8'"),
])
def test_a_roster_that_cannot_start_stops_with_status_2(run, tmp_path, template, content, message):
    path = tmp_path / "roster.csv"
    if content is not None:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run("batch", path, "--template", template, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not any((tmp_path / "out").iterdir())


def test_a_bad_template_stops_the_batch_with_its_located_problems(run, tmp_path, roster):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TEMPLATE.replace("exercises: [neck-tilt]", "exercises: [neck-tilt]\ncolour: red"))
    result = run("batch", roster(HEADER + "A,,,,,,,\n"), "--template", bad, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:7:1: ") and "unknown key 'colour'" in result.stderr
    assert "batch:" not in result.stderr  # stopped before the first row
    missing = run("batch", tmp_path / "roster.csv", "--template", tmp_path / "nope.yaml", "-o", tmp_path / "out")
    assert missing.exit_code == 2 and "nope.yaml: file not found" in missing.stderr


def test_usage_mistakes_stop_with_status_2(run, tmp_path, template, roster):
    path = roster(HEADER + "A,,,,,,,\n")
    assert "looks like a roster" in run("batch", path, "-o", tmp_path / "o").stderr
    assert "add --merge" in run("batch", template, "-o", tmp_path / "o", "--copies", 2).stderr
    assert run("batch", tmp_path / "nothing-here", "-o", tmp_path / "o").exit_code == 2
    assert run("batch", path, path, "--template", template, "-o", tmp_path / "o").exit_code == 2


def test_rerun_overwrites_and_a_row_that_now_fails_leaves_no_old_file(run, tmp_path, template, roster):
    out = tmp_path / "out"
    assert run("batch", roster(HEADER + "Ana,A1,,,,,,\nBen,B2,,,,,,\n"), "--template", template, "-o", out,
               "--jobs", 1).exit_code == 0
    result = run("batch", roster(HEADER + "Ana,A1,,,,,,\nBen,B2,2026-13-01,,,,,\n"), "--template", template,
                 "-o", out, "--jobs", 1)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["A1_ana.pdf"]  # Ben's old PDF would look current
    assert leftovers(tmp_path) == []


def test_ctrl_c_leaves_only_complete_pdfs(run, tmp_path, template, roster, monkeypatch):
    import handouts.write.output

    real_replace, calls = os.replace, []

    def interrupted_on_third(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the third PDF is written but not yet in place
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(handouts.write.output.os, "replace", interrupted_on_third)
    path = roster(HEADER + "".join(f"Patient {n},P{n},,,,,,\n" for n in range(1, 6)))
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    result = run("batch", path, "--template", template, "-o", out, "--merge", merged, "--jobs", 1)
    assert result.exit_code == 130
    assert "interrupted: 2 built, 0 failed, 3 not started" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["P1_patient-1.pdf", "P2_patient-2.pdf"]
    for pdf in out.iterdir():
        assert pdf_pages(pdf) == 1  # complete and readable
    assert not merged.exists()
    assert leftovers(tmp_path) == []


def test_a_bug_in_one_row_is_reported_for_that_row_only(run, tmp_path, template, roster, monkeypatch):
    import handouts.run.build

    real = handouts.run.build.pdf_bytes

    def buggy(plan, **options):
        if plan.patient.name == "Crash Test":
            raise ZeroDivisionError("division by zero")
        return real(plan, **options)

    monkeypatch.setattr(handouts.run.build, "pdf_bytes", buggy)
    path = roster(HEADER + "Crash Test,,,,,,,\nFine Row,,,,,,,\n")
    result = run("batch", path, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"{path} row 2: internal error (ZeroDivisionError: division by zero")
    assert "please report" in line
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["fine-row.pdf"]


def test_clinical_warnings_are_printed_per_row_and_strict_fails_them(run, tmp_path, roster):
    template = tmp_path / "thermal.yaml"
    template.write_text(TEMPLATE.replace("warnings: none", "warnings: none\nthermal: {}"), encoding="utf-8")
    path = roster(HEADER + "Calm Row,,,2026-11-23,,,,\nOdd Row,,,2026-11-30,,,,\n")
    warned = run("batch", path, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert warned.exit_code == 0
    assert f"{path} row 3: warning: injury_date: 2026-11-30 is after the handout's date" in warned.stderr
    assert "row 2" not in warned.stderr
    strict = run("batch", path, "--template", template, "-o", tmp_path / "strict", "--jobs", 1, "--strict")
    assert strict.exit_code == 1
    assert "(--strict makes this an error)" in strict.stderr
    assert [p.name for p in (tmp_path / "strict").iterdir()] == ["calm-row.pdf"]


def test_several_processes_build_the_same_bytes_as_one(run, tmp_path, template, roster):
    path = roster(HEADER + "".join(f"Patient {n},P{n},,,,,,\n" for n in range(1, 5)) + "Bad,,,,neck-tlit,,,\n")
    one = run("batch", path, "--template", template, "-o", tmp_path / "one", "--jobs", 1)
    two = run("batch", path, "--template", template, "-o", tmp_path / "two", "--jobs", 2)
    assert one.exit_code == two.exit_code == 1
    assert "unknown exercise 'neck-tlit'" in two.stderr
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "two").iterdir()) and len(names) == 4
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert leftovers(tmp_path) == []


# -- file names --------------------------------------------------------------

@pytest.mark.parametrize("record_id, name, stem", [
    ("MRN-00123", "José Müller", "MRN-00123_jose-muller"),
    (None, "Siobhán O'Neil", "siobhan-oneil"),
    (None, "Łucja Straße-Dąbrowska", "lucja-strasse-dabrowska"),
    ("../../x", "../../etc/passwd", "x_etc-passwd"),
    (None, ".hidden\x00\x1b[31m\n", "hidden-31m"),
    (None, "....", "row-7"),
    (None, "CON", "con-"),  # a name Windows reserves
    (None, "李小龙", "李小龙"),  # no ASCII form: kept rather than lost
])
def test_file_names_are_safe_and_readable(record_id, name, stem):
    assert handout_stem(record_id=record_id, name=name, fallback="row 7") == stem


def test_file_names_are_short_and_never_shared():
    assert len(handout_stem(name="Wolfeschlegelsteinhausenbergerdorff " * 5, fallback="x")) <= 60
    names = UniqueNames({"print.pdf"})
    assert [names.claim(s) for s in ("ana", "Ana", "print", "ana")] == ["ana.pdf", "Ana-2.pdf", "print-2.pdf",
                                                                       "ana-3.pdf"]


# -- the examples a clinic copies ----------------------------------------------

def test_the_example_roster_and_leaflets_are_valid():
    jobs, read_as = roster_jobs(PLANS / "roster-example.csv", SAMPLE_PLAN, today=None)
    assert read_as == ""
    assert 6 <= len(jobs) <= 10 and all(not job.problems for job in jobs)
    assert any("'" in job.title for job in jobs) and any(not job.title.isascii() for job in jobs)
    for job in jobs:
        assert load_plan(job.plan, overrides=job.overrides, source=job.label).patient is not None
    leaflets = plan_jobs([PLANS / "leaflets"])
    assert len(leaflets) >= 2
    for job in leaflets:
        assert load_plan(job.plan).patient is None


# -- rosters as spreadsheets save them ------------------------------------------

@pytest.mark.parametrize("encoding, separator, said", [
    ("utf-16", "\t", "; roster read as UTF-16, tab-separated"),  # Excel's "Unicode text": a BOM, then UTF-16 LE
    ("utf-16", ",", "; roster read as UTF-16"),
    ("utf-8-sig", "\t", "; roster read as tab-separated"),
    ("utf-8", "\t", "; roster read as tab-separated"),
    ("utf-8-sig", ",", ""),  # Excel's "CSV UTF-8": the plain roster, said nothing of
])
def test_a_roster_saved_as_utf16_or_with_tabs_is_read_and_said_how(run, tmp_path, template, encoding, separator,
                                                                    said):
    roster = tmp_path / "roster.csv"
    rows = [["patient", "id", "notes"], ["José Müller", "MRN-1", "Gentle, please"], ["Łucja Żak", "", ""]]
    roster.write_bytes("".join(separator.join(f'"{c}"' if "," in c else c for c in row) + "\r\n"
                               for row in rows).encode(encoding))
    result = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(rf"batch: 2 built, 0 failed, [\d.]+ s{re.escape(said)}\n", result.stderr), result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["MRN-1_jose-muller.pdf", "lucja-zak.pdf"]
    assert "Gentle, please" in pdf_text(tmp_path / "out" / "MRN-1_jose-muller.pdf")


def test_a_file_name_made_unique_is_said_once_in_the_summary(run, tmp_path, template):
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + "Ana One,,,,,,,\nAna One,,,,,,,\nAna One,,,,,,,\n", encoding="utf-8")
    result = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 0
    [summary] = result.stderr.splitlines()
    assert summary.endswith("; 2 file names made unique with '-2', ... (e.g. ana-one-2.pdf): two rows had the same "
                            "name"), summary
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ana-one-2.pdf", "ana-one-3.pdf", "ana-one.pdf"]
