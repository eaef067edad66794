"""Fonts parsed once and kept in the user's cache folder print the same bytes as fonts parsed afresh; an entry
that is not exactly what was stored for its font (damaged, cut short, another face's, a link) is parsed again.

These tests are about the folder: each load reads it, past the tables a process keeps in memory."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from cache_faults import DAMAGES
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from handouts.load.resources import data_dir
from handouts.preflight import fonts
from handouts.preflight.fonts import _cache_file
from handouts.render.font_cache import load_font

TEXT = "Siobhán Łukasiewicz · Nguyễn Thị Lan · 20 min ✓"


def _page(font) -> bytes:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.setFont(font.fontName, 12)
    canvas.drawString(72, 720, TEXT)
    canvas.showPage()
    return canvas.getpdfdata()


def _parses(monkeypatch) -> list:
    """The fonts reportlab parses from now on (not read from the cache)."""
    parses = []

    class Parsing(TTFont):
        def __init__(self, *args, **kwargs):
            parses.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr("reportlab.pdfbase.ttfonts.TTFont", Parsing)
    return parses


@pytest.fixture(autouse=True)
def _from_the_folder(monkeypatch):
    """Every load reads the cache folder, as a new process does."""
    monkeypatch.setattr(fonts, "_tables_of", fonts._tables_of.__wrapped__)


def test_a_cached_font_prints_the_same_bytes_as_a_fresh_parse(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = data_dir("fonts") / "DejaVuSans.ttf"
    load_font("cache-test-a", path)  # parsed, and stored
    assert _cache_file(path).path.is_file() and _cache_file(path).path.parent == tmp_path / "handouts" / "fonts"
    parses = _parses(monkeypatch)
    cached = load_font("cache-test-b", path)
    assert parses == []  # read from the cache file, not parsed again
    fresh = TTFont("cache-test-c", str(path))  # reportlab's own parse, nothing of ours in between
    assert cached.face.charWidths == fresh.face.charWidths and cached.face.name == fresh.face.name
    assert cached.stringWidth(TEXT, 12) == fresh.stringWidth(TEXT, 12)
    assert _page(cached).replace(b"cache-test-b", b"cache-test-c") == _page(fresh)


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_bad_entry_is_parsed_again(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    faces = [data_dir("fonts") / name for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")]
    fresh = [_page(TTFont(f"cache-test-{path.stem}", str(path))) for path in faces]
    for path in faces:
        load_font("cache-test-stored", path)
    damage([_cache_file(path).path for path in faces])
    parses = _parses(monkeypatch)
    assert [_page(load_font(f"cache-test-{path.stem}", path)) for path in faces] == fresh  # each face its own
    assert len(parses) == 2
    assert [_page(load_font(f"cache-test-{path.stem}", path)) for path in faces] == fresh
    assert len(parses) == 2  # stored again, whole: read from the cache this time


def test_a_font_copied_back_with_its_old_time_is_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = tmp_path / "Clinic.ttf"
    shutil.copy2(data_dir("fonts") / "DejaVuSans.ttf", path)
    load_font("cache-test-clinic", path)
    parses = _parses(monkeypatch)
    before = path.stat()
    shutil.copyfile(data_dir("fonts") / "DejaVuSans.ttf", path)  # another copy in its place, as `cp -p` would
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    load_font("cache-test-clinic", path)
    assert len(parses) == 1


def test_an_unwritable_cache_means_parsing_again(tmp_path, monkeypatch):
    path = data_dir("fonts") / "DejaVuSans-Bold.ttf"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    reference = _page(load_font("cache-test-c", path))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the cache folder cannot be made
    assert _page(load_font("cache-test-c", path)) == reference
    assert not list(Path(tmp_path).rglob("*.part"))
