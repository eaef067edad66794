"""Every exercise has a drawing; every drawing renders, is not blank, and prints in grey."""

from __future__ import annotations

import io
import math
import pathlib
import re

import pytest
from PIL import ImageChops
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from handouts.compose import drawings
from handouts.compose.drawings import body, geometry, outline, pdf, scene
from handouts.errors import ValidationError
from handouts.render import vector

ROOT = pathlib.Path(__file__).resolve().parents[2]
IMAGES = ROOT / "images"
SPECS = sorted((IMAGES / "drawings").glob("*.yaml"))
CARD = (45 * 72 / 25.4, 38 * 72 / 25.4)  # a drawing's printed size on an exercise card


def exercise_ids() -> list[str]:
    files = sorted((ROOT / "library" / "en" / "exercises").glob("*.yaml"))
    return [f.stem for f in files]


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
    path = drawings.drawing_path(IMAGES, exercise_id)
    assert path is not None, f"no images/drawings/{exercise_id}.yaml"
    drawings.load_spec(path)


def test_drawing_path_is_none_when_missing(tmp_path):
    assert drawings.drawing_path(tmp_path, "neck-tilt") is None


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_drawing_renders_with_ink(path):
    ops = drawings.render(drawings.load_spec(path), *CARD)
    img = rasterise(ops, CARD).convert("L")
    dark = sum(img.histogram()[:100]) / (img.width * img.height)
    assert 0.02 < dark < 0.45, f"{path.name}: {dark:.1%} dark pixels"


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_mono_has_no_colour(path):
    ops = drawings.render(drawings.load_spec(path), *CARD, accent=colors.HexColor("#D0312D"), mono=True)
    r, g, b = rasterise(ops, CARD, dpi=100).split()
    worst = max(ImageChops.difference(x, y).getextrema()[1] for x, y in ((r, g), (g, b), (r, b)))
    assert worst <= 8, f"{path.name}: coloured pixels in the mono rendering"


@pytest.mark.parametrize("accent", ["#FFE066", "#7FD3E0", "#0F6E7A", "#000000"])
def test_arrow_colour_stays_dark_in_greyscale(accent):
    c = pdf._darken(colors.HexColor(accent), mono=False)
    assert 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue <= pdf.MAX_ACCENT_LUMA + 1e-9


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
        ("pose: [1, 2\n", "YAML syntax error"),
        ("- just a list\n", "must be a mapping"),
        ("colour: red\n", "unknown key 'colour'"),
        ("props: [chair, sofa]\n", "props[1]: 'sofa' is not one of"),
        ("props: [{ball: moon}]\n", "props[0].ball: unknown landmark 'moon'"),
        ("props: [{kettle: hand_r}]\n", "props[0]: a placed prop is one of ball, towel, pillow, pack, band"),
        ("panels: 3\nend_pose: {head: {nod: 9}}\n", "panels: 3 must be 1"),
        ("panels: 2\n", "panels: 2 needs an end_pose"),
        ("one_pose: ''\n", "one_pose: must say in words why"),
        ("one_pose: a hold\nend_pose: {head: {nod: 9}}\n", "drop one_pose or end_pose"),
        ("position: upside-down\n", "position: 'upside-down' is not one of standing, sitting, lying, side-lying, prone, all-fours"),
        ("view: .inf\n", "view: 'inf' is not one of front"),
        ("gaze: ahead\n", "gaze: 'ahead' must be true"),
        ("stretch: [moon]\n", "stretch[0]: unknown landmark 'moon'"),
        ("stretch: [[neck, chest, belly]]\n", "stretch[0]: must be a landmark or a pair"),
        ("stretch: neck\n", "stretch: must be a list of landmarks"),
        ("arrows: [{press: head_side_r, angle: 0}]\n", "a press arrow needs angle and length"),
        # an arc through 10^300 degrees would be drawn in as many steps
        ("end_pose: {head: {nod: 9}}\narrows: [{arc: head, radius: 5, from: 0, to: 1.0e+300}]\n",
         "arrows[0].to: must be a number from -360 to 360"),
    ],
)
def test_malformed_spec_is_one_line_naming_the_file(tmp_path, text, needle):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        drawings.load_spec(path)
    msg = str(err.value)
    assert "\n" not in msg
    assert re.match(re.escape(str(path)) + r":\d+:\d+: ", msg)  # placed at its line and column
    assert needle in msg


def test_every_mistake_in_a_spec_is_named_at_once(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("view: upside\nprops: [sofa]\npose: {head: {nod: 99, wobble: 1}}\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        drawings.load_spec(path)
    lines = str(err.value).splitlines()
    assert [line.split(": ")[1] for line in lines] == ["view", "props[0]", "pose.head.nod", "pose.head.wobble"]
    assert lines[0].startswith(f"{path}:1:7: ")


def test_load_spec_is_cached_and_returns_a_copy(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("view: side\nposition: sitting\n", encoding="utf-8")
    a = drawings.load_spec(path)
    a["view"] = "front"
    assert drawings.load_spec(path)["view"] == "side"


def test_render_does_not_mutate_the_spec():
    spec = drawings.load_spec(SPECS[0])
    before = repr(spec)
    drawings.render(spec, 100, 80)
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
    spec = drawings.load_spec(path)
    assert drawings.render(spec, *CARD) == drawings.render(spec, *CARD)


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


FRONT_NECK = ["neck-turn", "simple-neck-stretch", "upper-trapezius-stretch"]


@pytest.mark.parametrize("name", FRONT_NECK)
def test_front_view_seated_neck_drawings_are_cropped_at_the_seat(name):
    spec = drawings.load_spec(IMAGES / "drawings" / f"{name}.yaml")
    assert spec["view"] == "front" and spec["position"] == "sitting" and spec["frame"] == "upper"
    assert scene._bust(spec)
    pose = body.full_pose(body.merge_pose(spec["pose"], spec["end_pose"]), "sitting")
    f = outline.build(pose, "sitting", 0.0, legs=False)
    assert not any(it.group.startswith("leg_") for it in f.items)
    trunk = next(it for it in f.items if it.group == "trunk")
    assert len(trunk.shapes) == 2         # the trunk and the neck: no thighs or shins
    _, seat_bottom = scene._seat(f)
    assert seat_bottom < f.points["hip_r"][1] - 9


def test_neck_turn_shows_the_face_turned_to_the_side():
    spec = drawings.load_spec(IMAGES / "drawings" / "neck-turn.yaml")
    pose = body.full_pose(body.merge_pose(spec["pose"], spec["end_pose"]), "sitting")
    f = outline.build(pose, "sitting", 0.0)
    head = next(it for it in f.items if it.group == "head")
    # the person turns to their right: the nose sticks out to the viewer's left
    assert f.points["nose"][0] < f.points["head"][0] - 6
    assert len(head.shapes) >= 3          # cranium, jaw, nose wedge
    assert len(head.lines) >= 3           # eye, hairline, near ear


def _strokes(ops: str) -> list[tuple[str, float, bool]]:
    """Every stroked path's (colour "r g b", line width, dashed), as the drawing paints it."""
    out, colour, width, dashed = [], None, None, False
    for line in ops.splitlines():
        if line.endswith(" RG"):
            colour = line[:-3]
        elif line.endswith(" w"):
            width = float(line[:-2])
        elif line.endswith(" d"):
            dashed = not line.startswith("[]")
        elif line in ("S", "B"):
            out.append((colour, width, dashed))
    return out


@pytest.mark.parametrize("name", ["arm-swings", "prone-t-raise", "lower-trunk-rotation"])  # drawn with a ghost
def test_ghost_is_lighter_and_thinner_than_the_figure(name):
    strokes = _strokes(drawings.render(drawings.load_spec(IMAGES / "drawings" / f"{name}.yaml"), *CARD))
    ghost = [(colour, width) for colour, width, dashed in strokes if dashed]
    figure = [(colour, width) for colour, width, dashed in strokes if not dashed and colour == "0 0 0"]
    assert ghost and figure
    assert min(float(c) for colour, _ in ghost for c in colour.split()) > 0.45  # a light grey
    assert max(width for _, width in ghost) < max(width for _, width in figure)  # outlines: thinner


def test_a_ghost_arm_in_front_shows_over_the_trunk():
    spec = {"view": "side", "panels": 1, "solid": "end",
            "pose": {"arm_r": {"flex": 0, "abd": 4, "elbow": 4}, "arm_l": {"flex": 0, "abd": 4, "elbow": 4}},
            "end_pose": {"arm_r": {"reach": [0, 0, -41], "elbow_dir": "out-back"},
                         "arm_l": {"reach": [0, 0, -41], "elbow_dir": "out-back"}}}
    paths = _painted(drawings.render(spec, *CARD))
    grey = fp_str(pdf.GHOST.red, pdf.GHOST.green, pdf.GHOST.blue)
    paper = fp_str(pdf.PAPER.red, pdf.PAPER.green, pdf.PAPER.blue)
    last_grey = max(i for i, (stroke, _) in enumerate(paths) if stroke == grey)
    first_white_fill = next(i for i, (_, fill) in enumerate(paths) if fill == paper)
    assert last_grey > first_white_fill, "the ghost arm is hidden behind the solid trunk"


# ----------------------------------------------------------------- what the operators paint


def _numbers(tokens):
    return [float(t) for t in tokens]


def painted_paths(ops: str) -> list[dict]:
    """Every painted path in a drawing's operators: its points (curves sampled every eighth of the
    way), its stroke width and colours, the clip box it is painted in,
    and whether a later fill in paper white covers the inner half of its stroke (an outline)."""
    inf = float("inf")
    clip, width, stroke, fill = (-inf, -inf, inf, inf), 1.0, (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)
    saved, args, points, clipping, out = [], [], [], False, []
    for tok in ops.replace("[", " [ ").replace("]", " ] ").split():
        try:
            args.append(float(tok))
            continue
        except ValueError:
            pass
        if tok in ("[", "]"):
            continue
        if tok == "q":
            saved.append((clip, width, stroke, fill))
        elif tok == "Q":
            clip, width, stroke, fill = saved.pop()
        elif tok == "w":
            width = args[-1]
        elif tok == "RG":
            stroke = tuple(args[-3:])
        elif tok == "rg":
            fill = tuple(args[-3:])
        elif tok in ("m", "l"):
            points.append((args[-2], args[-1]))
        elif tok == "c":  # points along the curve: a curve's control points may stand well outside it
            (x0, y0), (x1, y1, x2, y2, x3, y3) = points[-1], args[-6:]
            for t in (0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0):
                u = 1 - t
                points.append((u ** 3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t ** 3 * x3,
                               u ** 3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t ** 3 * y3))
        elif tok in ("W", "W*"):
            clipping = True
        elif tok == "n":
            if clipping and points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                clip = (max(clip[0], min(xs)), max(clip[1], min(ys)), min(clip[2], max(xs)), min(clip[3], max(ys)))
            clipping, points = False, []
        elif tok in ("S", "f", "B"):
            out.append({"points": tuple(points), "width": width, "clip": clip,
                        "stroke": stroke if tok != "f" else None, "fill": fill if tok != "S" else None})
            points = []
        args = []
    for i, path in enumerate(out):
        path["outline"] = path["stroke"] is not None and any(
            later["points"] == path["points"] and later["fill"] == (1.0, 1.0, 1.0) for later in out[i + 1:])
    return out


def ink_box(ops: str):
    """The bounding box (points) of everything a drawing paints in a colour other than paper white,
    strokes by half their width, each cut to its clip."""
    boxes = []
    white = (1.0, 1.0, 1.0)
    for path in painted_paths(ops):
        colours = [c for c in (path["stroke"], path["fill"]) if c is not None and c != white]
        if not colours or not path["points"]:
            continue
        pad = path["width"] / 2 if path["stroke"] not in (None, white) else 0.0
        xs, ys = [p[0] for p in path["points"]], [p[1] for p in path["points"]]
        c = path["clip"]
        box = (max(min(xs) - pad, c[0]), max(min(ys) - pad, c[1]), min(max(xs) + pad, c[2]), min(max(ys) + pad, c[3]))
        if box[0] < box[2] and box[1] < box[3]:
            boxes.append(box)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


SIZES = [CARD, (46 * 72 / 25.4, 26 * 72 / 25.4), (60 * 72 / 25.4, 60 * 72 / 25.4), (180.0, 90.0)]


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_no_ink_touches_the_frame(path):
    """Nothing is cut by the picture's edge: the ink stays a clear margin inside it, at every size."""
    spec = drawings.load_spec(path)
    for box in SIZES:
        x0, y0, x1, y1 = ink_box(drawings.render(spec, *box))
        room = min(x0, y0, box[0] - x1, box[1] - y1)
        assert room >= 1.5, f"{path.name} at {box[0]:.0f}x{box[1]:.0f} pt: ink {room:.2f} pt from the edge"


def test_ink_box_sees_ink_at_the_edge():
    """The frame test can fail: a spec whose arrow runs off the picture is caught."""
    spec = {"view": "front", "position": "sitting", "frame": "upper", "pose": {},
            "arrows": [{"line": "head_top", "angle": 90, "length": 5}]}
    ops = drawings.render(spec, *CARD)
    assert ink_box(ops)[0] > 1.5
    ops = ops[:ops.rindex("\nn ")] + "\nn -5 -5 m 5 5 l 0 5 l h" + ops[ops.rindex("\nB"):]  # the last arrow head
    assert ink_box(ops)[0] <= 0.0


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_every_drawing_shows_a_start_and_an_end(path):
    """Two poses (two panels, or one over a dashed ghost), or a reason in words why one is enough."""
    spec = drawings.load_spec(path)
    if spec["one_pose"] is None:
        assert spec["end_pose"], f"{path.name}: no end_pose and no one_pose reason"
        assert spec["arrows"], f"{path.name}: two poses but no arrow on the part that moves"
    else:
        assert len(spec["one_pose"].split()) >= 3


def test_two_panels_draw_the_person_twice_with_an_arrow_between():
    spec = {"view": "front", "position": "sitting", "frame": "upper", "pose": {},
            "end_pose": {"head": {"turn": 60}}, "arrows": [{"arc": "head_top", "radius": 10, "from": 0, "to": 150}]}
    two, one = drawings.render(spec, *CARD), drawings.render({**spec, "panels": 1}, *CARD)
    black = fp_str(0, 0, 0)
    heads = [p for p in painted_paths(two) if p["stroke"] == (0.0, 0.0, 0.0) and p["outline"]]
    assert len(heads) > 1.8 * len([p for p in painted_paths(one) if p["stroke"] == (0.0, 0.0, 0.0) and p["outline"]])
    def arrow_heads(ops):
        return [p for p in painted_paths(ops) if p["fill"] == p["stroke"] and p["fill"] != (1.0, 1.0, 1.0)]

    assert len(arrow_heads(two)) == 2 and len(arrow_heads(one)) == 1  # the head turn's; and start -> end
    assert black + " RG" in two
    assert "] 0 d" not in two.replace("[] 0 d", "") and "] 0 d" in one.replace("[] 0 d", "")  # only the ghost is dashed


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_black_and_white_survives_a_cheap_laser_printer(path):
    """In a mono layout no line is thinner than 0.6 pt and no ink lighter than 60% grey, at every size
    a card uses: the second pose and the arrows stay on the paper."""
    spec = drawings.load_spec(path)
    white = (1.0, 1.0, 1.0)
    for box in SIZES:
        for p in painted_paths(drawings.render(spec, *box, accent=colors.HexColor("#7FD3E0"), mono=True)):
            for c in (p["stroke"], p["fill"]):
                if c is not None and c != white:
                    assert max(c) <= 0.4 + 1e-6, f"{path.name}: ink {c} is lighter than 60% grey"
            if p["stroke"] in (None, white) or p["fill"] == p["stroke"]:
                continue  # paper, or a filled shape (an arrow head) whose edge is no line
            seen = p["width"] / 2 if p["outline"] else p["width"]
            assert seen >= 0.6 - 1e-6, f"{path.name} at {box[0]:.0f}x{box[1]:.0f}: a {seen:.2f} pt line"


def test_the_black_and_white_test_can_fail():
    spec = drawings.load_spec(IMAGES / "drawings" / "neck-turn.yaml")
    widths = [p["width"] / 2 if p["outline"] else p["width"]
              for p in painted_paths(drawings.render(spec, 60, 50, mono=False)) if p["stroke"] not in (None, (1.0, 1.0, 1.0))]
    assert min(widths) < 0.6  # colour layouts draw a small picture finer than a cheap printer keeps


POSITIONS_AND_PROPS = {
    "on hands and knees, one arm and the other leg out": {
        "view": "side", "position": "all-fours", "pose": {},
        "end_pose": {"arm_l": {"flex": 175, "elbow": 0}, "leg_r": {"hip": -5, "knee": 0}},
        "arrows": [{"follow": "fingers_l", "offset": 3}]},
    "face down, pressing up": {
        "view": "side", "position": "prone",
        "pose": {"arm_r": {"reach": [-14, 40, 16], "elbow_dir": "back"}, "arm_l": {"reach": [14, 40, 16], "elbow_dir": "back"}},
        "end_pose": {"trunk": {"lean": -28}}, "arrows": [{"follow": "head_top", "offset": 4}]},
    "a ball between the back and a wall": {
        "view": "side", "props": ["wall", "floor", {"ball": "scapula_l"}],
        "pose": {"leg_r": {"hip": 10, "knee": 20}, "leg_l": {"hip": 10, "knee": 20}},
        "end_pose": {"leg_r": {"hip": 25, "knee": 45}, "leg_l": {"hip": 25, "knee": 45}},
        "arrows": [{"line": "scapula_l", "angle": -90, "length": 10, "gap": 14}]},
    "a band from the hand to a door frame": {
        "view": "side", "props": ["floor", {"band": "hand_r"}],
        "pose": {"arm_r": {"flex": 80, "elbow": 0}}, "end_pose": {"arm_r": {"flex": 10, "elbow": 100}},
        "arrows": [{"follow": "hand_r", "offset": 4}]},
    "a rolled towel under the neck": {
        "view": "side", "position": "lying", "props": ["mat", {"towel": "neck"}],
        "pose": {}, "end_pose": {"head": {"nod": 20}}, "arrows": [{"follow": "nose", "offset": 4}]},
}


@pytest.mark.parametrize("name", POSITIONS_AND_PROPS)
def test_positions_and_props_draw_inside_the_frame(name):
    spec = POSITIONS_AND_PROPS[name]
    ops = drawings.render(spec, *CARD)
    x0, y0, x1, y1 = ink_box(ops)
    assert min(x0, y0, CARD[0] - x1, CARD[1] - y1) >= 1.5
    if any(isinstance(p, dict) for p in spec.get("props", [])):
        plain = {**spec, "props": [p for p in spec["props"] if not isinstance(p, dict)]}
        assert len(painted_paths(ops)) > len(painted_paths(drawings.render(plain, *CARD)))  # the prop is drawn


def test_face_down_positions_rest_on_the_mat():
    for position in ("prone", "all-fours"):
        pts = body.landmarks(body.full_pose({}, position), position, 90.0, body.PITCH[position])
        # joint centres, so a joint's own thickness above the mat (a knee is 10 cm through)
        on_mat = ("knee_r", "knee_l", "wrist_r", "wrist_l") if position == "all-fours" else ("knee_r", "toe_r", "head")
        for k in on_mat:
            assert body.MAT_TOP < pts[k][1] < body.MAT_TOP + 13, f"{position}: {k} is not on the mat"
    pts = body.landmarks(body.full_pose({}, "all-fours"), "all-fours", 90.0, body.PITCH["all-fours"])
    assert abs(pts["shoulder_r"][1] - pts["hip_r"][1]) < 12  # the back is about level
    assert abs(pts["fingers_r"][1] - pts["wrist_r"][1]) < 4  # the hand lies flat


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_nothing_floats(path):
    """Whoever stands, sits or lies rests on the floor or the mat in every panel: the lowest point of
    the person is the floor line or the top of the mat, not above it and not through it."""
    spec = drawings.load_spec(path)
    if spec["frame"] != "full" and not scene._whole(spec):
        pytest.skip("cropped: the floor is out of the picture")
    if spec["camera"]:
        pytest.skip("seen from above, the floor line is drawn under the lowest point")
    for sc in scene.scenes(spec):
        lowest = min(p[1] for it in sc.figure.items if it.group != "seat" for s in it.shapes for p in geometry.ops_points(s))
        lying = body.PITCH[spec["position"]] != 0
        support = body.MAT_TOP if lying else scene._ground(spec)  # the mat, or the floor (drawn or not)
        assert -0.6 <= lowest - support <= 0.6, f"{path.name}: the person's lowest point is {lowest - support:+.1f} cm off"


def _end(name):
    """A drawing's end pose, all parameters filled in, and its landmarks in the body's own frame."""
    spec = drawings.load_spec(IMAGES / "drawings" / f"{name}.yaml")
    pose = body.full_pose(body.merge_pose(spec["pose"], spec["end_pose"]), spec["position"])
    return spec, pose, body.Skeleton(pose, spec["position"]).j


def test_the_seed_neck_stretches_show_their_definitions():
    """Each seed stretch is drawn as its source describes it, so no two look alike at card size."""
    spec, pose, j = _end("neck-tilt")  # chin to chest, sitting
    assert spec["position"] == "sitting" and pose["head"]["nod"] >= 40
    assert abs(pose["head"]["tilt"]) < 5 and abs(pose["head"]["turn"]) < 5

    spec, pose, j = _end("simple-neck-stretch")  # turned right and down, right hand on the back of the head
    assert pose["head"]["turn"] >= 30 and pose["head"]["nod"] >= 25
    assert math.dist(j["hand_r"], j["head_back_r"]) < 3

    spec, pose, j = _end("neck-turn")  # a turn, the jaw level
    assert abs(pose["head"]["turn"]) >= 50 and abs(pose["head"]["nod"]) < 5 and abs(pose["head"]["tilt"]) < 5

    spec, pose, j = _end("scalene-stretch")  # the head tilts away, both hands behind the back
    assert pose["head"]["tilt"] <= -25 and abs(pose["head"]["turn"]) < 5
    for side in ("r", "l"):
        assert j["hand_" + side][2] < j["low_back"][2] + 2, "a hand is not behind the back"
    assert math.dist(j["hand_r"], j["hand_l"]) < 8  # one hand holds the other wrist

    spec, pose, j = _end("shoulder-extension")  # standing tall, shoulders drawn back
    start = body.full_pose(spec["pose"], "standing")
    assert spec["position"] == "standing" and pose["shoulders"]["back"] - start["shoulders"]["back"] >= 4
    assert pose["arm_r"]["flex"] < start["arm_r"]["flex"]  # the straight arms move a little way back


def test_a_ball_on_the_back_rests_against_it_in_sight():
    """A ball placed on the upper back sits between the back and the wall, mostly outside the body
    (not half inside it), and the wall stands against the ball."""
    spec = drawings.load_spec(IMAGES / "drawings" / "ball-massage.yaml")
    sc = scene.scenes(spec)[0]
    g = sc.figure.ground
    where = next(next(iter(p.values())) for p in spec["props"] if isinstance(p, dict))
    centre = scene._ball_centre(g, where)
    assert centre[2] < g[where][2] - (scene.BALL_R - scene.BALL_PRESS) + 0.5  # behind the back (z is forward)
    # seen from the side (facing right) the ball's middle is behind the shoulder blade on the page
    assert sc.figure.proj.view(centre)[0] < sc.figure.points[where][0] - 3
    front = scene._ball_centre(g, "chest")
    assert front == g["chest"]  # anywhere else the ball is centred on its landmark, as before


def _end_figure(name):
    """A drawing's end pose, posed and placed: its skeleton and projector (ground frame: y up)."""
    spec = drawings.load_spec(IMAGES / "drawings" / f"{name}.yaml")
    pose = body.full_pose(body.merge_pose(spec["pose"], spec["end_pose"]), spec["position"])
    return spec, body.posed(pose, spec["position"], scene._yaw(spec["view"]), body.PITCH[spec["position"]], spec["camera"])


def test_a_thumb_turns_with_roll():
    """A hanging arm's thumb points forward; roll turns it out (palm forward), and further round."""
    def thumb(side, roll):
        return body.Skeleton(body.full_pose({"arm_" + side: {"roll": roll}}, "standing"), "standing").thumb[side]
    assert thumb("r", 0)[2] > 0.95 and thumb("l", 0)[2] > 0.95  # forward
    assert thumb("r", 90)[0] < -0.95 and thumb("l", 90)[0] > 0.95  # out to each side (x is the person's left)
    assert thumb("r", 180)[2] < -0.95  # back


@pytest.mark.parametrize("name", ["prone-t-raise", "prone-y-raise"])
def test_the_face_down_raises_lift_the_arms_thumbs_up(name):
    """The steps say: face down, forehead on a towel, thumbs up to the ceiling, both arms lift."""
    spec, (skel, proj) = _end_figure(name)
    assert spec["position"] == "prone" and {"towel": "forehead"} in spec["props"]
    for side in ("r", "l"):
        up = proj.ground(skel.thumb[side])[1] - proj.ground((0.0, 0.0, 0.0))[1]
        assert up > 0.9, f"{name}: the {side} thumb does not point to the ceiling"
        assert proj.ground(skel.j["hand_" + side])[1] > proj.ground(skel.j["shoulder_" + side])[1]  # lifted
    start = body.full_pose(spec["pose"], "prone")
    assert start["arm_r"]["abd"] == (90 if name == "prone-t-raise" else 140)  # a "T", or a "Y" past the head


def test_piriformis_pulls_the_right_knee_toward_the_left_shoulder():
    """Both hands hold the right knee, which crosses the body toward the left shoulder; the raised
    thigh is drawn over the body with its own outline when it comes toward the viewer."""
    spec, (skel, _) = _end_figure("piriformis-stretch")
    j = skel.j
    assert spec["position"] == "lying" and j["knee_r"][0] > 0  # past the middle, on the left (x is the left)
    assert math.dist(j["knee_r"], j["shoulder_l"]) < math.dist(j["knee_r"], j["shoulder_r"])
    assert math.dist(j["hand_r"], j["knee_r"]) < 3 and math.dist(j["hand_l"], j["front_knee_r"]) < 3
    seen_from_left = {**spec, "view": "side-left"}
    figure = scene.scenes(seen_from_left)[0].figure
    order = [it.group for it in figure.items]
    assert order.index("leg_r") > order.index("trunk")  # the right leg crosses in front of the body
    seen_from_feet = {**spec, "view": 0, "camera": 50}
    order = [it.group for it in scene.scenes(seen_from_feet)[0].figure.items]
    assert order.index("leg_r") > order.index("trunk")  # raised toward the viewer: its own outline, in front


def test_a_far_arm_reaching_past_the_head_is_one_outline():
    """The head lies between a far arm's parts in depth but not in the picture: no seam at the elbow."""
    spec = drawings.load_spec(IMAGES / "drawings" / "prone-y-raise.yaml")
    figure = scene.scenes(spec)[0].figure
    assert [it.group for it in figure.items].count("arm_l") == 1
