"""The warning signs: a boxed list per tier, the urgent box bolder than the call-us box."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from handouts.check.model import Library, Plan
from handouts.compose.sections.bilingual import beneath
from handouts.compose.sections.pieces import NO_PADDING, heading, is_white
from handouts.compose.text import markup
from handouts.render.flowables import TableWithTail, WholeOrFlow
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style


def warning_boxes(plan: Plan, st: Styles, width: float, mark: Flowable | None = None) -> list:
    """The section; `mark`, if given, goes in the urgent box, to learn the page it prints on (key_points.py)."""
    words = plan.library.strings
    page_height = plan.layout.content_size[1]
    gap = 4 * mm
    # The section's heading goes with its first box: never a heading alone at the foot of a page. The urgent
    # box never breaks where it fits a page: it moves whole to the next (Sections in the story fills the band
    # it leaves). A call box that would leave a wide blank band breaks between its signs, one at least: each
    # part is a whole box, its heading and the clinic's phone repeated over the rest.
    flow = []
    boxes = _boxes(plan, st, width, page_height, mark)
    for tier, box, languages in boxes:
        lead = [] if flow else [heading(words["section_warnings"], st)]
        flow += [*([Spacer(1, 3 * mm)] if flow else []),
                 TableWithTail(box, [], page_height, lead, min_rows=2 if tier == "urgent" else 1,
                               whole=tier == "urgent", turn=lambda languages=languages: _turn_over(languages, st))]
    half = (width - gap) / 2
    halves = _boxes(plan, st, half, page_height, mark) if plan.layout.card_columns == 2 and len(boxes) == 2 else []
    if len(halves) != 2:
        return flow
    # Two columns (the compact layout): the two boxes side by side, a row of their own, where that fits.
    (_, urgent, _), (_, call, _) = halves
    across = Table([[urgent, Spacer(0, 0), call]], colWidths=[half, gap, half],
                   style=table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING]))
    return [WholeOrFlow([heading(words["section_warnings"], st), across], flow, page_height)]


def _boxes(plan: Plan, st: Styles, width: float, page_height: float,
           mark: Flowable | None) -> list[tuple[str, Table, tuple]]:
    """(tier, its box, the libraries whose words it prints) per tier the plan warns of (urgent, then call us), `width` wide. On a two-language
    handout whose urgent box, each sign with its translation beneath, would be taller than a page, each
    language gets an urgent box of its own, each whole: a reader of either finds every sign and where to go
    on one page."""
    boxes = []
    for tier in ("urgent", "call"):
        signs = [w for w in plan.warnings if w.tier == tier]
        if not signs:
            continue
        box = _box(plan, st, width, tier, signs, plan.library, plan.second, page_height, mark)
        if tier == "urgent" and plan.second and _height(box, width) > page_height * 0.9:
            boxes += [(tier, _box(plan, st, width, tier, signs, library, None, page_height, mark), (library, None))
                      for library in (plan.library, plan.second)]
        else:
            boxes.append((tier, box, (plan.library, plan.second)))
    return boxes


def _box(plan: Plan, st: Styles, width: float, tier: str, signs: list, library: Library, second: Library | None,
         page_height: float, mark: Flowable | None) -> Table:
    """One tier's box in `library`'s words (with `second`'s beneath each line, if given): its heading, a row
    per sign, and what to do. What to do goes inside the box, at body size, where a worried reader's eye
    already is: after the urgent signs, and under the call box's heading, so that each part of a call box
    that breaks carries the clinic's phone; under the urgent heading too where that box, taller than a page
    (large print with many signs), must break between its signs."""
    words = library.strings
    action = _urgent_action(plan, library) if tier == "urgent" else _clinic_contact(plan)
    head = beneath(Paragraph(f"⚠&nbsp;&nbsp;{markup(words[f'warnings_{tier}'])}", st[f"{tier}_head"]),
                   second and second.strings[f"warnings_{tier}"], st)
    marked = [mark] if mark and tier == "urgent" else []  # in the heading's cell: drawn on the box's first page
    def what_to_do() -> list:  # a fresh flowable each time: a flowable is laid out in one place
        return [beneath(Paragraph(f"<b>{markup(action)}</b>", st["body"]),
                        second and tier == "urgent" and _urgent_action(plan, second), st)] if action else []
    rows = [[beneath(Paragraph(markup(library.warnings[sign.id].text), st["bullet"], bulletText="•"),
                     second and second.warnings[sign.id].text, st)] for sign in signs]
    fill_color = st.color[f"{tier}_fill"]
    weight = st.line[tier]
    if tier == "urgent" and is_white(fill_color):
        weight *= 2  # without a fill, the border alone has to make the urgent box unmistakable
    style = table_style(st, [
        ("BOX", (0, 0), (-1, -1), weight, st.color[tier]),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), weight, st.color[tier]),  # a part is a closed box too
        ("BACKGROUND", (0, 0), (-1, -1), fill_color),
        ("ROUNDEDCORNERS", [st.corner["box"]] * 4),
        ("LEFTPADDING", (0, 0), (-1, -1), st.pad["box"]), ("RIGHTPADDING", (0, 0), (-1, -1), st.pad["box"]),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 8), ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
    ])
    # A row per sign, the heading row repeated: a box taller than the page splits between signs.
    box = Table([[[*marked, head]], *rows, [what_to_do()]] if tier == "urgent" else [[[head, *what_to_do()]], *rows],
                colWidths=[width], repeatRows=1, style=style)
    if tier == "urgent" and action and _height(box, width) > page_height * 0.9:
        box = Table([[[*marked, head, *what_to_do()]], *rows, [what_to_do()]], colWidths=[width], repeatRows=1,
                    style=style)
    return box


def _turn_over(languages: tuple, st: Styles) -> list:
    """The line under a part of a box that breaks, in the box's languages: the rest of its signs are on the
    next page."""
    first, second = languages
    return [Spacer(1, 1 * mm), beneath(Paragraph(f"<i>{markup(first.strings['warnings_more_over'])}</i>", st["small"]),
                                       second and second.strings["warnings_more_over"], st)]


def _height(box: Table, width: float) -> float:
    return box.wrap(width, 0xffffff)[1]


def _urgent_action(plan: Plan, library: Library | None = None) -> str:
    """'Call 911 or go to the emergency room now.' with the layout's number, or a sentence without one,
    in the plan's language or `library`'s."""
    words = (library or plan.library).strings
    number = plan.layout.emergency_number
    return words["warnings_urgent_action"].format(number=number) if number else words["warnings_urgent_action_plain"]


def _clinic_contact(plan: Plan) -> str:
    """'Harbor Point Physical Therapy: (555) 014-2290': who to call, with the number to hand."""
    clinic = plan.layout.clinic
    return f"{clinic.name}: {clinic.phone}" if clinic.phone else ""
