"""`handouts serve` in a real browser: Debian's chromium, driven by Playwright, as a therapist uses it.

The command runs as the therapist starts it; the browser opens the address it prints, picks three
exercises, changes a dosage, types the patient, downloads the PDF, and the PDF's text is read back.
With --regen it also rewrites the guide's screenshot, docs/serve-page.png.

Where no chromium is installed the tests are skipped, saying how to install it; in CI (CI=true) they
fail instead, since .ci/run installs chromium.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from conftest import ROOT, pdf_text
from playwright.sync_api import sync_playwright

from handouts.check.library import load_library
from handouts.compose.text import dosage_figures

PATIENT = "Zoë O'Brien"
PICKS = ("neck-tilt", "chin-tuck", "scalene-stretch")
LOW_BACK = load_library("en").conditions["low-back-spasm"].program
NOTE = "Slowly; stop if your leg tingles."
AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core, vendored: nothing is fetched at run time
SCREENSHOTS = ROOT / "docs" / "screenshots"
SIZES = ((1366, 768), (768, 1024))  # a small laptop, a tablet held upright
# Headless, as root, on a machine with no network but the loopback: no sandbox (root), no GPU, and no
# background connections to Google's services (each would be refused, many at a time).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def chromium() -> str:
    """The browser's executable; skip (or, in CI, fail) before anything starts when there is none."""
    found = os.environ.get("HANDOUTS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    reason = "no chromium to drive: install it with 'apt-get install -y chromium' (or set HANDOUTS_CHROMIUM)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; .ci/run installs it, so in CI this is a failure, not a skip")
    pytest.skip(reason)


# A clinic's template in its brand folder: a plan without a patient.
TEMPLATE = """\
condition: neck-spasm
title: Neck, week 1
exercises: [chin-tuck, neck-turn, {id: upper-trapezius-stretch, hold_s: 20}]
log: true
"""


@pytest.fixture
def served(tmp_path):
    """(the address `handouts serve` printed, its process, its folder), stopped at the end. Its brand folder
    holds one template, neck-week-1."""
    folder = tmp_path / "serve"
    folder.mkdir()
    templates = tmp_path / "brand" / "templates"
    templates.mkdir(parents=True)
    (templates / "neck-week-1.yaml").write_text(TEMPLATE, encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "handouts", "serve", "--port", "0", "--folder", str(folder),
                               "--brand-dir", str(tmp_path / "brand")],
                              cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = server.stdout.readline()
        assert "the page is at http://127.0.0.1:" in first, first + server.stderr.read()
        yield first.split(" at ", 1)[1].strip(), server, folder
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def browser_page(chromium, served):
    """A page in headless chromium, on the address `handouts serve` printed; errors its scripts raise
    are collected in `page.errors`."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            # bypass_csp: the page's policy refuses every script but its own, and axe-core is added by the tests
            context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True,
                                          bypass_csp=True)
            page = context.new_page()
            page.errors = []
            page.on("pageerror", lambda error: page.errors.append(str(error)))
            page.goto(served[0])
            page.wait_for_selector(".pages img")  # the blank form already previews (a clinic leaflet)
            yield page
        finally:
            browser.close()


def add(page, ident: str) -> None:
    page.click(f".card button[name=add][value='{ident}']")
    page.wait_for_selector(f"#picked input[name='ex.id'][value='{ident}']", state="attached")


def test_a_therapist_picks_doses_names_and_downloads_a_handout(chromium, browser_page, served, tmp_path, request):
    page, (_, server, folder) = browser_page, served
    shots = ROOT / "docs" if request.config.getoption("--regen") else tmp_path
    assert "token" not in page.url  # the token moved into a cookie
    page.fill("#search", "neck")
    assert page.locator(".card:visible").count() < page.locator(".card").count()
    page.fill("#search", "")
    for ident in PICKS:
        add(page, ident)
    picked_card = page.locator(f".card button[name=add][value='{PICKS[0]}']")
    assert picked_card.get_attribute("aria-disabled") == "true"
    assert picked_card.inner_text().startswith("In the program")
    # Typing pauses half a second before the preview follows: one preview for the three fields.
    with page.expect_response(lambda answer: answer.url.endswith("/preview")
                              and "MRN-4711" in (answer.request.post_data or "")):
        page.locator("#picked .row").nth(1).locator("input[name='ex.reps']").fill("7")
        page.fill("input[name='patient.name']", PATIENT)
        page.fill("input[name='patient.id']", "MRN-4711")
    page.wait_for_selector("#plan-form:not(.htmx-request)")  # the answer is swapped in
    assert "Ready to print" in page.inner_text("#preview")
    page.evaluate("window.scrollTo(0, 0); document.querySelector('.grid').scrollTop = 0")
    page.screenshot(path=str(shots / "serve-page.png"))
    with page.expect_download() as download:
        page.click("#download-pdf")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert page.errors == []

    assert saved.name == "MRN-4711_zoe-obrien.pdf"
    text = pdf_text(saved)
    assert PATIENT in text and "MRN-4711" in text
    library = load_library("en")
    titles = [text.index(library.exercises[ident].title) for ident in PICKS]
    assert titles == sorted(titles)  # in the order picked
    changed = replace(library.exercises[PICKS[1]].dosage, reps=7)  # the second pick's repeats, as changed above
    figures = dosage_figures(changed, library.strings)
    assert " ".join([label for label, _ in figures] + [value for _, value in figures]) in " ".join(text.split())
    assert (shots / "serve-page.png").read_bytes().startswith(b"\x89PNG")

    server.send_signal(signal.SIGINT)
    out, err = server.communicate(timeout=10)
    assert PATIENT not in out + err and "MRN-4711" not in out + err  # no access log, no patient in a log line
    assert list(folder.iterdir()) == []  # nothing written where it runs

    page.fill("input[name='therapist']", "Ana Rivera")  # the server is gone: the page says so
    page.wait_for_selector("#download-message:not(:empty)")
    assert "cannot reach 'handouts serve'" in page.inner_text("#download-message")


def test_a_mistake_shows_beside_its_field_and_a_moved_row_keeps_its_own_message(chromium, browser_page):
    page = browser_page
    for ident in PICKS:
        add(page, ident)
    with page.expect_response(lambda answer: answer.url.endswith("/preview") and "lots" in (answer.request.post_data
                                                                                             or "")):
        page.locator("#picked .row").nth(2).locator("input[name='ex.hold_s']").fill("lots")
    page.wait_for_selector("#plan-form:not(.htmx-request)")
    last = page.locator("#picked .row").nth(2)
    assert "must be a whole number" in last.locator(".msgs").inner_text()
    assert "1 thing to fix" in page.inner_text("#preview")
    with page.expect_response(lambda answer: answer.url.endswith("/preview")):
        last.locator("button[data-move=up]").click()  # the row with the mistake moves up one
    assert page.locator(f".card button[name=add][value='{PICKS[0]}']").get_attribute("aria-disabled") == "true"
    page.wait_for_selector("#plan-form:not(.htmx-request)")
    rows = page.locator("#picked .row")
    assert "must be a whole number" in rows.nth(1).locator(".msgs").inner_text()
    assert rows.nth(2).locator(".msgs").inner_text() == ""
    page.click("#download-pdf")  # nothing to print: the page says why, and stays
    page.wait_for_selector("#download-message:not(:empty)")
    assert "Fix these first" in page.inner_text("#download-message")

    rows.nth(1).locator("input[name='ex.hold_s']").fill("10")
    with page.context.expect_page() as opened:  # fixed, it opens in a tab of its own, to print
        page.click("#print-pdf")
    opened.value.wait_for_url("blob:**")
    assert page.inner_text("#download-message") == ""
    page.locator("#picked .row").nth(0).locator("button[data-move=remove]").click()  # ✕ takes it out
    assert page.locator("#picked .row").count() == 2
    assert page.locator(f".card button[name=add][value='{PICKS[0]}']").get_attribute("aria-disabled") == "false"
    assert page.errors == []


# -- the visit's standard task, and the page's states ------------------------------------------------------

class Counted:
    """The page, driven as a therapist's hand drives it: each click counted, each box typed into counted as a
    click and a typed field, a drop-down as two clicks (open it, pick)."""

    def __init__(self, page):
        self.page, self.clicks, self.typed = page, 0, 0

    def click(self, selector: str) -> None:
        self.page.click(selector)
        self.clicks += 1

    def type(self, selector: str, text: str) -> None:
        self.page.fill(selector, text)
        self.clicks += 1
        self.typed += 1

    def pick(self, selector: str, value: str) -> None:
        self.page.select_option(selector, value)
        self.clicks += 2


def downloaded(page, action, path: Path) -> Path:
    """What `action` (a click, a key) makes the page download, saved as `path`."""
    with page.expect_download() as download:
        action()
    download.value.save_as(path)
    return path


def previewed(page, action, wanted: str = "") -> None:
    """Do `action`, then wait for the preview that answers it (one whose form holds `wanted`) to settle."""
    with page.expect_response(lambda answer: answer.url.endswith("/preview")
                              and wanted in unquote_plus(answer.request.post_data or "")):
        action()
    page.wait_for_selector("#plan-form:not(.htmx-request)")
    page.wait_for_selector("#preview:not(.htmx-settling)")


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, each as 'rule: the elements'."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                          ".map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)")
    return found


def low_back_task(hand: Counted) -> None:
    """The standard task of a visit: the condition, its standard program of five, one dosage and one note
    changed, two exercises swapped, the patient's name; the PDF is downloaded by the caller."""
    page = hand.page
    previewed(page, lambda: hand.pick("select[name=condition]", "low-back-spasm"), "low-back-spasm")
    previewed(page, lambda: hand.click("#offers button[name=add]"), LOW_BACK[-1])
    previewed(page, lambda: hand.type("#picked .row:nth-child(2) input[name='ex.reps']", "8"), "ex.reps=8")
    previewed(page, lambda: hand.type("#picked .row:nth-child(3) input[name='ex.note']", NOTE), NOTE)
    previewed(page, lambda: hand.click("#picked .row:nth-child(1) button[data-move=down]"))
    previewed(page, lambda: hand.type("input[name='patient.name']", PATIENT), PATIENT)


def test_the_standard_task_takes_ten_clicks_or_fewer_from_the_condition_s_program(browser_page, tmp_path):
    page, hand = browser_page, Counted(browser_page)
    started = time.perf_counter()
    low_back_task(hand)
    saved = downloaded(page, lambda: hand.click("#download-pdf"), tmp_path / "task.pdf")
    seconds = time.perf_counter() - started
    print(f"\nthe standard task: {hand.clicks} clicks, {hand.typed} typed fields, {seconds:.1f} s")
    assert hand.clicks <= 10 and hand.typed == 3

    text = " ".join(pdf_text(saved).split())
    library = load_library("en")
    order = [LOW_BACK[1], LOW_BACK[0], *LOW_BACK[2:]]  # the first moved down one
    places = [text.index(library.exercises[ident].title) for ident in order]
    assert places == sorted(places)
    assert PATIENT in text and NOTE in text, text
    assert library.conditions["low-back-spasm"].source in text
    assert page.errors == []


def test_every_state_of_the_task_has_no_axe_violations_and_fits_a_tablet_and_a_small_laptop(
        browser_page, tmp_path, request):
    page = browser_page
    shots = SCREENSHOTS if request.config.getoption("--regen") else tmp_path
    shots.mkdir(exist_ok=True)

    def at_both_sizes(state: str) -> None:
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate("window.scrollTo(0, 0)")
            assert axe_violations(page) == [], (state, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (state, width)  # no sideways
            preview_top = page.evaluate("document.getElementById('preview-title').getBoundingClientRect().top")
            assert preview_top < height, (state, width, preview_top)  # the preview on the first screen
            page.screenshot(path=str(shots / f"{state}-{width}x{height}.png"))
            small_png(shots / f"{state}-{width}x{height}.png")

    at_both_sizes("empty")
    previewed(page, lambda: page.click("#offers button[name=add]"), "shoulder-extension")
    at_both_sizes("with-exercises")
    page.set_viewport_size({"width": 1440, "height": 900})
    previewed(page, lambda: page.fill("#picked .row:nth-child(2) input[name='ex.hold_s']", "999"), "999")
    previewed(page, lambda: page.fill("#picked .row:nth-child(3) input[name='ex.reps']", "0"), "ex.reps=0")
    at_both_sizes("with-errors")
    page.fill("#picked .row:nth-child(2) input[name='ex.hold_s']", "5")
    previewed(page, lambda: page.fill("#picked .row:nth-child(3) input[name='ex.reps']", "3"), "ex.reps=3")
    previewed(page, lambda: page.fill("input[name='patient.name']", PATIENT), PATIENT)
    assert "Ready to print" in page.inner_text("#preview")
    at_both_sizes("with-preview")
    assert page.errors == []


def test_a_mistake_is_outlined_named_as_the_page_names_it_and_the_last_good_pages_stay(browser_page):
    page = browser_page
    previewed(page, lambda: page.click("#offers button[name=add]"), "shoulder-extension")
    rows = page.locator("#picked .row")
    previewed(page, lambda: rows.nth(1).locator("input[name='ex.hold_s']").fill("999"), "999")
    hold = rows.nth(1).locator("input[name='ex.hold_s']")
    assert hold.get_attribute("aria-invalid") == "true"
    assert rows.nth(1).locator("input[name='ex.reps']").get_attribute("aria-invalid") is None
    beside = rows.nth(1).locator(".msgs").inner_text()
    assert "999 seconds is out of range; use 0 to 300 seconds" in beside
    title = load_library("en").exercises["neck-tilt"].title
    summary = page.inner_text("#preview .status.bad")
    assert f"{title}: Hold (s): 999 seconds is out of range; use 0 to 300 seconds" in summary
    assert "exercises[1]" not in summary
    stale = page.locator("#preview .pages.stale img")
    assert stale.count() >= 1  # the last good pages, still there
    assert "Out of date" in page.inner_text("#preview")
    page.click(f"#preview .status.bad a.goto:has-text('{title}')")  # the name in the summary leads to the box
    assert page.evaluate("document.activeElement.name") == "ex.hold_s"
    page.wait_for_selector("#plan-form:not(.htmx-request)")  # leaving the box sent it again: same answer
    page.wait_for_selector("#preview .stale-note")
    previewed(page, lambda: hold.fill("10"), "ex.hold_s=10")
    assert hold.get_attribute("aria-invalid") is None and page.locator("#preview .stale").count() == 0

    far = dt.date.today().replace(year=dt.date.today().year + 36, day=1).isoformat()  # 2062 for 2026
    previewed(page, lambda: page.fill("input[name=date]", far), far)
    assert "check the year" in page.locator("#msg-date").inner_text()
    assert f"Date of the handout: {far} is about 36 years from now" in page.inner_text("#preview .status.warn")
    assert page.errors == []


def test_search_matches_the_steps_and_a_filter_finds_an_exercise_in_each_region_it_serves(browser_page):
    page = browser_page
    shown = lambda: {card.get_attribute("data-search").split()[0] for card in page.locator(".card:visible").all()}
    page.fill("#search", "towel")  # in no title: only in a purpose or the steps
    assert "hamstring-stretch" in shown()
    page.fill("#search", "")
    page.select_option(".filter[data-facet=region]", "upper-back")
    assert {"wall-angels", "shoulder-shrugs", "shoulder-rolls", "shoulder-blade-squeeze"} <= shown()
    assert "neck-tilt" not in shown()
    page.select_option(".filter[data-facet=region]", "shoulder")
    assert "wall-angels" in shown()
    page.select_option(".filter[data-facet=region]", "")

    page.click(".card:has(button[value=chin-tuck]) .star")
    page.wait_for_selector(".card:has(button[value=chin-tuck]) .star[aria-pressed=true]")
    page.check(".filter[data-facet=favourite]")
    assert shown() == {"chin-tuck"}
    assert "My favourites" in page.inner_text("#offers")

    # The picker stays in reach: the page scrolled down the program, the search box is still on the screen.
    previewed(page, lambda: page.click("#offers button[name=add]"), "shoulder-extension")
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    box = page.locator("#search").bounding_box()
    assert page.evaluate("window.scrollY") > 500 and 0 <= box["y"] < 900
    assert page.errors == []


def test_rows_move_by_keys_buttons_and_drag_and_the_focus_stays_with_the_hand(browser_page):
    page = browser_page
    ids = lambda: [box.get_attribute("value") for box in page.locator("#picked input[name='ex.id']").all()]
    add(page, "neck-tilt")
    assert page.evaluate("document.activeElement.value") == "neck-tilt"  # still on the card's button
    for ident in ("chin-tuck", "neck-turn"):
        add(page, ident)

    reps = page.locator("#picked .row").nth(0).locator("input[name='ex.reps']")
    reps.focus()
    previewed(page, lambda: page.keyboard.press("Alt+ArrowDown"))
    assert ids() == ["chin-tuck", "neck-tilt", "neck-turn"]
    assert page.inner_text("#program-status").startswith("3 in the program: Chin tuck, Neck tilt")  # said aloud
    assert page.evaluate("document.activeElement.name") == "ex.reps"  # the moved row's box keeps the focus
    assert page.evaluate("document.activeElement.closest('.row').querySelector('[name=\"ex.id\"]').value") == "neck-tilt"

    up = page.locator("#picked .row").nth(2).locator("button[data-move=up]")
    previewed(page, lambda: up.click())
    assert ids() == ["chin-tuck", "neck-turn", "neck-tilt"]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith("Move Neck turn up")
    page.keyboard.press("Enter")  # again, from the keyboard, the focus never left
    page.wait_for_selector("#plan-form:not(.htmx-request)")
    assert ids() == ["neck-turn", "chin-tuck", "neck-tilt"]

    grip = page.locator("#picked .row").nth(2).locator(".grip")
    previewed(page, lambda: grip.drag_to(page.locator("#picked .row").nth(0), target_position={"x": 40, "y": 5}))
    assert ids() == ["neck-tilt", "neck-turn", "chin-tuck"]

    page.locator("#picked .row").nth(1).locator("button[data-move=remove]").click()
    assert ids() == ["neck-tilt", "chin-tuck"]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Remove " + \
        load_library("en").exercises["chin-tuck"].title  # the row that took its place
    assert page.locator("#picked .row input[name='ex.note']").first.get_attribute("placeholder") is None
    assert page.errors == []


def test_a_reload_brings_the_draft_back_and_a_new_tab_starts_blank(browser_page):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())  # leaving with work in the form asks first
    previewed(page, lambda: page.click("#offers button[name=add]"), "shoulder-extension")
    previewed(page, lambda: page.fill("input[name='patient.name']", PATIENT), PATIENT)
    previewed(page, lambda: page.fill("#picked .row:nth-child(2) input[name='ex.reps']", "9"), "ex.reps=9")
    page.reload()
    page.wait_for_selector("#picked .row:nth-child(5)")
    assert page.input_value("input[name='patient.name']") == PATIENT
    assert page.input_value("#picked .row:nth-child(2) input[name='ex.reps']") == "9"
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_selector(".pages img")
    assert other.input_value("input[name='patient.name']") == "" and other.locator("#picked .row").count() == 0
    assert page.errors == []


def test_a_clinic_template_fills_the_program_and_keeps_the_patient(browser_page):
    page = browser_page
    previewed(page, lambda: page.fill("input[name='patient.name']", PATIENT), PATIENT)
    page.select_option("select[name=template]", "neck-week-1")
    previewed(page, lambda: page.click("text=Use the template"), "upper-trapezius-stretch")
    ids = [box.get_attribute("value") for box in page.locator("#picked input[name='ex.id']").all()]
    assert ids == ["chin-tuck", "neck-turn", "upper-trapezius-stretch"]
    assert page.input_value("#picked .row:nth-child(3) input[name='ex.hold_s']") == "20"
    assert page.input_value("input[name='patient.name']") == PATIENT and page.is_checked("input[name=log]")
    assert page.errors == []


def small_png(path) -> None:
    """A screenshot as a small PNG: 64 colours are plenty for a page of flat colours and line drawings."""
    from PIL import Image

    with Image.open(path) as image:
        image.convert("RGB").quantize(64).save(path, optimize=True)


def tab_to(page, selector: str, limit: int = 40) -> int:
    """Press Tab until the focus is on `selector`; the presses it took. Each stop must show where it is."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); "
                                "return [s.outlineStyle, s.outlineWidth, document.activeElement.outerHTML.slice(0, 120)]; }")
        assert outline[0] != "none" and outline[1] != "0px", f"no visible focus after {presses} presses: {outline[2]}"
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} presses of Tab")


def test_the_whole_task_by_keyboard_alone_with_the_focus_always_in_sight(browser_page, tmp_path):
    page = browser_page
    page.locator("body").focus()
    assert tab_to(page, ".skips a[href='#plan-form']") == 1
    page.keyboard.press("Enter")  # past the library's cards, straight to the patient
    assert tab_to(page, "input[name='patient.name']") == 1
    page.keyboard.type(PATIENT)
    tab_to(page, "select[name=condition]")
    previewed(page, lambda: page.keyboard.press("ArrowDown"))  # the next condition, chosen from the keyboard
    condition = page.input_value("select[name=condition]")
    program = load_library("en").conditions[condition].program
    tab_to(page, "#offers button[name=add]")
    previewed(page, lambda: page.keyboard.press("Enter"), program[-1])
    assert page.evaluate("document.activeElement.matches('#offers button[name=add]')")  # the focus stayed
    tab_to(page, "#download-pdf", limit=120)
    saved = downloaded(page, lambda: page.keyboard.press("Enter"), tmp_path / "keyboard.pdf")
    text = " ".join(pdf_text(saved).split())
    assert PATIENT in text and all(load_library("en").exercises[ident].title in text for ident in program)
    assert page.errors == []


PHASED = ROOT / "pdfkit_plans" / "neck-spasm-phases.yaml"
SCAN_DPI = 200


def scanned_page_one(path: Path) -> None:
    """Last week's handout as a scanner gives it back: its page 1, a greyscale PNG at 200 dpi."""
    import pypdfium2

    from handouts.check.plan import load_plan
    from handouts.run.build import pdf_bytes

    document = pypdfium2.PdfDocument(pdf_bytes(load_plan(PHASED, today=dt.date(2026, 12, 7))))
    try:
        document[0].render(scale=SCAN_DPI / 72, grayscale=True).to_pil().save(path)
    finally:
        document.close()


def test_last_weeks_handout_opens_from_a_scan_progresses_and_prints_in_a_few_clicks(browser_page, tmp_path):
    """The therapist's task at the next visit: open last week's handout from a scan of its page 1, type the
    patient's name (the code holds none), progress it to the next phase and download this week's handout."""
    import yaml

    from handouts.check.plan import load_plan

    page, hand = browser_page, Counted(browser_page)
    scan = tmp_path / "last-week.png"
    scanned_page_one(scan)
    started = time.perf_counter()
    page.set_input_files("#code-form input[name=picture]", str(scan))
    hand.clicks += 2  # open the file chooser, pick the scan
    previewed(page, lambda: hand.click("#code-form button[type=submit]"), "phases:")
    written = yaml.safe_load(PHASED.read_text(encoding="utf-8"))["phases"]
    shown = [[item.get_attribute("data-exercise") for item in phase.locator("[data-exercise]").all()]
             for phase in page.locator("#phases > li").all()]
    assert shown == [[entry if isinstance(entry, str) else entry["id"] for entry in phase["exercises"]]
                     for phase in written]
    assert "phase 1 of 3 (Weeks 1 and 2: move gently)" in page.inner_text("#progress-message")
    previewed(page, lambda: hand.type("input[name='patient.name']", PATIENT), PATIENT)
    previewed(page, lambda: hand.click("#progress"), "phase: 2")
    said = " ".join(page.inner_text("#progress-message").split())
    assert "Last handout: date on the paper (the code holds none), phase 1 of 3" in said
    assert f"This handout: {dt.date.today().isoformat()}, phase 2 of 3 (Weeks 3 and 4" in said
    printed = downloaded(page, lambda: hand.click("#download-pdf"), tmp_path / "this-week.pdf")
    seconds = time.perf_counter() - started
    print(f"\nopen from a scan, progress, print: {hand.clicks} clicks, {hand.typed} typed field, {seconds:.1f} s")
    assert hand.clicks <= 6 and hand.typed == 1 and seconds < 60

    text = " ".join(pdf_text(printed).split())
    assert PATIENT in text and "Now: Weeks 3 and 4: stretch for longer" in text
    # the plan the page holds now is last week's program, moved on a phase: the same phases, dosage for dosage
    saved = downloaded(page, lambda: page.click("#download-plan"), tmp_path / "this-week.yaml")
    before, after = load_plan(PHASED, today=dt.date(2026, 12, 7)), load_plan(saved)
    assert after.phase == 2
    for old, new in zip(before.phases, after.phases, strict=True):
        assert (new.start - after.phases[0].start) == (old.start - before.phases[0].start)
        assert new.title == old.title
        assert [(p.exercise.id, p.dosage) for p in new.exercises] == [(p.exercise.id, p.dosage) for p in old.exercises]
    assert page.errors == []


def test_a_log_pages_photo_is_read_shown_corrected_by_a_click_and_its_record_downloaded(browser_page, tmp_path):
    pytest.importorskip("cv2")
    import csv

    import scan_samples

    page = browser_page
    jpeg, truth = scan_samples.sample(5)
    (tmp_path / "grace-log.jpg").write_bytes(jpeg)
    page.click("details.read-log summary")
    page.set_input_files("#read-log-form input[name=photo]", str(tmp_path / "grace-log.jpg"))
    page.click("#read-log-form button[type=submit]")
    page.wait_for_selector("#read-log .log-box")
    boxes = page.locator("#read-log .log-box")
    assert boxes.count() == 308
    first = boxes.nth(0)
    was = first.get_attribute("data-state")
    assert was == ("ticked" if truth[0, 0, 0] else "empty")
    assert first.get_attribute("aria-label") == f"neck-tilt, 2026-11-24, session 1: {was}"
    first.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "read-log.png"), full_page=True)
    first.click()  # a correction: the next state, in its colour, its sign and its label
    now = {"ticked": "empty", "empty": "unsure"}[was]
    assert first.get_attribute("data-state") == now and now in first.get_attribute("class")
    assert first.inner_text() == {"empty": "○", "unsure": "?"}[now]
    assert first.get_attribute("aria-label").endswith(f": {now}")
    colours = {state: page.evaluate(f"getComputedStyle(document.querySelector('#read-log .log-box.{state}'))"
                                    ".borderTopColor") for state in ("ticked", "empty", "unsure")
               if page.locator(f"#read-log .log-box.{state}").count()}
    assert len(set(colours.values())) == len(colours) >= 2  # each state its own colour (and its own sign)
    assert axe_violations(page) == []
    saved = downloaded(page, lambda: page.click("#log-record button[value=csv]"), tmp_path / "record.csv")
    with open(saved, newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 308 and rows[0] == {"date": "2026-11-24", "session": "1", "exercise": "neck-tilt",
                                            "state": now}
    code = scan_samples.rendered()[1]
    assert [row["state"] for row in rows[1:]] == [("ticked" if truth[b.item, b.day, b.session] else "empty")
                                                  for b in code.boxes()[1:]]
    assert page.errors == []
