"""The exercises section: the program-length line, then a card per exercise, its picture beside
its words, and for a video the QR code with the address as a caption."""

from __future__ import annotations

import re
from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from handouts import vector
from handouts.flowables import WholeOrRows
from handouts.illustration import picture_for
from handouts.model import Plan, PlannedExercise
from handouts.sections.bilingual import beneath
from handouts.sections.pieces import NO_PADDING, heading, in_pairs, panel, text_width
from handouts.styles import Styles, table_style
from handouts.text import dosage_words, fill, markup, rounded_minutes, session_seconds

PICTURE_BOX = (46 * mm, 40 * mm)
CARD_PAD = 7  # points inside a card's border
MIN_MEASURE_EM = 28  # below this line length (in ems of body text), steps leave the picture's side
STACK_GAP = 3 * mm  # between the picture and the words beside it
MIN_PICTURE_HEIGHT = 26 * mm  # smaller, and a line drawing stops showing the movement
QR_SIZE = 18 * mm
MIN_PAIR_WIDTH = 75 * mm  # narrower, and two cards to a row make towers of two-word lines: one to a row


def exercise_cards(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    minutes = rounded_minutes(sum(session_seconds(item.dosage) for item in plan.exercises))
    flow = [heading(words["section_exercises"], st), Paragraph(markup(words["exercises_intro"]), st["body"]),
            Paragraph(f"<b>{markup(fill(words, 'program_minutes', minutes))}</b>", st["body"])]
    page_height = plan.layout.content_size[1]
    gap = 4 * mm
    pair_width = (width - gap) / 2
    numbered = list(enumerate(plan.exercises, 1))
    if plan.layout.card_columns == 2 and pair_width >= MIN_PAIR_WIDTH:
        for pair in in_pairs([_card(plan, item, n, st, pair_width) for n, item in numbered]):
            row = Table([[pair[0], Spacer(0, 0), pair[1]]], colWidths=[pair_width, gap, pair_width])
            row.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING]))
            if row.wrap(width, page_height)[1] <= page_height:
                flow += [row, Spacer(1, 3.5 * mm)]
                numbered = numbered[2:]
                continue
            break  # this pair is taller than a page side by side: it and the rest go one to a row
        else:
            return flow
    for number, item in numbered:
        # A card taller than a whole page (a small page, large text, a long note) becomes a card of rows
        # that may break between its steps, rather than no handout at all.
        flow += [WholeOrRows(_card(plan, item, number, st, width),
                             partial(_card, plan, item, number, st, width, by_rows=True), page_height),
                 Spacer(1, 3.5 * mm)]
    return flow


def _card(plan: Plan, item: PlannedExercise, number: int, st: Styles, width: float, *,
          by_rows: bool = False) -> Table:
    words = plan.library.strings
    ex = item.exercise
    other = plan.second.exercises[ex.id] if plan.second else None
    inner = width - 2 * CARD_PAD
    # Beside the picture, the text gets what the picture leaves. When that makes short lines (large print,
    # two cards to a row), the picture sits beside the purpose and dosage only and the steps run full width.
    stacked = (inner - PICTURE_BOX[0] - 2 * CARD_PAD) / plan.layout.sizes["body"] < MIN_MEASURE_EM
    purpose = Paragraph(markup(ex.purpose), st["purpose"])
    steps = [beneath(Paragraph(markup(step), st["step"], bulletText=f"{i}."), other and other.steps[i - 1], st)
             for i, step in enumerate(ex.steps, 1)]
    dosage = Paragraph(markup(dosage_words(item.dosage, words)), st["dosage"])
    box = PICTURE_BOX
    if stacked:
        # As tall as the words beside it (within limits): no blank band under either.
        side = min(PICTURE_BOX[0], inner * 0.4)
        beside = sum(f.wrap(inner - side - STACK_GAP, 1e6)[1] for f in (purpose, dosage)) + st["purpose"].spaceAfter
        box = (side, max(min(PICTURE_BOX[1], beside), MIN_PICTURE_HEIGHT))
    picture = picture_for(item, plan.layout, st, box)
    stacked = stacked and picture is not None
    beside = picture is not None and not stacked
    words_width = inner - box[0] - 2 * CARD_PAD if beside else inner
    extras = []
    if ex.cautions:
        caution = f"<b>{markup(words['cautions'])}</b> {markup(' '.join(ex.cautions))}"
        second = other and f"{plan.second.strings['cautions']} {' '.join(other.cautions)}"
        extras += [Spacer(1, 1 * mm), beneath(Paragraph(caution, st["small"]), second, st)]
    if item.note:
        extras += [Spacer(1, 1 * mm), Paragraph(f"<b>{markup(words['note'])}</b> {markup(item.note)}", st["note"])]
    if item.video:
        extras += [Spacer(1, 1.5 * mm), _video(item.video, words, st, words_width)]

    header = Table([[beneath(Paragraph(f"{number}&nbsp;&nbsp;{markup(ex.title)}", st["card_title"]),
                             other and other.title, st),
                     Paragraph(markup(words[f"position_{ex.position}"]), st["tag"])]],
                   colWidths=[inner * 0.75, inner * 0.25])
    header.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                     *NO_PADDING]))
    if stacked or (by_rows and picture is not None):
        top = Table([[picture, [purpose, dosage]]], colWidths=[box[0] + STACK_GAP, inner - box[0] - STACK_GAP])
        top.setStyle(table_style(st, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *NO_PADDING]))
    if by_rows:
        lead = [top] if picture is not None else [purpose, dosage]
        rows, widths = [[header], *([f] for f in lead + steps + extras if not isinstance(f, Spacer))], [width]
    elif stacked:
        rows, widths = [[header], [[top, Spacer(1, 2 * mm), *steps, *extras]]], [width]
    elif beside:
        rows = [[header, Spacer(0, 0)], [picture, [purpose, *steps, Spacer(1, 1 * mm), dosage, *extras]]]
        widths = [box[0] + 2 * CARD_PAD, width - box[0] - 2 * CARD_PAD]
    else:
        rows, widths = [[header], [[purpose, *steps, Spacer(1, 1 * mm), dosage, *extras]]], [width]
    card = Table(rows, colWidths=widths)
    style = [
        ("BOX", (0, 0), (-1, -1), 0.8, st.color["rule"]),
        ("ROUNDEDCORNERS", [5, 5, 5, 5]),
        *panel(st, (0, 0), (-1, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CARD_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CARD_PAD),
        ("TOPPADDING", (0, 0), (-1, 0), 5), ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
    ]
    if len(widths) == 2:
        style.append(("SPAN", (0, 0), (1, 0)))
    if by_rows:  # the rows read as one block: close together, the block's padding at its ends only;
        # and never the title alone at the foot of a page
        style += [("TOPPADDING", (0, 2), (-1, -1), 2), ("BOTTOMPADDING", (0, 1), (-1, -2), 2),
                  ("NOSPLIT", (0, 0), (-1, 1))]
    card.setStyle(table_style(st, style))
    return card


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
