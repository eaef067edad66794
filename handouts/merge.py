"""One duplex-safe print file from finished handout PDFs.

Every handout starts on a front side: one with an odd page count is followed by
a blank page of the same size, so that the next handout never lands on the back
of the previous one's last sheet. reportlab cannot read a PDF back, so this uses
pypdf (pure Python); re-rendering every plan into one document instead would
need a second rendering path and double the work.
"""

from __future__ import annotations

import io
from pathlib import Path

from handouts import __version__
from handouts.checks import clean_text


def merge(handouts: list[tuple[Path, str]], *, copies: int = 1) -> tuple[bytes, int]:
    """(the merged PDF, its page count) from (PDF path, bookmark title) pairs, each `copies` times."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for path, title in handouts:
        reader = PdfReader(path)
        last = reader.pages[-1].mediabox
        for _ in range(copies):
            # One bookmark per handout (its own section bookmarks would make hundreds).
            writer.append(reader, outline_item=clean_text(title), import_outline=False)
            if len(reader.pages) % 2:
                writer.add_blank_page(width=last.width, height=last.height)
    # Handouts from one template share fonts and images; keep each once in the print file.
    writer.compress_identical_objects()
    writer.add_metadata({"/Title": "Print file", "/Producer": f"handouts {__version__}",
                         "/Creator": f"handouts {__version__}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), len(writer.pages)
