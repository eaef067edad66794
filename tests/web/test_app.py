"""`handouts serve` through the framework's test client: the guard, the form, the preview, uploads."""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PLANS, SAMPLE_PLAN, pdf_text
from pypdf import PdfReader
from starlette.testclient import TestClient

from handouts.check.library import load_library
from handouts.check.plan import load_plan
from handouts.cli import cli
from handouts.compose.text import dosage_short
from handouts.load.yamlsource import load_yaml
from handouts.run.build import pdf_bytes
from handouts.web import planform, starters
from handouts.web.app import create_app
from handouts.web.guard import MAX_BODY

TOKEN = "a-test-token-of-some-length"
BASE = "http://127.0.0.1:8765"


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(tmp_path, token=TOKEN, port=8765), base_url=BASE) as test_client:
        assert test_client.get(f"/?token={TOKEN}").status_code == 200  # sets the cookie
        yield test_client


def form_of(plan_path) -> dict[str, list[str]]:
    """The form fields the page would post for the plan at `plan_path` (as after opening it)."""
    values = planform.values_from_plan(load_yaml(plan_path), load_library("en"))
    fields = [(key, str(value)) for key, value in values.items() if isinstance(value, str)]
    fields += [(key, "on") for key in planform.FLAGS if values[key]]
    fields += [("advice", ident) for ident in values["advice"]] + [("warnings", ident) for ident in values["warnings"]]
    for row in values["exercises"]:
        fields += [(f"ex.{key}", value) for key, value in row.items()]
    form: dict[str, list[str]] = {}
    for key, value in fields:
        form.setdefault(key, []).append(value)
    return form


def with_field(form, name, value, row: int = 0):
    """`form` with its `name` field (the `row`-th, for an exercise's) set to `value`."""
    changed = {key: list(values) for key, values in form.items()}
    changed[name][row] = value
    return changed


def download(client, what: str, form: dict) -> bytes:
    """What the page's download button for `what` ('pdf' or 'yaml') gets for `form`."""
    answer = client.post(f"/handout.{what}", data=form)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"].startswith("attachment;")
    return answer.content


def beside(page: str, slot: str) -> list[str]:
    """The messages shown beside a field: the <li>s of its out-of-band slot."""
    found = re.search(rf'<ul class="msgs" id="msg-{slot}" hx-swap-oob="true">(.*?)</ul>', page, re.DOTALL)
    assert found, f"no slot {slot}"
    return [html.unescape(text) for text in re.findall(r"<li[^>]*>(.*?)</li>", found[1], re.DOTALL)]


# -- the guard ---------------------------------------------------------------

def test_without_the_token_the_page_is_refused(tmp_path):
    with TestClient(create_app(tmp_path, token=TOKEN, port=8765), base_url=BASE) as stranger:
        assert stranger.get("/").status_code == 403
        assert "the token" in stranger.get("/").text
        assert stranger.get("/?token=wrong-token-wrong-token").status_code == 403
        assert stranger.get("/static/htmx.min.js").status_code == 403
        assert stranger.post("/preview", data={"patient.name": "Ana"}).status_code == 403


def test_the_token_in_the_address_becomes_a_cookie_and_leaves_the_address(tmp_path):
    with TestClient(create_app(tmp_path, token=TOKEN, port=8765), base_url=BASE) as browser:
        first = browser.get(f"/?token={TOKEN}", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/"
        cookie = first.headers["set-cookie"]
        assert f"handouts_token_8765={TOKEN}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert browser.get("/").status_code == 200


@pytest.mark.parametrize("host", ["evil.example:8765", "evil.example", "127.0.0.1.evil.example:8765", ""])
def test_a_host_that_is_not_this_computer_is_refused(client, host):
    answer = client.get("/", headers={"host": host})
    assert answer.status_code == 421 and "this computer" in answer.text


@pytest.mark.parametrize("host", ["localhost:8765", "127.0.0.1:8765", "[::1]:8765"])
def test_this_computers_own_names_are_let_in(client, host):
    assert client.get("/", headers={"host": host}).status_code == 200


def test_on_the_network_its_addresses_and_named_names_are_let_in_but_no_other_name(tmp_path):
    app = create_app(tmp_path, token=TOKEN, port=8765, loopback_only=False, names=("clinic-pc",))
    with TestClient(app, base_url="http://192.168.1.20:8765") as browser:
        assert browser.get(f"/?token={TOKEN}").status_code == 200
        assert browser.get("/", headers={"host": "clinic-pc:8765"}).status_code == 200
        assert browser.get("/", headers={"host": "rebound.evil.example:8765"}).status_code == 421


@pytest.mark.parametrize("headers", [{"origin": "http://evil.example"}, {"origin": "null"},
                                     {"sec-fetch-site": "cross-site"}])
def test_a_post_from_another_site_is_refused(client, headers):
    answer = client.post("/preview", data=form_of(SAMPLE_PLAN), headers=headers)
    assert answer.status_code == 403 and "another site" in answer.text


def test_a_post_from_the_page_itself_is_let_in(client):
    answer = client.post("/preview", data=form_of(SAMPLE_PLAN),
                         headers={"origin": BASE, "sec-fetch-site": "same-origin"})
    assert answer.status_code == 200


def test_an_upload_at_the_limit_is_never_written_to_a_temporary_file(client, monkeypatch):
    spilled = []  # the form parser keeps an upload in memory until it outgrows its spool, then writes it to disk
    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", lambda self: spilled.append(self.tell()))
    padding = b"# " + b"x" * 98 + b"\n"
    plan = SAMPLE_PLAN.read_bytes()
    plan += padding * ((MAX_BODY - 2_000 - len(plan)) // len(padding))
    answer = client.post("/open", files={"plan": ("plan.yaml", plan, "application/x-yaml")})
    assert answer.status_code == 200
    assert spilled == []


def test_a_body_over_the_limit_is_refused(client):
    big = {"plan": ("plan.yaml", b"#" * (MAX_BODY + 1), "application/x-yaml")}
    assert client.post("/open", files=big).status_code == 413

    def chunks():  # no Content-Length: the limit must hold while the body streams in
        for _ in range(MAX_BODY // 10_000 + 2):
            yield b"x" * 10_000

    answer = client.post("/preview", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413 and "Too large" in answer.text


def test_every_answer_is_kept_out_of_caches_and_runs_only_the_pages_own_scripts(client):
    for answer in (client.get("/"), client.post("/preview", data=form_of(SAMPLE_PLAN)),
                   client.get("/", headers={"host": "evil.example"})):
        assert answer.headers["cache-control"] == "no-store"
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


# -- the page ----------------------------------------------------------------

def test_the_page_shows_every_exercise_with_its_picture_and_dosage_and_ships_its_own_scripts(client):
    page = client.get("/").text
    library = load_library("en")
    for exercise in library.exercises.values():
        assert f"<h3>{exercise.title}</h3>" in html.unescape(page)
        assert f'/thumb/en/{exercise.id}.png' in page
    assert dosage_short(library.exercises["neck-tilt"].dosage) in page  # its default dosage
    for facet in ("region", "position", "equipment"):  # a filter for each, offering the values exercises have
        offered = re.search(rf'data-facet="{facet}">(.*?)</select>', page, re.DOTALL)[1]
        for exercise in library.exercises.values():
            value = getattr(exercise, facet)
            for one in value if isinstance(value, tuple) else (value,):
                assert f'<option value="{one}">' in offered
    assert not re.search(r'(src|href)="(https?:)?//', page)  # no script, style or picture from elsewhere
    thumb = client.get("/thumb/en/neck-tilt.png")
    assert thumb.status_code == 200 and thumb.content.startswith(b"\x89PNG")
    assert client.get("/thumb/en/no-such-exercise.png").status_code == 404
    assert "htmx" in client.get("/static/htmx.min.js").text


def test_adding_an_exercise_gives_its_row_with_the_librarys_dosage(client):
    answer = client.post("/row", data={"add": "scalene-stretch", "language": "en"})
    assert answer.status_code == 200 and answer.headers["hx-trigger-after-settle"] == "plan-changed"
    assert 'name="ex.id" value="scalene-stretch"' in answer.text
    hold = load_library("en").exercises["scalene-stretch"].dosage.hold_s
    assert f'name="ex.hold_s" value="{hold}"' in answer.text
    assert client.post("/row", data={"add": "no-such-exercise"}).status_code == 404


def test_the_preview_is_the_pdf_that_handouts_build_makes_of_the_downloaded_plan(client, tmp_path, run):
    page = client.post("/preview", data=form_of(SAMPLE_PLAN)).text
    pages = len(PdfReader(io.BytesIO(pdf_bytes(load_plan(SAMPLE_PLAN)))).pages)
    assert f"Ready to print: {pages} pages" in page
    assert page.count('<img src="data:image/jpeg;base64,') == pages
    pdf, plan = download(client, "pdf", form_of(SAMPLE_PLAN)), download(client, "yaml", form_of(SAMPLE_PLAN))
    assert "José Müller" in pdf_text(pdf)
    (tmp_path / "plan.yaml").write_bytes(plan)
    result = run("build", tmp_path / "plan.yaml", "-o", tmp_path / "built.pdf")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "built.pdf").read_bytes() == pdf
    # The reference plan, opened in the page and printed from it, is the same handout as built from its file.
    run("build", SAMPLE_PLAN, "-o", tmp_path / "reference.pdf")
    assert (tmp_path / "reference.pdf").read_bytes() == pdf


def test_a_program_in_phases_opened_in_the_page_prints_as_its_file_does(client, tmp_path, run):
    phased = PLANS / "neck-spasm-phases.yaml"
    pdf = download(client, "pdf", form_of(phased))
    run("build", phased, "-o", tmp_path / "reference.pdf")
    assert (tmp_path / "reference.pdf").read_bytes() == pdf
    assert "Now: Weeks 1 and 2: move gently" in pdf_text(pdf)


def test_a_download_is_named_after_the_patient(client):
    answer = client.post("/handout.pdf", data=form_of(SAMPLE_PLAN))
    assert answer.headers["content-disposition"] == ("attachment; filename=\"MRN-00123_jose-muller.pdf\"; "
                                                     "filename*=UTF-8''MRN-00123_jose-muller.pdf")
    answer = client.post("/handout.yaml", data=with_field(form_of(SAMPLE_PLAN), "patient.name", "李小龍"))
    assert answer.headers["content-disposition"] == ("attachment; filename=\"MRN-00123____.yaml\"; "
                                                     "filename*=UTF-8''MRN-00123_%E6%9D%8E%E5%B0%8F%E9%BE%8D.yaml")


def test_a_changed_dosage_and_patient_print_on_the_handout(client):
    fields = with_field(with_field(form_of(SAMPLE_PLAN), "ex.reps", "7"), "patient.name", "Zoë O'Brien")
    text = " ".join(pdf_text(download(client, "pdf", fields)).split())
    assert "Zoë O'Brien" in text
    assert "Hold Repeat Sets Times a day Side 5 s 7 1 3 –" in text  # neck tilt's card: its 5 repeats made 7


def test_mistakes_show_beside_their_fields_with_the_words_handouts_check_uses(client, tmp_path, run):
    fields = with_field(form_of(SAMPLE_PLAN), "ex.reps", "lots", row=1)
    fields = with_field(with_field(fields, "layout", "no-such-layout"), "thermal.ice.minutes", "45")
    page = client.post("/preview", data=fields).text
    assert "3 things to fix before it prints" in page
    refused = client.post("/handout.pdf", data=fields)  # nothing to print
    assert refused.status_code == 422 and "layout: unknown layout 'no-such-layout'" in refused.text
    (tmp_path / "plan.yaml").write_bytes(download(client, "yaml", fields))
    checked = run("check", tmp_path / "plan.yaml")
    assert checked.exit_code == 2
    said = {line.split(": ", 1)[1] for line in checked.stderr.splitlines()}  # "plan.yaml:L:C: where: message"
    shown = beside(page, "exercises-1") + beside(page, "layout") + beside(page, "thermal-ice-minutes")
    assert len(shown) == 3 and {f"{where}: {message}" for where, message in
                                zip(("exercises[1].reps", "layout", "thermal.ice.minutes"), shown)} == said
    assert beside(page, "exercises-0") == [] and beside(page, "patient-name") == []


def test_clinical_warnings_show_beside_their_field_and_the_handout_still_prints(client, tmp_path, run):
    fields = with_field(form_of(SAMPLE_PLAN), "thermal.ice.minutes", "25")
    page = client.post("/preview", data=fields).text
    assert "Ready to print" in page and "Look twice" in page
    shown = beside(page, "thermal-ice-minutes")
    (tmp_path / "plan.yaml").write_bytes(download(client, "yaml", fields))
    warned = run("check", tmp_path / "plan.yaml").stderr
    assert len(shown) == 1 and f"warning: thermal.ice.minutes: {shown[0]}" in warned


def test_user_text_is_escaped_on_the_page(client):
    name, ident = "<b>O'Neil</b> & <script>alert(1)</script>", "<img src=x onerror=alert(1)>"
    plan = f"patient: {{name: \"{name}\"}}\nexercises: [neck-tilt, \"{ident}\"]\n".encode()
    opened = client.post("/open", files={"plan": ("plan.yaml", plan, "application/x-yaml")}).text
    assert 'value="&lt;b&gt;O&#39;Neil&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"' in opened
    fields = with_field(form_of(SAMPLE_PLAN), "ex.id", ident, row=1)
    page = client.post("/preview", data=with_field(fields, "title", "x" * 130)).text
    for raw in (name, ident, "<script>", "<img src=x"):
        assert raw not in opened and raw not in page
    assert "unknown exercise '&lt;img src=x onerror=alert(1)&gt;'" in page.replace("&#39;", "'")
    assert any("120" in message for message in beside(page, "title"))  # the over-long title, beside its field


# -- opening a plan ------------------------------------------------------------

def test_an_opened_plan_fills_the_form_in_its_order_with_its_dosage(client):
    answer = client.post("/open", files={"plan": ("neck.yaml", SAMPLE_PLAN.read_bytes(), "application/x-yaml")})
    assert answer.status_code == 200
    page = html.unescape(answer.text)
    assert 'value="José Müller"' in page and 'value="MRN-00123"' in page
    order = re.findall(r'name="ex.id" value="([^"]+)"', page)
    assert order == ["neck-tilt", "simple-neck-stretch", "neck-turn", "scalene-stretch", "shoulder-extension"]
    note = load_yaml(SAMPLE_PLAN)["exercises"][1]["note"]
    assert f'value="{note}"' in page


def test_keys_the_form_has_no_field_for_are_carried_through(client, tmp_path):
    raw = load_yaml(SAMPLE_PLAN)
    raw["future_key"] = {"kept": [1, 2]}
    values = planform.values_from_plan(raw, load_library("en"))
    assert planform.plan_dict(values, load_library("en"))["future_key"] == {"kept": [1, 2]}
    values["kept"] = "patient: {name: Someone Else}\n"  # a changed page cannot overwrite the form's own keys
    assert planform.plan_dict(values, load_library("en"))["patient"] == {"name": "José Müller", "id": "MRN-00123"}


@pytest.mark.parametrize("content, expected", [
    (b"patient:\n  name: [unclosed\n", "neck.yaml:2:9: YAML syntax error"),
    (b"\xff\xfe p\x00", "neck.yaml: is UTF-16 text; save it as UTF-8"),
    (b"extends: default\nclinic: {name: X}\n", "not a plan"),
    (b"- just\n- a list\n", "not a plan"),
])
def test_a_file_that_is_not_a_plan_is_told_in_one_line(client, content, expected):
    answer = client.post("/open", files={"plan": ("neck.yaml", content, "application/x-yaml")})
    assert answer.status_code == 422
    assert answer.headers["hx-retarget"] == "#open-message"
    assert expected in html.unescape(answer.text)


# -- a roster ---------------------------------------------------------------

def test_a_roster_prints_as_one_file_and_a_bad_row_is_named_by_its_row_and_column(client):
    example = (PLANS / "roster-example.csv").read_bytes().rstrip(b"\n")
    columns = example.split(b"\n")[0].count(b",") + 1
    roster = example + b"\nBad Row,,2026-13-01" + b"," * (columns - 3) + b"\n"
    files = {"roster": ("today.csv", roster, "text/csv"),
             "template": ("neck.yaml", SAMPLE_PLAN.read_bytes(), "application/x-yaml")}
    answer = client.post("/batch", files=files)
    assert answer.status_code == 200
    page = html.unescape(answer.text)
    rows = len((PLANS / "roster-example.csv").read_text().strip().splitlines()) - 1
    assert f"{rows} handouts built; these rows did not print" in page
    assert f"today.csv row {rows + 2}: date: 2026-13-01 is not a real calendar date" in page
    text = pdf_text(base64.b64decode(re.search(r'href="data:application/pdf;base64,([^"]+)"', answer.text)[1]))
    first_patient = (PLANS / "roster-example.csv").read_text().splitlines()[1].split(",")[0]
    assert first_patient in text


def test_a_roster_without_a_template_takes_the_plan_in_the_form(client):
    answer = client.post("/batch", data=form_of(SAMPLE_PLAN),
                         files={"roster": ("today.csv", b"patient,id\nAna Lima,A-1\nBo Chen,\n", "text/csv")})
    text = pdf_text(base64.b64decode(re.search(r'href="data:application/pdf;base64,([^"]+)"', answer.text)[1]))
    assert "2 handouts built" in answer.text and "Ana Lima" in text and "Bo Chen" in text
    assert "José Müller" not in text  # the form's patient is the template's, never a row's


def test_a_roster_that_cannot_start_says_why(client):
    answer = client.post("/batch", files={"roster": ("today.csv", b"name;id\nAna;1\n", "text/csv"),
                                          "template": ("neck.yaml", SAMPLE_PLAN.read_bytes(), "text/plain")})
    assert answer.status_code == 422 and "separated by ';'" in html.unescape(answer.text)
    assert client.post("/batch", data={}).status_code == 422


# -- the command -----------------------------------------------------------

def test_build_imports_none_of_the_pages_packages(tmp_path):
    code = ("import sys\nfrom handouts.cli import main\n"
            f"sys.argv = ['handouts', 'build', {str(SAMPLE_PLAN)!r}, '-o', {str(tmp_path / 'out.pdf')!r}]\n"
            "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
            "print(sorted({name.split('.')[0] for name in sys.modules}))\n")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert (tmp_path / "out.pdf").exists()
    for package in ("starlette", "uvicorn", "jinja2", "multipart", "python_multipart", "pypdfium2", "anyio",
                    "httpx"):
        assert f"'{package}'" not in loaded
    assert "'reportlab'" in loaded  # the check can fail: it sees what build does import


def test_serve_without_its_extras_says_how_to_install_them():
    code = ("import sys\nsys.modules['uvicorn'] = None\nfrom handouts.cli import main\n"
            "sys.argv = ['handouts', 'serve']\nmain()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "pip install 'handouts[serve]'" in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["--token", "short"], "--token must be at least 16 characters"),
    (["--host", "clinic.example"], "--host clinic.example: give an address"),
])
def test_serve_refuses_unsafe_or_unclear_settings(args, expected):
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 2 and expected in result.output


def test_the_token_may_come_from_the_environment():
    result = CliRunner().invoke(cli, ["serve"], env={"HANDOUTS_TOKEN": "short"})
    assert result.exit_code == 2 and "--token must be at least 16 characters" in result.output


def test_another_condition_brings_its_own_standard_advice_and_warnings(client):
    library = load_library("en")
    condition = library.conditions["low-back-spasm"]
    picks = client.post("/picks", data={"condition": condition.id, "language": "en"})
    assert picks.headers["hx-trigger-after-settle"] == "plan-changed"
    ticked = re.findall(r'name="(advice|warnings)" value="([^"]+)" checked', picks.text)
    assert ticked == [("advice", item.id) for item in condition.advice] + [("warnings", item.id)
                                                                             for item in condition.warnings]
    fields = with_field(form_of(SAMPLE_PLAN), "condition", condition.id)
    fields["advice"] = [item.id for item in condition.advice]
    fields["warnings"] = [item.id for item in condition.warnings]
    plan = download(client, "yaml", fields).decode()
    assert "condition: low-back-spasm" in plan and "advice: standard" in plan and "warnings: standard" in plan
    assert condition.intro.split(".")[0] in pdf_text(download(client, "pdf", fields)).replace("\n", " ")


def test_ice_or_heat_can_be_left_out_and_the_next_visit_set(client):
    fields = with_field(form_of(SAMPLE_PLAN), "next_visit", "2026-12-09")
    del fields["thermal.ice"]  # the Ice box unticked
    plan = download(client, "yaml", fields).decode()
    assert "ice: none" in plan and "next_visit: 2026-12-09" in plan
    text = pdf_text(download(client, "pdf", fields))
    assert "9 Dec" in text


def test_a_two_language_plan_keeps_its_languages_through_the_form():
    library = load_library("en")
    values = planform.values_from_plan({"language": ["es", "en"]}, library)
    assert values["language"] == "es, en"
    assert planform.plan_dict(values, library)["language"] == ["es", "en"]
    assert planform.plan_dict(planform.values_from_plan({"language": "en-GB"}, library), library)["language"] == "en-GB"


def test_every_field_has_its_message_slot_and_every_slot_is_filled_by_the_preview(client):
    from handouts.web.app import FIELD_SLOTS

    page = client.get("/").text
    on_page = set(re.findall(r'id="msg-([\w-]+)"', page))
    assert on_page == set(FIELD_SLOTS)
    preview = client.post("/preview", data=form_of(SAMPLE_PLAN)).text
    filled = set(re.findall(r'id="msg-([\w-]+)" hx-swap-oob', preview))
    assert filled == set(FIELD_SLOTS) | {f"exercises-{i}" for i in range(5)}


@pytest.mark.parametrize("language, expected", [("es", "language: es"), ("es, en", "language: [es, en]"),
                                                ("vi", "language: vi"), ("vi, en", "language: [vi, en]"),
                                                ("tl", "language: tl"), ("tl, en", "language: [tl, en]"),
                                                ("zh-Hans", "language: zh-Hans"),
                                                ("zh-Hans, en", "language: [zh-Hans, en]")])
def test_a_translated_or_two_language_handout_previews_and_downloads(client, language, expected):
    fields = with_field(form_of(SAMPLE_PLAN), "language", language)
    page = client.post("/preview", data=fields).text
    assert "Ready to print" in page, re.findall(r"<li>(.*?)</li>", page)
    assert expected in download(client, "yaml", fields).decode()
    page = client.get("/").text
    assert f"<option>{language}</option>" in page  # every language and every pair is offered


def test_the_library_and_the_picked_rows_follow_the_forms_language(client):
    spanish = load_library("es")
    fields = with_field(with_field(form_of(SAMPLE_PLAN), "language", "es"), "ex.reps", "9")
    answer = html.unescape(client.post("/library", data=fields).text)
    for exercise in spanish.exercises.values():
        assert f"<h3>{exercise.title}</h3>" in answer
    assert "/thumb/es/" in answer
    picked = answer[answer.index('<ol id="picked" class="picked" aria-labelledby="program-title" hx-swap-oob="true">'):]
    assert f"<strong>{spanish.exercises['neck-tilt'].title}</strong>" in picked
    assert 'name="ex.reps" value="9"' in picked  # what was typed stays
    offers = answer[answer.index('<div id="offers" class="offers" hx-swap-oob="true">'):]
    program = spanish.conditions["neck-spasm"].program
    assert ", ".join(spanish.exercises[ident].title for ident in program) in offers  # the offer in Spanish too


# -- starting points: a condition's program, favourites, clinic templates, the tab's draft -----------------

def test_a_condition_offers_its_standard_program_and_adding_it_skips_what_is_there(client):
    program = load_library("en").conditions["low-back-spasm"].program
    offered = client.post("/picks", data={"condition": "low-back-spasm", "language": "en"}).text
    assert f'name="add" value="{" ".join(program)}"' in offered and 'id="offers" class="offers" hx-swap-oob' in offered
    answer = client.post("/row", data={"add": " ".join(program), "language": "en", "ex.id": program[0]})
    assert re.findall(r'name="ex.id" value="([\w-]+)"', answer.text) == list(program[1:])
    assert client.post("/row", data={"add": program[0], "ex.id": program[0]}).status_code == 204


def test_a_favourite_is_saved_as_an_exercise_id_only_and_offered(client, tmp_path):
    form = {"favourite": "chin-tuck", "language": "en", "condition": "neck-spasm", "patient.name": "Zoë O'Brien",
            "patient.id": "MRN-4711", "notes": "lives alone"}
    answer = client.post("/favourite", data=form).text
    assert 'aria-pressed="true"' in answer and "My favourites</strong> (1)" in html.unescape(answer)
    client.post("/favourite", data={**form, "favourite": "neck-turn"})
    assert client.post("/favourite", data={**form, "favourite": "no-such-exercise"}).status_code == 404
    saved = starters.favourites_path()
    assert saved.parent.parent == Path(os.environ["XDG_CONFIG_HOME"])  # the user's config folder
    text = saved.read_text(encoding="utf-8")
    assert json.loads(text) == {"exercises": ["chin-tuck", "neck-turn"]}
    assert "Zo" not in text and "MRN" not in text and "alone" not in text  # nothing but library ids
    client.post("/favourite", data=form)  # again: no longer a favourite
    assert json.loads(saved.read_text(encoding="utf-8")) == {"exercises": ["neck-turn"]}
    assert 'aria-pressed="true"' in client.get("/").text


def test_a_clinic_template_fills_the_form_and_never_a_patient_of_its_own(client, tmp_path, monkeypatch):
    templates = tmp_path / "brand" / "templates"
    templates.mkdir(parents=True)
    (templates / "desk.yaml").write_text("condition: desk-posture\npatient: {name: Somebody Else}\n"
                                         "exercises: [chin-tuck, {id: wall-angels, reps: 6}]\n", encoding="utf-8")
    monkeypatch.setenv("HANDOUTS_BRAND_DIRS", str(tmp_path / "brand"))
    assert '<option>desk</option>' in client.get("/").text
    fields = with_field(form_of(SAMPLE_PLAN), "patient.name", "Ana Example")
    answer = html.unescape(client.post("/template", data={**fields, "template": "desk"}).text)
    assert re.findall(r'name="ex.id" value="([\w-]+)"', answer) == ["chin-tuck", "wall-angels"]
    assert 'name="ex.reps" value="6"' in answer and 'value="Ana Example"' in answer
    assert "Somebody Else" not in answer and '<option value="desk-posture" selected>' in answer
    spanish = html.unescape(client.post("/template", data={**with_field(fields, "language", "es"),
                                                            "template": "desk"}).text)
    assert "<option selected>es</option>" in spanish  # a template without a language takes the form's
    gone = client.post("/template", data={"template": "gone"})
    assert gone.status_code == 422 and gone.headers["hx-retarget"] == "#template-message"  # the form stays
    (templates / "broken.yaml").write_text("exercises: [chin-tuck\n", encoding="utf-8")
    broken = client.post("/template", data={**fields, "template": "broken"})
    assert broken.status_code == 422 and str(templates / "broken.yaml") in html.unescape(broken.text)


def test_a_draft_comes_back_as_the_form_it_was(client):
    fields = with_field(form_of(SAMPLE_PLAN), "ex.reps", "9", row=1)
    answer = html.unescape(client.post("/draft", data=fields).text)
    assert 'id="plan-form"' in answer
    assert re.findall(r'name="ex.reps" value="(\d+)"', answer)[1] == "9"
    assert f'value="{fields["patient.name"][0]}"' in answer


def test_search_finds_words_of_the_steps_and_a_card_lists_every_region_it_serves(client):
    page = client.get("/").text
    wall_angels = re.search(r'<li class="card" data-search="([^"]*)" data-region="([^"]*)"[^>]*>\s*<img src="/thumb/en/'
                            r'wall-angels.png', page)
    assert wall_angels and wall_angels[2] == "shoulder upper-back"
    assert "backs of your arms on the wall" in wall_angels[1]  # a step's words


def _fields(page: str) -> dict[str, list[str]]:
    """The form fields a page of the form posts (text boxes, ticked boxes, the kept keys), as a browser would."""
    page = html.unescape(page)
    form: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="(?:text|date|hidden|number)" name="([^"]+)" value="([^"]*)"', page):
        form.setdefault(name, []).append(value)
    for name, value in re.findall(r'<input type="checkbox" name="([^"]+)" (?:value="([^"]*)" )?checked', page):
        form.setdefault(name, []).append(value or "on")
    return form


def _phased_code(current: int = 1) -> str:
    from handouts.check import plancode

    plan = load_plan(PLANS / "neck-spasm-phases.yaml", overrides={"phase": current})
    return plancode.encode(plancode.program_of(plan))


def test_a_handouts_code_opens_every_phase_into_the_form_keeping_the_patient_typed(client):
    answer = client.post("/open-code", data={"code": _phased_code(), "patient.name": "Ana Example",
                                             "date": "2026-12-07"})
    assert answer.status_code == 200, answer.text
    page = html.unescape(answer.text)
    assert re.findall(r'data-phase="(\d)"', page) == ["1", "2", "3"]
    assert 'data-phase="1" aria-current="step"' in page and "Weeks 3 and 4: stretch for longer" in page
    assert "Opened the handout's program: phase 1 of 3 (Weeks 1 and 2: move gently)" in page
    assert 'value="Ana Example"' in page and 'name="date" value=""' in page  # the code holds no date
    # what it prints is the program the handout's file prints, every phase to come
    text = " ".join(pdf_text(download(client, "pdf", _fields(answer.text))).split())
    assert "Now: Weeks 1 and 2: move gently" in text and "Weeks 5 and 6: build strength" in text


def test_progress_on_the_page_moves_to_the_next_phase_and_says_what_changes(client):
    import datetime as dt

    opened = client.post("/open-code", data={"code": _phased_code(), "patient.name": "Ana Example"})
    answer = client.post("/progress", data=_fields(opened.text))
    assert answer.status_code == 200, answer.text
    page = " ".join(html.unescape(answer.text).split())
    today = dt.date.today().isoformat()
    assert ("Last handout: date on the paper (the code holds none), phase 1 of 3 (Weeks 1 and 2: move gently)."
            in page)
    assert f"This handout: {today}, phase 2 of 3 (Weeks 3 and 4: stretch for longer)." in page
    assert "Changes: add Simple neck stretch" in page
    assert 'data-phase="2" aria-current="step"' in page and f'name="date" value="{today}"' in page
    # from a dated form, the last handout's date is the form's
    dated = _fields(answer.text)
    again = " ".join(html.unescape(client.post("/progress", data=dated).text).split())
    assert f"Last handout: {today}, phase 2 of 3" in again and "phase 3 of 3 (Weeks 5 and 6" in again


@pytest.mark.parametrize("sent, says", [
    ({"code": "HP1 L:DEFAULT G:EN"}, "The code cannot be opened: it is cut short"),
    ({"code": "https://videos.example/neck-tilt"}, "not a handout's plan code"),
    ({}, "Choose a photo or scan of the handout's page 1, or paste the code's text."),
])
def test_a_code_that_does_not_open_is_one_line_beside_the_control_and_the_form_stays(client, sent, says):
    answer = client.post("/open-code", data=sent)
    assert answer.status_code == 422 and answer.headers["HX-Retarget"] == "#code-message"
    assert says in html.unescape(answer.text) and answer.text.count("<li>") == 1


def test_a_picture_with_no_plan_code_is_named_by_its_upload_name(client):
    from PIL import Image

    blank = io.BytesIO()
    Image.new("L", (400, 300), 255).save(blank, "PNG")
    answer = client.post("/open-code", files={"picture": ("kitchen.png", blank.getvalue(), "image/png")})
    assert answer.status_code == 422
    assert "kitchen.png: no plan code can be read in this picture" in html.unescape(answer.text)
    pdf = client.post("/open-code", files={"picture": ("scan.pdf", b"%PDF-1.4", "application/pdf")})
    assert pdf.status_code == 422 and "scan.pdf: the page reads a photo or scan as PNG or JPEG" in pdf.text


def test_the_fridge_sheet_box_adds_the_sheet_last(client):
    plain = client.post("/handout.pdf", data=form_of(SAMPLE_PLAN)).content
    with_sheet = client.post("/handout.pdf?sheet=add", data=form_of(SAMPLE_PLAN)).content
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(with_sheet)).pages]
    assert len(pages) == len(PdfReader(io.BytesIO(plain)).pages) + 1
    assert "Your program on one page" in pages[-1] and "Your program on one page" not in pdf_text(plain)
    page = client.get("/").text
    assert 'id="fridge-sheet"' in page


# -- read a log page ---------------------------------------------------------------------------------

def test_a_log_pages_photo_is_shown_as_read_and_its_record_downloads_as_corrected(client):
    pytest.importorskip("cv2")
    sys.path.insert(0, str(Path(__file__).parent.parent))
    import scan_samples

    jpeg, truth = scan_samples.sample(3)
    answer = client.post("/read-log", files={"photo": ("grace.jpg", jpeg, "image/jpeg")})
    assert answer.status_code == 200, answer.text
    page = html.unescape(answer.text)
    states = re.findall(r'class="log-box (\w+)"', page)
    assert len(states) == 308 and states == [re.search(r'data-state="(\w+)"', b).group(1)
                                             for b in re.findall(r"<button[^>]*log-box[^>]*>", page)]
    code_boxes = scan_samples.rendered()[1].boxes()
    wrong = [s for s, b in zip(states, code_boxes, strict=True) if s != ("ticked" if truth[b.item, b.day, b.session] else "empty")]
    assert wrong == []  # shown as read: the reader reads this photo right
    assert 'aria-label="neck-tilt, 2026-11-24, session 1: ' in page and "pain score 10" in page
    assert page.startswith('<div class="read-log-result">') and "grace.jpg: neck-tilt " in page
    code = re.search(r'name="code" value="([^"]+)"', page).group(1)
    letters = re.search(r'name="states" value="(\w+)"', page).group(1)
    assert letters == "".join(state[0] for state in states)
    corrected = "u" + letters[1:]  # the first box marked unsure by hand
    record = client.post("/log-record", data={"code": code, "states": corrected, "name": "grace.jpg",
                                              "format": "csv"})
    assert record.status_code == 200 and "grace.jpg.csv" in record.headers["content-disposition"]
    rows = record.text.splitlines()
    assert rows[0] == "date,session,exercise,state" and rows[1] == "2026-11-24,1,neck-tilt,unsure"
    assert len(rows) == 1 + 308
    as_json = client.post("/log-record", data={"code": code, "states": corrected, "name": "grace.jpg",
                                               "format": "json"}).json()
    assert as_json["page"] == "log" and as_json["boxes"][0]["state"] == "unsure" and len(as_json["pain"]) == 14


@pytest.mark.parametrize(("sent", "says"), [
    ({}, "Choose a photo or scan of the filled-in log page first."),
    ({"photo": ("desk.gif", b"GIF89a", "image/gif")}, "desk.gif: the page reads a photo or scan as PNG or JPEG"),
])
def test_a_photo_the_page_cannot_read_is_one_line_beside_the_control(client, sent, says):
    pytest.importorskip("cv2")
    answer = client.post("/read-log", files=sent or {"photo": ("", b"", "image/jpeg")})
    assert answer.status_code == 422 and answer.headers["HX-Retarget"] == "#read-log-message"
    assert says in html.unescape(answer.text) and answer.text.count("<li>") == 1


def test_a_record_whose_states_do_not_match_its_page_is_refused(client):
    answer = client.post("/log-record", data={"code": "HL2 L 1 1 0 1.1", "states": "t", "format": "csv"})
    assert answer.status_code == 422 and "the record cannot be made" in html.unescape(answer.text)


def test_without_the_scan_extra_the_page_says_how_to_install_it(client, monkeypatch):
    from handouts import scan

    monkeypatch.setattr(scan, "available", lambda: False)
    page = html.unescape(client.get("/").text)
    assert "Reading a log page needs OpenCV and zxing-cpp: pip install 'handouts[scan]', then start" in page
    assert 'id="read-log-form"' not in page
    answer = client.post("/read-log", files={"photo": ("grace.jpg", b"x", "image/jpeg")})
    assert answer.status_code == 422 and "pip install 'handouts[scan]'" in html.unescape(answer.text)
