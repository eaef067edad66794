"""`handouts serve` in a real browser: Debian's chromium, driven by Playwright, as a therapist uses it.

The command runs as the therapist starts it; the browser opens the address it prints, picks three
exercises, changes a dosage, types the patient, downloads the PDF, and the PDF's text is read back.
With --regen it also rewrites the guide's screenshot, docs/serve-page.png.

Where no chromium is installed the tests are skipped, saying how to install it; in CI (CI=true) they
fail instead, since .ci/run installs chromium.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import replace

import pytest
from conftest import ROOT, pdf_text
from playwright.sync_api import sync_playwright

from handouts.check.library import load_library
from handouts.compose.text import dosage_figures

PATIENT = "Zoë O'Brien"
PICKS = ("neck-tilt", "chin-tuck", "scalene-stretch")
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


@pytest.fixture
def served(tmp_path):
    """(the address `handouts serve` printed, its process, its folder), stopped at the end."""
    folder = tmp_path / "serve"
    folder.mkdir()
    server = subprocess.Popen([sys.executable, "-m", "handouts", "serve", "--port", "0", "--folder", str(folder)],
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
            page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
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
