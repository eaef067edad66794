"""The fridge sheet (`build --sheet`): a page a patient sticks on the fridge. The program at a glance with a
small picture per exercise and its dosage in words, the ice or heat plan in one line with the chart's dates,
the first three urgent warning signs with the emergency line and the clinic's phone, and where the rest is.

Its print is never smaller than 9 pt, a two-language plan's second line included (the handout prints its
second lines smaller): it is read from across a kitchen. More than eight exercises, or large print, run onto
a second sheet.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer

from handouts.check.model import Library, Plan, PlannedExercise
from handouts.compose.illustration import picture_for
from handouts.compose.sections.pieces import NO_PADDING, heading, in_pairs
from handouts.compose.sections.warning_boxes import _urgent_action as urgent_action
from handouts.compose.text import dosage_figures, fill, markup, short_date
from handouts.compose.thermal import schedule
from handouts.preflight.sessions import heat_count
from handouts.render.flowables import Beneath
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style

# (pt, the dosage on one line) the sheet tries in turn: the first that puts up to 8 exercises on one page. Never
# smaller than 9 (a two-language sheet pairs every line); large print keeps its own larger body.
VARIANTS = ((13, False), (12, False), (11, False), (10, False), (10, True), (9, True))
ONE_PAGE = 8  # exercises a sheet holds on one page; more go on to a second
MORE = 11  # pt: the print of a sheet that takes two pages anyway
NBSP = "\u00a0"  # a label and its figure on one line: 'Repeat / 5' reads as two things
LARGE = 14  # pt: a body this large (large print) puts one exercise to a row, its words beside its picture
URGENT_SIGNS = 3  # the plan's first three urgent signs; the rest are in the handout


def fridge_sheet(plan: Plan, st: Styles, width: float, *, alone: bool = False) -> list:
    """The sheet's flowables. After the handout (not `alone`) it starts a page of its own and names the
    handout's page with every warning sign."""
    height = plan.layout.content_size[1]
    tries = VARIANTS if len(plan.exercises) <= ONE_PAGE else ()
    flow = next((flow for flow in (_sheet(plan, st, width, alone, *variant) for variant in tries)
                 if _height(flow, width, height) <= height), None)
    flow = flow or _sheet(plan, st, width, alone, MORE, False)  # two pages anyway: print that reads easily
    return flow if alone else [PageBreak(), *flow]


def _sheet(plan: Plan, st: Styles, width: float, alone: bool, size: float, one_line: bool) -> list:
    sizes = _styles(st, size)
    flow = [heading(plan.library.strings["sheet_heading"], st), _phrase(plan, "sheet_intro", sizes["body"], sizes)]
    flow += _exercise_grid(plan, st, sizes, width, one_line)
    flow += _thermal_lines(plan, sizes)
    if plan.warnings:
        flow.append(_urgent(plan, st, sizes, width, alone))
    elif plan.layout.clinic.phone:
        flow.append(_phone(plan, sizes))
    return flow


def _height(flow: list, width: float, height: float) -> float:
    """The sheet's height on one page (its heading's space before left out, as at the top of a page)."""
    total = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flow)
    return total - flow[0].getSpaceBefore()


def _styles(st: Styles, smallest: float) -> dict[str, ParagraphStyle]:
    """The handout's body at `smallest` pt at least, titles in bold in the heading colour, the urgent heading
    and the signs; each knows the muted colour its second-language line takes."""
    body = st["body"]
    size = max(body.fontSize, smallest)
    base = ParagraphStyle("sheet_body", parent=body, fontSize=size, leading=size * 1.28, spaceAfter=size * 0.35)
    styles = {"body": base,
              "title": ParagraphStyle("sheet_title", parent=base, fontName=f"{st.family}-bold", spaceAfter=1,
                                      textColor=st.color["primary"]),
              "urgent": ParagraphStyle("sheet_urgent", parent=st["urgent_head"], fontSize=size * 1.1,
                                       leading=size * 1.4),
              "bullet": ParagraphStyle("sheet_bullet", parent=base, leftIndent=size * 1.3, bulletIndent=size * 0.2,
                                       spaceAfter=size * 0.2)}
    for style in styles.values():
        style.muted = st["small"].textColor  # a two-language line's second half
    return styles


def _line(text: str, style: ParagraphStyle, second: str | None, bullet: str | None = None) -> Flowable:
    """`text` (markup), with its translation (plain) beneath it in the muted colour at the same size."""
    first = Paragraph(text, style, bulletText=bullet)
    if not second:
        return first
    muted = ParagraphStyle(f"{style.name}_second", parent=style, fontName=style.fontName.replace("-bold", "-regular"),
                           textColor=style.muted, spaceBefore=0)
    return Beneath(first, Paragraph(markup(second), muted), gap=style.fontSize * 0.15)


def _phrase(plan: Plan, key: str, style: ParagraphStyle, sizes: dict, **values) -> Flowable:
    """One of the sheet's phrases, in both languages on a two-language plan."""
    second = plan.second and fill(plan.second.strings, key, **values)
    return _line(markup(fill(plan.library.strings, key, **values)), style, second)


def _exercise_grid(plan: Plan, st: Styles, sizes: dict, width: float, one_line: bool) -> list:
    """The exercises two to a row (one in large print), each a small picture beside its title and dosage; a row
    is never split, so a ninth exercise (or large print's fifth) goes on to the next sheet."""
    gap = 5 * mm
    space = sizes["body"].fontSize * 0.8
    if st["body"].fontSize >= LARGE:
        return [Table([[_cell(plan, item, st, sizes, width, one_line)]], colWidths=[width], spaceBefore=space,
                      style=table_style(st, NO_PADDING)) for item in plan.exercises]
    cell_w = (width - gap) / 2
    cells = [_cell(plan, item, st, sizes, cell_w, one_line) for item in plan.exercises]
    style = table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING])
    return [Table([[left, Spacer(0, 0), right]], colWidths=[cell_w, gap, cell_w], style=style, spaceBefore=space)
            for left, right in in_pairs(cells)]


def _cell(plan: Plan, item: PlannedExercise, st: Styles, sizes: dict, width: float, one_line: bool) -> Table:
    """A numbered exercise: its picture (the card's drawing, small) beside its title and dosage in words."""
    number = plan.exercises.index(item) + 1
    second = plan.second and plan.second.exercises[item.exercise.id].title
    words = [_line(f"{number}. {markup(item.exercise.title)}", sizes["title"], second),
             *(_line(markup(line), sizes["body"], None) for line in _dosage_lines(item, plan.library, one_line))]
    picture_w = min(3.3 * sizes["body"].fontSize * mm, width * 0.4)  # 43 mm at 13 pt, 30 mm at 9
    picture = picture_for(item, plan.layout, st, (picture_w, picture_w * 0.55), labelled=False)
    if picture is None:
        return Table([[words]], colWidths=[width], style=table_style(st, NO_PADDING))
    return Table([[picture, words]], colWidths=[picture_w + 3 * mm, width - picture_w - 3 * mm],
                 style=table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING]))


def _dosage_lines(item: PlannedExercise, library: Library, one_line: bool) -> list[str]:
    """The at-a-glance figures in words: 'Hold 15 s, Repeat 3' then '3 times a day, Each side'; a set of
    one, no hold and no side are left out (nothing to do there); `one_line` joins them with a dot."""
    dosage, words = item.dosage, library.strings
    figures = dict(zip(("hold", "repeat", "sets", "per_day", "side"), dosage_figures(dosage, words)))
    how = [NBSP.join(figures["hold"])] if dosage.hold_s else []
    how.append(figures["repeat"][1] if dosage.reps == 1 else NBSP.join(figures["repeat"]))  # 'Once', not 'Repeat Once'
    if dosage.sets > 1:
        how.append(NBSP.join(figures["sets"]))
    when = [fill(words, "per_day", dosage.per_day)]
    if dosage.side != "none":
        when.append(figures["side"][1])
    lines = [", ".join(how), ", ".join(when)]
    return [" · ".join(lines)] if one_line else lines


def _thermal_lines(plan: Plan, sizes: dict) -> list:
    """The ice, then the heat, each in one line with the chart's first and last date (or day), only the phases
    the plan has and the chart still prints; both languages on a two-language plan."""
    if not plan.thermal:
        return []
    days = schedule(plan.thermal, plan.date).days
    lines = []
    for phase in ("ice", "heat"):
        printed = [day for day in days if day.phase == phase]
        if printed:
            lines.append(_line(_thermal_text(plan, plan.library, phase, printed, bold=True), sizes["body"],
                               plan.second and _thermal_text(plan, plan.second, phase, printed)))
    return [Spacer(1, 3 * mm), *lines] if lines else []


def _thermal_text(plan: Plan, library: Library, phase: str, days: list, bold: bool = False) -> str:
    """'Ice: 20 minutes every hour while you are awake, Mon 23 Nov to Tue 24 Nov.' (the chart's rule, with the
    chart's dates for its days)."""
    words, thermal = library.strings, plan.thermal
    first, last = (short_date(day.date, words) if day.date else fill(words, "day_n", day.number)
                   for day in (days[0], days[-1]))
    dates = first if len(days) == 1 else fill(words, "phase_dates", start=first, end=last)
    label = library.thermal.ice_label if phase == "ice" else library.thermal.heat_label
    label = f"<b>{markup(label)}</b>" if bold else label
    if phase == "ice":
        text = fill(words, "thermal_ice_rule", label="\0", minutes=thermal.ice.minutes,
                    often=fill(words, "ice_often", thermal.ice.every_hours), days=dates)
    else:
        text = fill(words, "thermal_heat_rule", label="\0", minutes=thermal.heat.minutes,
                    often=fill(words, "heat_often", heat_count(thermal)), days=dates)
    return (markup(text) if bold else text).replace("\0", label)


def _urgent(plan: Plan, st: Styles, sizes: dict, width: float, alone: bool) -> Flowable:
    """The urgent box, whole: its heading, the plan's first three urgent signs, what to do, the clinic's phone,
    and where every warning sign is."""
    library, second = plan.library, plan.second
    signs = [w for w in plan.warnings if w.tier == "urgent"][:URGENT_SIGNS]
    rows = [[_line(f"⚠&nbsp;&nbsp;{markup(library.strings['warnings_urgent'])}", sizes["urgent"],
                   second and second.strings["warnings_urgent"])]] if signs else []
    rows += [[_line(markup(library.warnings[sign.id].text), sizes["bullet"], second and second.warnings[sign.id].text,
                    bullet="•")]
             for sign in signs]
    if signs:
        action = urgent_action(plan)
        rows.append([_line(f"<b>{markup(action)}</b>", sizes["body"], second and urgent_action(plan, second))])
    # The page with every warning sign is known once the handout before the sheet is laid out.
    rows.append([_closing(plan, sizes, None) if alone else
                 WarningsPage(lambda page: _closing(plan, sizes, page), plan.library.strings["section_warnings"])])
    # One cell: a table of one row never splits, so the box moves whole.
    return Table([[[row for (row,) in rows]]], colWidths=[width], spaceBefore=4 * mm, style=table_style(st, [
        ("BOX", (0, 0), (-1, -1), st.line["urgent"] * 1.5, st.color["urgent"]),
        ("BACKGROUND", (0, 0), (-1, -1), st.color["urgent_fill"]),
        ("ROUNDEDCORNERS", [st.corner["box"]] * 4),
        ("LEFTPADDING", (0, 0), (-1, -1), st.pad["box"]), ("RIGHTPADDING", (0, 0), (-1, -1), st.pad["box"]),
        ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))


def _phone(plan: Plan, sizes: dict) -> Flowable:
    return _line(_phone_text(plan, plan.library, bold=True), sizes["body"],
                 plan.second and _phone_text(plan, plan.second))


def _phone_text(plan: Plan, library: Library, bold: bool = False) -> str:
    """'Questions? Call us on (555) 014-2290' (markup, in bold, with `bold`), or nothing without a phone."""
    number = plan.layout.clinic.phone
    if not number:
        return ""
    text = fill(library.strings, "glance_phone", number=number)
    return f"<b>{markup(text)}</b>" if bold else text


def _closing(plan: Plan, sizes: dict, page: int | None) -> Flowable:
    """The clinic's phone and where every warning sign is, in one paragraph: 'All the warning signs are on
    page 4 of your handout.', or 'in your handout' without the page (a sheet printed alone)."""
    def text(library: Library, bold: bool = False) -> str:
        where = (fill(library.strings, "sheet_more_warnings", n=page) if page
                 else library.strings["sheet_more_warnings_handout"])
        return f"{_phone_text(plan, library, bold)} {markup(where) if bold else where}".strip()
    return _line(text(plan.library, bold=True), sizes["body"], plan.second and text(plan.second))


class WarningsPage(Flowable):
    """A line that names the page a section's heading printed on: the document template records each heading's
    page as it lays it out (render/document.py), and this line is laid out after it."""

    def __init__(self, make, section: str):
        super().__init__()
        self.make, self.section = make, section  # make(page, or None where the heading is not printed)
        self.line = None

    def wrap(self, avail_width, avail_height):
        doc = getattr(getattr(self, "canv", None), "_doctemplate", None)  # none while the sheet is measured
        page = getattr(doc, "heading_pages", {}).get(self.section)
        self.line = self.make(page)
        return self.line.wrap(avail_width, avail_height)

    def draw(self):
        self.line.drawOn(self.canv, 0, 0)
