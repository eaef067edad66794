"""The print file: written as handouts finish, shared objects stored once, shards joined in roster order."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import pdf_pages, pdfa_problems
from pypdf import PdfReader
from test_batch import HEADER, TEMPLATE, TWO_PAGES

ROWS = (HEADER + "Ana One,A1,,,,,,\n"
        f"Ben Two,B2,,,{TWO_PAGES},,,\n"
        "Broken Row,,,,neck-tlit,,,\n"
        "Cleo Three,C3,,,,,,\n"
        f"Dev Four,D4,,,{TWO_PAGES},,,\n"
        "Eve Five,E5,,,,,,\n"
        "Finn Six,F6,,,,,,\n")


@pytest.fixture
def batch(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE, encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text(ROWS, encoding="utf-8")
    return roster, template


def test_three_shards_joined_are_the_unsharded_batch(run, tmp_path, batch):
    roster, template = batch
    whole = run("batch", roster, "--template", template, "-o", tmp_path / "whole", "--merge",
                tmp_path / "whole.pdf", "--jobs", 1)
    assert whole.exit_code == 1 and "batch: 6 built, 1 failed" in whole.stderr
    for k in (1, 2, 3):
        part = run("batch", roster, "--template", template, "-o", tmp_path / f"part{k}", "--merge",
                   tmp_path / f"part{k}.pdf", "--shard", f"{k}/3", "--jobs", 1)
        assert part.exit_code == (1 if k == 3 else 0)  # the broken row is the third, so shard 3's
        assert f"--shard {k}/3" not in part.stderr
    joined = run("merge", tmp_path / "part2.pdf", tmp_path / "part3.pdf", tmp_path / "part1.pdf",
                 "-o", tmp_path / "joined.pdf")
    assert joined.exit_code == 0, joined.stderr
    assert joined.stderr == f"merge: 3 print files, 12 pages into {tmp_path / 'joined.pdf'}\n"
    # The union of the shards' handouts is the batch's: the same names and the same bytes.
    parts = {p.name: p.read_bytes() for k in (1, 2, 3) for p in (tmp_path / f"part{k}").iterdir()}
    assert parts == {p.name: p.read_bytes() for p in (tmp_path / "whole").iterdir()}
    assert sorted(p.name for p in (tmp_path / "part1").iterdir()) == ["A1_ana-one.pdf", "C3_cleo-three.pdf",
                                                                     "F6_finn-six.pdf"]  # rows 1, 4, 7
    # And the joined print file is the unsharded one, in roster order, to the byte.
    assert (tmp_path / "joined.pdf").read_bytes() == (tmp_path / "whole.pdf").read_bytes()
    reader = PdfReader(tmp_path / "joined.pdf")
    assert [item.title for item in reader.outline] == ["Ana One A1", "Ben Two B2", "Cleo Three C3",
                                                       "Dev Four D4", "Eve Five E5", "Finn Six F6"]
    assert [reader.get_destination_page_number(item) for item in reader.outline] == [0, 2, 4, 6, 8, 10]


def test_an_archival_batch_is_pdfa_throughout_and_its_shards_join_to_it(run, tmp_path, batch):
    roster, template = batch
    whole = run("batch", roster, "--template", template, "-o", tmp_path / "whole", "--merge", tmp_path / "whole.pdf",
                "--jobs", 1, "--pdfa")
    assert whole.exit_code == 1 and "batch: 6 built, 1 failed" in whole.stderr  # the broken row costs only its row
    for handout in sorted((tmp_path / "whole").iterdir()):
        assert pdfa_problems(handout.read_bytes()) == [], handout.name
    assert pdfa_problems((tmp_path / "whole.pdf").read_bytes()) == []
    assert pdf_pages(tmp_path / "whole.pdf") == 12
    for k in (1, 2):
        run("batch", roster, "--template", template, "-o", tmp_path / "out", "--merge", tmp_path / f"p{k}.pdf",
            "--shard", f"{k}/2", "--jobs", 1, "--pdfa")
    parts = [tmp_path / "p1.pdf", tmp_path / "p2.pdf"]
    assert run("merge", *parts, "-o", tmp_path / "joined.pdf", "--pdfa").exit_code == 0
    assert (tmp_path / "joined.pdf").read_bytes() == (tmp_path / "whole.pdf").read_bytes()
    # Without --pdfa, merge writes a plain print file of the same pages.
    assert run("merge", *parts, "-o", tmp_path / "plain.pdf").exit_code == 0
    assert pdfa_problems((tmp_path / "plain.pdf").read_bytes()) == ["no unfiltered XMP metadata stream in the catalogue"]
    assert pdf_pages(tmp_path / "plain.pdf") == 12


def test_joining_shards_that_do_not_make_a_batch_says_which(run, tmp_path, batch):
    roster, template = batch
    for k in (1, 2):
        run("batch", roster, "--template", template, "-o", tmp_path / "out", "--merge", tmp_path / f"p{k}.pdf",
            "--shard", f"{k}/3", "--jobs", 1)
    single = tmp_path / "out" / "A1_ana-one.pdf"
    cases = [
        ([tmp_path / "p1.pdf", tmp_path / "p2.pdf"], "shard 3/3 missing; give every shard's print file"),
        ([tmp_path / "p1.pdf", tmp_path / "p1.pdf"], f"{tmp_path / 'p1.pdf'}: shard 1/3 is given twice"),
        ([single, tmp_path / "p1.pdf"], (f"{single}: not a print file written by handouts batch --merge; "
                                        "give the print files that 'handouts batch --merge' wrote")),
        ([roster], f"{roster}: not a complete PDF file"),
        ([tmp_path / "p9.pdf"], f"{tmp_path / 'p9.pdf'}: file not found"),
    ]
    for parts, message in cases:
        result = run("merge", *parts, "-o", tmp_path / "joined.pdf")
        assert result.exit_code == 2
        assert result.stderr.startswith(f"handouts: {message}")
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "joined.pdf").exists()


def test_a_shard_of_another_batch_is_refused_not_joined(run, tmp_path, batch):
    roster, template = batch
    yesterday = tmp_path / "yesterday.csv"
    yesterday.write_text(ROWS.replace("Cleo Three", "Cleo Other"), encoding="utf-8")
    for k, rows in ((1, roster), (2, yesterday), (3, roster)):
        run("batch", rows, "--template", template, "-o", tmp_path / f"out{k}", "--merge", tmp_path / f"p{k}.pdf",
            "--shard", f"{k}/3", "--jobs", 1)
    result = run("merge", *(tmp_path / f"p{k}.pdf" for k in (1, 2, 3)), "-o", tmp_path / "joined.pdf")
    assert result.exit_code == 2
    assert result.stderr == (f"handouts: {tmp_path / 'p2.pdf'}: a shard of another batch than {tmp_path / 'p1.pdf'} "
                             "(another roster, template or plans); join the print files of one run of every shard\n")
    assert not (tmp_path / "joined.pdf").exists()


def test_a_shard_with_no_rows_still_writes_its_part_and_merge_takes_it(run, tmp_path, batch):
    _, template = batch
    short = tmp_path / "short.csv"
    short.write_text(HEADER + "Ana One,A1,,,,,,\nCleo Three,C3,,,,,,\n", encoding="utf-8")
    whole = run("batch", short, "--template", template, "-o", tmp_path / "whole", "--merge", tmp_path / "whole.pdf")
    assert whole.exit_code == 0, whole.stderr
    for k in (1, 2, 3):
        part = run("batch", short, "--template", template, "-o", tmp_path / "out", "--merge", tmp_path / f"p{k}.pdf",
                   "--shard", f"{k}/3", "--jobs", 1)
        assert part.exit_code == 0, part.stderr
    assert "no handouts in this shard" in part.stderr
    joined = run("merge", *(tmp_path / f"p{k}.pdf" for k in (1, 2, 3)), "-o", tmp_path / "joined.pdf")
    assert joined.exit_code == 0, joined.stderr
    assert (tmp_path / "joined.pdf").read_bytes() == (tmp_path / "whole.pdf").read_bytes()


@pytest.mark.parametrize("value", ["0/3", "4/3", "2", "a/b", "-1/2"])
def test_a_shard_that_is_not_k_of_n_stops_with_status_2(run, tmp_path, batch, value):
    roster, template = batch
    result = run("batch", roster, "--template", template, "-o", tmp_path / "out", "--shard", value)
    assert result.exit_code == 2
    assert f"'{value}' is not K/N with 1 <= K <= N, e.g. 2/3 for the second of three machines" in result.stderr
    assert not (tmp_path / "out").exists()


def test_print_files_of_different_batches_follow_each_other(run, tmp_path, batch):
    roster, template = batch
    run("batch", roster, "--template", template, "-o", tmp_path / "a", "--merge", tmp_path / "a.pdf", "--jobs", 1)
    leaflets = tmp_path / "leaflets"
    leaflets.mkdir()
    (leaflets / "neck.yaml").write_text("layout: default\ntitle: Neck leaflet\nexercises: [neck-tilt]\n"
                                        "advice: none\nwarnings: none\n", encoding="utf-8")
    assert run("batch", leaflets, "-o", tmp_path / "b", "--merge", tmp_path / "b.pdf",
               "--jobs", 1).exit_code == 0
    result = run("merge", tmp_path / "b.pdf", tmp_path / "a.pdf", "-o", tmp_path / "joined.pdf")
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(tmp_path / "joined.pdf")
    assert [item.title for item in reader.outline][:3] == ["neck", "Ana One A1", "Ben Two B2"]
    assert len(reader.pages) == 2 + 12


def test_the_logo_and_drawings_are_stored_once(run, tmp_path, batch):
    roster, template = batch
    roster.write_text(HEADER + "".join(f"Person {n},P{n},,,{TWO_PAGES},,,\n" for n in range(12)), encoding="utf-8")
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    assert run("batch", roster, "--template", template, "-o", out, "--merge", merged, "--jobs", 1).exit_code == 0
    handouts = sorted(out.iterdir())
    assert len(PdfReader(merged).pages) == sum(pdf_pages(p) for p in handouts) == 24
    assert merged.stat().st_size < 0.5 * sum(p.stat().st_size for p in handouts)
    reader = PdfReader(merged)
    images = {ref.idnum for page in reader.pages for ref in page["/Resources"].get("/XObject", {}).values()
              if ref.get_object()["/Subtype"] == "/Image"}
    assert len(images) == 1  # the logo, once for all 24 pages


@pytest.mark.parametrize("tool, args", [("qpdf", ["--check"]), ("mutool", ["info"]),
                                        ("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage"])])
def test_print_files_pass_other_pdf_tools(run, tmp_path, batch, tool, args):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (apt-get install qpdf mupdf-tools ghostscript)")
    roster, template = batch
    merged = tmp_path / "print.pdf"
    run("batch", roster, "--template", template, "-o", tmp_path / "out", "--merge", merged, "--copies", 2,
        "--jobs", 1)
    for k in (1, 2):
        run("batch", roster, "--template", template, "-o", tmp_path / "s", "--merge", tmp_path / f"s{k}.pdf",
            "--shard", f"{k}/2", "--jobs", 1)
    run("merge", tmp_path / "s1.pdf", tmp_path / "s2.pdf", "-o", tmp_path / "joined.pdf")
    for pdf in (merged, tmp_path / "joined.pdf"):
        checked = subprocess.run([tool, *args, str(pdf)], capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stderr
        if tool == "qpdf":
            assert "No syntax or stream encoding errors found" in checked.stdout
        assert "error" not in checked.stderr.lower() and "warning" not in checked.stderr.lower()


def test_a_print_file_given_twice_or_as_a_copy_is_refused(run, tmp_path, batch):
    roster, template = batch
    run("batch", roster, "--template", template, "-o", tmp_path / "out", "--merge", tmp_path / "all.pdf")
    shutil.copy(tmp_path / "all.pdf", tmp_path / "copy.pdf")
    cases = [
        ([tmp_path / "all.pdf", tmp_path / "all.pdf"], f"{tmp_path / 'all.pdf'}: given twice"),
        ([tmp_path / "all.pdf", tmp_path / "copy.pdf"], f"{tmp_path / 'copy.pdf'}: a copy of {tmp_path / 'all.pdf'}"),
    ]
    for parts, message in cases:
        result = run("merge", *parts, "-o", tmp_path / "joined.pdf")
        assert result.exit_code == 2
        assert result.stderr == f"handouts: {message}; give each print file once\n"
    assert not (tmp_path / "joined.pdf").exists()
