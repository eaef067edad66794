"""The page design's promises, measured on the printed page of every example plan in every layout:
no wasted paper, headings that follow a section onto the next page, print sizes, picture sizes."""

from __future__ import annotations

import io
import re

import pytest
from conftest import PLANS, one_line
from pages import EXAMPLES, MM, TODAY, blank_bands, blank_feet, drawing_boxes, drawing_panels, example, font_sizes
from pypdf import PdfReader

from handouts.check.layout import layout_names
from handouts.check.plan import load_plan
from handouts.compose.sections.phases import phase_heading
from handouts.compose.story import compose, page_setup
from handouts.render import document
from handouts.run.build import pdf_bytes

PLAN_IDS = [str(p.relative_to(p.parents[1] if p.parent.name == "leaflets" else p.parent)) for p in EXAMPLES]


def page_texts(plan, layout) -> list[str]:
    data, _ = example(plan, layout)
    return [one_line(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def content(text: str, words: dict, number: int, total: int) -> str:
    """A page's text after its header and footer (they come first, ending with 'Page X of Y')."""
    return text.partition(words["page_of"].format(n=number, total=total))[2].strip()


# Where a page still ends in a wider band than the rule allows (issue 23.2: the large-print cards of one frame,
# their captions and pose words, the program's key and the chart's code moved the breaks; the next block, whole,
# does not fit the band): each (plan, layout) named here must fail, so that one mended is taken off the list.
WIDE_BANDS = {("leaflet-neck-spasm", "large-print"), ("neck-spasm-patient-es", "compact"),
              ("neck-spasm-patient-es", "large-print"), ("neck-spasm-patient", "large-print"),
              ("neck-spasm-phases", "large-print"), ("roster-template", "large-print"), ("neck-spasm", "large-print")}


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_no_page_but_the_last_is_more_than_a_quarter_empty(plan, layout, request):
    if (plan.stem, layout) in WIDE_BANDS:
        request.applymarker(pytest.mark.xfail(reason="a band wider than the rule (issue 23.2)", strict=True))
    # Except before a block that may not begin at a page's foot, when nothing was left to fill the page
    # before it: the warning signs (the urgent box never breaks; a call box starts with its heading, the
    # clinic's phone and a sign) and the ice-and-heat rules (never without the chart's first days). Then up
    # to half of it.
    feet = blank_feet(plan, layout)
    texts, (_, checked) = page_texts(plan, layout), example(plan, layout)
    words = checked.library.strings
    libraries = [checked.library, *([checked.second] if checked.second else [])]
    whole = [library.strings[key] for library in libraries for key in
             ("section_warnings", "warnings_urgent", "warnings_call", "section_thermal", "section_thermal_ice", "section_thermal_heat")]
    for number, foot in enumerate(feet[:-1], 1):
        opens = content(texts[number], words, number + 1, len(texts))
        continued = re.match(re.escape(words["section_continued"]).replace(re.escape("{section}"), ".*?") + " ", opens)
        opens = opens[continued.end():] if continued else opens  # the heading repeated over a section's rest
        starts = any(re.match(re.escape(heading) + r"(?!,)", opens.lstrip("⚠ ")) for heading in whole)
        # Or after the exercises' (or a phase's) heading and words, where not even the first card (a pair, in
        # compact) fits below them: the cards begin the next page.
        ends = content(texts[number - 1], words, number, len(texts))
        leads = [one_line(library.strings["exercises_intro"])[-30:] for library in libraries]
        leads += [one_line(phase_heading(checked, phase, words))[-30:] for phase in checked.upcoming]
        lead = any(ends.endswith(tail) for tail in leads)
        # A two-language handout prints every line twice: its blocks are taller, and so is the band one leaves
        # when it does not fit (a chart's two last days kept with its help and safety lines, in large print,
        # leave 36% of the page before them).
        most = 0.5 if starts or lead else 0.4 if checked.second else 0.25
        assert foot <= most, (number, [round(f, 2) for f in feet])


# The widest break a page has on purpose: a large-print section break (the paragraph's space after it, the
# heading's 22 pt space before it: about 13 mm of white between their ink) plus as much again as the heading's
# space before (8 mm), which the second pass may add, with a little to spare. A taller band is blank moved
# into the page, or a block that left its page.
MAX_GAP_MM = 25


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_no_page_has_a_wide_blank_band_between_its_blocks(plan, layout):
    bands = blank_bands(plan, layout)
    assert max(bands) <= MAX_GAP_MM, [round(band) for band in bands]


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_a_chart_that_breaks_leaves_no_day_alone(plan, layout):
    # Each chart day prints its phase and minutes ("Ice · 20 min"): a page holds none of them, or two or more.
    days = [len(re.findall(r"· \d+ min", text)) for text in page_texts(plan, layout)]
    assert 1 not in days, days


def body_sizes(data: bytes, checked) -> list[float]:
    """The font sizes of the start of every exercise's first step (body text, in any language)."""
    return [size for item in checked.exercises for size in font_sizes(data, item.exercise.steps[0][:14])]


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_pages_keep_their_sections_together(plan, layout):
    _, checked = example(plan, layout)
    words = checked.library.strings
    headings = [text for key, text in words.items() if key.startswith(("section_", "glance_heading"))
                and "{" not in text]
    headings += [phase_heading(checked, phase, words) for phase in checked.upcoming]  # a phase's cards begin
    pages = page_texts(plan, layout)
    total = len(pages)
    for number, text in enumerate(pages[1:], 2):
        body = content(text, words, number, total)
        # A page opens with a section's heading, its own or "..., continued".
        assert any(body.startswith(heading) for heading in headings), (number, body[:60])
    about_heading = words["section_about" if checked.patient else "section_about_leaflet"]
    about = next(i for i, text in enumerate(pages) if about_heading in text)
    before, _, after = content(pages[about], words, about + 1, total).partition(about_heading)
    # Never alone: a block before it, or, before the log, the lines for questions after it.
    assert len(before) > 40 or (checked.log and words["log_questions"] in after), (about + 1, before, after[:80])
    if checked.thermal:
        safe = next(i for i, text in enumerate(pages) if words["thermal_safety"] in text)
        assert " min " in content(pages[safe], words, safe + 1, total).replace("·", " "), "safety lines without chart"


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_the_exercises_continued_heading_only_opens_a_page(plan, layout):
    _, checked = example(plan, layout)
    words = checked.library.strings
    continued = one_line(words["section_continued"].format(section=words["section_exercises"]))
    pages = page_texts(plan, layout)
    for number, text in enumerate(pages, 1):
        body = content(text, words, number, len(pages))
        assert body.count(continued) <= 1 and (continued not in body or body.startswith(continued)), number


@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_large_print_is_large(plan):
    data, checked = example(plan, "large-print")
    clinic = checked.layout.clinic
    body = body_sizes(data, checked)
    assert body and min(body) >= 16
    assert min(font_sizes(data, checked.library.strings["section_exercises"])) > 16
    assert min(font_sizes(data, clinic.name)) >= 14 and min(font_sizes(data, clinic.phone)) >= 14
    assert min(font_sizes(data, checked.library.strings["page_of"].split("{")[0].strip())) >= 12


@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_compact_saves_a_page_and_keeps_body_text_readable(plan):
    data, checked = example(plan, "compact")
    body = body_sizes(data, checked)
    assert body and min(body) >= 9
    assert len(blank_feet(plan, "compact")) < len(blank_feet(plan, "default"))


@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_every_card_has_its_picture_in_one_frame_its_poses_side_by_side(plan):
    # One picture arrangement per handout and layout, so cards look alike: every card's picture the same size,
    # the pose pair at least 45 mm wide (it reads at arm's length), 40 mm high, wider than high; a sitting or
    # standing person's start and end poses side by side (a lying person's one above the other).
    sizes = {}
    for layout in layout_names():
        data, checked = example(plan, layout)
        boxes = {(round(width, 1), round(height, 1)) for width, height in drawing_boxes(data)}
        assert len(boxes) == 1, (layout, boxes)
        (width, height) = sizes[layout] = boxes.pop()
        assert width >= 45 * MM and height >= 39.9 * MM and width > height, (layout, width / MM, height / MM)
        printed = [*checked.exercises, *(item for phase in checked.upcoming for item in phase.exercises)]
        if {item.exercise.position for item in printed} <= {"sitting", "standing"}:
            pairs = [panels for panels in drawing_panels(data) if len(panels) == 2]
            assert pairs and all(start[2] < end[0] and start[1] == end[1] for start, end in pairs), layout
    # Large print's no smaller than default's.
    assert sizes["large-print"] >= sizes["default"]


# Large print may take this many times the default's pages at most: it keeps its 16 pt body and its
# pictures, but a card is not a page.
LARGE_PRINT_PAGES = 1.6
# The plans that still take more (issue 23.2: the cards now share pages; the warnings and the ice-and-heat
# chart, their blocks kept whole at 16 pt, are what is left).
OVER_THE_RULE = {"leaflet-neck-spasm", "neck-spasm-log", "neck-spasm-patient-es", "neck-spasm-patient",
                 "neck-spasm-phases", "neck-spasm-two-languages", "roster-template", "desk-posture",
                 "low-back-spasm", "neck-spasm", "upper-back-spasm"}


@pytest.mark.parametrize("plan", [pytest.param(p, marks=pytest.mark.xfail(p.stem in OVER_THE_RULE, reason="over the rule", strict=True))
                                  for p in EXAMPLES], ids=PLAN_IDS)
def test_large_print_takes_at_most_1_6_times_the_default_pages(plan):
    pages = {layout: len(PdfReader(io.BytesIO(example(plan, layout)[0])).pages) for layout in ("default", "large-print")}
    assert pages["large-print"] <= LARGE_PRINT_PAGES * pages["default"], pages


def test_a_long_name_gives_way_in_the_footer_and_the_record_number_stays_whole(write_plan):
    name = "María de los Ángeles Fernández-Villaverde Rodríguez"
    plan = write_plan({"layout": "large-print", "patient": {"name": name, "id": "MRN-2026-004512"},
                       "exercises": ["neck-tilt"]})
    pages = PdfReader(io.BytesIO(pdf_bytes(load_plan(plan)))).pages
    footers = [line for page in pages for line in page.extract_text().splitlines() if "·  Record" in line]
    assert len(footers) == len(pages) > 1
    assert all(footer.startswith("María de los") and footer.endswith("·  Record MRN-2026-004512") for footer in footers)
    assert name not in footers[-1]  # it did have to give way


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_the_ice_and_heat_rules_share_a_page_with_the_charts_first_days(plan, layout):
    _, checked = example(plan, layout)
    if not checked.thermal:
        return
    words = checked.library.strings
    texts = page_texts(plan, layout)
    text = checked.library.thermal
    # The section's heading followed by its introduction: on the page the section opens.
    openings = [f"{words[key]} {one_line(intro)[:25]}" for key, intro in (
        ("section_thermal", text.intro), ("section_thermal_ice", text.intro_ice), ("section_thermal_heat", text.intro_heat))]
    opening = next(n for n, page in enumerate(texts) if any(o in page for o in openings))
    days = re.findall(r"· \d+ min", texts[opening])
    assert len(days) >= 2 or not any(re.search(r"· \d+ min", page) for page in texts), opening + 1


@pytest.mark.parametrize("layout", layout_names())
@pytest.mark.parametrize("plan", EXAMPLES, ids=PLAN_IDS)
def test_the_title_never_leaves_one_word_alone_on_its_last_line(plan, layout):
    data, checked = example(plan, layout)
    words = checked.library.strings
    lines = PdfReader(io.BytesIO(data)).pages[0].extract_text().split("\n")
    start = next(n for n, line in enumerate(lines) if line.strip() == words["page_of"].format(n=1, total=len(
        PdfReader(io.BytesIO(data)).pages))) + 1
    title, taken = [], lines[start:]
    while one_line(" ".join(title)) != one_line(checked.title.replace("\n", " ")):
        title.append(taken[len(title)].replace("\xa0", " "))
    if len(checked.title.split()) >= 3:
        assert len(title[-1].split()) >= 2, title


def _lines_placed(data: bytes) -> list[list[tuple[str, float]]]:
    """Per page, each piece of text with the height it is printed at."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        placed = []
        page.extract_text(visitor_text=lambda text, cm, tm, *_, placed=placed: text.strip() and placed.append(
            (text.strip(), round(cm[5] + tm[5] * cm[3], 1))))
        pages.append(placed)
    return pages


def test_pages_are_evened_in_the_one_layout_that_placed_them(monkeypatch):
    # Some of the two-language sample's pages end in a wide blank band (a block does not fit below): the breaks
    # before their section headings widen, as the page is laid out, not in a second layout of the story.
    checked = load_plan(PLANS / "neck-spasm-two-languages.yaml", today=TODAY)
    plain = document.render(page_setup(checked), compose(checked))  # laid out, not evened
    builds = []
    build = document._build
    monkeypatch.setattr(document, "_build", lambda *args, **kwargs: builds.append(1) or build(*args, **kwargs))
    evened = pdf_bytes(checked)
    assert len(builds) == 1
    before, after = _lines_placed(plain), _lines_placed(evened)
    assert [[text for text, _ in page] for page in after] == [[text for text, _ in page] for page in before]
    lowered = {number for number, (old, new) in enumerate(zip(before, after), 1)
               for (_, was), (_, now) in zip(old, new) if now < was - 0.5}
    assert lowered
    bottom = checked.layout.margins[2]  # what moved down stays on its page, above the footer
    assert all(now > bottom for old, new in zip(before, after) for (_, was), (_, now) in zip(old, new) if now < was)
    assert all(now <= was + 0.1 for old, new in zip(before, after) for (_, was), (_, now) in zip(old, new))
