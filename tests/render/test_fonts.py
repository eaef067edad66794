"""Chinese characters print in the CJK font, embedded as a subset, and only in the handouts that have them."""

from __future__ import annotations

import io

from conftest import one_line, pdf_text
from pypdf import PdfReader

from handouts.build import pdf_bytes
from handouts.check.plan import load_plan
from handouts.render import fonts

CJK_FONT = "DroidSansFallback"  # the font's own name, which the PDF carries
CHINESE_NAME = "王小明"


def embedded_fonts(data: bytes) -> dict[str, int]:
    """Each font the PDF embeds, by its base name, with the size of the font file it carries."""
    found = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font).get(
                "/FontDescriptor")
            if descriptor is not None:
                found[font["/BaseFont"]] = len(descriptor.get_object()["/FontFile2"].get_object().get_data())
    return found


def test_a_chinese_name_on_an_english_handout_prints_in_the_cjk_font(write_plan):
    data = pdf_bytes(load_plan(write_plan({"patient": {"name": CHINESE_NAME, "id": "MRN-1"}, "date": "2026-11-24",
                                           "exercises": ["neck-tilt"], "notes": "每天两次。Call us if it hurts."})))
    text = one_line(pdf_text(data))
    assert text.count(CHINESE_NAME) >= 2  # the patient block and every page's footer
    assert "每天两次。Call us if it hurts." in text
    cjk = {name: size for name, size in embedded_fonts(data).items() if name.endswith(f"+{CJK_FONT}")}
    assert len(cjk) == 1, embedded_fonts(data)  # a subset: reportlab names it with a six-letter tag
    assert next(iter(cjk.values())) < 50_000  # the 4 MB font cut to the characters printed


def test_an_english_handout_embeds_no_cjk_font(write_plan):
    data = pdf_bytes(load_plan(write_plan({"patient": {"name": "José Müller"}, "exercises": ["neck-tilt"]})))
    assert not [name for name in embedded_fonts(data) if CJK_FONT in name]


def test_text_is_cut_into_runs_of_the_font_that_prints_them():
    assert fonts.font_runs("Ana", "F") == [("Ana", "F")]
    cjk = fonts.cjk_font()
    assert fonts.font_runs("王 Ana，好", "F") == [("王", cjk), (" Ana", "F"), ("，好", cjk)]
    assert fonts.width("王", "Helvetica", 10) == 10  # a CJK character is one em wide, not Helvetica's box
