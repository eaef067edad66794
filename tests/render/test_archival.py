"""PDF/A-2b copies (`build --pdfa`): checked on the file's own structure with pikepdf, qpdf and Ghostscript.
veraPDF, the reference validator, is not available here: docs/pdfa.md says what that leaves unchecked."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import PLANS, ROOT, SAMPLE_PLAN, pdfa_problems
from pypdf import PdfReader

from handouts.check.plan import load_plan
from handouts.render import archival
from handouts.run.build import pdf_bytes

TODAY = dt.date(2026, 11, 24)
EXAMPLES = sorted(PLANS.glob("*.yaml"))


def _build(plan: Path, *, layout: str | None = None, archive: bool = True) -> bytes:
    overrides = {"layout": layout} if layout else None
    return pdf_bytes(load_plan(plan, today=TODAY, overrides=overrides), archival=archive)


@pytest.mark.parametrize("plan", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_is_pdfa_2b_with_the_same_pages(plan):
    data = _build(plan)
    assert pdfa_problems(data) == []
    plain = [page.extract_text() for page in PdfReader(io.BytesIO(_build(plan, archive=False))).pages]
    assert [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages] == plain


def test_black_and_white_and_large_print_are_pdfa_too():
    for layout in ("bw", "large-print"):  # grey pictures and DeviceGray; a layout's own sizes
        assert pdfa_problems(_build(SAMPLE_PLAN, layout=layout)) == [], layout


def test_the_check_finds_what_a_plain_handout_lacks():
    assert pdfa_problems(_build(SAMPLE_PLAN, archive=False)) == ["no unfiltered XMP metadata stream in the catalogue"]


def test_the_xmp_says_what_the_info_dictionary_says_even_in_other_scripts(write_plan):
    plan = write_plan("layout: default\ntitle: 'Ejercicios <en casa> & \"más\"'\ndate: 2026-11-24\n"
                      "exercises: [neck-tilt]\nadvice: none\nwarnings: none\n")
    data = pdf_bytes(load_plan(plan), archival=True)
    assert pdfa_problems(data) == []
    meta = pikepdf.open(io.BytesIO(data)).open_metadata()
    assert meta["dc:title"] == 'Ejercicios <en casa> & "más"'
    assert meta["xmp:CreateDate"] == "2026-11-24T00:00:00+00:00"


def test_the_output_intent_is_srgb_and_its_profile_the_same_bytes_in_every_process():
    pdf = pikepdf.open(io.BytesIO(_build(SAMPLE_PLAN)))
    intent = pdf.Root.OutputIntents[0]
    assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
    profile = intent.DestOutputProfile.read_bytes()
    assert profile == archival.srgb_profile()
    assert profile[12:20] == b"mntrRGB " and profile[24:36] == archival._ICC_DATE  # a display profile, dated fixed
    script = "import sys; from handouts.render.archival import srgb_profile; sys.stdout.buffer.write(srgb_profile())"
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT)
    assert other.stdout == profile


def test_the_same_plan_gives_the_same_archival_bytes():
    assert _build(SAMPLE_PLAN) == _build(SAMPLE_PLAN)


def test_a_plain_build_keeps_its_bytes_once_an_archival_one_has_been_made():
    _build(SAMPLE_PLAN)  # reportlab's stream writer now knows archival documents
    script = ("import datetime, hashlib, sys; from pathlib import Path; from handouts.run.build import pdf_bytes; "
              "from handouts.check.plan import load_plan; "
              f"print(hashlib.sha256(pdf_bytes(load_plan(Path(sys.argv[1]), today={TODAY!r}))).hexdigest())")
    fresh = subprocess.run([sys.executable, "-c", script, str(SAMPLE_PLAN)], capture_output=True, text=True,
                           check=True, cwd=ROOT)
    assert hashlib.sha256(_build(SAMPLE_PLAN, archive=False)).hexdigest() == fresh.stdout.strip()


@pytest.mark.skipif(not shutil.which("qpdf") or not shutil.which("gs"), reason="needs qpdf and Ghostscript")
def test_qpdf_finds_no_error_and_ghostscript_reads_every_page_and_rewrites_it_as_pdfa(tmp_path):
    path = tmp_path / "archive.pdf"
    path.write_bytes(_build(SAMPLE_PLAN))
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0 and "No syntax or stream encoding errors" in checked.stdout, checked.stdout
    # Ghostscript's own PDF/A mode, told to stop on anything it cannot keep in PDF/A-2 (policy 2).
    again = tmp_path / "again.pdf"
    ghost = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFA=2", "-dPDFACompatibilityPolicy=2",
                            "-sColorConversionStrategy=RGB", "-sDEVICE=pdfwrite", f"-sOutputFile={again}", str(path)],
                           capture_output=True, text=True, check=False)
    assert ghost.returncode == 0 and not ghost.stdout.strip() and not ghost.stderr.strip(), ghost.stdout + ghost.stderr
    assert len(PdfReader(again).pages) == len(PdfReader(path).pages)


def test_build_pdfa_writes_the_archive_copy_and_refuses_watch_in_one_line(run, tmp_path):
    out = tmp_path / "archive.pdf"
    result = run("build", SAMPLE_PLAN, "-o", out, "--pdfa")
    assert result.exit_code == 0, result.stderr
    assert pdfa_problems(out.read_bytes()) == []
    result = run("build", SAMPLE_PLAN, "-o", tmp_path / "other.pdf", "--pdfa", "--watch")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "handouts: --pdfa writes the archive's copy once, when the plan is final; leave out --watch"]
    assert not (tmp_path / "other.pdf").exists()
