"""A Paragraph that remembers its last measurement.

platypus measures one paragraph many times at the same width: a table measures
its cells each time it is measured itself, a run of cards measures each card
for every page it tries, and the frame measures once more before drawing.
Where a paragraph's lines break depends only on the width it is given, so
asked again at the width it was last measured at, it answers what it found;
at any other width it measures again. The memo lives on the paragraph, so it
goes when the story does: nothing of a patient's outlives the build.
"""

from __future__ import annotations

from reportlab.platypus import paragraph


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
