"""The print file read by pypdf in strict mode, in every test run: `write/merge.py` copies reportlab's objects
with its own reader, so this is the check that does not skip where qpdf, mutool and Ghostscript are missing."""

from __future__ import annotations

import logging

from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject
from test_merge import batch  # noqa: F401  (the fixture: a roster with a bad row, and its template)


def _every_object(reader: PdfReader):
    """Each object the file's cross-reference table lists, resolved: a dangling or unparsable one raises."""
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield reader.get_object(IndirectObject(number, generation, reader))


def test_print_files_read_strictly_with_every_stream_decoded(run, tmp_path, batch, caplog):  # noqa: F811
    roster, template = batch
    run("batch", roster, "--template", template, "-o", tmp_path / "out", "--merge", tmp_path / "print.pdf",
        "--jobs", 1)
    for k in (1, 2):
        run("batch", roster, "--template", template, "-o", tmp_path / "s", "--merge", tmp_path / f"s{k}.pdf",
            "--shard", f"{k}/2", "--jobs", 1)
    run("merge", tmp_path / "s1.pdf", tmp_path / "s2.pdf", "-o", tmp_path / "joined.pdf")
    for pdf in (tmp_path / "print.pdf", tmp_path / "joined.pdf"):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="pypdf"):  # pypdf logs, not raises, what it recovers from
            reader = PdfReader(pdf, strict=True)
            objects = list(_every_object(reader))
            for stream in (o for o in objects if isinstance(o, StreamObject)):
                stream.get_data()  # every stream decodes with its own filters
            texts = [page.extract_text() for page in reader.pages]  # blank pages are the duplex padding
        assert objects and None not in objects, f"{pdf.name}: an object the xref lists is missing"
        assert not caplog.records, f"{pdf.name}: {caplog.records[0].getMessage()}"
        assert any("Ana One" in t for t in texts) and not any("Broken Row" in t for t in texts)
        assert [item.title for item in reader.outline if not isinstance(item, list)][:1]  # bookmarked
