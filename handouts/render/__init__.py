"""Step 4, render: the story laid out on pages in the layout's fonts and styles, as PDF bytes."""

from handouts.render.deferred_regex import import_paragraph

import_paragraph()  # before any module here imports platypus: a cold start skips a 25-50 ms compile
