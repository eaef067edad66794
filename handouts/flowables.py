"""Small reportlab flowables the story needs and platypus does not have."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph


class SectionHeading(Paragraph):
    """A heading that the document template turns into a PDF bookmark."""

    def __init__(self, text: str, style, outline: str):
        super().__init__(text, style)
        self.outline = outline


class Picture(Flowable):
    """A prepared raster image (see images.prepare), centred in a fixed box."""

    def __init__(self, reader, shown: tuple[float, float], box: tuple[float, float]):
        super().__init__()
        self.reader, self.shown, self.box = reader, shown, box

    def wrap(self, avail_width, avail_height):
        return self.box

    def draw(self):
        w, h = self.shown
        x, y = (self.box[0] - w) / 2, (self.box[1] - h) / 2
        self.canv.drawImage(self.reader, x, y, w, h)


class TickBoxes(Flowable):
    """A row of tick boxes with the suggested time printed above each.

    Every chart row shares `slots` columns across `width`, so boxes line up
    from day to day. When the times would not fit at `size` (large print),
    the boxes wrap onto more lines instead of shrinking the print.
    """

    def __init__(self, labels: tuple[str, ...], width: float, slots: int, font: str, size: float, color, box_color):
        super().__init__()
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.labels, self.font, self.size, self.color, self.box_color = labels, font, size, color, box_color
        widest = max((stringWidth(label, font, size) for label in labels), default=size)
        fits = max(1, int(width // (widest * 1.2)))
        lines = -(-slots // fits)
        self.per_row = -(-slots // lines)  # balanced: 7 + 6, not 12 + 1
        self.cell_width = width / self.per_row
        self.side = min(self.cell_width * 0.62, size * 2.1)
        self.line_height = self.side + size * 1.45
        self.lines = max(1, -(-len(labels) // self.per_row))

    def wrap(self, avail_width, avail_height):
        gap = self.size * 0.5
        return self.cell_width * self.per_row, self.lines * self.line_height + (self.lines - 1) * gap

    def draw(self):
        c = self.canv
        c.setFont(self.font, self.size)
        c.setFillColor(self.color)
        c.setStrokeColor(self.box_color)
        c.setLineWidth(0.8)
        gap = self.size * 0.5
        for i, label in enumerate(self.labels):
            line, column = divmod(i, self.per_row)
            bottom = (self.lines - 1 - line) * (self.line_height + gap)
            centre = self.cell_width * (column + 0.5)
            c.drawCentredString(centre, bottom + self.side + self.size * 0.45, label)
            c.rect(centre - self.side / 2, bottom, self.side, self.side, stroke=1, fill=0)


class WholeOrRows(KeepTogether):
    """A card kept whole (moved to the next page when it does not fit this one); a card taller than a
    whole page is swapped for `rows()`, a version that may break between its rows. Deciding here, where
    platypus has measured the card anyway, costs nothing for the cards that fit."""

    def __init__(self, card, rows, page_height: float):
        super().__init__([card])
        self._rows, self._page_height = rows, page_height

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= self._page_height:
            return super().split(aW, aH)
        # The frame places the first piece returned without splitting it again: so the rows card is
        # split here, to the space left, or starts on the next page if not even its title fits.
        rows = self._rows()
        return rows.splitOn(self.canv, aW, aH) or [self.FrameBreak(), rows]


class Beneath(Flowable):
    """A paragraph with a second one right under it, moved and kept as one (a two-language line)."""

    def __init__(self, first: Paragraph, second: Paragraph, gap: float):
        super().__init__()
        self.first, self.second, self.gap = first, second, gap

    def wrap(self, avail_width, avail_height):
        self._first_height = self.first.wrap(avail_width, avail_height)[1]
        self.height = self._first_height + self.gap + self.second.wrap(avail_width, avail_height)[1]
        self.width = avail_width
        return self.width, self.height

    def getSpaceBefore(self):
        return self.first.getSpaceBefore()

    def getSpaceAfter(self):
        return max(self.first.getSpaceAfter(), self.second.getSpaceAfter())

    def draw(self):  # the first first: text is read back (and by screen readers) in drawing order
        self.first.drawOn(self.canv, 0, self.height - self._first_height)
        self.second.drawOn(self.canv, 0, 0)
