"""The plan in the form, checked and built in memory: what the page shows beside the form.

Nothing here touches the disk: the plan is text, the PDF and its page pictures are bytes, and
all of it is dropped once the response is sent.
"""

from __future__ import annotations

import base64
import io
import re
import time
from dataclasses import dataclass
from pathlib import Path

from handouts.check import clinical
from handouts.check.plan import load_plan
from handouts.errors import Problem, UserError, ValidationError
from handouts.run.build import pdf_bytes

PLAN_NAME = "plan.yaml"  # how messages name the form's plan, as `handouts check plan.yaml` would
PAGE_WIDTH_PX = 540  # the preview's page pictures: sharp enough to read beside the form
_ROW = re.compile(r"exercises\[(\d+)\]")


@dataclass(frozen=True)
class Checked:
    problems: tuple[Problem, ...]  # mistakes: nothing prints until they are fixed
    warnings: tuple[Problem, ...]  # clinical warnings: it prints, but look twice
    pdf: bytes | None
    seconds: float  # checking and building, on the server

    def beside(self, slot: str) -> list[tuple[str, str]]:
        """('error' or 'warning', message) for the form field `slot` (see `slot_of`)."""
        return ([("error", p.message) for p in self.problems if slot_of(p.where) == slot]
                + [("warning", p.message) for p in self.warnings if slot_of(p.where) == slot])


def check_and_build(text: str, folder: Path, *, build: bool = True, sheet: str | None = None) -> Checked:
    """Check the plan `text` as if it were `folder`/plan.yaml (a layout or photo it names is looked for
    there), and build its PDF (with the fridge `sheet`, as `build.pdf_bytes` takes it) unless it has mistakes
    or `build` is false."""
    started = time.perf_counter()
    problems: list[Problem] = []
    warnings: list[Problem] = []
    pdf = None
    try:
        plan = load_plan(folder / PLAN_NAME, text=text, source=PLAN_NAME)
        # The page is used at the visit: a date far from today's is a mistake here, as `check` says.
        warnings = clinical.enforce(plan, PLAN_NAME) + clinical.date_warnings(plan, clinical.today(), PLAN_NAME)
        pdf = pdf_bytes(plan, sheet=sheet) if build else None
    except ValidationError as exc:
        problems = exc.problems
    except UserError as exc:  # e.g. a layout whose sizes do not fit its page
        problems = [Problem(PLAN_NAME, exc.format_message())]
    return Checked(tuple(problems), tuple(warnings), pdf, time.perf_counter() - started)


def slot_of(where: str) -> str:
    """The form field a problem is about: 'exercises[2].hold_s' -> 'exercises-2' (the exercise's row),
    'thermal.ice.minutes' -> 'thermal-ice-minutes', 'advice[1]' -> 'advice'."""
    row = _ROW.match(where)
    if row:
        return f"exercises-{row[1]}"
    return where.split("[")[0].replace(".", "-")


@dataclass(frozen=True)
class PagePicture:
    src: str  # a JPEG `data:` address: no file, no second request to keep it for
    text: str  # the page's words, its text alternative for someone who cannot see the picture


def page_pictures(pdf: bytes, width_px: int = PAGE_WIDTH_PX) -> list[PagePicture]:
    """Each page of `pdf` as a picture for an <img>, with its text."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pictures = []
        for page in document:
            image = page.render(scale=width_px / page.get_width()).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=80)  # several times faster to make than PNG, and smaller
            words = page.get_textpage()
            text = " ".join(words.get_text_range().split())
            words.close()
            pictures.append(PagePicture("data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"),
                                        text))
            page.close()
        return pictures
    finally:
        document.close()
