"""The warning signs: a boxed list per tier, the urgent box bolder than the call-us box."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from handouts.model import Plan
from handouts.sections.bilingual import beneath
from handouts.sections.pieces import heading, is_white
from handouts.styles import Styles, table_style
from handouts.text import markup


def warning_boxes(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    second = plan.second.strings if plan.second else {}
    flow = []
    for tier, head, extra in (("urgent", words["warnings_urgent"], words["warnings_urgent_action"]),
                              ("call", words["warnings_call"], None)):
        signs = [w for w in plan.warnings if w.tier == tier]
        if not signs:
            continue
        content = [beneath(Paragraph(f"⚠&nbsp;&nbsp;{markup(head)}", st[f"{tier}_head"]),
                           second.get(f"warnings_{tier}"), st)]
        content += [beneath(Paragraph(markup(sign.text), st["bullet"], bulletText="•"),
                            plan.second and plan.second.warnings[sign.id].text, st) for sign in signs]
        if extra:
            content.append(beneath(Paragraph(f"<b>{markup(extra)}</b>", st["body"]),
                                   second.get("warnings_urgent_action"), st))
        fill_color = st.color[f"{tier}_fill"]
        weight = 1.6 if tier == "urgent" else 1.1
        if tier == "urgent" and is_white(fill_color):
            weight *= 2  # without a fill, the border alone has to make the urgent box unmistakable
        box = Table([[content]], colWidths=[width])
        box.setStyle(table_style(st, [
            ("BOX", (0, 0), (-1, -1), weight, st.color[tier]),
            ("BACKGROUND", (0, 0), (-1, -1), fill_color),
            ("ROUNDEDCORNERS", [5, 5, 5, 5]),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]))
        # The section's heading goes with its first box: never a heading alone at the foot of a page.
        lead = [] if flow else [heading(words["section_warnings"], st)]
        flow += [KeepTogether([*lead, box]), Spacer(1, 3 * mm)]
    return flow
