"""The exercises section: a card per exercise, its picture beside its words and its dosage as a row of
labelled figures, and for a video the QR code with the address as a caption."""

from __future__ import annotations

import re
from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from handouts.check.model import Phase, Plan, PlannedExercise
from handouts.compose.illustration import picture_for, picture_source
from handouts.compose.sections.bilingual import beneath, phrase
from handouts.compose.sections.phases import next_change, phase_heading, phased, printed
from handouts.compose.sections.pieces import NO_PADDING, heading, panel, text_width
from handouts.compose.text import dosage_figures, fill, markup, no_widow
from handouts.render import measured, reused, vector
from handouts.render.flowables import CardRun, WholeOrRows
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style

# The picture's frame, the same on every card of a handout (cards look alike): 40 mm high and a third of the
# narrowest card's width, 46 to 62 mm wide, so the start and end poses stand side by side (a lying person's
# one above the other) at a size that reads at arm's length. A drawing keeps its proportions inside, centred.
PICTURE_WIDTH = 46 * mm
PICTURE_WIDEST = 62 * mm
PICTURE_HEIGHT = 40 * mm
PICTURE_SHARE = 0.34  # of the card's inner width: large print's 61 mm leaves its purpose and dosage 113 mm
MIN_MEASURE_EM = 28  # below this line length (in ems of body text), steps leave the picture's side
STACK_GAP = 3 * mm  # between the picture and the words beside it
QR_SIZE = 18 * mm
MIN_PAIR_WIDTH = 75 * mm  # narrower, and two cards to a row make towers of two-word lines: one to a row
CARD_GAP = 3.5 * mm  # between cards, down the page and across a row


def exercise_cards(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    lead = [heading(words["section_exercises"], st), phrase(plan, "exercises_intro", st["body"], st)]
    if not phased(plan):
        return [_card_run(plan, lead, list(enumerate(plan.exercises, 1)), st, width)]
    # A card a phase brings, once: the current phase's all, each later phase's new or changed ones.
    runs = []
    for index, (phase, numbered) in enumerate(zip(plan.upcoming, printed(plan))):
        lead += _phase_lead(plan, phase, st, first=index == 0)
        numbered = [(number, item) for number, item in numbered if index == 0 or item in phase.new]
        if numbered:
            runs.append(_card_run(plan, lead, numbered, st, width))
            lead = []
    return runs + ([KeepTogether(lead)] if lead else [])


def _phase_lead(plan: Plan, phase: Phase, st: Styles, *, first: bool) -> list:
    """A phase's heading with its dates; after the first, what it changes and, if it keeps some, to go on."""
    words, second = plan.library.strings, plan.second
    lead = [beneath(Paragraph(markup(phase_heading(plan, phase, words)), st["phase_head"]),
                    second and phase_heading(plan, phase, second.strings), st)]
    if first:
        return lead
    lines = [next_change(plan, phase)]
    if len(phase.exercises) > len(phase.new):
        lines.append(words["phase_keep"])
    other = second and " ".join([next_change(plan, phase, second),
                                 *([second.strings["phase_keep"]] if len(lines) > 1 else [])])
    return lead + [beneath(Paragraph(markup(" ".join(lines)), st["body"]), other, st)]


def _card_run(plan: Plan, lead: list, numbered: list, st: Styles, width: float) -> CardRun:
    """The cards of `numbered` ((number, exercise) pairs) after `lead`."""
    words = plan.library.strings
    page_height = plan.layout.content_size[1]
    pair_width = (width - CARD_GAP) / 2
    paired = _paired(plan, width)
    box = picture_box(pair_width if paired else width, st)
    cards = []
    if paired:
        while len(numbered) > 1:  # an odd last card takes the whole width: shorter than half a row
            row = _pair(plan, numbered[:2], st, pair_width, box)
            if row.wrap(width, page_height)[1] > page_height:
                break  # this pair is taller than a page side by side: it and the rest go one to a row
            cards.append(row)
            numbered = numbered[2:]
    # A card taller than a whole page (a small page, large text, a long note) becomes a card of rows
    # that may break between its steps, rather than no handout at all.
    cards += [_whole_or_rows(plan, item, number, st, width, box, page_height) for number, item in numbered]
    continued = partial(Paragraph, markup(fill(words, "section_continued", section=words["section_exercises"])),
                        st["heading"])
    return CardRun(lead, cards, CARD_GAP, page_height, continued=continued)


def _paired(plan: Plan, width: float) -> bool:
    """Two cards to a row where a card reads at half the width; not with every step in two languages (towers
    of lines)."""
    return plan.layout.card_columns == 2 and (width - CARD_GAP) / 2 >= MIN_PAIR_WIDTH and not plan.second


def picture_box(card_width: float, st: Styles) -> tuple[float, float]:
    """Every card's picture frame in a handout, from its narrowest card's width (see PICTURE_SHARE)."""
    inner = card_width - 2 * st.pad["card"]
    return min(max(inner * PICTURE_SHARE, PICTURE_WIDTH), PICTURE_WIDEST), PICTURE_HEIGHT


def _whole_or_rows(plan: Plan, item: PlannedExercise, number: int, st: Styles, width: float, box: tuple,
                   page_height: float) -> WholeOrRows:
    return WholeOrRows(_card(plan, item, number, st, width, box),
                       partial(_card, plan, item, number, st, width, box, by_rows=True), page_height)


def _pair(plan: Plan, numbered: list, st: Styles, width: float, box: tuple) -> Table:
    """Two cards side by side, the shorter stretched to the taller's height: a row reads as one band."""
    cards = [_card(plan, item, n, st, width, box) for n, item in numbered]
    heights = [card.wrap(width, 1e6)[1] for card in cards]
    cards = [_card(plan, item, n, st, width, box, stretch=max(heights) - h) if h < max(heights) else card
             for (n, item), card, h in zip(numbered, cards, heights)]
    row = Table([[cards[0], Spacer(0, 0), cards[1] if len(cards) > 1 else Spacer(0, 0)]],
                colWidths=[width, CARD_GAP, width])
    row.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING]))
    return row


def _card(plan: Plan, item: PlannedExercise, number: int, st: Styles, width: float, box: tuple, *,
          by_rows: bool = False, stretch: float = 0) -> Table:
    """One exercise's card, made once per batch worker (see reused) unless it prints the patient's own note."""
    named = (st, plan.library, plan.second)  # a library read again (a test's copy) is another card's words
    own = item.note and not measured.shareable(item.note)
    key = None if own else (item, picture_source(item), number, width, box, by_rows, stretch, *map(id, named))
    return reused.fresh(key, partial(_made_card, plan, item, number, st, width, box, by_rows=by_rows,
                                     stretch=stretch), named)


def _made_card(plan: Plan, item: PlannedExercise, number: int, st: Styles, width: float, box: tuple, *,
               by_rows: bool = False, stretch: float = 0) -> Table:
    """One exercise's card, its picture `box` (width, height) points; `stretch` adds that much height at its
    foot (to match the card beside it)."""
    words = plan.library.strings
    ex = item.exercise
    other = plan.second.exercises[ex.id] if plan.second else None
    inner = width - 2 * st.pad["card"]
    # Beside the picture, the words get what the picture leaves. When that makes short lines (large print,
    # two cards to a row), the picture sits beside the purpose and the dosage only, and the steps run full width.
    stacked = (inner - box[0] - 2 * st.pad["card"]) / plan.layout.sizes["body"] < MIN_MEASURE_EM
    purpose = Paragraph(markup(ex.purpose), st["purpose"])
    steps = [beneath(Paragraph(markup(step), st["step"], bulletText=f"{i}."), other and other.steps[i - 1], st)
             for i, step in enumerate(ex.steps, 1)]
    words_width = inner - box[0] - (STACK_GAP if stacked else 2 * st.pad["card"])
    dosage = _dosage(item, words, st, words_width, across=None if stacked else True)
    extras = []
    if ex.cautions:
        caution = f"<b>{markup(words['cautions'])}</b> {markup(' '.join(ex.cautions))}"
        second = other and f"{plan.second.strings['cautions']} {' '.join(other.cautions)}"
        extras += [beneath(Paragraph(caution, st["caution"]), second, st)]
    if item.note:
        extras += [Paragraph(f"<b>{markup(words['note'])}</b> {markup(item.note)}", st["note"])]
    if item.video:
        extras += [Spacer(1, 1 * mm), _video(item.video, words, st, inner if stacked else words_width)]
    beside_words = [purpose, dosage] if stacked else [purpose, *steps, Spacer(1, 1.5 * mm), dosage, *extras]
    picture = picture_for(item, plan.layout, st, box)
    if picture is None:  # a card without a picture has no empty slot: its words run full width
        stacked, words_width = True, inner
        dosage = _dosage(item, words, st, inner, across=True)
    foot = [Spacer(1, stretch)] if stretch else []

    header = Table([[beneath(Paragraph(f"{number}&nbsp;&nbsp;{no_widow(markup(ex.title))}", st["card_title"]),
                             other and other.title, st, indent=text_width(f"{number}\u00a0\u00a0", st["card_title"])),
                     Paragraph(markup(words[f"position_{ex.position}"]), st["tag"])]],
                   colWidths=[inner * 0.75, inner * 0.25])
    header.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                     *NO_PADDING]))
    lead = [purpose, dosage]
    if picture is not None and stacked:
        lead = [_beside_picture(picture, [purpose, dosage], box, words_width, st)]
    if by_rows:
        if picture is not None and not stacked:
            dosage = _dosage(item, words, st, inner - box[0] - STACK_GAP, across=None)
            lead = [_beside_picture(picture, [purpose, dosage], box, inner - box[0] - STACK_GAP, st)]
        rows, widths = [[header], *([f] for f in lead + steps + extras)], [width]
    elif stacked:
        rows, widths = [[header], [[*lead, Spacer(1, 2 * mm), *steps, *extras, *foot]]], [width]
    else:
        rows = [[header, Spacer(0, 0)], [picture, [*beside_words, *foot]]]
        widths = [box[0] + 2 * st.pad["card"], width - box[0] - 2 * st.pad["card"]]
    card = Table(rows, colWidths=widths, repeatRows=1 if by_rows else 0)  # a broken card's title heads its rest
    style = [
        ("BOX", (0, 0), (-1, -1), st.line["border"], st.color["rule"]),
        ("ROUNDEDCORNERS", [st.corner["card"]] * 4),
        *panel(st, (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), st.pad["card"]), ("RIGHTPADDING", (0, 0), (-1, -1), st.pad["card"]),
        ("TOPPADDING", (0, 0), (-1, 0), 5), ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ("TOPPADDING", (0, 1), (-1, -1), 5), ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
    ]
    if len(widths) == 2:
        style.append(("SPAN", (0, 0), (1, 0)))
    if by_rows:  # the rows read as one block: close together, the block's padding at its ends only; never
        # the title without its picture, purpose and dosage, nor fewer than two rows carried over
        style += [("TOPPADDING", (0, 2), (-1, -1), 2), ("BOTTOMPADDING", (0, 1), (-1, -2), 2),
                  ("NOSPLIT", (0, 0), (-1, min(len(lead), len(rows) - 1))), ("NOSPLIT", (0, -2), (-1, -1)),
                  ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.8, st.color["rule"])]  # closed at the foot
    card.setStyle(table_style(st, style))
    return card


def _beside_picture(picture, words: list, box: tuple, words_width: float, st: Styles) -> Table:
    """The picture with the purpose and the dosage beside it, level with its middle."""
    return Table([[picture, words]], colWidths=[box[0] + STACK_GAP, words_width],
                 style=table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *NO_PADDING]))


def _dosage(item: PlannedExercise, words: dict, st: Styles, width: float, *, across: bool | None) -> Table:
    """The dosage as figures under their labels, in a row (Hold 15 s · Repeat 3 · ...), or, in a narrow
    column beside the picture, as label and figure lines; `across=None`: in a row where it fits the width,
    its labels wrapping at their spaces if they must ('Times a / day'), else in lines."""
    figures = dosage_figures(item.dosage, words)
    whole = [max(text_width(label, st["label"]), text_width(value, st["figure"])) + 8 for label, value in figures]
    needed = whole if sum(whole) <= width else [
        max(max(text_width(word, st["label"]) for word in label.split() or [""]), text_width(value, st["figure"])) + 8
        for label, value in figures]
    if across or (across is None and sum(needed) <= width):
        cells = [[Paragraph(markup(label), st["label"]) for label, _ in figures],
                 [Paragraph(markup(value), st["figure"]) for _, value in figures]]
        spare = max(0.0, width - sum(needed)) / len(figures)
        table = Table(cells, colWidths=[n + spare for n in needed])
        lines = [("LINEBEFORE", (1, 0), (-1, -1), 0.6, st.color["rule"]), ("VALIGN", (0, 0), (-1, 0), "BOTTOM")]
    else:
        cells = [[Paragraph(markup(label), st["label"]), Paragraph(markup(value), st["figure"])]
                 for label, value in figures]
        # The labels wrap at their spaces before a figure's word is cut ('Isang beses' is no 'Isan g'):
        # the figures keep room for their longest word.
        longest_word = max(text_width(word, st["figure"]) for _, value in figures for word in value.split() or [""])
        label_w = min(max(text_width(label, st["label"]) for label, _ in figures) + 6, width - longest_word - 5)
        table = Table(cells, colWidths=[label_w, max(width - label_w, 1)])
        lines = [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    table.setStyle(table_style(st, [*NO_PADDING, ("LEFTPADDING", (1, 0), (-1, -1), 4), *lines,
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _video(url: str, words: dict, st: Styles, width: float) -> Table:
    """The QR code and, beside it, the address itself for those who type it in."""
    caption_width = width - QR_SIZE - 3 * mm
    caption = Paragraph(f"<b>{markup(words['video'])}</b><br/>{_address_lines(url, st['small'], caption_width)}",
                        st["small"])
    table = Table([[vector.qr_code(url, QR_SIZE), caption]],
                  colWidths=[QR_SIZE + 3 * mm, caption_width])
    table.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *NO_PADDING]))
    return table


def _address_lines(url: str, style, width: float) -> str:
    """A web address broken only after a slash where it can be, so no break looks like part of it."""
    lines = [""]
    for part in re.split(r"(?<=[^/]/)(?!/)", url):  # 'https://a.example/' 'videos/' 'neck-tilt'
        if lines[-1] and text_width(lines[-1] + part, style) > width:
            lines.append("")
        lines[-1] += part
    return "<br/>".join(markup(line) for line in lines)
