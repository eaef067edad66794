"""`handouts scan`: photographed-looking log pages (tests/scan_samples.py) read back box by box, the record
it writes, the summary page, and the photos it refuses in one line with exit status 2."""

from __future__ import annotations

import csv
import json
import time
from collections import Counter

import pytest
from conftest import pdf_text

pytest.importorskip("cv2")
pytest.importorskip("zxingcpp")

import numpy as np
import scan_samples

from handouts.check import logcode
from handouts.scan import reader

SAMPLES = 6


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("photos")
    made = []
    for seed in range(SAMPLES):
        jpeg, truth = scan_samples.sample(seed)
        path = folder / f"log-{seed}.jpg"
        path.write_bytes(jpeg)
        made.append((path, truth))
    return made


def _one_error(result, *words):
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("handouts: "), result.stderr
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in result.output


def test_the_log_pages_code_names_the_page_and_every_box():
    _, code = scan_samples.rendered()
    assert code.first.isoformat() == "2026-11-24" and code.phase == 1 and len(code.program) == 8
    assert code.exercises == (("neck-tilt", 3), ("chin-tuck", 3), ("upper-trapezius-stretch", 2), ("shoulder-rolls", 3))
    assert len(code.boxes()) == 14 * (3 + 3 + 2 + 3)
    assert "GRACE" not in logcode.encode(code).upper() and "00457" not in logcode.encode(code)  # no patient data


def test_the_photos_read_back_right_and_quickly(samples):
    confusion, seconds = Counter(), []
    for path, truth in samples:
        start = time.perf_counter()
        reading = reader.read(path)
        seconds.append(time.perf_counter() - start)
        for read in reading.boxes:
            confusion["ticked" if truth[read.box.exercise, read.box.day, read.box.session] else "empty", read.state] += 1
    boxes = sum(confusion.values())
    assert boxes == SAMPLES * 154
    assert confusion["ticked", "empty"] == 0 and confusion["empty", "ticked"] == 0, confusion
    assert confusion["ticked", "unsure"] + confusion["empty", "unsure"] <= 0.02 * boxes, confusion
    assert np.median(seconds) < 1.0, seconds


def test_the_record_has_a_row_per_box_and_a_summary_line(run, samples, tmp_path):
    path, truth = samples[0]
    result = run("scan", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    with open(tmp_path / "out" / f"{path.name}.csv", newline="") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == ["date", "session", "exercise", "state"]
    assert table[0] == {"date": "2026-11-24", "session": "1", "exercise": "neck-tilt",
                        "state": "ticked" if truth[0, 0, 0] else "empty"}
    assert len(table) == 154 and {row["date"] for row in table} >= {"2026-11-24", "2026-12-07"}
    page = json.loads((tmp_path / "out" / f"{path.name}.json").read_text())
    assert page["first_date"] == "2026-11-24" and page["phase"] == 1 and page["boxes"][0] == {
        **table[0], "session": 1}
    ticked = sum(truth[0, day, session] for day in range(14) for session in range(3))
    assert f"{path.name}: neck-tilt {ticked} of 42 sessions" in result.stdout


def test_the_summary_page_gives_adherence_and_what_to_check(run, samples, tmp_path):
    path, _ = samples[1]
    result = run("scan", path, "--pdf", tmp_path / "summary.pdf")
    assert result.exit_code == 0, result.stderr
    text = pdf_text(tmp_path / "summary.pdf")
    for words in ("Harbor Point Physical Therapy", "Adherence per exercise", "upper-trapezius-stretch",
                  "Adherence per day", "Boxes to check by eye", f"read from {path.name}"):
        assert words in text


def test_a_photo_without_a_page_is_refused(run, tmp_path):
    import cv2

    desk = (np.random.default_rng(1).normal(110, 20, (1200, 900, 3))).clip(0, 255).astype(np.uint8)
    cv2.imwrite(str(tmp_path / "desk.jpg"), desk)
    _one_error(run("scan", tmp_path / "desk.jpg"), "desk.jpg", "no log page", "corner squares", "retake")


def test_page_one_is_the_wrong_page(run, tmp_path):
    page, code = scan_samples.rendered("Home program for neck muscle spasm")
    assert code is None
    (tmp_path / "page1.jpg").write_bytes(scan_samples.photographed(page, np.random.default_rng(2)))
    _one_error(run("scan", tmp_path / "page1.jpg"), "not the log page", "tick boxes")


def test_a_blurred_photo_is_refused(run, tmp_path):
    image, _ = scan_samples.filled(np.random.default_rng(3))
    (tmp_path / "blurred.jpg").write_bytes(scan_samples.photographed(image, np.random.default_rng(3), blur=6))
    _one_error(run("scan", tmp_path / "blurred.jpg"), "blurred.jpg", "too blurred", "hold the phone still")


@pytest.mark.parametrize("layout", ["default", "compact", "letter", "bw"])
def test_every_layouts_log_page_reads_back_blank(layout, tmp_path):
    import datetime as dt

    import pypdfium2

    from handouts.check.plan import load_plan
    from handouts.run.build import pdf_bytes

    plan = load_plan(scan_samples.PLAN, today=dt.date(2026, 11, 24), overrides={"layout": layout})
    pdf = pypdfium2.PdfDocument(pdf_bytes(plan))
    page = next(p for p in pdf if "two-week log" in p.get_textpage().get_text_range())
    page.render(scale=200 / 72).to_pil().convert("L").save(tmp_path / "log.png")
    reading = reader.read(tmp_path / "log.png")
    assert reading.code.page == tuple(round(v, 1) for v in plan.layout.page_size)
    assert {read.state for read in reading.boxes} == {"empty"} and len(reading.boxes) == 154


def test_a_refused_photo_costs_only_its_own_record(run, samples, tmp_path):
    (tmp_path / "blank.jpg").write_bytes(scan_samples.photographed(np.full((800, 600, 3), 255, np.uint8),
                                                                   np.random.default_rng(4)))
    good, _ = samples[2]
    result = run("scan", tmp_path / "blank.jpg", good, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "blank.jpg" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout.startswith(f"{good.name}: neck-tilt ")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{good.name}.csv", f"{good.name}.json"]
