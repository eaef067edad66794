"""Lay the story out on branded pages and return the PDF's bytes.

The page template's `onPage` draws all page furniture (logo, clinic name and
contact line, the patient's name, "Page X of Y"); the story holds only content.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageBreak, PageTemplate, Spacer
from reportlab.platypus.doctemplate import ActionFlowable, LayoutError

from handouts import __version__
from handouts.check.model import Layout
from handouts.errors import UserError
from handouts.preflight import images
from handouts.render import fonts, readback
from handouts.render.flowables import (
    BREAK_FROM,
    CardRun,
    RuledArea,
    SectionHeading,
    Sections,
    TableWithTail,
    WholeOrFlow,
)
from handouts.render.measured import Paragraph
from handouts.render.styles import Styles, styles_for

LOGO_HEIGHT = 14 * mm
SPREAD_FROM = 0.15  # a page's blank foot above this share of the frame is spread between its blocks


@dataclass(frozen=True)
class PageSetup:
    """What the pages need besides their content: the layout, the words printed around the content, the PDF's
    metadata and the footer's line."""

    layout: Layout
    page_of: tuple[str, str]  # the phrase "Page {n} of {total}" for page 1 (a language may say it otherwise), then the rest
    continued: str  # "{section}, continued", as paragraph markup: {section} takes the heading's own markup
    title: str
    subject: str
    language: str  # the PDF's language tag
    date: dt.date  # the PDF's creation date: the handout's own, so the same plan gives the same bytes
    footer: tuple[str, str]  # left of the page number: who it is for (shortened if it must be), then what stays whole
    archival: bool = False  # PDF/A-2b for a records archive (render/archival.py); a plain handout's bytes stay


def clinic_line(layout: Layout) -> tuple[str, str]:
    """The footer of a page for no one in particular (a leaflet, the contact sheet): the clinic, and its web
    address kept whole."""
    return layout.clinic.name, f" · {layout.clinic.web}" if layout.clinic.web else ""


class _Canvas(Canvas):
    """Draws each page's "Page X of Y" as a form filled in once the total is known.

    A form keeps the bookmarks pointing at the right pages, which deferring
    whole pages (the usual trick) does not, and costs no second layout pass.
    """

    page_label = None  # set by render() on its subclass: (the page number's phrases, font, size, colour, right edge, baseline)
    created = None  # set by render() on its subclass: the handout's date, the PDF's creation date
    archival = False  # set by render() on its subclass: write PDF/A-2b

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The handout's own date, not the moment it was built: the same plan still gives the same bytes.
        self.setDateFormatter(lambda *_: f"D:{self.created:%Y%m%d}000000+00'00'")
        if self.archival:
            from handouts.render import archival

            info = self._doc.info  # read as the file is written: the XMP says what the Info dictionary says
            archival.make_archival(self._doc, lambda: archival.Description(
                title=info.title, producer=info.producer, creator=info.creator, author=info.author,
                subject=info.subject, keywords=info.keywords, created=self.created))

    def save(self):
        (first, rest), font, size, color, right, baseline = self.page_label
        total = self.getPageNumber() - 1
        for n in range(1, total + 1):
            self.beginForm(f"pageno{n}")
            self.setFillColor(color)
            fonts.draw(self, right, baseline, (first if n == 1 else rest).format(n=n, total=total), font, size, right=True)
            self.endForm()
        super().save()


class _Doc(BaseDocTemplate):
    """Bookmarks each section's heading, and repeats it ("Day to day, continued") at the top of a page
    that a section runs onto, so a patient who opens the handout there knows what they are reading."""

    continued = None  # set by render(): (the words' "{section}, continued", the heading style)
    _section = None  # the heading of the section being laid out
    _page_top = False  # nothing has been placed on this page yet

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.starts = {}  # page -> the story's blocks (their index) that begin on it
        self.opening = {}  # page -> the story block (its index) at its top; None for the rest of an earlier one
        self.room = {}  # page -> the height left empty at its foot
        self.heading_pages = {}  # a section's heading -> the page it first printed on (the fridge sheet names it)
        self.balance = None  # set by _build to spread pages: (the frame's height, the most a section's break grows)
        self.story = []  # the story as it was given: its blocks by index
        self._pending = []  # the story's blocks not yet laid out: none left once the last page ends
        self._marks = {}  # story index -> where its drawing begins in the page's content, and its _overlap

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self._page_top = True

    def handle_pageEnd(self):
        self.room[self.page] = self.frame._y - self.frame._y1p
        # Not the last page (nothing is left to lay out), nor a log page: its code says where its boxes are.
        if self.balance and self._pending and not readback.places_stated(self.canv):
            spread = _spread(self, self.page, *self.balance)
            marks = [(self._marks[index][0], space + self._marks[index][1]) for index, space in spread.items()]
            _move_down(self.canv._code, marks)
        self._marks = {}
        readback.finish_page(self.canv)  # the boxes are all down: the page's code and markers, if it reads back
        super().handle_pageEnd()

    def handle_flowable(self, flowables):
        first = flowables[0] if flowables else None
        if self._page_top and _is_content(first):
            self.opening[self.page] = getattr(first, "story_index", None)
        if self._page_top and self._section and _is_content(first) and not _opens_section(first):
            template, style = self.continued
            again = Paragraph(template.format(section=self._section), style)
            spot = readback.spot_after_break(_first_table(first))
            flowables.insert(0, readback.BesideSpot(again, spot) if spot else again)
        if _is_content(first):
            self._page_top = False
        page, mark = self.page, (len(self.canv._code), _overlap(getattr(self, "frame", None), first))
        self._pending = flowables
        super().handle_flowable(flowables)
        index = getattr(first, "story_index", None)
        if index is not None and (not flowables or flowables[0] is not first):  # placed, whole or in part
            self.starts.setdefault(page, []).append(index)
            self._marks.setdefault(index, mark)

    def afterFlowable(self, flowable):
        if isinstance(flowable, SectionHeading):
            self._section = flowable.shown
            self.heading_pages.setdefault(flowable.outline, self.page)
            key = f"s{self.seq.nextf('section')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline, key, level=0)


def _is_content(flowable) -> bool:
    """Whether a flowable continues a section on the page (a page break, a spacer or ruled lines do not)."""
    return flowable is not None and not isinstance(flowable, (ActionFlowable, Spacer, PageBreak, RuledArea))


def _overlap(frame: Frame | None, flowable) -> float:
    """How much of `flowable`'s space before the frame lets overlap the space after the block above it: space
    put between the two ends that overlap, so a break widened by `space` moves the block down `space` and this."""
    if frame is None or flowable is None or not frame._oASpace or frame._atTop:
        return 0.0
    return min(frame._prevASpace, flowable.getSpaceBefore())


def _first_table(flowable):
    """The table a flowable starts with (a table's part, kept with its tail or in its lead's place), if any."""
    if isinstance(flowable, KeepTogether) and flowable._content:
        flowable = flowable._content[0]
    return flowable.table if isinstance(flowable, TableWithTail) else flowable


def _opens_section(flowable) -> bool:
    """Whether a flowable starts with a section heading (a KeepTogether or a table's lead may hold one first);
    a run of cards heads each page itself."""
    while True:
        if isinstance(flowable, KeepTogether) and flowable._content:
            flowable = flowable._content[0]
        elif isinstance(flowable, TableWithTail) and flowable.lead:
            flowable = flowable.lead[0]
        elif isinstance(flowable, WholeOrFlow):
            flowable = flowable.whole[0]
        elif isinstance(flowable, Sections):
            flowable = flowable.sections[0][0]
        else:
            return isinstance(flowable, (SectionHeading, CardRun))


def render(page: PageSetup, story: list, remake=None) -> bytes:
    """The PDF of `story`. With `remake` (a function that makes the story again), pages evened without moving
    anything to another page: a page that ends in a wide blank band because the next block would not fit gets
    a little of that band before its section headings (as much again as their space before at most: the flow
    fills pages, this only evens them), moved down as the page ends, in the same pass; and a table that broke
    onto a page it left half empty leaves that page more rows, which takes a second pass."""
    laid_out = list(story)  # the layout uses the list up; its blocks remember how they broke
    data, doc = _build(page, story, balance=remake is not None)
    if remake is None:
        return data
    carry = _carry(doc, laid_out, page.layout.content_size[1])
    if not carry:
        return data
    story = remake()  # the first story's flowables were laid out: a second pass needs fresh ones
    for index, rows in carry.items():
        story[index].carry = rows
    return _build(page, story, balance=True)[0]


def _carry(doc: _Doc, laid_out: list, frame_height: float) -> dict[int, int]:
    """Story index -> rows a table that broke should leave for its next page, where that page holds nothing
    but the table's rest and ends more than BREAK_FROM blank (what follows could not start there): its page
    before gives up rows while it stays within BREAK_FROM blank itself, and the two pages even out."""
    last = max(doc.room, default=0)
    carry = {}
    for page, room in doc.room.items():
        starts = doc.starts.get(page - 1)
        if page == last or room <= BREAK_FROM * frame_height or doc.opening.get(page) is not None or not starts:
            continue
        if any(_is_content(laid_out[index]) for index in doc.starts.get(page, [])):
            continue  # a block begins here: the spread shares this page's room out
        table = laid_out[starts[-1]]
        if not isinstance(table, TableWithTail) or table.broke_at is None:
            continue
        rows, fewest = table.broke_at
        heights = table.table._rowHeights
        given, budget, moved = 0, BREAK_FROM * frame_height - doc.room[page - 1], 0.0
        while rows - given > fewest and moved < room - BREAK_FROM * frame_height:
            if moved + heights[rows - given - 1] > min(budget, room):
                break
            moved += heights[rows - given - 1]
            given += 1
        if given:
            carry[starts[-1]] = given
    return carry


def _spread(doc: _Doc, page: int, frame_height: float, most: float) -> dict[int, float]:
    """Story index -> space to add before that block on `page`, when its foot is emptier than SPREAD_FROM of
    the frame: its blank shared between the breaks before its section headings (a wider break between sections
    reads naturally), up to `most` each; what is left stays at the foot."""
    room, blocks = doc.room[page], doc.starts.get(page, [])
    if blocks and doc.opening.get(page) == blocks[0]:
        blocks = blocks[1:]  # nothing is added above the first block on a page
    sections = [index for index in blocks if _opens_section(doc.story[index])]
    if room < SPREAD_FROM * frame_height or not sections:
        return {}
    return {index: min(room * 0.97 / len(sections), most) for index in sections}


def _move_down(code: list[str], marks: list[tuple[int, float]]) -> None:
    """Move what a page drew from each mark (a place in its content) on down by that mark's space: the blocks
    below a widened break, as a second layout with the space added would place them (nothing there changes
    page: the space comes out of the page's blank foot)."""
    for at, space in sorted(marks, reverse=True):  # from the last mark, so the earlier places stay right
        code.insert(at, f"q 1 0 0 1 {fp_str(0, -space)} cm")
        code.append("Q")


def _build(page: PageSetup, story: list, *, balance: bool = False) -> tuple[bytes, _Doc]:
    for index, flowable in enumerate(story):
        flowable.story_index = index
    layout = page.layout
    st = styles_for(layout)
    width = layout.page_size[0]
    top, right, bottom, left = layout.margins
    buffer = io.BytesIO()
    clinic = layout.clinic
    # Compressed streams stay binary: base-85 text would make every handout and print file a quarter larger.
    rl_config.useA85 = 0
    doc = _Doc(
        buffer, pagesize=layout.page_size, leftMargin=left, rightMargin=right, topMargin=top,
        bottomMargin=bottom, title=page.title, author=clinic.name,
        subject=page.subject,
        creator=f"handouts {__version__}", producer=f"handouts {__version__}", keywords="",
        lang=page.language, invariant=1, displayDocTitle=1,
        initialFontName=f"{st.family}-regular",  # else every page names an unembedded Helvetica
    )
    doc.continued = (page.continued, st["heading"])
    doc.story = list(story)
    if balance:
        # A section's break may grow to twice its own space at most: more reads as a hole in the page. A page
        # left emptier than that is the flow's to fill (see flowables), not a band to move up into it; the blocks
        # inside a section keep their spacing (bullets spaced apart read as a list coming apart).
        doc.balance = layout.content_size[1], st["heading"].spaceBefore
    frame = Frame(left, bottom, *layout.content_size, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    furniture = _Furniture(page, st)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=furniture.draw)])

    class PageCanvas(_Canvas):
        page_label = (page.page_of, f"{st.family}-regular", furniture_size(layout), st.color["muted"], width - right,
                      footer_baseline(layout))
        created = page.date
        archival = page.archival

    try:
        doc.build(story, canvasmaker=PageCanvas)
    except LayoutError:  # cards already break when taller than a page; anything else is the layout's sizes
        raise UserError(f"{layout.source}: part of the handout is too large for a page of this layout; use a "
                        "larger page size, smaller text sizes or narrower margins") from None
    return buffer.getvalue(), doc


class _Furniture:
    """Header and footer, drawn on every page."""

    def __init__(self, page: PageSetup, st: Styles):
        self.page, self.st = page, st
        layout = page.layout
        self.logo = images.prepare(layout.logo, LOGO_HEIGHT * 4, LOGO_HEIGHT, layout.mono) if layout.logo else None
        # The header is the same on every page: placed once, here, where a clinic detail that does not fit
        # can stop the build with its reason (reportlab would garble an error raised while drawing a page).
        # Contact details sit beside the name when both fit, else beside the address; when even that is too
        # long the web address gives way to the phone. Nothing is cut short.
        width = layout.page_size[0]
        _, right, _, left = layout.margins
        clinic = layout.clinic
        regular, bold = f"{st.family}-regular", f"{st.family}-bold"
        self.text_x = left + (self.logo[1][0] + 3 * mm if self.logo else 0)
        room = width - right - self.text_x
        self.info_size = info_size = furniture_size(layout)
        self.name_size = name_size = max(min(layout.sizes["heading"], 14), info_size)
        name_w = fonts.width(clinic.name, bold, name_size)
        contacts = [c for c in ("   ".join(v for v in (clinic.phone, clinic.web) if v), clinic.phone) if c]
        self.contact = next((c for c in contacts if name_w + _width(c, regular, info_size) <= room),
                            contacts[-1] if contacts else "")
        contact_w = _width(self.contact, regular, info_size)
        self.beside_name = name_w + contact_w <= room
        _must_fit(layout, "name", clinic.name, bold, name_size, room - (contact_w if self.beside_name else 0))
        _must_fit(layout, "phone" if self.contact == clinic.phone else "phone and web address", self.contact, regular,
                  info_size, room)
        _must_fit(layout, "address", clinic.address, regular, info_size,
                  room - (0 if self.beside_name else contact_w))

    def draw(self, canvas: Canvas, doc) -> None:
        layout, st = self.page.layout, self.st
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
        name_y = base + LOGO_HEIGHT * 0.48
        address_y = name_y - max(info_size * 1.7, self.name_size * 1.15)
        canvas.setFillColor(st.color["primary"])
        fonts.draw(canvas, self.text_x, name_y, clinic.name, bold, self.name_size)
        canvas.setFillColor(st.color["muted"])
        if self.contact:
            fonts.draw(canvas, width - right, name_y if self.beside_name else address_y, self.contact, regular,
                       info_size, right=True)
        if clinic.address:
            fonts.draw(canvas, self.text_x, address_y, clinic.address, regular, info_size)
        canvas.setStrokeColor(st.color["primary"])
        canvas.setLineWidth(1.2)
        rule_y = min(base - 3 * mm, address_y - info_size * 0.45)  # under the descenders of large print
        canvas.line(left, rule_y, width - right, rule_y)
        # Footer: who the handout is for (the clinic, on a leaflet), and the page number.
        canvas.setStrokeColor(st.color["rule"])
        canvas.setLineWidth(0.6)
        line_y = bottom - 6 * mm
        canvas.line(left, line_y, width - right, line_y)
        canvas.setFillColor(st.color["muted"])
        fonts.draw(canvas, left, footer_baseline(layout), _footer(*self.page.footer, regular, info_size,
                                                                  (width - left - right) * 0.7), regular, info_size)
        canvas.doForm(f"pageno{canvas.getPageNumber()}")
        canvas.restoreState()


def furniture_size(layout) -> float:
    """The header's contact line and the footer: the layout's small print, up to 14 pt (large print's
    phone number must be readable; a default page's furniture stays modest)."""
    return min(layout.sizes["small"], 14)


def footer_baseline(layout) -> float:
    # Just under the footer's rule, whatever the size: the rule is 6 mm under the frame.
    return layout.margins[2] - 6 * mm - 1.5 * mm - furniture_size(layout) * 0.76


def _width(text: str, font: str, size: float) -> float:
    """A contact line's width with the gap it keeps from the name beside it."""
    return fonts.width(text, font, size) + 5 * mm if text else 0


def _must_fit(layout, what: str, text: str, font: str, size: float, width: float) -> None:
    """A UserError if the clinic's `what` is wider than the header has room for: a clinic's address or
    phone number cut short would send patients to the wrong place."""
    needed = fonts.width(text, font, size) if text else 0
    if needed > width:
        raise UserError(f"{layout.source}: clinic: the {what} needs {needed / mm:.0f} mm in the page header, which "
                        f"has {max(width, 0) / mm:.0f} mm for it; shorten it, or use a smaller logo or a wider page")


def _footer(who: str, whole: str, font: str, size: float, width: float) -> str:
    """A long name gives way, not the record number or web address after it: that is what tells two
    patients, or where to look, apart."""
    kept = fonts.width(whole, font, size)
    if kept > width * 0.7:  # the name keeps a few letters at least
        return _fit(who + whole, font, size, width)
    return _fit(who, font, size, width - kept) + whole


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten text with an ellipsis so a very long name cannot run into the page number."""
    if fonts.width(text, font, size) <= width:
        return text
    while text and fonts.width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
