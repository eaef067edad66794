"""The warning signs: a boxed list per tier, the urgent box bolder than the call-us box."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from handouts.check.model import Library, Plan
from handouts.compose.sections.bilingual import beneath
from handouts.compose.sections.pieces import NO_PADDING, heading, is_white
from handouts.compose.text import markup
from handouts.render.flowables import TableWithTail, WholeOrFlow
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style


def warning_boxes(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    page_height = plan.layout.content_size[1]
    gap = 4 * mm
    # The section's heading goes with its first box: never a heading alone at the foot of a page. A box
    # that would leave a wide blank band breaks between its signs (two at least: a sign is a sentence or
    # two), its tier's heading repeated over the rest.
    flow = []
    for box in _boxes(plan, st, width):
        lead = [] if flow else [heading(words["section_warnings"], st)]
        flow += [*([Spacer(1, 3 * mm)] if flow else []), TableWithTail(box, [], page_height, lead, min_rows=2)]
    if plan.layout.card_columns != 2 or len(flow) == 1:
        return flow
    # Two columns (the compact layout): the two boxes side by side, a row of their own, where that fits.
    half = (width - gap) / 2
    urgent, call = _boxes(plan, st, half)
    across = Table([[urgent, Spacer(0, 0), call]], colWidths=[half, gap, half],
                   style=table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING]))
    return [WholeOrFlow([heading(words["section_warnings"], st), across], flow, page_height)]


def _boxes(plan: Plan, st: Styles, width: float) -> list[Table]:
    """A box per tier the plan warns of (urgent, then call us), `width` wide."""
    words = plan.library.strings
    second = plan.second.strings if plan.second else {}
    boxes = []
    for tier, head, action in (("urgent", words["warnings_urgent"], _urgent_action(plan)),
                               ("call", words["warnings_call"], _clinic_contact(plan))):
        signs = [w for w in plan.warnings if w.tier == tier]
        if not signs:
            continue
        # A row per sign: a box taller than the page (large print on A5) splits between signs, its heading
        # repeated, instead of failing the build.
        rows = [[beneath(Paragraph(f"⚠&nbsp;&nbsp;{markup(head)}", st[f"{tier}_head"]),
                         second.get(f"warnings_{tier}"), st)]]
        rows += [[beneath(Paragraph(markup(sign.text), st["bullet"], bulletText="•"),
                          plan.second and plan.second.warnings[sign.id].text, st)] for sign in signs]
        if action:
            # What to do goes inside the box, at body size, where a worried reader's eye already is.
            rows.append([beneath(Paragraph(f"<b>{markup(action)}</b>", st["body"]),
                                 plan.second and tier == "urgent" and _urgent_action(plan, plan.second), st)])
        fill_color = st.color[f"{tier}_fill"]
        weight = st.line[tier]
        if tier == "urgent" and is_white(fill_color):
            weight *= 2  # without a fill, the border alone has to make the urgent box unmistakable
        box = Table(rows, colWidths=[width], repeatRows=1)
        box.setStyle(table_style(st, [
            ("BOX", (0, 0), (-1, -1), weight, st.color[tier]),
            ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), weight, st.color[tier]),  # a part is a closed box too
            ("BACKGROUND", (0, 0), (-1, -1), fill_color),
            ("ROUNDEDCORNERS", [st.corner["box"]] * 4),
            ("LEFTPADDING", (0, 0), (-1, -1), st.pad["box"]), ("RIGHTPADDING", (0, 0), (-1, -1), st.pad["box"]),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 8), ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ]))
        boxes.append(box)
    return boxes


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
