"""The page's routes: the library and the form, the live preview, opening a plan, printing a roster.

Every route is a small function from the request to a page or a piece of one (htmx swaps the
pieces in). Nothing is kept between requests: the form in the browser is the only state.
The routes are async and build in the server's one event-loop thread, one request at a time: a
page for one therapist needs no more, and reportlab's caches are not made to be shared by threads.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import tempfile
import time
from functools import cache
from pathlib import Path
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from handouts import scan
from handouts.check import plancode
from handouts.check.layout import layout_names
from handouts.check.library import languages, library_language, load_library
from handouts.check.plan import is_layout
from handouts.check.roster import COLUMNS
from handouts.errors import UserError, ValidationError
from handouts.load.yamlsource import decode_text, parse_yaml
from handouts.run.progress import progress_text, state, what_changes
from handouts.web import catalog, logread, planform, starters
from handouts.web.guard import MAX_BODY, Guard
from handouts.web.preview import PLAN_NAME, check_and_build, page_pictures, slot_of
from handouts.web.roster_print import print_roster
from handouts.write.naming import handout_stem

HERE = Path(__file__).resolve().parent
# Every field a problem can be shown beside (see preview.slot_of), with the label the therapist sees on it; the
# form takes its labels from here, so a message names a field as the page does. An exercise row's slot is
# 'exercises-<n>', and its boxes are named by ROW_LABELS.
FIELD_LABELS = {
    "layout": "Layout", "language": "Language", "condition": "What it is for", "title": "Title",
    "patient-name": "Name", "patient-id": "Record number", "therapist": "Therapist", "date": "Date of the handout",
    "next_visit": "Next visit", "exercises": "Program", "thermal": "Ice-then-heat chart",
    "thermal-injury_date": "Date of the injury", "thermal-ice": "Ice", "thermal-ice-minutes": "Ice: minutes",
    "thermal-ice-every_hours": "Ice: every … hours", "thermal-ice-days": "Ice: for … days", "thermal-heat": "Heat",
    "thermal-heat-minutes": "Heat: minutes", "thermal-heat-per_day": "Heat: times a day",
    "thermal-heat-days": "Heat: for … days", "thermal-waking_hours": "Waking hours", "advice": "Day-to-day advice",
    "warnings": "Warning signs", "notes": "Notes for the patient", "log": "Log page",
}
ROW_LABELS = {"hold_s": "Hold (s)", "reps": "Reps", "sets": "Sets", "per_day": "Per day", "side": "Side",
              "note": "Note"}
FIELD_SLOTS = tuple(FIELD_LABELS)
# How a phase's list shows an entry's own dosage: "hold 15 s, 3 reps".
CHANGE_WORDS = {"hold_s": "hold {} s", "reps": "{} reps", "sets": "{} sets", "per_day": "{} a day",
                "side": "side: {}"}


def create_app(folder: Path, *, token: str, port: int, loopback_only: bool = True, names: tuple[str, ...] = ()):
    """The page, behind its guard. `folder` is where the form's plan is taken to live: a layout or photo
    it names by a relative path is looked for there, as `handouts build` would in that folder."""
    page = Page(folder)
    routes = [
        Route("/", page.index),
        Route("/thumb/{language}/{exercise}.png", page.thumbnail),
        Route("/preview", page.preview, methods=["POST"]),
        Route("/row", page.row, methods=["POST"]),
        Route("/picks", page.picks, methods=["POST"]),
        Route("/favourite", page.favourite, methods=["POST"]),
        Route("/template", page.template, methods=["POST"]),
        Route("/draft", page.draft, methods=["POST"]),
        Route("/library", page.library, methods=["POST"]),
        Route("/handout.pdf", page.download_pdf, methods=["POST"]),
        Route("/handout.yaml", page.download_plan, methods=["POST"]),
        Route("/open", page.open_plan, methods=["POST"]),
        Route("/open-code", page.open_code, methods=["POST"]),
        Route("/progress", page.progress, methods=["POST"]),
        Route("/batch", page.batch, methods=["POST"]),
        Route("/read-log", page.read_log, methods=["POST"]),
        Route("/log-record", page.log_record, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Guard(Starlette(routes=routes), token=token, port=port, loopback_only=loopback_only, names=names)


@cache
def _templates() -> Environment:
    environment = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                              lstrip_blocks=True)
    environment.globals.update(labels=FIELD_LABELS, row_labels=ROW_LABELS)
    return environment


def _render(name: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(_templates().get_template(name).render(**context), status_code=status)


def _library(language: str):
    """The content library for a language the form names, or English's while the form names none we have
    (the checker says so beside the language field)."""
    base = library_language(language.split(",")[0].strip())  # a two-language handout's first language
    return load_library(base if base in languages() else "en")


class Page:
    def __init__(self, folder: Path):
        self.folder = folder

    def _context(self, values: dict) -> dict:
        library = _library(values["language"])
        all_cards = catalog.cards(library.language)
        return {"values": values, "library": library, "cards": all_cards, "facets": catalog.facets(all_cards),
                **_starts(values, library), **_phases(values, library), "layouts": layout_names(),
                "languages": _language_choices(), "max_body_kb": MAX_BODY // 1000, "roster_columns": ",".join(COLUMNS),
                "scan_missing": None if scan.available() else scan.MISSING}

    async def index(self, request: Request) -> Response:
        values = planform.blank_values(load_library("en"), dt.date.today())
        return _render("page.html", **self._context(values))

    async def thumbnail(self, request: Request) -> Response:
        language, exercise = request.path_params["language"], request.path_params["exercise"]
        data = catalog.thumbnail(language, exercise) if language in languages() else None
        return Response(data, media_type="image/png") if data else Response(status_code=404)

    async def row(self, request: Request) -> Response:
        """The rows, with the library's dosage, to append to the program: one picked card's, or a whole
        offer's ('add' holds ids separated by spaces), less those the program already has."""
        form = await request.form()
        library = _library(form.get("language", "en"))
        known = [ident for ident in " ".join(form.getlist("add")).split() if ident in library.exercises]
        if not known:
            return Response(status_code=404)
        have = set(form.getlist("ex.id"))
        wanted = [ident for ident in known if ident not in have]
        if not wanted:
            return Response(status_code=204)  # all in the program already: nothing to add
        rows = planform.values_from_plan({"exercises": list(dict.fromkeys(wanted))}, library)["exercises"]
        response = HTMLResponse("".join(_templates().get_template("_row.html").render(row=row, library=library)
                                        for row in rows))
        response.headers["HX-Trigger-After-Settle"] = "plan-changed"  # the preview follows the new rows
        return response

    async def favourite(self, request: Request) -> Response:
        """Mark or unmark a card's exercise as a favourite: its star, and the offers with the new list."""
        form = await request.form()
        ident = form.get("favourite", "")
        library = _library(form.get("language", "en"))
        card = next((card for card in catalog.cards(library.language) if card.id == ident), None)
        if card is None:
            return Response(status_code=404)
        starters.toggle_favourite(ident, load_library("en"))  # ids are the same in every language
        values = planform.values_from_plan({"condition": form.get("condition", "")}, library)
        return _render("_favourite.html", card=card, with_offers=True, oob=True, **_starts(values, library))

    async def template(self, request: Request) -> Response:
        """The form filled from a clinic template, keeping the patient, therapist and dates typed."""
        form = await request.form()
        typed = planform.values_from_form(form)
        path = starters.template_paths().get(form.get("template", ""))
        if path is None:
            gone = "That template is gone from the templates folder; reload the page to see the templates there now."
            return _refusal([gone], "#template-message")
        try:
            raw = starters.read_template(path)
        except (ValidationError, UserError) as exc:
            return _refusal(_lines(exc), "#template-message")
        raw.setdefault("language", typed["language"])  # a template for every language prints in the form's
        values = planform.values_from_plan(raw, _library(str(raw["language"])))
        return _render("_form.html", **self._context(starters.with_visit(values, typed)))

    async def draft(self, request: Request) -> Response:
        """The form as the browser kept it for this tab (after a reload), so no typing is lost."""
        return _render("_form.html", **self._context(planform.values_from_form(await request.form())))

    async def library(self, request: Request) -> Response:
        """The exercise cards, and the program's rows, in another language when the form's language changes."""
        values = planform.values_from_form(await request.form())
        library = _library(values["language"])
        all_cards = catalog.cards(library.language)
        return _render("_language_switch.html", values=values, library=library, cards=all_cards,
                       facets=catalog.facets(all_cards), oob=True, **_starts(values, library))

    async def picks(self, request: Request) -> Response:
        """The advice and warning signs for another condition, its standard set ticked."""
        form = await request.form()
        library = _library(form.get("language", "en"))
        values = planform.values_from_plan({"condition": form.get("condition", "")}, library)
        response = _render("_picks.html", values=values, library=library, oob=True, **_starts(values, library))
        response.headers["HX-Trigger-After-Settle"] = "plan-changed"
        return response

    async def preview(self, request: Request) -> Response:
        """The plan in the form: checked, built and pictured, each problem beside its field."""
        started = time.perf_counter()
        values, text = await _plan_of(request)
        checked = check_and_build(text, self.folder)
        pictures = page_pictures(checked.pdf) if checked.pdf else []
        response = _render("_preview.html", checked=checked, pictures=pictures, named=_namer(values),
                           slots=FIELD_SLOTS + tuple(f"exercises-{i}" for i in range(len(values["exercises"]))))
        response.headers["Server-Timing"] = (f"build;dur={checked.seconds * 1000:.1f}, "
                                             f"preview;dur={(time.perf_counter() - started) * 1000:.1f}")
        return response

    async def download_pdf(self, request: Request) -> Response:
        """The handout of the form as it is now (not as it was at the last preview), with the fridge sheet as its
        last page when the page's box is ticked (`?sheet=add`)."""
        values, text = await _plan_of(request)
        checked = check_and_build(text, self.folder, sheet="add" if request.query_params.get("sheet") == "add" else None)
        if checked.pdf is None:
            return Response("Fix these first: " + "; ".join(f"{p.where}: {p.message}" if p.where else p.message
                                                             for p in checked.problems),
                            status_code=422, media_type="text/plain")
        return _attachment(checked.pdf, "application/pdf", _stem(values) + ".pdf")

    async def download_plan(self, request: Request) -> Response:
        """The form as a plan file: `handouts build` makes the same PDF of it, byte for byte."""
        values, text = await _plan_of(request)
        return _attachment(text.encode(), "application/x-yaml", _stem(values) + ".yaml")

    async def open_plan(self, request: Request) -> Response:
        """A plan file into the form; one that cannot be read at all is told in one line, the form kept."""
        form = await request.form(max_files=1)
        upload = form.get("plan")
        name = getattr(upload, "filename", None) or PLAN_NAME
        try:
            raw = parse_yaml(decode_text(await upload.read() if upload else b"", name), name)
            if not isinstance(raw, dict) or is_layout(raw):
                raise UserError(f"{name}: not a plan (a plan has 'exercises:', 'patient:' and so on); "
                                "start from a plan in pdfkit_plans/")
        except (ValidationError, UserError) as exc:
            return _refusal(_lines(exc), "#open-message")
        values = planform.values_from_plan(raw, _library(str(raw.get("language") or "en")))
        return _render("_form.html", **self._context(values))

    async def open_code(self, request: Request) -> Response:
        """The program a handout's plan code holds into the form (from a photo or scan of page 1, or the code's
        text), every phase, at the phase it printed; the patient, therapist and dates the form holds stay,
        since the code has none. No readable code is one line, the form kept: never a guess."""
        form = await request.form(max_files=1)
        typed = planform.values_from_form(form)
        try:
            program = plancode.decode(await _code_of(form))
        except plancode.CodeError as exc:
            return _refusal([f"The code cannot be opened: {exc}."], "#code-message")
        except UserError as exc:
            return _refusal(_lines(exc), "#code-message")
        raw = yaml.safe_load(plancode.plan_yaml(program))
        values = starters.with_visit(planform.values_from_plan(raw, _library(str(raw["language"]))), typed)
        values["date"] = ""  # not the last handout's (the code holds none): it prints today's unless one is typed
        return _render("_form.html", **self._context(values), said=[_printed_in(program)])

    async def progress(self, request: Request) -> Response:
        """The form moved on to its next phase and dated today, as `handouts progress` moves a plan file; the
        previous handout's date and phase and what changes are shown above the program."""
        values, text = await _plan_of(request)
        try:
            moved = progress_text(text, self.folder / PLAN_NAME, dt.date.today(), self.folder / PLAN_NAME,
                                  source=PLAN_NAME)
        except (ValidationError, UserError) as exc:
            return _refusal(_lines(exc), "#progress-message")
        after = planform.values_from_plan(parse_yaml(moved.text, PLAN_NAME), _library(values["language"]))
        previous = state(moved.before) if values["date"] else _undated(moved.before)
        said = [f"Last handout: {previous}.", f"This handout: {state(moved.after)}.",
                *(line[0].upper() + line[1:] + "." for line in what_changes(moved))]
        return _render("_form.html", **self._context(after), said=said)

    async def batch(self, request: Request) -> Response:
        """A roster against a template (uploaded, or the plan in the form) into one print file."""
        form = await request.form(max_files=2)
        roster, template = form.get("roster"), form.get("template")
        if not getattr(roster, "filename", None):
            return _render("_message.html", 422, lines=["Choose the roster (a .csv file) first."])
        try:
            if getattr(template, "filename", None):
                text = decode_text(await template.read(), template.filename)
            else:
                values = planform.values_from_form(form)
                text = planform.plan_yaml(planform.plan_dict(values, _library(values["language"])))
            printed = print_roster(await roster.read(), roster.filename, text, self.folder)
        except (ValidationError, UserError) as exc:
            return _render("_message.html", 422, lines=_lines(exc))
        pdf_b64 = base64.b64encode(printed.pdf).decode() if printed.pdf else ""
        return _render("_batch.html", printed=printed, pdf_b64=pdf_b64)


    async def read_log(self, request: Request) -> Response:
        """A photo of a filled-in log page or chart, read back: the page as read, each box in its state."""
        if not scan.available():
            return _refusal([scan.MISSING[0].upper() + scan.MISSING[1:] + "."], "#read-log-message")
        form = await request.form(max_files=1)
        photo = form.get("photo")
        if not getattr(photo, "filename", None):
            return _refusal(["Choose a photo or scan of the filled-in log page first."], "#read-log-message")
        try:
            reading = logread.read_photo(await photo.read(), photo.filename)
        except UserError as exc:
            return _refusal(_lines(exc), "#read-log-message")
        return _render("_read_log.html", **logread.view(reading, photo.filename))

    async def log_record(self, request: Request) -> Response:
        """The record of the page as read and corrected: CSV or JSON, as `handouts scan -o` writes it."""
        from handouts.scan import record

        form = await request.form()
        try:
            reading = logread.corrected(form.get("code", ""), form.get("states", ""))
        except UserError as exc:
            return _render("_message.html", 422, lines=_lines(exc))
        stem = Path(form.get("name", "") or "log").name
        if form.get("format") == "json":
            return _attachment(record.as_json(reading), "application/json", f"{stem}.json")
        return _attachment(record.as_csv(reading), "text/csv", f"{stem}.csv")


async def _code_of(form) -> str:
    """The plan code's text: read from the uploaded picture when there is one, else as pasted."""
    picture = form.get("picture")
    name = getattr(picture, "filename", "") or ""
    if not name:
        pasted = form.get("code", "").strip()
        if not pasted:
            raise UserError("Choose a photo or scan of the handout's page 1, or paste the code's text.")
        return pasted
    suffix = Path(name).suffix.lower()
    if suffix not in plancode.PICTURE_SUFFIXES:
        raise UserError(f"{name}: the page reads a photo or scan as PNG or JPEG; save page 1 as one of those")
    # The picture reader takes a file: a private folder of its own, gone once it is read.
    with tempfile.TemporaryDirectory(prefix="handouts-") as folder:
        path = Path(folder) / f"page-1{suffix}"
        path.write_bytes(await picture.read())
        try:
            return plancode.code_in_picture(path)
        except UserError as exc:
            raise UserError(exc.reason, file=name) from None


def _phases(values: dict, library) -> dict:
    """A program in phases as the form carries it (its plan's `phases:` and `phase:`, kept as written): each
    phase's start, title and exercises with what they change, for the therapist to read before progressing."""
    try:
        kept = yaml.safe_load(values["kept"] or "{}")
    except yaml.YAMLError:
        kept = None
    written = kept.get("phases") if isinstance(kept, dict) else None
    if not isinstance(written, list):
        return {"phases": [], "current": 1}
    phases = [_phase_shown(phase, library) for phase in written if isinstance(phase, dict)]
    current = kept.get("phase", 1)
    return {"phases": phases, "current": current if isinstance(current, int) else 1}


def _phase_shown(phase: dict, library) -> dict:
    items = []
    for entry in phase.get("exercises") or []:
        ident = str(entry.get("id", "")) if isinstance(entry, dict) else str(entry)
        known = library.exercises.get(ident)
        change = ", ".join(CHANGE_WORDS[key].format(value) for key, value in entry.items()
                           if key in CHANGE_WORDS and value is not None) if isinstance(entry, dict) else ""
        items.append({"id": ident, "title": known.title if known else ident, "change": change})
    return {"start": str(phase.get("start", "")), "title": str(phase.get("title") or ""),
            "keep": phase.get("keep") is True, "exercises": items}


def _printed_in(program: plancode.Program) -> str:
    """Which phase a reopened handout printed, for the therapist to check against the paper."""
    if len(program.phases) > 1:
        phase = program.phases[program.phase - 1]
        where = f"phase {program.phase} of {len(program.phases)} ({phase.title or phase.start})"
    else:
        where = "its one list of exercises"
    return (f"Opened the handout's program: {where}. The code holds no names, notes or dates: check the patient "
            "and the date, then progress it or print it.")


def _undated(plan) -> str:
    """A reopened handout's state: the code kept no date, so the paper's is the one to read."""
    return state(plan).replace(plan.date.isoformat(), "date on the paper (the code holds none)", 1)


def _namer(values: dict):
    """A problem's place as the therapist sees it: 'Chin tuck: Hold (s)' for exercises[1].hold_s, 'Name' for
    patient.name; a place the form has no field for stays as the plan names it."""
    library = _library(values["language"])

    def named(where: str) -> str:
        row = re.match(r"exercises\[(\d+)\](?:\.(\w+))?", where)
        if row and int(row[1]) < len(values["exercises"]):
            ident = values["exercises"][int(row[1])]["id"]
            title = library.exercises[ident].title if ident in library.exercises else ident
            return f"{title}: {ROW_LABELS.get(row[2], row[2])}" if row[2] else title
        return FIELD_LABELS.get(slot_of(where), where)

    return named


def _starts(values: dict, library) -> dict:
    """What the form offers to start from, for the condition it names: the condition itself, its standard
    program and the favourites, the clinic's templates."""
    condition = planform.condition_of(values["condition"], library)
    favourite_ids = starters.favourites(load_library("en"))
    return {"condition": condition, "offers": starters.offers(library, condition, favourite_ids),
            "favourites": set(favourite_ids), "templates": list(starters.template_paths())}


def _language_choices() -> list[str]:
    """Each library's language, then each pair of them for a two-language handout ('es, en')."""
    tags = languages()
    return tags + [f"{first}, {second}" for first in tags for second in tags if first != second]


async def _plan_of(request: Request) -> tuple[dict, str]:
    """The posted form's values and the plan file they make."""
    values = planform.values_from_form(await request.form())
    return values, planform.plan_yaml(planform.plan_dict(values, _library(values["language"])))


def _stem(values: dict) -> str:
    return handout_stem(record_id=values["patient.id"], name=values["patient.name"], fallback="handout")


def _attachment(data: bytes, media_type: str, name: str) -> Response:
    # A name with letters beyond ASCII (李) travels in the RFC 6266 form; the plain one is the fallback.
    fallback = name.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


def _refusal(lines: list[str], slot: str) -> Response:
    """A file the form cannot take, told in the message `slot` beside its control: the form stays as it was."""
    response = _render("_message.html", 422, lines=lines)
    response.headers["HX-Retarget"] = slot
    response.headers["HX-Reswap"] = "innerHTML"
    return response


def _lines(exc: UserError) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(problem) for problem in exc.problems]
    return [exc.format_message()]
