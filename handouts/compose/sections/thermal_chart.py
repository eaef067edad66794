"""The ice-then-heat section: the two rules, the chart of days with a tick box per session, the safety list.
The chart reads back from a photo (`handouts scan`): each page of it carries its code, beside the rules on
the first."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from handouts.check.model import Library, Plan, ThermalPlan
from handouts.compose.sections.bilingual import beneath, phrase
from handouts.compose.sections.log_page import CHART_CODE_SIZE, code_spot
from handouts.compose.sections.pieces import beside, heading, in_columns, line_picture, text_width
from handouts.compose.sections.plan_code import beside_right
from handouts.compose.text import fill, markup, short_date
from handouts.compose.thermal import ChartDay, Schedule, schedule
from handouts.preflight.sessions import heat_count
from handouts.render.flowables import TableWithTail, TickBoxes
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style


def thermal_section(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    text = plan.library.thermal
    thermal = plan.thermal
    plan_of_days = schedule(thermal, plan.date)
    # The phases the patient still has ahead: a phase whose days are over gets no rule, heading or intro.
    ahead = tuple(name for name in ("ice", "heat") if any(day.phase == name for day in plan_of_days.days))
    named = ahead or (("heat",) if thermal.heat else ("ice",))
    others = _rules(plan.second, thermal, plan_of_days.days, ahead) if plan.second else [None, None]
    rules = [beneath(Paragraph(f"<b>{markup(rule)}</b> {markup(how)}", st["bullet"], bulletText="•"),
                     other and " ".join(other), st)
             for (rule, how), other in zip(_rules(plan.library, thermal, plan_of_days.days, ahead), others)]
    lead = [Spacer(1, 1.5 * mm)]
    if plan_of_days.past:
        lead.append(beneath(Paragraph(f"<b>{markup(_started(words, thermal, plan_of_days))}</b>", st["body"]),
                            plan.second and _started(plan.second.strings, thermal, plan_of_days), st))
    # The heading, its introduction and the rules go with the chart's first days (never the rules ending one
    # page and the chart starting the next); the chart may break between days, its help line and the safety
    # lines kept with its last days (a patient ticking the chart reads them), under "Ice, then heat, continued".
    intro = "intro" if len(named) == 2 else f"intro_{named[0]}"
    title = words["section_thermal" if len(named) == 2 else f"section_thermal_{named[0]}"]
    words_first = [beneath(Paragraph(markup(getattr(text, intro)), st["body"]),
                           plan.second and getattr(plan.second.thermal, intro), st), *rules]
    # In the colour of a heading, not bold alone: a script without a bold face (Chinese) still shows it as one.
    head = [phrase(plan, "thermal_safety", st["figure"], st, bold=True)]
    others = plan.second.thermal.safety if plan.second else [None] * len(text.safety)
    shown = [(line, other) for line, other in zip(text.safety, others) if line.phase in (None, *named)]
    lines = [beneath(Paragraph(markup(line.text), st["bullet"], bulletText="•"), other and other.text, st)
             for line, other in shown]
    pictures = [line_picture(line, other, plan.layout, st) for line, other in shown]
    merged = bool(pictures[0])
    if merged:  # the first line's picture stands beside the heading too: the row grows by less than its height
        head, lines, pictures = [beside([*head, lines[0]], pictures[0], st)], lines[1:], pictures[1:]
    safety = [Spacer(1, 2.5 * mm), *head,
              *in_columns([beside(line, picture, st) for line, picture in zip(lines, pictures)], plan.layout.card_columns,
                          width, st)]
    # The safety heading keeps its first two lines, or its first with a chart that then stays whole; the
    # others may run onto the next page.
    kept, rest = safety[:4 - merged], safety[4 - merged:]
    if not plan_of_days.days:  # no chart: the rules may end a page, a rule read whole
        return [KeepTogether([heading(title, st), words_first[0]]), *(KeepTogether([rule]) for rule in rules),
                KeepTogether(lead + kept), *rest]
    help_line = [Spacer(1, 1 * mm), phrase(plan, "thermal_chart_help", st["small"], st)]
    chart = _chart(plan, plan_of_days.days, st, width, readback=bool(plan.patient))
    opening = [heading(title, st), *words_first]
    if plan.patient:  # a patient's chart comes back to the clinic; a waiting-room leaflet's does not
        # The code that names the chart's page for `handouts scan` stands beside the intro; the page the
        # chart runs onto keeps a spot for its own.
        chart.code_spot = code_spot(plan, st, "chart", plan_of_days.days[0].date, CHART_CODE_SIZE)
        opening[1] = beside_right(words_first[:1], chart.code_spot, CHART_CODE_SIZE, st, width)
    return [TableWithTail(chart, help_line + kept, plan.layout.content_size[1],
                          lead=opening + lead, min_rows=2, least_tail=len(help_line) + 3 - merged), *rest]


def _started(words: dict, thermal: ThermalPlan, plan_of_days: Schedule) -> str:
    """When the ice or heat days began, and, where they are, that the ice days or all the days are over."""
    started = fill(words, f"thermal_started_{plan_of_days.first_phase}", date=short_date(thermal.injury_date, words))
    if not plan_of_days.days:
        return started + " " + words["thermal_all_over"]
    if thermal.ice and plan_of_days.days[0].phase == "heat":
        return started + " " + words["thermal_ice_over"]
    return started


def _rules(library: Library, thermal: ThermalPlan, days: tuple[ChartDay, ...],
           ahead: tuple[str, ...]) -> list[tuple[str, str]]:
    """The ice rule and the heat rule for the phases still ahead, each with how to do it, in the library's
    language. The heat rule counts the heat days the chart shows, "the next" ones when ice came before."""
    words, text = library.strings, library.thermal
    rules = []
    if "ice" in ahead:
        rules.append((fill(words, "thermal_ice_rule", label=text.ice_label, minutes=thermal.ice.minutes,
                           often=fill(words, "ice_often", thermal.ice.every_hours),
                           days=fill(words, "first_days", thermal.ice.days)), text.ice_how))
    if "heat" in ahead:
        left = sum(day.phase == "heat" for day in days)
        later = thermal.ice is not None or days[0].number > 1  # heat after ice, or after days already behind
        rules.append((fill(words, "thermal_heat_rule", label=text.heat_label, minutes=thermal.heat.minutes,
                           often=fill(words, "heat_often", heat_count(thermal)),
                           days=fill(words, "next_days" if later else "for_days", left)),
                      text.heat_how))
    return rules


def _chart(plan: Plan, days: tuple[ChartDay, ...], st: Styles, width: float, readback: bool) -> Table:
    """A row per day: the day and its phase, then a tick box per session. With two columns (compact), days
    of one phase whose sessions fill less than half a row go two to a row. With `readback` the boxes record
    where they are drawn, for the page's code."""
    words = plan.library.strings
    text = plan.library.thermal
    pad = st.pad["cell"]
    night = plan.thermal.waking_end <= plan.thermal.waking_start
    cells = []
    for day in days:
        label = short_date(day.date, words) if day.date else words["day_n"].format(n=day.number)
        if night:  # a waking day past midnight: its 01:00 is the night after the date, not that morning
            label = fill(words, "chart_night", day=label)
        is_ice = day.phase == "ice"
        minutes = fill(words, "minutes_short", plan.thermal.ice.minutes if is_ice else plan.thermal.heat.minutes)
        phase = f"{text.ice_label if is_ice else text.heat_label} · {minutes}"
        cells.append((label, phase))
    # The day and its phase share a column as wide as their words: large print keeps each on one line,
    # and the tick boxes get the rest of the width.
    label_w = max(max(text_width(label, st["cell_bold"]), text_width(phase, st["cell"]))
                  for label, phase in cells) + 2 * pad + 2
    slots = max(len(day.sessions) for day in days)
    lines = _lines(days, slots) if plan.layout.card_columns == 2 else [[day] for day in days]
    halves = any(len(line) == 2 for line in lines)
    boxes_w = (width - 2 * label_w) / 2 if halves else width - label_w
    rows, style = [], [
        ("GRID", (0, 0), (-1, -1), st.line["rule"], st.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
    ]
    index = {id(day): i for i, day in enumerate(days)}
    first = days[0]
    for r, line in enumerate(lines):
        row = []
        for c, day in enumerate(line):
            label, phase = cells[index[id(day)]]
            whole = halves and len(line) == 1  # a day alone on a halved chart's row takes its width
            times = tuple(t.strftime("%H:%M") for t in day.sessions)
            boxes = TickBoxes(times, (width - label_w if whole else boxes_w) - 2 * pad,
                              slots if len(line) == 1 else max(len(d.sessions) for d in line),
                              f"{st.family}-regular", plan.layout.sizes["small"], st.color["muted"], st.color["text"],
                              st.line["border"])
            if readback:  # the day's ice or heat sessions, its day counted from the chart's first
                boxes.readback = ((day.phase, len(times)),
                                  (day.date - first.date).days if first.date else day.number - 1)
            row += [[Paragraph(markup(label), st["cell_bold"]), Paragraph(markup(phase), st["cell"])], boxes]
            style.append(("BACKGROUND", (2 * c, r), (2 * c, r), st.color["ice" if day.phase == "ice" else "heat"]))
            if whole:
                row += [Spacer(0, 0), Spacer(0, 0)]
                style.append(("SPAN", (1, r), (3, r)))
        rows.append(row)
        if r and line[0].phase != lines[r - 1][-1].phase:
            # A firm line where ice gives way to heat: the change must show without colour too.
            style.append(("LINEABOVE", (0, r), (-1, r), st.line["divider"], st.color["text"]))
    table = Table(rows, colWidths=[label_w, boxes_w] * 2 if halves else [label_w, boxes_w])
    table.setStyle(table_style(st, style))
    return table


def _lines(days: tuple[ChartDay, ...], slots: int) -> list[list[ChartDay]]:
    """The chart's rows: two days of the same phase to a row when each has at most half the slots."""
    lines = []
    for day in days:
        last = lines[-1] if lines else []
        if len(last) == 1 and last[0].phase == day.phase and 2 * max(len(last[0].sessions), len(day.sessions)) <= slots:
            last.append(day)
        else:
            lines.append([day])
    return lines
