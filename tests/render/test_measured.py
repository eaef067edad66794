"""A paragraph or table measured at other sizes in between draws as one measured once at its last size; paragraphs
that share a parse within a build are laid out apart, and the parses end with the build."""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from handouts.render import measured
from handouts.render.measured import Paragraph, Table, one_build

TEXT = "Sit tall. Tilt your <b>right ear</b> towards your right shoulder until you feel a gentle stretch. " * 3
STYLE = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)


def _drawn(flowable, *sizes) -> bytes:
    """The page `flowable` draws on after being measured at each of `sizes`, the last one as it is drawn."""
    canvas = Canvas(io.BytesIO(), invariant=1)
    for width, height in sizes:
        flowable.wrapOn(canvas, width, height)
    flowable.drawOn(canvas, 72, 200)
    canvas.showPage()
    return canvas.getpdfdata()


def _table() -> Table:
    return Table([[Paragraph(TEXT, STYLE), Paragraph("Hold 15 s", STYLE)]] * 3, colWidths=[150, 80])


def test_a_paragraph_measured_at_another_width_in_between_draws_as_if_measured_once():
    once = _drawn(Paragraph(TEXT, STYLE), (200, 500))
    assert _drawn(Paragraph(TEXT, STYLE), (200, 500), (120, 500), (200, 300), (200, 500)) == once
    assert _drawn(Paragraph(TEXT, STYLE), (120, 500)) != once


def test_a_paragraph_that_split_measures_again():
    paragraph = Paragraph(TEXT, STYLE)
    paragraph.wrap(200, 500)
    assert paragraph.split(200, 5) == []  # no room for two lines: it forgets the lines it measured
    assert _drawn(paragraph, (200, 500)) == _drawn(Paragraph(TEXT, STYLE), (200, 500))


def test_a_table_measured_or_split_at_another_size_in_between_draws_as_if_measured_once():
    once = _drawn(_table(), (300, 500))
    assert _drawn(_table(), (300, 500), (300, 100), (300, 500)) == once
    table = _table()
    table.wrap(300, 500)
    assert len(table.split(300, 260)) == 2  # two rows here, one on the next page
    assert _drawn(table, (300, 500)) == once


def test_paragraphs_that_share_a_parse_are_laid_out_apart():
    alone = _drawn(Paragraph(TEXT, STYLE), (200, 500))
    with one_build():
        first, second = Paragraph(TEXT, STYLE), Paragraph(TEXT, STYLE)
        first.wrap(120, 500)
        assert len(first.split(120, 30)) == 2  # the first is split in two, at another width
        assert _drawn(second, (200, 500)) == alone
        assert measured._parses.get()
    assert measured._parses.get() is None  # no patient's words kept after the build


def test_a_table_measured_whole_answers_at_any_height_it_fits_and_one_measured_in_part_measures_again():
    def spanning() -> Table:  # with a cell across two rows, platypus measures rows only until they pass the height
        table = Table([[Paragraph(TEXT, STYLE), Paragraph("Hold 15 s", STYLE)]] * 4, colWidths=[150, 80])
        table.setStyle([("SPAN", (1, 0), (1, 1))])
        return table

    table = spanning()
    whole = table.wrap(300, 600)
    assert table.wrap(300, 1e6) == whole and table.wrap(300, whole[1]) == whole
    assert _drawn(table, (300, 900)) == _drawn(spanning(), (300, 900))
    part = spanning()
    assert part.wrap(300, 60)[1] < whole[1]  # its first two rows measured
    assert part.wrap(300, 600) == whole
