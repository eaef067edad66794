"""The floor: the reference handout's text and pictures placed on a bare reportlab canvas.

No layout engine: lines are wrapped by character count and placed at fixed
steps, so this is about the least work any renderer can do for the same
content: the same fonts; the same logo, already sized for print as handouts
draws it; the same drawings and QR codes as form objects, each compressed once
per process as handouts does. `benchmarks/run.py` times handouts against it.

    python benchmarks/floor.py CONTENT.json OUT.pdf     # the floor's cold command
"""

from __future__ import annotations

import io
import json
import sys
import textwrap
import zlib

A4 = (595.2756, 841.8898)
MARGIN, TOP, BOTTOM = 48.0, 85.0, 57.0
LOGO_BOX = (4 * 39.685, 39.685)  # handouts' header box for the logo (render.LOGO_HEIGHT)
_assets: dict = {}
_forms: dict[str, tuple[str, bytes]] = {}  # a picture's operators -> its form's name and compressed stream


def content_of(plan_path: str, logo_path: str) -> dict:
    """Everything the floor prints, taken from a real plan (strings and ready-made pictures); the logo
    as handouts prints it (fitted, flattened, at print resolution) is saved as `logo_path`."""
    from pathlib import Path

    from PIL import Image

    from handouts.check.layout import load_layout
    from handouts.check.plan import load_plan
    from handouts.compose.illustration import picture_for
    from handouts.compose.sections.cards import picture_box
    from handouts.compose.text import dosage_figures, short_date
    from handouts.compose.thermal import schedule
    from handouts.preflight import images
    from handouts.render import vector
    from handouts.render.styles import styles_for

    plan = load_plan(Path(plan_path))
    layout = plan.layout
    words = plan.library.strings
    st = styles_for(load_layout(layout.source))
    exercises = []
    for item in plan.exercises:
        box = picture_box(layout.content_size[0], st)  # a card's picture, one to a row
        picture = picture_for(item, layout, st, box)
        picture = getattr(picture, "drawing", picture)  # a drawing's paths, without the words under its poses
        exercises.append({"title": item.exercise.title, "purpose": item.exercise.purpose,
                          "steps": list(item.exercise.steps), "dosage": "   ".join(f"{label} {value}" for label, value in dosage_figures(item.dosage, words)),
                          "box": box,
                          "cautions": " ".join(item.exercise.cautions), "note": item.note or "",
                          "picture": picture.operators if picture is not None else "",
                          "qr": vector.qr_code(item.video, 51.0).operators if item.video else "",
                          "video": item.video or ""})
    reader, shown = images.prepare(layout.logo, *LOGO_BOX, layout.mono)
    width, height = reader.getSize()
    Image.frombytes("L" if layout.mono else "RGB", (width, height), reader.getRGBData()).save(logo_path)
    chart = [[short_date(day.date, words) if day.date else f"Day {day.number}", day.phase,
              [t.strftime("%H:%M") for t in day.sessions]] for day in schedule(plan.thermal, plan.date).days]
    return {
        "fonts": {face: str(path) for face, path in layout.fonts.items()},
        "logo": [logo_path, *shown],
        "clinic": [layout.clinic.name, layout.clinic.address, f"{layout.clinic.phone}   {layout.clinic.web}"],
        "title": plan.title,
        "patient": [plan.patient.name, plan.patient.id or "", plan.date.isoformat(), plan.therapist or ""],
        "exercises": exercises,
        "thermal": [plan.library.thermal.intro, plan.library.thermal.ice_how, plan.library.thermal.heat_how,
                    *(line.text for line in plan.library.thermal.safety)],
        "chart": chart,
        "advice": [a.text for a in plan.advice],
        "warnings": [w.text for w in plan.warnings],
        "notes": plan.notes or "",
        "about": [words["disclaimer"], plan.condition.source],
    }


def _setup(content: dict):
    """Fonts registered and the logo decoded once per process, as a real tool would."""
    if not _assets:
        from reportlab.lib.utils import ImageReader
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for face, path in content["fonts"].items():
            pdfmetrics.registerFont(TTFont(f"floor-{face}", path))
        path, width, height = content["logo"]
        _assets["logo"] = ImageReader(path), width, height
    return _assets


def _picture(c, operators: str, box: tuple[float, float]) -> None:
    """Draw a picture's operators as a form, compressed once per process (as handouts does)."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFResourceDictionary, PDFStream

    if operators not in _forms:
        _forms[operators] = f"p{len(_forms)}", zlib.compress(operators.encode("latin-1"))
    name, data = _forms[operators]
    if not c.hasForm(name):
        resources = PDFResourceDictionary()
        resources.basicProcs()
        c.beginForm(name, -box[0], -box[1], 2 * box[0], 2 * box[1])
        c.endForm(Contents=PDFStream(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}), data),
                  Resources=resources)
    c.doForm(name)


def draw(content: dict) -> bytes:
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    rl_config.useA85 = 0  # binary streams, as handouts writes them
    assets = _setup(content)
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=A4, invariant=1, initialFontName="floor-regular")
    width, height = A4
    state = {"y": height - TOP, "page": 1}

    def furniture():
        logo, logo_width, logo_height = assets["logo"]
        c.drawImage(logo, MARGIN, height - 74, logo_width, logo_height)
        c.setFont("floor-bold", 12.5)
        c.drawString(MARGIN + 48, height - 55, content["clinic"][0])
        c.setFont("floor-regular", 7.5)
        c.drawString(MARGIN + 48, height - 66, content["clinic"][1])
        c.drawRightString(width - MARGIN, height - 55, content["clinic"][2])
        c.line(MARGIN, height - 80, width - MARGIN, height - 80)
        c.drawString(MARGIN, 28, content["patient"][0])
        c.drawRightString(width - MARGIN, 28, f"Page {state['page']}")

    def need(space):
        if state["y"] - space < BOTTOM:
            c.showPage()
            state["page"] += 1
            state["y"] = height - TOP
            furniture()

    def text(line, face="regular", size=9.5, indent=0.0, chars=100):
        for part in textwrap.wrap(line, chars) or [""]:
            need(13)
            c.setFont(f"floor-{face}", size)
            c.drawString(MARGIN + indent, state["y"], part)
            state["y"] -= size * 1.38

    furniture()
    text(content["title"], "bold", 18)
    text("   ".join(content["patient"]), "bold")
    text("Your exercises", "bold", 12.5)
    for number, ex in enumerate(content["exercises"], 1):
        need(150)
        top = state["y"]
        if ex["picture"]:
            c.saveState()
            c.translate(MARGIN, top - ex["box"][1])
            _picture(c, ex["picture"], ex["box"])
            c.restoreState()
        text(f"{number}  {ex['title']}", "bold", 11, 140, 70)
        text(ex["purpose"], "italic", 9.5, 140, 70)
        for i, step in enumerate(ex["steps"], 1):
            text(f"{i}. {step}", "regular", 9.5, 140, 70)
        text(ex["dosage"], "bold", 9.5, 140, 70)
        text(ex["cautions"], "regular", 7.5, 140, 90)
        if ex["note"]:
            text(ex["note"], "bold_italic", 9.5, 140, 70)
        if ex["qr"]:
            need(60)
            c.saveState()
            c.translate(MARGIN + 140, state["y"] - 51)
            _picture(c, ex["qr"], (51.0, 51.0))
            c.restoreState()
            c.drawString(MARGIN + 200, state["y"] - 20, ex["video"])
            state["y"] -= 58
        state["y"] = min(state["y"], top - 120) - 12
    text("Ice, then heat", "bold", 12.5)
    for line in content["thermal"][:3]:
        text(line)
    for label, phase, times in content["chart"]:
        need(26)
        c.setFont("floor-bold", 7.5)
        c.drawString(MARGIN, state["y"], label)
        c.setFont("floor-regular", 7.5)
        c.drawString(MARGIN + 70, state["y"], phase)
        for i, time in enumerate(times):
            x = MARGIN + 130 + i * 28
            c.drawString(x, state["y"] + 2, time)
            c.rect(x + 4, state["y"] - 14, 12, 12)
        state["y"] -= 28
    for line in content["thermal"][3:]:
        text(f"• {line}")
    text("Day to day", "bold", 12.5)
    for line in content["advice"]:
        text(f"• {line}")
    text("Warning signs", "bold", 12.5)
    need(120)
    box_top = state["y"] + 10
    for line in content["warnings"]:
        text(f"• {line}")
    c.rect(MARGIN - 4, state["y"], width - 2 * MARGIN + 8, box_top - state["y"])
    text("Notes from your therapist", "bold", 12.5)
    for line in content["notes"].splitlines():
        text(line)
    text("About this handout", "bold", 12.5)
    for line in content["about"]:
        text(line, "regular", 7.5, 0, 130)
    c.showPage()
    c.save()
    return buffer.getvalue()


def main(argv: list[str]) -> None:
    content_path, out_path = argv
    with open(content_path, encoding="utf-8") as handle:
        content = json.load(handle)
    data = draw(content)
    with open(out_path, "wb") as handle:
        handle.write(data)


if __name__ == "__main__":
    main(sys.argv[1:])
