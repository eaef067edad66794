"""A Paragraph and a Table that remember their last measurement.

platypus measures one flowable many times at the same size: a table measures
its cells each time it is measured itself, a run of cards measures each card
for every page it tries, and the frame measures once more before drawing.
Where a paragraph's lines break depends only on the width it is given, and a
table's rows only on the size it is given and its cells' sizes, so asked again
at the size it was last measured at, each answers what it found; at any other
size it measures again. (A table's cells are its own: nothing else measures
them in between at another width.) The memo lives on the flowable, so it goes
when the story does: nothing of a patient's outlives the build.
"""

from __future__ import annotations

from reportlab.platypus import paragraph, tables


class Paragraph(paragraph.Paragraph):
    _measured = None  # (width, the size wrap returned at that width)

    def wrap(self, availWidth, availHeight):
        measured = self._measured
        # split() may have dropped the lines it measured: then it measures again.
        if measured is not None and measured[0] == availWidth and hasattr(self, "blPara"):
            return measured[1]
        size = super().wrap(availWidth, availHeight)
        self._measured = availWidth, size
        return size


class Table(tables.Table):
    _measured = None  # the (width, height) its rows and columns were last worked out for

    def wrap(self, availWidth, availHeight):
        if self._measured != (availWidth, availHeight):
            super().wrap(availWidth, availHeight)
            self._measured = availWidth, availHeight
        return self._width, self._height

    def split(self, availWidth, availHeight):
        self._measured = None  # splitting works the rows out again, for its own size
        return super().split(availWidth, availHeight)
