"""Chinese characters print in the CJK font, embedded as a subset, and only in the handouts that have them."""

from __future__ import annotations

import io
import itertools

from conftest import one_line, pdf_text
from pypdf import PdfReader

from handouts.check.plan import load_plan
from handouts.render import fonts
from handouts.run.build import pdf_bytes

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


def test_chinese_wraps_between_characters_never_inside_a_latin_word_or_a_number_nor_before_a_closing_mark():
    from conftest import PLANS

    from handouts.check.layout import load_layout, resolve_layout
    from handouts.render.measured import Paragraph
    from handouts.render.styles import styles_for

    style = styles_for(load_layout(resolve_layout("default", PLANS)))["body"]
    text = ("请慢慢做，每天做 12 次，每次 30 秒。如果疼痛加重，请 call your therapist 或者打 (555) 014-2290。"
            "冰袋和皮肤之间一定要垫一块薄布。每隔几分钟看一看皮肤，如果皮肤变白、出现斑块或发麻，请停下来。") * 2
    for width in range(80, 400, 7):  # from a narrow table cell to a full line
        paragraph = Paragraph(text, style)
        paragraph.wrap(width, 1000)
        lines = ["".join(word.text for word in line.words) for line in paragraph.blPara.lines]
        assert len(lines) > 3 and "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert [line for line in lines if line.lstrip()[0] in fonts.CLOSING_MARKS] == [], width
        split = [(a, b) for a, b in itertools.pairwise(lines) if a[-1].isascii() and a[-1].isalnum()
                 and b[0].isascii() and b[0].isalnum()]  # a word or a number cut in two (a space ends a line)
        assert split == [], width
