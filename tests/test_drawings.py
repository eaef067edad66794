"""Every exercise has a drawing; every drawing renders, is not blank, and prints in grey."""

from __future__ import annotations

import io
import pathlib
import time

import pytest
from PIL import ImageChops
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from handouts import drawing, vector

ROOT = pathlib.Path(__file__).resolve().parent.parent
IMAGES = ROOT / "images"
SPECS = sorted((IMAGES / "drawings").glob("*.yaml"))
FALLBACK_IDS = [
    "simple-neck-stretch", "neck-tilt", "neck-turn", "scalene-stretch", "shoulder-extension",
    "chin-tuck", "upper-trapezius-stretch", "shoulder-rolls",
    "shoulder-blade-squeeze", "arm-swings", "knees-to-chest", "slow-breathing", "doorway-chest-stretch",
]
CARD = (45 * 72 / 25.4, 38 * 72 / 25.4)  # a drawing's printed size on an exercise card


def exercise_ids() -> list[str]:
    files = sorted((ROOT / "library" / "en" / "exercises").glob("*.yaml"))
    return [f.stem for f in files] or FALLBACK_IDS


def rasterise(ops: str, box, dpi: int = 150):
    """A drawing's operators on a page of its own size, as an image."""
    pdfium = pytest.importorskip("pypdfium2")
    buf = io.BytesIO()
    page = Canvas(buf, pagesize=box)
    page.addLiteral(ops)
    page.showPage()
    page.save()
    return pdfium.PdfDocument(buf.getvalue())[0].render(scale=dpi / 72).to_pil().convert("RGB")


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_every_exercise_has_a_drawing(exercise_id):
    path = drawing.drawing_path(IMAGES, exercise_id)
    assert path is not None, f"no images/drawings/{exercise_id}.yaml"
    drawing.load_spec(path)


def test_drawing_path_is_none_when_missing(tmp_path):
    assert drawing.drawing_path(tmp_path, "neck-tilt") is None


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_drawing_renders_with_ink(path):
    ops = drawing.render(drawing.load_spec(path), *CARD)
    box = f"n 0 0 m {fp_str(CARD[0], 0)} l {fp_str(*CARD)} l {fp_str(0, CARD[1])} l h W* n"
    assert box in ops  # the arrows are clipped to exactly the card's box
    img = rasterise(ops, CARD).convert("L")
    dark = sum(img.histogram()[:100]) / (img.width * img.height)
    assert 0.02 < dark < 0.45, f"{path.name}: {dark:.1%} dark pixels"


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_mono_has_no_colour(path):
    ops = drawing.render(drawing.load_spec(path), *CARD, accent=colors.HexColor("#D0312D"), mono=True)
    r, g, b = rasterise(ops, CARD, dpi=100).split()
    worst = max(ImageChops.difference(x, y).getextrema()[1] for x, y in ((r, g), (g, b), (r, b)))
    assert worst <= 8, f"{path.name}: coloured pixels in the mono rendering"


@pytest.mark.parametrize("accent", ["#FFE066", "#7FD3E0", "#0F6E7A", "#000000"])
def test_arrow_colour_stays_dark_in_greyscale(accent):
    c = drawing._darken(colors.HexColor(accent), mono=False)
    assert 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue <= drawing.MAX_ACCENT_LUMA + 1e-9


def test_render_is_fast():
    specs = [drawing.load_spec(p) for p in SPECS]
    t0 = time.perf_counter()
    for s in specs:
        drawing.render(s, *CARD)
    per = (time.perf_counter() - t0) / len(specs)
    assert per < 0.05, f"{per * 1000:.1f} ms per drawing"


@pytest.mark.parametrize(
    "text, needle",
    [
        ("view: sideways\n", "view"),
        ("pose: {head: {tilt: 95}}\n", "pose.head.tilt: 95 is out of range"),
        ("pose: {head: {wobble: 3}}\n", "pose.head.wobble: unknown parameter"),
        ("pose: {tail: {}}\n", "unknown body part 'tail'"),
        ("pose: {arm_r: {reach: moon}}\n", "unknown landmark 'moon'"),
        ("arrows: [{follow: nose}]\n", "needs an end_pose"),
        ("arrows: [{arc: head, radius: 5}]\n", "needs radius, from and to"),
        ("pose: [1, 2\n", "not valid YAML"),
        ("- just a list\n", "must be a mapping"),
        ("colour: red\n", "unknown key 'colour'"),
    ],
)
def test_malformed_spec_is_one_line_naming_the_file(tmp_path, text, needle):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        drawing.load_spec(path)
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith(str(path) + ":")
    assert needle in msg


def test_load_spec_is_cached_and_returns_a_copy(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("view: side\nposition: sitting\n", encoding="utf-8")
    a = drawing.load_spec(path)
    a["view"] = "front"
    assert drawing.load_spec(path)["view"] == "side"


def test_render_does_not_mutate_the_spec():
    spec = drawing.load_spec(SPECS[0])
    before = repr(spec)
    drawing.render(spec, 100, 80)
    assert repr(spec) == before


def _painted(ops: str) -> list[tuple[str | None, str | None]]:
    """Every painted path's (stroke, fill) colour as "r g b" (None: not stroked, not filled), in drawing order."""
    out, stroke, fill = [], None, None
    for line in ops.splitlines():
        if line == "q":
            stroke = fill = None
        elif line.endswith(" RG"):
            stroke = line[:-3]
        elif line.endswith(" rg"):
            fill = line[:-3]
        elif line in ("S", "f", "B"):
            out.append((stroke if line != "f" else None, fill if line != "S" else None))
    return out


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_render_is_deterministic(path):
    spec = drawing.load_spec(path)
    assert drawing.render(spec, *CARD) == drawing.render(spec, *CARD)


def test_path_writer_writes_what_render_pdf_writes():
    """Drawings are written directly in renderPDF's form: the same shapes give the same bytes."""
    from reportlab.graphics.shapes import FILL_EVEN_ODD, FILL_NON_ZERO, Drawing, Group, Path

    def shape(ops, **kw):
        p = Path(**{"fillMode": FILL_NON_ZERO, "strokeLineCap": 1, "strokeLineJoin": 1, **kw})
        for op in ops:
            {"M": p.moveTo, "L": p.lineTo, "C": p.curveTo, "Z": p.closePath}[op[0]](*(v for q in op[1:] for v in q))
        return p

    box = [("M", (0, 0)), ("L", (100, 0)), ("L", (100, 80)), ("L", (0, 80)), ("Z",)]
    blob = [("M", (10.5, 20.25)), ("C", (30, 40.125), (50.0625, 1 / 3), (70, 20)), ("L", (40, 5)), ("Z",)]
    line = [("M", (5, 5)), ("L", (95.123456, 75))]
    teal, grey = colors.HexColor("#0F6E7A"), colors.Color(0.55, 0.55, 0.55)

    group, patch = Group(), Group()
    group.add(shape(box, isClipPath=1, strokeColor=None, fillColor=None, fillMode=FILL_EVEN_ODD,
                    strokeLineCap=0, strokeLineJoin=0))
    group.add(shape(blob, strokeColor=grey, strokeWidth=2.5, fillColor=None))
    group.add(shape(blob, strokeColor=None, fillColor=colors.white))
    group.add(shape(line, strokeColor=teal, strokeWidth=1.3, fillColor=None, strokeLineCap=0))
    patch.add(shape(box, isClipPath=1, strokeColor=None, fillColor=None))
    patch.add(shape(blob, strokeColor=teal, strokeWidth=0.4, fillColor=teal))
    group.add(patch)
    d = Drawing(100, 80)
    d.add(group)

    out = vector.PathWriter()
    out.begin_group()
    out.clip(vector.path_code(box))
    out.path(vector.path_code(blob), stroke=grey, width=2.5)
    out.path(vector.path_code(blob), fill=colors.white)
    out.path(vector.path_code(line), stroke=teal, width=1.3, cap=0)
    out.begin_group()
    out.clip(vector.path_code(box), nonzero=True, round_ends=True)
    out.path(vector.path_code(blob), stroke=teal, fill=teal, width=0.4)
    out.end_group()
    out.end_group()
    assert out.text() == vector.operators(d, "test")


FRONT_NECK = ["neck-tilt", "neck-turn", "scalene-stretch", "upper-trapezius-stretch"]


@pytest.mark.parametrize("name", FRONT_NECK)
def test_front_view_seated_neck_drawings_are_cropped_at_the_seat(name):
    spec = drawing.load_spec(IMAGES / "drawings" / f"{name}.yaml")
    assert spec["view"] == "front" and spec["position"] == "sitting" and spec["frame"] == "upper"
    assert drawing._bust(spec)
    from handouts import figure as fig
    pose = fig.full_pose(fig.merge_pose(spec["pose"], spec["end_pose"]), "sitting")
    f = fig.build(pose, "sitting", 0.0, legs=False)
    assert not any(it.group.startswith("leg_") for it in f.items)
    trunk = [it for it in f.items if it.group == "trunk"][0]
    assert len(trunk.shapes) == 2         # the trunk and the neck: no thighs or shins
    seat_ops, seat_bottom = drawing._seat(f)
    assert seat_bottom < f.points["hip_r"][1] - 9


def test_neck_turn_shows_the_face_turned_to_the_side():
    from handouts import figure as fig
    spec = drawing.load_spec(IMAGES / "drawings" / "neck-turn.yaml")
    pose = fig.full_pose(fig.merge_pose(spec["pose"], spec["end_pose"]), "sitting")
    f = fig.build(pose, "sitting", 0.0)
    head = [it for it in f.items if it.group == "head"][0]
    # the person turns to their right: the nose sticks out to the viewer's left
    assert f.points["nose"][0] < f.points["head"][0] - 6
    assert len(head.shapes) >= 3          # cranium, jaw, nose wedge
    assert len(head.lines) >= 3           # eye, hairline, near ear


def test_ghost_is_lighter_and_thinner_than_the_figure():
    assert drawing.GHOST.red > 0.45 and drawing.GHOST_LW < 1.0


def test_shoulder_extension_ghost_arm_shows_over_the_trunk():
    spec = drawing.load_spec(IMAGES / "drawings" / "shoulder-extension.yaml")
    paths = _painted(drawing.render(spec, *CARD))
    grey = fp_str(drawing.GHOST.red, drawing.GHOST.green, drawing.GHOST.blue)
    paper = fp_str(drawing.PAPER.red, drawing.PAPER.green, drawing.PAPER.blue)
    last_grey = max(i for i, (stroke, _) in enumerate(paths) if stroke == grey)
    first_white_fill = next(i for i, (_, fill) in enumerate(paths) if fill == paper)
    assert last_grey > first_white_fill, "the ghost arm is hidden behind the solid trunk"
