"""Fonts parsed once and kept in the user's cache folder print the same bytes as fonts parsed afresh."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from handouts.load.resources import data_dir
from handouts.render.font_cache import _cache_file, load_font

TEXT = "Siobhán Łukasiewicz · Nguyễn Thị Lan · 20 min ✓"


def _page(font) -> bytes:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.setFont(font.fontName, 12)
    canvas.drawString(72, 720, TEXT)
    canvas.showPage()
    return canvas.getpdfdata()


def test_a_cached_font_prints_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = data_dir("fonts") / "DejaVuSans.ttf"
    parsed = load_font("cache-test-a", path)  # parsed, and stored
    assert _cache_file(path).is_file() and _cache_file(path).parent == tmp_path / "handouts" / "fonts"
    cached = load_font("cache-test-b", path)
    assert cached.face.charWidths == parsed.face.charWidths and cached.face.name == parsed.face.name
    assert cached.stringWidth(TEXT, 12) == parsed.stringWidth(TEXT, 12)
    assert _page(cached).replace(b"cache-test-b", b"cache-test-a") == _page(parsed)


def test_a_damaged_or_unwritable_cache_means_parsing_again(tmp_path, monkeypatch):
    path = data_dir("fonts") / "DejaVuSans-Bold.ttf"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    reference = _page(load_font("cache-test-c", path))
    _cache_file(path).write_bytes(b"\x00not marshal data")
    assert _page(load_font("cache-test-c", path)) == reference
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the cache folder cannot be made
    assert _page(load_font("cache-test-c", path)) == reference
    assert not list(Path(tmp_path).rglob("*.part"))
