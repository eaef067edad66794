"""reportlab's web-address pattern, compiled on first use, answers as the pattern compiled at import would."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

import handouts
from handouts.render.deferred_regex import DeferredPattern
from handouts.render.measured import Paragraph

ADDRESSES = ["https://example.org/videos/neck-tilt", "http://192.168.1.20:8080/a?b=c", "ftp://[::1]/x",
             "https://clínica.example.mx/ejercicios/", "not an address", "https://-bad-.org", "mailto:x@example.org"]


def test_a_build_process_defers_the_pattern():
    # A fresh process, as a cold `handouts build` is: this one may have imported reportlab before handouts.
    probe = ("import handouts.run.build; from reportlab.platypus import paragraph; "
             "print(type(paragraph.uri_pat).__name__, paragraph.uri_pat._compiled)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(Path(handouts.__file__).parent.parent)})
    assert done.stdout.split() == ["DeferredPattern", "None"]


def test_the_deferred_pattern_matches_as_the_compiled_one():
    from reportlab.platypus import paragraph

    compiled = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
    deferred = DeferredPattern(compiled.pattern, compiled.flags)
    for text in ADDRESSES:
        ours, theirs = deferred.match(text), compiled.match(text)
        assert (ours and ours.groups()) == (theirs and theirs.groups()), text


def test_a_long_address_still_breaks_at_its_slashes():
    address = "https://example.org/videos/neck-exercises/gentle-neck-tilt-to-each-side"
    style = ParagraphStyle("narrow", fontName="Helvetica", fontSize=10, leading=12, splitLongWords=1,
                           uriWasteReduce=0.3)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=(150, 400), leftMargin=10, rightMargin=10).build([Paragraph(address, style)])
    lines = PdfReader(out).pages[0].extract_text().splitlines()
    assert len(lines) > 1 and all(line.endswith("/") for line in lines[:-1]), lines
    assert "".join(lines) == address
