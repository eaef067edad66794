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
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from handouts.check.model import Library, Plan, PlannedExercise
from handouts.compose.illustration import picture_for
from handouts.compose.sections.pieces import NO_PADDING, heading, in_pairs
from handouts.compose.sections.warning_boxes import _urgent_action as urgent_action
from handouts.compose.text import dosage_figures, fill, markup, short_date
from handouts.compose.thermal import heat_count, schedule
from handouts.render.flowables import Beneath
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style

SMALLEST = 10.5  # pt: the sheet's print, at least (the brief's floor is 9); large print keeps its larger sizes
URGENT_SIGNS = 3  # the plan's first three urgent signs; the rest are in the handout


def fridge_sheet(plan: Plan, st: Styles, width: float, *, alone: bool = False) -> list:
    """The sheet's flowables. After the handout (not `alone`) it starts a page of its own and names the
    handout's page with every warning sign."""
    sizes = _styles(st)
    flow = [heading(plan.library.strings["sheet_heading"], st), _phrase(plan, "sheet_intro", sizes["body"], sizes)]
    flow += _exercise_grid(plan, st, sizes, width)
    flow += _thermal_lines(plan, sizes)
    if plan.warnings:
        flow.append(_urgent(plan, st, sizes, width, alone))
    elif plan.layout.clinic.phone:
        flow.append(_phone(plan, sizes))
    return flow if alone else [PageBreak(), *flow]


def _styles(st: Styles) -> dict[str, ParagraphStyle]:
    """The handout's body at SMALLEST pt at least, titles in bold in the heading colour, the urgent heading
    and the signs; each knows the muted colour its second-language line takes."""
    body = st["body"]
    size = max(body.fontSize, SMALLEST)
    base = ParagraphStyle("sheet_body", parent=body, fontSize=size, leading=size * 1.28, spaceAfter=size * 0.35)
    styles = {"body": base,
              "title": ParagraphStyle("sheet_title", parent=base, fontName=f"{st.family}-bold", spaceAfter=1,
                                      textColor=st.color["primary"]),
              "urgent": ParagraphStyle("sheet_urgent", parent=st["urgent_head"], fontSize=max(size * 1.1, SMALLEST),
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


def _exercise_grid(plan: Plan, st: Styles, sizes: dict, width: float) -> list:
    """The exercises two to a row, each a small picture above its title and dosage; a row is never split, so
    a ninth exercise (or large print's fifth) goes on to the next sheet."""
    gap = 5 * mm
    cell_w = (width - gap) / 2
    cells = [_cell(plan, item, st, sizes, cell_w) for item in plan.exercises]
    style = table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING])
    rows = [Table([[left, Spacer(0, 0), right]], colWidths=[cell_w, gap, cell_w], style=style,
                  spaceBefore=2.5 * mm) for left, right in in_pairs(cells)]
    return rows


def _cell(plan: Plan, item: PlannedExercise, st: Styles, sizes: dict, width: float) -> Table:
    """A numbered exercise: its picture (the card's drawing, small) beside its title and dosage in words."""
    number = plan.exercises.index(item) + 1
    second = plan.second and plan.second.exercises[item.exercise.id].title
    words = [_line(f"{number}. {markup(item.exercise.title)}", sizes["title"], second),
             *(_line(markup(line), sizes["body"], None) for line in _dosage_lines(item, plan.library))]
    picture_w = min(36 * mm, width * 0.42)
    picture = picture_for(item, plan.layout, st, (picture_w, picture_w * 0.55))
    if picture is None:
        return Table([[words]], colWidths=[width], style=table_style(st, NO_PADDING))
    return Table([[picture, words]], colWidths=[picture_w + 3 * mm, width - picture_w - 3 * mm],
                 style=table_style(st, [("VALIGN", (0, 0), (-1, -1), "TOP"), *NO_PADDING]))


def _dosage_lines(item: PlannedExercise, library: Library) -> list[str]:
    """The at-a-glance figures in words: 'Hold 15 s, Repeat 3' then '3 times a day, Each side'; a set of
    one, no hold and no side are left out (nothing to do there)."""
    dosage, words = item.dosage, library.strings
    figures = dict(zip(("hold", "repeat", "sets", "per_day", "side"), dosage_figures(dosage, words)))
    how = [" ".join(figures[key]) for key in ("hold", "repeat") if figures[key][1] != words["none"]]
    if dosage.sets > 1:
        how.append(" ".join(figures["sets"]))
    when = [fill(words, "per_day", dosage.per_day)]
    if dosage.side != "none":
        when.append(figures["side"][1])
    return [", ".join(how), ", ".join(when)]


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
    if plan.layout.clinic.phone:
        rows.append([_phone(plan, sizes)])
    rows.append([_more(plan, sizes, alone)])
    colour = st.color["urgent"]
    box = Table(rows, colWidths=[width], style=table_style(st, [
        ("BOX", (0, 0), (-1, -1), st.line["urgent"] * 1.5, colour),
        ("BACKGROUND", (0, 0), (-1, -1), st.color["urgent_fill"]),
        ("ROUNDEDCORNERS", [st.corner["box"]] * 4),
        ("LEFTPADDING", (0, 0), (-1, -1), st.pad["box"]), ("RIGHTPADDING", (0, 0), (-1, -1), st.pad["box"]),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 7), ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
    ]))
    return KeepTogether([Spacer(1, 4 * mm), box])


def _phone(plan: Plan, sizes: dict) -> Flowable:
    number = plan.layout.clinic.phone
    return _line(f"<b>{markup(fill(plan.library.strings, 'glance_phone', number=number))}</b>", sizes["body"],
                 plan.second and fill(plan.second.strings, "glance_phone", number=number))


def _more(plan: Plan, sizes: dict, alone: bool) -> Flowable:
    """'All the warning signs are on page 4 of your handout.': the page the warnings' heading printed on, read
    when the sheet is laid out (after the handout); or 'in your handout' for a sheet printed alone."""
    if alone:
        return _phrase(plan, "sheet_more_warnings_handout", sizes["body"], sizes)
    return WarningsPage(lambda page: _phrase(plan, "sheet_more_warnings", sizes["body"], sizes, n=page),
                        plan.library.strings["section_warnings"],
                        lambda: _phrase(plan, "sheet_more_warnings_handout", sizes["body"], sizes))


class WarningsPage(Flowable):
    """A line that names the page a section's heading printed on: the document template records each heading's
    page as it lays it out (render/document.py), and this line is laid out after it."""

    def __init__(self, make, section: str, otherwise):
        super().__init__()
        self.make, self.section, self.otherwise = make, section, otherwise
        self.line = None

    def wrap(self, avail_width, avail_height):
        page = getattr(getattr(self.canv, "_doctemplate", None), "heading_pages", {}).get(self.section)
        self.line = self.make(page) if page else self.otherwise()
        return self.line.wrap(avail_width, avail_height)

    def draw(self):
        self.line.drawOn(self.canv, 0, 0)
