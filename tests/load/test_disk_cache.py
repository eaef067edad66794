"""Drawings kept in the user's cache folder print the same bytes as drawings made afresh; an entry that is not
exactly what was stored for its key (damaged, cut short, another's, a link, a pipe, a device) is drawn again,
never used and never waited on; the cache folder is only ever where an absolute XDG_CACHE_HOME or HOME puts
it; a kind's folder keeps only its newest entries, and pruning never reaches through a link."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cache_faults import DAMAGES
from conftest import ROOT, SAMPLE_PLAN

from handouts.check.plan import load_plan
from handouts.compose import drawings, illustration
from handouts.load import disk_cache
from handouts.render import reused
from handouts.run.build import pdf_bytes


def _handout() -> bytes:
    illustration._drawing.cache_clear()  # as a new process would find it: no drawing, nor card holding one, made
    reused._kept().clear()
    return pdf_bytes(load_plan(SAMPLE_PLAN))


@pytest.fixture(scope="module")
def uncached() -> bytes:
    """The handout built with no cache folder at all."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("XDG_CACHE_HOME", raising=False)
        patch.setenv("HOME", "")
        return _handout()


def _drawing_entries(cache: Path) -> list[Path]:
    return sorted((cache / "handouts" / "drawings").glob("*.marshal"))


def test_a_cached_drawing_prints_the_same_bytes(tmp_path, monkeypatch, uncached):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert _handout() == uncached
    assert {entry.name.split("-")[0] for entry in _drawing_entries(tmp_path)} >= {"neck", "scalene", "shoulder"}
    monkeypatch.setattr(drawings, "render", None)  # every drawing now comes from the cache
    assert _handout() == uncached


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_bad_entry_is_drawn_again_never_printed(tmp_path, monkeypatch, uncached, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _handout()
    entries = _drawing_entries(tmp_path)
    damage(entries)
    assert _handout() == uncached  # each exercise its own drawing, as without a cache
    assert all(stat.S_ISREG(entry.lstat().st_mode) for entry in entries)  # made again in place
    monkeypatch.setattr(drawings, "render", None)
    assert _handout() == uncached


def test_an_unwritable_cache_means_drawing_every_time(tmp_path, monkeypatch, uncached):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert _handout() == uncached
    assert not list(tmp_path.rglob("*.part"))


def test_a_cache_folder_only_where_an_absolute_path_puts_it(tmp_path, monkeypatch, uncached):
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")  # relative: not a place the XDG rules allow
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _handout() == uncached
    assert _drawing_entries(tmp_path / "home" / ".cache")
    monkeypatch.setenv("HOME", "")  # nowhere sensible (not /.cache): no cache at all
    assert _handout() == uncached
    assert disk_cache.entry("drawings", "neck-turn", "a key") is None
    assert list((tmp_path / "work").iterdir()) == []


def test_a_kind_keeps_its_newest_entries(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    entries = [disk_cache.entry("drawings", "box", str(number)) for number in range(5)]
    for number, entry in enumerate(entries):
        disk_cache.store(entry, number, keep=3)
        os.utime(entry.path, ns=(number * 10**9, number * 10**9))  # written in this order, a second apart
    assert [disk_cache.load(entry) for entry in entries] == [None, None, 2, 3, 4]


def test_pruning_never_follows_a_linked_kind_folder(tmp_path, monkeypatch, uncached):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    theirs = [elsewhere / f"{number}.marshal" for number in range(5)]
    for path in theirs:
        path.write_text("someone else's file")
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "drawings").symlink_to(elsewhere)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for number in range(3):
        disk_cache.store(disk_cache.entry("drawings", "box", str(number)), number, keep=1)
    assert _handout() == uncached
    assert sorted(elsewhere.iterdir()) == theirs  # nothing written there, nothing removed


def _memory_capped():
    """A child that reads /dev/zero whole fails fast instead of taking the machine's memory."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _build(plan: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    """`handouts build` in a process of its own, which must end within the timeout."""
    return subprocess.run([sys.executable, "-m", "handouts", "build", str(plan), "-o", str(out)],
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env}, cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=60, preexec_fn=_memory_capped)


def test_a_pipe_or_a_device_in_the_cache_is_never_waited_on(tmp_path):
    """Old caches hung on a pipe for ever and read /dev/zero through a link until memory ran out."""
    assert _build(SAMPLE_PLAN, tmp_path / "uncached.pdf", HOME="", XDG_CACHE_HOME="").returncode == 0
    cache = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert _build(SAMPLE_PLAN, tmp_path / "first.pdf", **cache).returncode == 0
    entries = sorted((tmp_path / "cache" / "handouts").glob("*/*.marshal"))
    assert {entry.parent.name for entry in entries} == {"drawings", "fonts"}
    for number, entry in enumerate(entries):
        entry.unlink()
        if number % 2:
            entry.symlink_to("/dev/zero")
        else:
            os.mkfifo(entry)
    built = _build(SAMPLE_PLAN, tmp_path / "out.pdf", **cache)
    assert built.returncode == 0 and built.stderr.startswith("wrote ") and built.stderr.count("\n") == 1
    assert (tmp_path / "out.pdf").read_bytes() == (tmp_path / "uncached.pdf").read_bytes()
    assert all(stat.S_ISREG(entry.lstat().st_mode) for entry in entries)
