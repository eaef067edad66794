"""`handouts scan`: photographed-looking log pages and ice-and-heat charts (tests/scan_samples.py) read back box
by box, the pain scores, the record it writes, the summary page, and the photos it refuses in one line with
exit status 2."""

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
import pypdf
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
    assert code.kind == "log" and code.first.isoformat() == "2026-11-24" and code.phase == 1 and len(code.program) == 8
    assert code.items == (("neck-tilt", 3), ("chin-tuck", 3), ("upper-trapezius-stretch", 2), ("shoulder-rolls", 3),
                          ("pain", 11))
    assert len(code.boxes()) == 14 * (3 + 3 + 2 + 3) + 14 * 11
    assert "GRACE" not in logcode.encode(code).upper() and "00457" not in logcode.encode(code)  # no patient data


def test_the_charts_code_names_its_days_ice_and_heat():
    _, code = scan_samples.rendered("Ice, then heat", "neck-spasm-phases")
    assert code.kind == "chart" and code.first.isoformat() == "2026-12-07"
    assert code.items == (("ice", 13), ("heat", 4))
    assert sorted({(code.items[b.item][0], b.day) for b in code.boxes()}) == [
        ("heat", 1), ("heat", 2), ("heat", 3), ("heat", 4), ("ice", 0)]  # the injury's day 2 is the handout's


def _confusion(readings) -> Counter:
    confusion = Counter()
    for reading, truth in readings:
        for read in reading.boxes:
            confusion["ticked" if truth[read.box.item, read.box.day, read.box.session] else "empty", read.state] += 1
    return confusion


def _accurate(confusion: Counter) -> None:
    """The goal: no ticked box read as empty or the reverse, at most 2% unsure."""
    boxes = sum(confusion.values())
    assert confusion["ticked", "empty"] == 0 and confusion["empty", "ticked"] == 0, confusion
    assert confusion["ticked", "unsure"] + confusion["empty", "unsure"] <= 0.02 * boxes, confusion


def test_the_photos_read_back_right_and_quickly(samples):
    readings, seconds = [], []
    for path, truth in samples:
        start = time.perf_counter()
        readings.append((reader.read(path), truth))
        seconds.append(time.perf_counter() - start)
    confusion = _confusion(readings)
    assert sum(confusion.values()) == SAMPLES * 308
    _accurate(confusion)
    assert np.median(seconds) < 1.0, seconds


def test_every_page_that_reads_back_reads_back_right(tmp_path):
    """The logs of the phased program and in large print, the charts: a photo of each page."""
    pages = scan_samples.every_page()
    kinds = Counter((name.split("-")[2], code.kind) for name, (_, code) in pages)
    assert kinds == {("log", "log"): 4, ("log", "chart"): 3, ("phases", "log"): 5, ("phases", "chart"): 3}, kinds
    readings, seconds = [], []
    for seed, (name, page) in enumerate(pages, 100):
        jpeg, truth = scan_samples.sample(seed, page)
        (tmp_path / f"{name}.jpg").write_bytes(jpeg)
        start = time.perf_counter()
        reading = reader.read(tmp_path / f"{name}.jpg")
        seconds.append(time.perf_counter() - start)
        assert reading.code == page[1], name
        readings.append((reading, truth))
    _accurate(_confusion(readings))
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
    assert len(table) == 308 and {row["date"] for row in table} >= {"2026-11-24", "2026-12-07"}
    assert [row["session"] for row in table if row["exercise"] == "pain" and row["date"] == "2026-11-24"] == \
        [str(n) for n in range(11)]  # a pain box's session is its score
    page = json.loads((tmp_path / "out" / f"{path.name}.json").read_text())
    assert page["page"] == "log" and page["first_date"] == "2026-11-24" and page["phase"] == 1
    assert page["boxes"][0] == {**table[0], "session": 1}
    scores = [next((s for s in range(11) if truth[4, day, s]), None) for day in range(14)]
    assert page["pain"] == [{"date": f"2026-{11 + (day > 6):02d}-{(24 + day - 1) % 30 + 1:02d}", "score": score}
                            for day, score in enumerate(scores)]
    ticked = sum(truth[0, day, session] for day in range(14) for session in range(3))
    given = [score for score in scores if score is not None]
    assert f"{path.name}: neck-tilt {ticked} of 42 sessions" in result.stdout
    assert f"; pain {given[0]} → {given[-1]}; " in result.stdout


def test_two_pain_boxes_ticked_on_a_day_is_unsure(run, tmp_path):
    _page, code = scan_samples.rendered()
    image, truth = scan_samples.filled(np.random.default_rng(7))
    pain = code.items.index(("pain", 11))
    for score in (2, 8):  # day 3: a second box ticked beside the first
        scan_samples._mark(image, code, next(b for b in code.boxes() if (b.item, b.day, b.session) == (pain, 3, score)),
                           np.random.default_rng(score))
    (tmp_path / "two.jpg").write_bytes(scan_samples.photographed(image, np.random.default_rng(7)))
    result = run("scan", tmp_path / "two.jpg", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    scores = json.loads((tmp_path / "out" / "two.jpg.json").read_text())["pain"]
    assert scores[3] == {"date": "2026-11-27", "score": "unsure"}
    assert [day["score"] for day in scores if day["score"] is None] == \
        [None for day in range(14) if day != 3 and not any(truth[pain, day, s] for s in range(11))]


def test_a_charts_summary_says_each_days_ice_or_heat(run, tmp_path):
    page = scan_samples.rendered("Ice, then heat", "neck-spasm-phases")
    jpeg, truth = scan_samples.sample(11, page)
    (tmp_path / "chart.jpg").write_bytes(jpeg)
    result = run("scan", tmp_path / "chart.jpg", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    ice = sum(truth[0, 0, s] for s in range(13))
    heat = sum(truth[1, 1, s] for s in range(4))
    assert result.stdout.startswith(f"chart.jpg: ice: {ice} of 13 on Mon 7 Dec, heat: {heat} of 4 on Tue 8 Dec, ")
    assert "pain" not in result.stdout
    with open(tmp_path / "out" / "chart.jpg.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0] == {"date": "2026-12-07", "session": "1", "exercise": "ice",
                       "state": "ticked" if truth[0, 0, 0] else "empty"}
    assert len(rows) == 13 + 4 * 4


def test_the_summary_page_gives_adherence_and_what_to_check(run, samples, tmp_path):
    path, _ = samples[1]
    result = run("scan", path, "--pdf", tmp_path / "summary.pdf")
    assert result.exit_code == 0, result.stderr
    text = pdf_text(tmp_path / "summary.pdf")
    for words in ("Harbor Point Physical Therapy", "Adherence per exercise", "upper-trapezius-stretch",
                  "Adherence per day", "Pain each evening (0 to 10)", "Boxes to check by eye", f"read from {path.name}"):
        assert words in text
    assert "Pain scores are written by hand" not in text
    assert len(pypdf.PdfReader(tmp_path / "summary.pdf").pages) == 1


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


@pytest.mark.parametrize("layout", ["default", "compact", "letter", "bw", "large-print"])
def test_every_layouts_pages_read_back_blank(layout, tmp_path):
    """Every page with a code, in every layout: each of its boxes, and every box of the log and chart, once."""
    import cv2

    from handouts.check.layout import load_layout, locate_layout

    pages = scan_samples.readback_pages("neck-spasm-log", layout)
    assert {code.kind for _, code in pages} == {"log", "chart"}
    read, per_day = Counter(), {}
    for n, (image, code) in enumerate(pages):
        cv2.imwrite(str(tmp_path / f"page{n}.png"), cv2.resize(image, None, fx=200 / scan_samples.DPI,
                                                              fy=200 / scan_samples.DPI))
        reading = reader.read(tmp_path / f"page{n}.png")
        assert reading.code.page == tuple(round(v, 1) for v in load_layout(locate_layout(layout, tmp_path)[0]).page_size)
        assert {box.state for box in reading.boxes} == {"empty"}
        read.update((code.kind, code.items[box.box.item][0], box.box.day) for box in reading.boxes)
        per_day.update(code.items)
    assert sum(n for (kind, *_), n in read.items() if kind == "log") == 308
    assert sum(n for (kind, *_), n in read.items() if kind == "chart") == 4 * 4  # heat only: the ice days are over
    assert all(n == per_day[item] for (_, item, _), n in read.items())  # every box of a day once, on one page


def test_a_refused_photo_costs_only_its_own_record(run, samples, tmp_path):
    (tmp_path / "blank.jpg").write_bytes(scan_samples.photographed(np.full((800, 600, 3), 255, np.uint8),
                                                                   np.random.default_rng(4)))
    good, _ = samples[2]
    result = run("scan", tmp_path / "blank.jpg", good, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "blank.jpg" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert result.stdout.startswith(f"{good.name}: neck-tilt ")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{good.name}.csv", f"{good.name}.json"]
