"""Lay the story out on branded pages and return the PDF's bytes.

The page template's `onPage` draws all page furniture (logo, clinic name and
contact line, the patient's name, "Page X of Y"); the story holds only content.
"""

from __future__ import annotations

import io

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from handouts import __version__, images
from handouts.errors import UserError
from handouts.flowables import SectionHeading
from handouts.model import Plan
from handouts.styles import Styles, styles_for
from handouts.text import fill

LOGO_HEIGHT = 14 * mm


class _Canvas(Canvas):
    """Draws each page's "Page X of Y" as a form filled in once the total is known.

    A form keeps the bookmarks pointing at the right pages, which deferring
    whole pages (the usual trick) does not, and costs no second layout pass.
    """

    page_label = None  # set by render() on its subclass: (strings, font, size, colour, right edge, baseline)

    def save(self):
        strings, font, size, color, right, baseline = self.page_label
        total = self.getPageNumber() - 1
        for n in range(1, total + 1):
            self.beginForm(f"pageno{n}")
            self.setFont(font, size)
            self.setFillColor(color)
            self.drawRightString(right, baseline, fill(strings, "page_of", n, total=total))
            self.endForm()
        super().save()


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable):
        if isinstance(flowable, SectionHeading):
            key = f"s{self.seq.nextf('section')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline, key, level=0)


def render(plan: Plan, story: list) -> bytes:
    layout = plan.layout
    st = styles_for(layout)
    words = plan.library.strings
    width = layout.page_size[0]
    top, right, bottom, left = layout.margins
    buffer = io.BytesIO()
    clinic = layout.clinic
    # Compressed streams stay binary: base-85 text would make every handout and print file a quarter larger.
    rl_config.useA85 = 0
    doc = _Doc(
        buffer, pagesize=layout.page_size, leftMargin=left, rightMargin=right, topMargin=top,
        bottomMargin=bottom, title=plan.title, author=clinic.name,
        subject=plan.condition.name,
        creator=f"handouts {__version__}", producer=f"handouts {__version__}", keywords="",
        lang=plan.language, invariant=1, displayDocTitle=1,
        initialFontName=f"{st.family}-regular",  # else every page names an unembedded Helvetica
    )
    frame = Frame(left, bottom, *layout.content_size, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    furniture = _Furniture(plan, st)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=furniture.draw)])

    class PageCanvas(_Canvas):
        page_label = (words, f"{st.family}-regular", min(layout.sizes["small"], 9), st.color["muted"], width - right,
                      bottom - 10 * mm)

    try:
        doc.build(story, canvasmaker=PageCanvas)
    except LayoutError:  # cards already break when taller than a page; anything else is the layout's sizes
        raise UserError(f"{layout.source}: part of the handout is too large for a page of this layout; use a "
                        "larger page size, smaller text sizes or narrower margins") from None
    return buffer.getvalue()


class _Furniture:
    """Header and footer, drawn on every page."""

    def __init__(self, plan: Plan, st: Styles):
        self.plan, self.st = plan, st
        layout = plan.layout
        self.logo = images.prepare(layout.logo, LOGO_HEIGHT * 4, LOGO_HEIGHT, layout.mono) if layout.logo else None
        # The header is the same on every page: placed once, here, where a clinic detail that does not fit
        # can stop the build with its reason (reportlab would garble an error raised while drawing a page).
        width = layout.page_size[0]
        _, right, _, left = layout.margins
        clinic = layout.clinic
        self.text_x = left + (self.logo[1][0] + 3 * mm if self.logo else 0)
        room = width - right - self.text_x
        regular, bold = f"{st.family}-regular", f"{st.family}-bold"
        self.name_size = min(layout.sizes["heading"], 14)
        self.info_size = min(layout.sizes["small"], 9)  # furniture stays modest even in large print
        self.contact = "   ".join(v for v in (clinic.phone, clinic.web) if v)
        contact_w = stringWidth(self.contact, regular, self.info_size) + 5 * mm if self.contact else 0
        # Contact details sit beside the name when both fit, else beside the address. A clinic's details
        # are never cut short: what does not fit stops the build with the reason.
        self.beside_name = stringWidth(clinic.name, bold, self.name_size) + contact_w <= room
        _must_fit(layout, "name", clinic.name, bold, self.name_size, room - (contact_w if self.beside_name else 0))
        _must_fit(layout, "phone and web", self.contact, regular, self.info_size, room)
        _must_fit(layout, "address", clinic.address, regular, self.info_size,
                  room - (0 if self.beside_name else contact_w))

    def draw(self, canvas: Canvas, doc) -> None:
        layout, st = self.plan.layout, self.st
        width, height = layout.page_size
        top, right, bottom, left = layout.margins
        clinic = layout.clinic
        canvas.saveState()
        # Header: logo and clinic name on the left, contact details on the right, a rule under both.
        base = height - top + 9 * mm
        if self.logo:
            reader, (w, h) = self.logo
            canvas.drawImage(reader, left, base - 1 * mm, w, h)
        regular, bold = f"{st.family}-regular", f"{st.family}-bold"
        info_size = self.info_size
        name_y, address_y = base + LOGO_HEIGHT * 0.48, base + LOGO_HEIGHT * 0.48 - info_size * 1.7
        canvas.setFillColor(st.color["primary"])
        canvas.setFont(bold, self.name_size)
        canvas.drawString(self.text_x, name_y, clinic.name)
        canvas.setFillColor(st.color["muted"])
        canvas.setFont(regular, info_size)
        if self.contact:
            canvas.drawRightString(width - right, name_y if self.beside_name else address_y, self.contact)
        if clinic.address:
            canvas.drawString(self.text_x, address_y, clinic.address)
        canvas.setStrokeColor(st.color["primary"])
        canvas.setLineWidth(1.2)
        canvas.line(left, base - 3 * mm, width - right, base - 3 * mm)
        # Footer: who the handout is for (nothing on a leaflet), and the page number.
        canvas.setStrokeColor(st.color["rule"])
        canvas.setLineWidth(0.6)
        line_y = bottom - 6 * mm
        canvas.line(left, line_y, width - right, line_y)
        canvas.setFillColor(st.color["muted"])
        canvas.setFont(regular, info_size)
        patient = self.plan.patient
        if patient:
            who = patient.name + (f"  ·  {fill(self.plan.library.strings, 'record_short', id=patient.id)}"
                                  if patient.id else "")
        else:
            who = " · ".join(v for v in (clinic.name, clinic.web) if v)
        canvas.drawString(left, bottom - 10 * mm, _fit(canvas, who, regular, info_size, (width - left - right) * 0.7))
        canvas.doForm(f"pageno{canvas.getPageNumber()}")
        canvas.restoreState()


def _must_fit(layout, what: str, text: str, font: str, size: float, width: float) -> None:
    """A UserError if the clinic's `what` is wider than the header has room for: a clinic's address or
    phone number cut short would send patients to the wrong place."""
    needed = stringWidth(text, font, size) if text else 0
    if needed > width:
        raise UserError(f"{layout.source}: clinic: the {what} needs {needed / mm:.0f} mm in the page header, which "
                        f"has {max(width, 0) / mm:.0f} mm for it; shorten it, or use a smaller logo or a wider page")


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so a very long name cannot run into the page number."""
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
