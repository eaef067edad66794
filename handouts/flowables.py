"""Small reportlab flowables the story needs and platypus does not have."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph


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
    """A row of tick boxes with the suggested time printed above each."""

    def __init__(self, labels: tuple[str, ...], cell_width: float, font: str, size: float, color, box_color):
        super().__init__()
        self.labels, self.cell_width = labels, cell_width
        self.font, self.size, self.color, self.box_color = font, size, color, box_color
        self.side = min(cell_width * 0.62, size * 2.1)

    def wrap(self, avail_width, avail_height):
        return self.cell_width * len(self.labels), self.side + self.size * 1.45

    def draw(self):
        c = self.canv
        c.setFont(self.font, self.size)
        c.setFillColor(self.color)
        c.setStrokeColor(self.box_color)
        c.setLineWidth(0.8)
        for i, label in enumerate(self.labels):
            centre = self.cell_width * (i + 0.5)
            c.drawCentredString(centre, self.side + self.size * 0.45, label)
            c.rect(centre - self.side / 2, 0, self.side, self.side, stroke=1, fill=0)
