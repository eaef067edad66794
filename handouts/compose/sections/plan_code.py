"""Page 1's opening with the program's QR code: the code beside the condition's words or beside the patient
block, whichever leaves the page more room, with a line saying what it is for (handouts/check/plancode.py makes the
code; `handouts open` reads it back)."""

from __future__ import annotations

from functools import partial

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from handouts.check import plancode
from handouts.check.model import Plan
from handouts.compose.sections.bilingual import beneath
from handouts.compose.sections.patient import patient_block
from handouts.compose.sections.pieces import NO_PADDING
from handouts.compose.text import markup
from handouts.render import vector
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style

# 25 mm holds a version-11 code's 69 modules (its quiet zone too) at 0.36 mm each: 2.9 pixels of a 200 dpi scan.
CODE_SIZE = 25 * mm
GAP = 4 * mm  # between the words and the code
UNDER_CODE = 40 * mm  # the column of a code with its caption beneath: a few words a line even in large print


def patient_and_intro(plan: Plan, st: Styles, width: float, intro: list) -> list:
    """The patient block, then `intro` (the condition's words), and the code when the plan prints one, in the
    arrangement that takes the least height: the code to the right of the words with its caption under them
    (a one-row patient block), beside a narrower patient block with its caption beneath (large print, whose
    block has rows to spare), or beside both (compact, whose block still fits one row)."""
    gap = [Spacer(1, 3 * mm)]
    code = plancode.printed_code(plan)
    if code is None:
        return [patient_block(plan, st, width), *gap, *intro]
    picture = vector.qr_code(code, CODE_SIZE)
    caption = [Spacer(1, 1 * mm), beneath(Paragraph(markup(plan.library.strings["plan_code"]), st["small"]),
                                            plan.second and plan.second.strings["plan_code"], st)]
    block = partial(patient_block, plan, st)
    arrangements = (
        [block(width), *gap, beside_right([*intro, *caption], picture, CODE_SIZE, st, width)],
        [beside_right([block(width - UNDER_CODE - GAP)], [picture, *caption], UNDER_CODE, st, width), *gap, *intro],
        [beside_right([block(width - CODE_SIZE - GAP), *gap, *intro, *caption], picture, CODE_SIZE, st, width)],
    )
    return min(arrangements, key=lambda flow: sum(f.wrap(width, 1e6)[1] for f in flow))


def beside_right(left: list, right, right_width: float, st: Styles, width: float) -> Table:
    """`left`, and `right` in a column `right_width` wide at the right."""
    table = Table([[left, right]], colWidths=[width - right_width - GAP, right_width + GAP])
    table.setStyle(table_style(st, [*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                      ("LEFTPADDING", (1, 0), (1, 0), GAP)]))
    return table
