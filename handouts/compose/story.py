"""Turn a checked `Plan` into the story: the list of flowables, section by section.

Only the order lives here; each section is built in `handouts/sections/`. The header, footer and
page numbers are page furniture, drawn by render.py.
"""

from __future__ import annotations

from itertools import pairwise

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from handouts.check.model import Plan
from handouts.compose.sections.at_a_glance import at_a_glance
from handouts.compose.sections.bilingual import beneath, phrase, second_line
from handouts.compose.sections.cards import exercise_cards
from handouts.compose.sections.key_points import key_points
from handouts.compose.sections.log_page import log_page, ruled_area
from handouts.compose.sections.patient import next_visit_line
from handouts.compose.sections.pieces import bullet_list, heading, line_picture
from handouts.compose.sections.plan_code import patient_and_intro
from handouts.compose.sections.spasm_diary import spasm_diary
from handouts.compose.sections.thermal_chart import thermal_section
from handouts.compose.sections.warning_boxes import warning_boxes
from handouts.compose.text import fill, markup, no_widow
from handouts.render.document import PageSetup, clinic_line
from handouts.render.flowables import CardRun, Sections, ending_with
from handouts.render.measured import Paragraph
from handouts.render.styles import Styles, styles_for


def page_setup(plan: Plan) -> PageSetup:
    """The plan's pages: its layout and words, its title and condition as the PDF's, its date, and the patient
    (or, on a leaflet, the clinic) in the footer."""
    patient = plan.patient
    if patient:
        footer = patient.name, (f"  ·  {fill(plan.library.strings, 'record_short', id=patient.id)}"
                                if patient.id else "")
    else:
        footer = clinic_line(plan.layout)
    return PageSetup(layout=plan.layout, **page_words(plan.library.strings), title=plan.title,
                     subject=plan.condition.name, language=plan.language, date=plan.date, footer=footer)


def page_words(strings: dict) -> dict:
    """The words the page furniture prints, as the pages take them (`PageSetup`): the page number's phrase
    for page 1 and for the rest, and a continued section's heading as paragraph markup."""
    return {"page_of": (strings.get("page_of_1", strings["page_of"]), strings["page_of"]),
            "continued": markup(strings["section_continued"])}


def compose(plan: Plan) -> list:
    st = styles_for(plan.layout)
    words = plan.library.strings
    width = plan.layout.content_size[0]
    story = [Paragraph(no_widow(markup(plan.title)), st["title"])]
    other = plan.second and plan.second.conditions[plan.condition.id]  # a two-language handout's second words
    # what it is and how long it takes, said once
    intro = [beneath(Paragraph(markup(plan.condition.intro), st["body"]), other and other.intro, st)]
    if plan.patient:
        story += patient_and_intro(plan, st, width, intro)
    else:
        if plan.next_visit:
            story.append(Paragraph(f"<b>{markup(next_visit_line(plan))}</b>", st["body"]))
        story += intro
    story.append(Spacer(1, 1 * mm))
    # Page 1 tells the whole program before the details, then what to remember of it.
    points, urgent_mark = key_points(plan, st, width)
    if plan.exercises:
        story += [*at_a_glance(plan, st, width), *points, *exercise_cards(plan, st, width)]
    else:
        story += points
    # A leaflet is for anyone who picks it up: no "your therapist's notes", no "chosen for you".
    leaflet = "" if plan.patient else "_leaflet"
    sections = [
        thermal_section(plan, st, width) if plan.thermal else [],
        bullet_list(words["section_advice"], (item.text for item in plan.advice), st, width=width,
                    columns=plan.layout.card_columns,
                    seconds=plan.second and (plan.second.advice[item.id].text for item in plan.advice),
                    pictures=[line_picture(item, plan.second and plan.second.advice[item.id], plan.layout, st)
                              for item in plan.advice])
        if plan.advice else [],
        [KeepTogether([*_headed(plan, f"section_notes{leaflet}", st), Paragraph(markup(plan.notes), st["body"])])]
        if plan.notes else [],
    ]
    # The warning signs follow the exercises, the urgent box whole on a page; where it, or the ice-and-heat
    # rules with the chart's first days, would leave a wide band, the next section that fits fills it.
    sections = [warning_boxes(plan, st, width, urgent_mark) if plan.warnings else [], *sections]
    if any(sections):
        story.append(Sections(sections, plan.layout.content_size[1]))
    while isinstance(story[-1], Spacer):
        story.pop()
    # The disclaimer never stands alone on a page: it keeps to the block before it, or, before the log, to the
    # lines for questions that follow it.
    about = [heading(words[f"section_about{leaflet}"], st),
             phrase(plan, f"disclaimer{leaflet}", st["small"], st),
             Spacer(1, 1.5 * mm), beneath(Paragraph(markup(plan.condition.source), st["small"]), other and other.source, st)]
    log = plan.log and plan.exercises
    if log:
        story += [KeepTogether(about), ruled_area(plan, st, "log_questions")]
    else:
        story = ending_with(story, about)
    for flowable, following in pairwise(story):
        if isinstance(flowable, CardRun):
            flowable.after = following
    if log:
        # Last, on a sheet of its own: the patient keeps it by the bed and brings it back. The page before
        # ends in lines for questions, the log's page in lines for notes, rather than in blank paper.
        story += [PageBreak(), *log_page(plan, st, width), Spacer(1, 5 * mm), *spasm_diary(plan, st, width),
                  ruled_area(plan, st, "log_notes")]
    return story


def _headed(plan: Plan, key: str, st: Styles) -> list:
    """The section heading `key` names, with the second language's words under it on a two-language handout
    (the heading itself stays one, to be bookmarked)."""
    lines = [heading(plan.library.strings[key], st)]
    if plan.second:
        lines.append(second_line(st["heading"], plan.second.strings[key], st))
    return lines
