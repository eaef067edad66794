"""Small reportlab flowables the story needs and platypus does not have."""

from __future__ import annotations

from reportlab.platypus import Flowable, FrameBreak, KeepTogether, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

from handouts.render.measured import Paragraph
from handouts.render.readback import record_cell

# A block (a card, a table) that does not fit the room left on a page moves whole to the next page, unless
# that would leave more than this share of the page blank: then it breaks between its rows.
BREAK_FROM = 0.2


def _stacked_height(flowables: list, canv, aW: float, aH: float) -> float:
    """The height of `flowables` one under the other, with the space before and after each."""
    return sum(f.wrapOn(canv, aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _at_top(flowable, unplaced: bool = False) -> bool:
    """Whether the frame laying `flowable` out has drawn nothing yet on its page (`unplaced`: no frame has it)."""
    frame = getattr(flowable, "_frame", None)
    return unplaced if frame is None else frame._atTop


class SectionHeading(Paragraph):
    """A heading that the document template turns into a PDF bookmark (`outline`, plain text) and repeats on the
    page its section runs onto (`shown`, the paragraph markup it was given)."""

    def __init__(self, text: str, style, outline: str):
        super().__init__(text, style)
        self.outline, self.shown = outline, text


class Picture(Flowable):
    """A prepared raster image (see images.prepare), centred in a fixed box."""

    def __init__(self, reader, shown: tuple[float, float], box: tuple[float, float]):
        super().__init__()
        self.reader, self.shown, self.box = reader, shown, box

    def wrap(self, avail_width, avail_height):
        return self.box

    def draw(self):
        w, h = self.shown
        x, y = (self.box[0] - w) / 2, (self.box[1] - h) / 2
        self.canv.drawImage(self.reader, x, y, w, h)


class TickBoxes(Flowable):
    """A row of tick boxes with the suggested time printed above each.

    Every chart row shares `slots` columns across `width`, so boxes line up
    from day to day. When the times would not fit at `size` (large print),
    the boxes wrap onto more lines instead of shrinking the print.
    """

    def __init__(self, labels: tuple[str, ...], width: float, slots: int, font: str, size: float, color, box_color,
                 box_weight: float):
        super().__init__()
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.labels, self.font, self.size, self.color, self.box_color = labels, font, size, color, box_color
        self.box_weight = box_weight
        self.labelled = any(labels)  # boxes without times (the log's sessions) need no line above them
        widest = max([stringWidth(label, font, size) for label in labels] + [size * 1.4])
        fits = max(1, int(width // (widest * 1.2)))
        lines = -(-slots // fits)
        self.per_row = -(-slots // lines)  # balanced: 7 + 6, not 12 + 1
        self.cell_width = width / self.per_row
        self.side = min(self.cell_width * 0.62, size * 2.1)
        self.line_height = self.side + (size * 1.45 if self.labelled else 0)
        self.lines = max(1, -(-len(labels) // self.per_row))
        self.readback = None  # ((id, boxes a day), day) on a page read back from a photo: its boxes record where they are

    def wrap(self, avail_width, avail_height):
        gap = self.size * (0.5 if self.labelled else 0.35)
        return self.cell_width * self.per_row, self.lines * self.line_height + (self.lines - 1) * gap

    def draw(self):
        c = self.canv
        c.setFont(self.font, self.size)
        c.setFillColor(self.color)
        c.setStrokeColor(self.box_color)
        c.setLineWidth(self.box_weight)
        gap = self.size * (0.5 if self.labelled else 0.35)
        places = []
        for i, label in enumerate(self.labels):
            line, column = divmod(i, self.per_row)
            bottom = (self.lines - 1 - line) * (self.line_height + gap)
            centre = self.cell_width * (column + 0.5)
            c.drawCentredString(centre, bottom + self.side + self.size * 0.45, label)
            c.rect(centre - self.side / 2, bottom, self.side, self.side, stroke=1, fill=0)
            places.append((centre - self.side / 2, bottom))
        if self.readback:
            record_cell(c, self.readback, places, self.side)


class ColumnLabels(Flowable):
    """Labels over the boxes of TickBoxes rows as wide and as many (the pain scores over their boxes)."""

    def __init__(self, labels: tuple[str, ...], width: float, font: str, size: float, color):
        super().__init__()
        self.labels, self.width, self.font, self.size, self.color = labels, width, font, size, color

    def wrap(self, avail_width, avail_height):
        return self.width, self.size * 1.2

    def draw(self):
        self.canv.setFont(self.font, self.size)
        self.canv.setFillColor(self.color)
        cell = self.width / len(self.labels)
        for i, label in enumerate(self.labels):
            self.canv.drawCentredString(cell * (i + 0.5), self.size * 0.25, label)


class WholeOrRows(KeepTogether):
    """A card kept whole (moved to the next page when it does not fit this one); a card taller than a
    whole page is swapped for `rows()`, a version that may break between its rows. Deciding here, where
    platypus has measured the card anyway, costs nothing for the cards that fit."""

    def __init__(self, card, rows, page_height: float):
        super().__init__([card])
        self._rows, self._page_height = rows, page_height

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= self._page_height:
            return super().split(aW, aH)
        # The frame places the first piece returned without splitting it again: so the rows card is
        # split here, to the space left, or starts on the next page if not even its title fits.
        rows = self._rows()
        return rows.splitOn(self.canv, aW, aH) or [self.FrameBreak(), rows]

    def broken(self, canv, aW, aH) -> list:
        """[the card's first rows that fit aH, the rest as a card of its own (None when all its rows fit)], or []
        when not even its title, picture, purpose and dosage fit (the rows card keeps those together, and its
        title repeats over the rest)."""
        rows = self._rows()
        if rows.wrapOn(canv, aW, aH)[1] <= aH:
            return [rows, None]  # its rows, closer together than the whole card's, fit: the card ends here
        parts = rows.splitOn(canv, aW, aH)
        if len(parts) < 2:
            return []
        return [parts[0], WholeOrRows(parts[1], lambda: parts[1], self._page_height)]


class CardRun(Flowable):
    """A section of cards that never split, laid out so that no page ends in a wide blank band.

    `lead` (the heading and its words) goes with the first card, or ends a page alone where moving it on would
    leave a wide blank band (large print, where a card is most of a page). `cards` are the cards (or rows of
    two). A page takes as many as fit; when more are left, the next card breaks between its steps where moving
    it whole would leave a wide band, and the room left is shared out as space between the cards on the page
    (up to MAX_SPACE each: the pictures keep their size, so every card of a handout looks alike). The last
    page's room is left for what follows.
    """

    MAX_SPACE = 8 * 72 / 25.4  # 8 mm more between two cards at most: more reads as a hole in the page

    def __init__(self, lead: list, cards: list, gap: float, page_height: float, tail: list = (),
                 continued=None):
        super().__init__()
        self.lead, self.gap, self.page_height = lead, gap, page_height
        self.continued = continued  # makes the heading that opens each later page ("Your exercises, continued")
        self.tail = list(tail)  # what must share the last card's page (the disclaimer, when nothing else follows)
        self.after = None  # the block that follows the run (set by compose): whether it fits below the last card
        self._cards = list(cards)
        self.resumed = None  # the rest of a run: its heading "continued", which only ever opens a page

    def _lead_height(self, aW: float, flowables: list | None = None) -> float:
        return _stacked_height(self.lead if flowables is None else flowables, self.canv, aW, self.page_height)

    def _height(self, cards: list, aW: float) -> float:
        return sum(self._card_height(card, aW) + self.gap for card in cards)

    def _card_height(self, card, aW: float) -> float:
        height = card.wrapOn(self.canv, aW, self.page_height)[1]
        return card._H if isinstance(card, KeepTogether) else height  # its wrap says "too tall" to be split

    def wrap(self, aW, aH):
        # Like KeepTogether: the real height in _H, and a height no frame has, so the frame always asks
        # split() to lay the run out (a CardRun itself draws nothing).
        self._H = self._lead_height(aW) + self._height(self._cards, aW) + self._lead_height(aW, self.tail)
        return aW, 0xffffff

    def split(self, aW, aH):
        if self.resumed is not None:  # below the cards it continues, on their page, it needs no heading
            self.lead = self.resumed if self._page_opens(aH) else []
        used, fits = self._lead_height(aW), 0
        for card in self._cards:
            height = self._card_height(card, aW)
            if used + height > aH:
                break
            used, fits = used + height + self.gap, fits + 1
        if fits == len(self._cards):
            spare = aH - used - self._lead_height(aW, self.tail)
            if spare >= 0:
                if self._after_fits(aW, spare):
                    return [*self.lead, *self._spaced(self._cards), *self.tail]
                return [*self.lead, *self._spread(fits, aW, aH - self._lead_height(aW, self.tail)), *self.tail]
            fits -= 1  # the last card goes over with the tail
            used -= self._card_height(self._cards[-1], aW) + self.gap
        broken = self._break(fits, aW, aH - used)
        if broken:
            first, rest = broken
            after = [self._rest(fits + 1, rest)] if rest is not None or fits + 1 < len(self._cards) else self.tail
            return [*self.lead, *self._spaced(self._cards[:fits]), first, Spacer(1, self.gap), *after]
        rest = self._rest(fits)
        if fits == 0:
            if self._lead_ends_page(aW, aH):
                return [*self.lead, FrameBreak(), rest]
            if not getattr(self, "_postponed", False):
                return []  # the next page, heading and all
            # Even a fresh page has no room for it whole: a card of rows, split to the space left.
            first = self._cards[0]
            if isinstance(first, WholeOrRows):
                rows = first._rows()
                first = rows.splitOn(self.canv, aW, aH - self._lead_height(aW)) or [rows]
            else:
                first = [first]
            return [*self.lead, *first, Spacer(1, self.gap), self._rest(1)]
        return [*self.lead, *self._spread(fits, aW, aH), rest]

    def _page_opens(self, aH: float) -> bool:
        """Whether the run starts a page: at the frame's top, or below no more than the space a card leaves after
        it (which moves on to the next page with the run)."""
        return _at_top(self, unplaced=True) or aH >= self.page_height - 2 * self.gap

    def _lead_ends_page(self, aW: float, aH: float) -> bool:
        """Whether the heading and its words may end this page, the first card starting the next (under the
        heading "continued"): when moving them on would leave more than BREAK_FROM of the page blank (large
        print, where a card is most of a page) and the first card fits the next page whole."""
        if not self.lead or self.resumed is not None or aH <= BREAK_FROM * self.page_height or self._lead_height(aW) > aH:
            return False
        continued = self._lead_height(aW, [self.continued()] if self.continued else [])
        return continued + self._card_height(self._cards[0], aW) <= self.page_height

    def _spread(self, fits: int, aW: float, aH: float) -> list:
        """The first `fits` cards, the room they leave of aH shared out between them (the rest at the foot)."""
        spare = aH - self._lead_height(aW) - self._height(self._cards[:fits], aW)
        return self._spaced(self._cards[:fits], self.gap + min(max(0.0, spare) / fits, self.MAX_SPACE))

    def _after_fits(self, aW: float, spare: float) -> bool:
        """Whether what follows the last card (`after`, set by compose) may start in the `spare` room below it,
        or that room is narrow anyway; if not, it is shared out between the last page's cards."""
        after = self.after
        if spare <= BREAK_FROM * self.page_height:
            return True
        if isinstance(after, CardRun):  # the next phase's cards: its heading and words with its first card
            after.canv = self.canv  # measured before the frame has given it one
            return after._lead_height(aW) + after._card_height(after._cards[0], aW) <= spare
        if not isinstance(after, KeepTogether):
            return True  # a block that is not kept together (a table, a list) starts in any room that is left
        after.wrapOn(self.canv, aW, spare)
        return after._H <= spare

    def _break(self, fits: int, aW: float, spare: float) -> list:
        """The next card broken in two, [its first rows, the rest], when moving it whole would leave the page
        more than BREAK_FROM blank (large print, where a card is half a page or more); else []. A pair of cards side by side never breaks."""
        card = self._cards[fits]
        if spare <= BREAK_FROM * self.page_height or not isinstance(card, WholeOrRows):
            return []
        return card.broken(self.canv, aW, spare)

    def _rest(self, done: int, first=None) -> CardRun:
        """The run of the cards after the first `done`, opening with `first` (the rest of a broken card)."""
        lead = [self.continued()] if self.continued else []
        cards = self._cards[done:] if first is None else [first, *self._cards[done:]]
        run = CardRun(lead, cards, self.gap, self.page_height, self.tail, self.continued)
        run.after, run.resumed = self.after, lead
        return run

    def _spaced(self, cards: list, gap: float | None = None) -> list:
        """The cards, each with its gap after it; a card known to fit goes out of its WholeOrRows wrapper
        (whose wrap only ever asks to be split)."""
        return [f for card in cards for f in (card._content[0] if isinstance(card, WholeOrRows) else card,
                                              Spacer(1, self.gap if gap is None else gap))]


class TableWithTail(Flowable):
    """A table with what must come before it (`lead`: a heading) and after it (`tail`: the thermal chart's help
    and safety lines). When it does not fit the room left, it moves whole to the next page if that leaves at
    most BREAK_FROM of this page blank; with more room (or when it is taller than a page) it breaks between its
    rows: at least `min_rows` on each side, or half a shorter table's, two at the least (never one day alone
    at a page's foot or head), its header rows repeated,
    the lead with the first part and the tail with the last. With `least_tail`, a table that fits the room
    whole with the tail's first `least_tail` flowables stays whole, the rest of the tail following: a chart
    is easier to tick whole than broken, and its broken rows and tail, kept together, can leave a wide band.
    With `whole`, a table that fits a page never breaks: it moves whole to the next page (the urgent warning
    signs: a patient who does not turn the page must still read where to go). `turn`, if given, makes what
    ends a first part ("More signs on the next page."): a reader must not take a part for the whole list."""

    def __init__(self, table, tail: list, page_height: float, lead: list = (), min_rows: int = 3,
                 least_tail: int | None = None, whole: bool = False, turn=None):
        super().__init__()
        self.table, self.tail, self.lead, self.page_height = table, list(tail), list(lead), page_height
        self.min_rows, self.least_tail, self.whole, self.turn = min_rows, least_tail, whole, turn
        self.carry = 0  # rows to leave for the next page beyond what must go (render's second pass evens pages)
        self.broke_at = None  # once it has broken: (rows on the first page, the fewest it could have had there)

    def _extra(self, flowables: list, aW, aH) -> float:
        return _stacked_height(flowables, self.canv, aW, aH)

    def wrap(self, aW, aH):
        self._H = self._extra(self.lead, aW, aH) + self.table.wrapOn(self.canv, aW, aH)[1] + \
            self._extra(self.tail, aW, aH)
        return aW, 0xffffff  # like KeepTogether: the frame always asks split() to lay it out

    def split(self, aW, aH):
        self.wrap(aW, aH)
        if self._H <= aH:
            return [*self.lead, self.table, *self.tail]
        if self.least_tail and self._H - self._extra(self.tail[self.least_tail:], aW, aH) <= aH:
            return [*self.lead, self.table, *self.tail]  # what of the tail does not fit here flows on
        fits_a_page = self._H <= self.page_height
        if fits_a_page and (self.whole or aH <= BREAK_FROM * self.page_height):
            return []  # all of it goes to the next page
        heights, repeat = self.table._rowHeights, self.table.repeatRows
        lead = self._extra(self.lead, aW, aH)
        turn = self.turn() if self.turn else []
        room, fit = aH - lead - self._extra(turn, aW, aH), 0
        while fit < len(heights) and sum(heights[:fit + 1]) <= room:
            fit += 1
        # Only a table that cannot break with that many rows to either side, even from a fresh page, may
        # carry fewer: rather that than no handout.
        most = min(self.min_rows, max(2, (len(heights) - repeat) // 2))  # a short table: half its rows
        can_keep = len(heights) - repeat >= 2 * most and lead + sum(heights[:repeat + most]) <= self.page_height
        for least in [most] if fits_a_page or can_keep else range(most, 0, -1):
            # Two rows will do at the head of the next page when the tail's lines go with them.
            rows = min(fit, len(heights) - (max(2, least - 1) if self.tail and fits_a_page else least))
            if rows - repeat >= least:
                break
        else:
            return []  # too few rows fit here: all of it goes to the next page
        carried = min(self.carry, rows - repeat - least)
        rows -= carried
        parts = self.table.split(aW, sum(heights[:rows]) + 0.01)
        if len(parts) < 2:
            return []
        self.broke_at = (rows, repeat + least)
        # Rows carried over start the next page, though they would fit below.
        parts[1].code_spot = getattr(self.table, "code_spot", None)  # its own code on the page it runs onto
        if self.turn:  # the rest breaks as this part did, saying so again if it must
            rest = TableWithTail(parts[1], self.tail, self.page_height, min_rows=self.min_rows, whole=self.whole,
                                 turn=self.turn)
        else:
            rest = KeepTogether([parts[1], *self.tail]) if self.tail else parts[1]
        return [*self.lead, parts[0], *turn, *([FrameBreak()] if carried else []), rest]


class WholeOrFlow(Flowable):
    """A block laid out one way whole (`whole`: two boxes side by side) and another way that may break between
    its rows (`flow`: the same boxes one under the other, each a TableWithTail). Whole where it fits, or moved
    whole to the next page when only a narrow band (BREAK_FROM) is left; with more room than that, the flow
    starts here, so the page fills rather than ending in a wide blank band."""

    def __init__(self, whole: list, flow: list, page_height: float):
        super().__init__()
        self.whole, self.flow, self.page_height = whole, flow, page_height

    def end_with(self, flowables: list) -> None:
        """Keep `flowables` with the block's end: after it whole, or in the tail of the flow's last table."""
        self.whole = [*self.whole, *flowables]
        self.flow[-1].tail = [*self.flow[-1].tail, *flowables]

    def wrap(self, aW, aH):
        self._H = _stacked_height(self.whole, self.canv, aW, aH)
        return aW, 0xffffff  # like KeepTogether: the frame always asks split() to lay it out

    def split(self, aW, aH):
        self.wrap(aW, aH)
        if self._H <= aH:
            return list(self.whole)
        if aH <= BREAK_FROM * self.page_height and self._H <= self.page_height:
            return []
        # The frame places the first piece returned as it is: so the flow's first block is split here.
        first = self.flow[0].splitOn(self.canv, aW, aH)
        return [*first, *self.flow[1:]] if first else []


class Sections(Flowable):
    """Sections (each a list of flowables) in their order, except that a section that cannot start in the room
    left on a page, where that room is wider than BREAK_FROM, gives way to the first of the later ones that
    can, and is tried again after it: so the warning signs, whose urgent box never breaks, or the ice-and-heat
    rules, which never end a page without the chart's first days, do not leave a wide blank band. A section
    holding a second box that must be whole (the urgent signs in a second language) goes on from there the
    same way. `tail` is kept with whatever ends the lot."""

    def __init__(self, sections: list[list], page_height: float, tail: list = ()):
        super().__init__()
        self.sections, self.page_height, self.tail = [s for s in sections if s], page_height, list(tail)

    def end_with(self, flowables: list) -> None:
        self.tail = [*self.tail, *flowables]

    def getSpaceBefore(self):
        # The first section's, as a KeepTogether gives its first flowable's: the frame takes it from the room it
        # offers split() (and drops it at a page's top), as it will when it places that flowable.
        return self.sections[0][0].getSpaceBefore()

    def wrap(self, aW, aH):
        return aW, 0xffffff  # like KeepTogether: the frame always asks split() to lay it out

    def split(self, aW, aH):
        if len(self.sections) == 1 and self.tail:  # the last section: measured with the tail it keeps
            self.sections, self.tail = [ending_with(self.sections[0], self.tail)], []
        for n, section in enumerate(self.sections):
            start = _placed(section[0], self.canv, aW, aH)
            if start and not isinstance(start[0], ActionFlowable):
                rest = section[1:]
                later = next((i for i, f in enumerate(rest) if isinstance(f, TableWithTail) and f.whole), len(rest))
                others = [rest[later:], *self.sections[:n], *self.sections[n + 1:]]
                if not any(others):
                    return [*start, *rest]
                return [*start, *rest[:later], Sections(others, self.page_height, self.tail)]
            if n == 0 and aH <= BREAK_FROM * self.page_height:
                return []  # a narrow band is left: the sections go on, in order, on the next page
        return []


def _placed(flowable, canv, aW, aH) -> list:
    """What of `flowable` the frame can place in `aH` (the frame places the first piece a split returns as it
    is): itself where it fits, else what its split gives; [] when all of it goes to the next page."""
    return [flowable] if flowable.wrapOn(canv, aW, aH)[1] <= aH else flowable.splitOn(canv, aW, aH)


def ending_with(flowables: list, tail: list) -> list:
    """`flowables` with `tail` kept to the last of them: in its own tail where it has one (a run of cards, a
    table with its tail, a block whole or flowing), else together with it."""
    if not tail:
        return flowables
    last = flowables[-1]
    if isinstance(last, (CardRun, TableWithTail)):
        last.tail = [*last.tail, *tail]
    elif hasattr(last, "end_with"):
        last.end_with(tail)
    else:
        last = KeepTogether([*(last._content if isinstance(last, KeepTogether) else [last]), *tail])
    return [*flowables[:-1], last]


class RuledArea(Flowable):
    """A titled area of ruled lines that takes all the height left in the frame (for notes written by hand);
    with less than `min_height` left, or at the top of a page, it takes none and draws nothing rather than
    fill a page of its own."""

    def __init__(self, title: str, style, line_gap: float, min_height: float, color, weight: float):
        super().__init__()
        self.title, self.style, self.line_gap, self.min_height, self.color = title, style, line_gap, min_height, color
        self.weight = weight

    _ZEROSIZE = True  # the frame asks it even when no room is left: then it takes none, rather than move on

    def wrap(self, aW, aH):
        # never a page of nothing but lines
        self.width, self.height = aW, (aH if aH >= self.min_height and not _at_top(self) else 0)
        return self.width, self.height

    def draw(self):
        if not self.height:
            return
        c = self.canv
        title = Paragraph(self.title, self.style)
        _, title_h = title.wrap(self.width, self.height)
        title.drawOn(c, 0, self.height - title_h)
        c.setStrokeColor(self.color)
        c.setLineWidth(self.weight)
        y = self.height - title_h - self.line_gap
        while y >= 0:
            c.line(0, y, self.width, y)
            y -= self.line_gap


class Beneath(Flowable):
    """A paragraph with a second one right under it, moved and kept as one (a two-language line)."""

    def __init__(self, first: Paragraph, second: Paragraph, gap: float):
        super().__init__()
        self.first, self.second, self.gap = first, second, gap

    def wrap(self, avail_width, avail_height):
        self._first_height = self.first.wrap(avail_width, avail_height)[1]
        self.height = self._first_height + self.gap + self.second.wrap(avail_width, avail_height)[1]
        self.width = avail_width
        return self.width, self.height

    def getSpaceBefore(self):
        return self.first.getSpaceBefore()

    def getSpaceAfter(self):
        return max(self.first.getSpaceAfter(), self.second.getSpaceAfter())

    def draw(self):  # the first first: text is read back (and by screen readers) in drawing order
        self.first.drawOn(self.canv, 0, self.height - self._first_height)
        self.second.drawOn(self.canv, 0, 0)


class RowsThatFit(Flowable):
    """What `make(n)` lays out with n rows (a form to write in), n as many as the room left in the frame holds,
    from `fewest` to `most`: the form fills the foot of the last page. With room for fewer than `fewest`, or at
    the top of a page, it takes none and draws nothing, as a RuledArea does: it never costs a page of its own."""

    _ZEROSIZE = True  # the frame asks it even when no room is left

    def __init__(self, make, fewest: int, most: int):
        super().__init__()
        self.make, self.fewest, self.most = make, fewest, most
        self.flowables = []

    def wrap(self, aW, aH):
        self.width, self.height, self.flowables = aW, 0, []
        if _at_top(self):
            return aW, 0
        for rows in range(self.most, self.fewest - 1, -1):
            flowables = self.make(rows)
            height = _stacked_height(flowables, self.canv, aW, aH)
            if height <= aH:
                self.height, self.flowables = height, flowables
                break
        return aW, self.height

    def draw(self):
        y = self.height
        for flowable in self.flowables:
            y -= flowable.getSpaceBefore() + flowable.wrapOn(self.canv, self.width, y)[1]
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()
