"""Drawings kept in the user's cache folder print the same bytes as drawings made afresh; a damaged cache
means drawing again; a kind's folder keeps only its newest entries."""

from __future__ import annotations

import os

from conftest import SAMPLE_PLAN

from handouts.build import pdf_bytes
from handouts.check.plan import load_plan
from handouts.compose import illustration
from handouts.render import disk_cache


def _handout() -> bytes:
    illustration._drawing.cache_clear()  # as a new process would find it
    return pdf_bytes(load_plan(SAMPLE_PLAN))


def test_a_cached_drawing_prints_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = _handout()
    entries = list((tmp_path / "handouts" / "drawings").glob("*.marshal"))
    assert {entry.name.split("-")[0] for entry in entries} >= {"neck", "scalene", "shoulder"}
    assert _handout() == made
    for entry in entries:
        entry.write_bytes(b"\x00not marshal data")
    assert _handout() == made


def test_an_unwritable_cache_means_drawing_every_time(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    made = _handout()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh"))
    assert _handout() == made
    assert not list(tmp_path.rglob("*.part"))


def test_a_kind_keeps_its_newest_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for number in range(5):
        path = disk_cache.entry("drawings", "box", str(number))
        disk_cache.store(path, number, keep=3)
        os.utime(path, ns=(number * 10**9, number * 10**9))  # written in this order, a second apart
    kept = sorted(disk_cache.load(path) for path in (tmp_path / "handouts" / "drawings").iterdir())
    assert kept == [2, 3, 4]
