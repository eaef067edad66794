"""The program at a glance, for page 1: a row per exercise with its dosage, and the minutes a session
takes."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from handouts.check.model import Plan
from handouts.compose.sections.bilingual import beneath
from handouts.compose.sections.phases import next_change, phase_dates, phase_name, phased
from handouts.compose.sections.pieces import heading, panel, text_width
from handouts.compose.text import dosage_figures, fill, markup, rounded_minutes
from handouts.preflight.sessions import session_seconds
from handouts.render.measured import Paragraph, Table
from handouts.render.styles import Styles, table_style


def at_a_glance(plan: Plan, st: Styles, width: float) -> list:
    words = plan.library.strings
    figures = [dosage_figures(item.dosage, words) for item in plan.exercises]
    head = [words["glance_number"], words["glance_exercise"], *(label for label, _ in figures[0])]
    rows = [[str(n), item.exercise.title, *(value for _, value in dose)]
            for n, (item, dose) in enumerate(zip(plan.exercises, figures), 1)]
    # Every column as wide as its widest entry; the exercise's title takes what is left (and wraps if it must).
    fixed = [max(text_width(row[c], st["cell_bold"]) for row in [head, *rows]) + 2 * st.pad["cell"]
             for c in range(len(head)) if c != 1]
    title_w = max(width - sum(fixed), 30 * mm)
    widths = [fixed[0], title_w, *fixed[1:]]
    scale = min(1.0, width / sum(widths))  # large print on a narrow page: every column gives a little
    cells = [[Paragraph(markup(text), st["cell_bold"]) for text in head]]
    cells += [[Paragraph(markup(text), st["cell_bold" if c == 1 else "cell"]) for c, text in enumerate(row)]
              for row in rows]
    table = Table(cells, colWidths=[w * scale for w in widths], repeatRows=1)
    table.setStyle(table_style(st, [
        *panel(st, (0, 0), (-1, 0)),
        ("LINEBELOW", (0, 0), (-1, -1), st.line["rule"], st.color["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), st.pad["cell"]), ("RIGHTPADDING", (0, 0), (-1, -1), st.pad["cell"]),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]))
    minutes = rounded_minutes(sum(session_seconds(item.dosage) for item in plan.exercises))
    other = plan.second and plan.second.strings
    key = beneath(Paragraph(markup(_key(plan, words)), st["cell"]), other and _key(plan, other), st)
    after = [Spacer(1, 2 * mm), beneath(Paragraph(markup(fill(words, "program_minutes", minutes)), st["body"]),
                                        other and fill(other, "program_minutes", minutes), st)]
    # The key and the line under the table, and what the next phase changes, may go over to the next page: kept with the
    # table, the whole block could leave page 1 half empty in large print (in two languages, with nothing of
    # the program on page 1). The clinic's phone is in the key points that follow (key_points.py).
    return [KeepTogether([heading(words["glance_heading"], st), *_now(plan, st), table]),
            KeepTogether([Spacer(1, 1.5 * mm), key, *after]),
            *_next(plan, st)]


def _key(plan: Plan, words: dict) -> str:
    """What the table's columns mean, and the marks it uses ('Each side', '–') where it uses them: a patient
    reads the figures right without asking."""
    doses = [item.dosage for item in plan.exercises]
    parts = [fill(words, f"glance_key_{column}", label=words[f"dosage_{column}"])
             for column in ("hold", "repeat", "sets", "per_day")]
    if any(dose.side == "each" for dose in doses):
        parts.append(fill(words, "glance_key_each", label=words["side_short_each"]))
    if any(not dose.hold_s or dose.side == "none" for dose in doses):
        parts.append(fill(words, "glance_key_none", label=words["none"]))
    return " ".join(parts)


def _now(plan: Plan, st: Styles) -> list:
    """Which phase the table shows, and its dates (in both languages on a two-language handout)."""
    if not phased(plan):
        return []
    phase = plan.upcoming[0]

    def line(words: dict) -> str:
        return fill(words, "glance_now", phase=phase_name(phase, words), dates=phase_dates(plan, phase, words))
    return [beneath(Paragraph(f"<b>{markup(line(plan.library.strings))}</b>", st["body"]),
                    plan.second and line(plan.second.strings), st)]


def _next(plan: Plan, st: Styles) -> list:
    """When the next phase starts and what it changes (in both languages on a two-language handout)."""
    if len(plan.upcoming) < 2:
        return []
    phase = plan.upcoming[1]
    other = plan.second and next_change(plan, phase, plan.second)
    return [beneath(Paragraph(f"<b>{markup(next_change(plan, phase))}</b>", st["body"]), other, st)]
