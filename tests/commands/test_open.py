"""`handouts open`: a handout's plan code, as text or in a photo of page 1, back into a plan file; anything else
one line and exit status 2."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import SAMPLE_PLAN

from handouts.check import plancode
from handouts.check.plan import load_plan
from handouts.run.build import pdf_bytes

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def sample_code() -> str:
    return plancode.encode(plancode.program_of(load_plan(SAMPLE_PLAN, today=TODAY)))


def _one_error(result, *words):
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handouts: ")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.output


def test_the_codes_text_prints_the_plan(run, sample_code):
    result = run("open", sample_code)
    assert result.exit_code == 0, result.stderr
    doc = yaml.safe_load(result.stdout)
    assert doc["exercises"][0] == "neck-tilt" and doc["thermal"]["injury_date"] == dt.date(2026, 11, 23)
    assert result.stdout.startswith("# yaml-language-server: $schema=")


def test_a_scan_of_page_1_writes_the_plan_file(run, tmp_path):
    pytest.importorskip("zxingcpp")
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes(load_plan(SAMPLE_PLAN, today=TODAY)))
    scan = tmp_path / "scan.jpg"
    document[0].render(scale=200 / 72).to_pil().save(scan, quality=85)
    document.close()
    out = tmp_path / "next.yaml"
    result = run("open", scan, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.stderr and "fill in the patient's name" in result.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["exercises"][1]["id"] == "simple-neck-stretch"
    # the name left blank stops a build until it is filled in, at its line
    check = run("check", out)
    assert check.exit_code == 2 and "patient.name: is blank" in check.stderr


def test_a_picture_without_a_plan_code_is_one_line(run, tmp_path):
    pytest.importorskip("zxingcpp")
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("L", (400, 300), 255).save(blank)
    _one_error(run("open", blank), str(blank), "no plan code can be read")


def test_a_file_that_is_no_picture_is_one_line(run, tmp_path):
    fake = tmp_path / "page.png"
    fake.write_text("not a picture", encoding="utf-8")
    _one_error(run("open", fake), str(fake), "PNG or JPEG")
    _one_error(run("open", tmp_path / "missing.jpg"), "missing.jpg", "not found")


@pytest.mark.parametrize("code, says", [("HELLO", "not a handout's plan code"), ("HZ:::", "damaged")])
def test_text_that_is_no_plan_code_is_one_line(run, code, says):
    _one_error(run("open", code), "the code cannot be opened", says)


def test_a_plan_is_never_replaced_by_its_code_unasked(run, tmp_path, sample_code):
    out = tmp_path / "plan.yaml"
    out.write_text("kept", encoding="utf-8")
    _one_error(run("open", sample_code, "-o", out), str(out), "--force")
    assert out.read_text(encoding="utf-8") == "kept"
    assert run("open", sample_code, "-o", out, "--force").exit_code == 0
    assert "neck-tilt" in out.read_text(encoding="utf-8")
    _one_error(run("open", sample_code, "-o", tmp_path / "plan.pdf"), ".yaml")
