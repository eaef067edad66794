"""What tells one drawing from another (issue 23.6): where the eyes look, where the stretch is felt,
a press that does not move, a band pulled tight, both halves of a two-way movement, a back view with
the back of a head. Each test reads the rendered drawing (its PDF operators or its pixels) or the
posed figure the picture is drawn from."""

from __future__ import annotations

import math
import re

import pytest
from reportlab.lib.rl_accel import fp_str
from test_drawings import CARD, IMAGES, painted_paths, rasterise

from handouts.compose import drawings
from handouts.compose.drawings import pdf, scene

NECK_SIDE = ("ear-to-shoulder", "simple-neck-stretch", "upper-trapezius-stretch", "scalene-stretch")


def _spec(name):
    return drawings.load_spec(IMAGES / "drawings" / f"{name}.yaml")


def _end(name):
    """The end picture of a drawing (the only one of a one-panel drawing)."""
    return scene.scenes(_spec(name))[-1]


def _tint(accent=pdf.DEFAULT_ACCENT):
    return tuple(1 - pdf.ZONE_TINT * (1 - c) for c in (accent.red, accent.green, accent.blue))


def _zone_fills(ops):
    """The painted stretch-zone tints in a drawing's operators."""
    tint = tuple(float(fp_str(c)) for c in _tint())
    return [p for p in painted_paths(ops) if p["fill"] is not None and p["stroke"] is None
            and all(abs(a - b) < 0.003 for a, b in zip(p["fill"], tint))]


def _signature(name):
    """What a reader sees that tells a side-of-neck stretch apart: the view, the hands that are up at
    the head, where the stretch is shaded, and whether the eyes' line of sight shows."""
    spec, end = _spec(name), _end(name)
    pts = end.figure.points
    up = tuple(s for s in ("r", "l") if pts["hand_" + s][1] > pts["shoulder_" + s][1])
    return spec["view"], up, tuple(tuple(z) for z in spec["stretch"]), end.gaze is not None


def test_the_four_side_of_neck_stretches_differ():
    """A reader told them apart only by elimination: now no two share their view, the hands on the
    head, the shaded zone and the line of sight."""
    signatures = {name: _signature(name) for name in NECK_SIDE}
    assert len(set(signatures.values())) == 4, signatures
    zones = {name: sig[2] for name, sig in signatures.items()}
    assert len(set(zones.values())) == 4, zones  # the stretch is felt somewhere else in each
    assert signatures["ear-to-shoulder"][1] == ()  # hands in the lap
    assert signatures["upper-trapezius-stretch"][1] == ("l",)  # the left hand on the head, the right holds the seat
    assert signatures["simple-neck-stretch"][1] == ("r",) and signatures["simple-neck-stretch"][3]  # eyes to the armpit
    assert signatures["scalene-stretch"][0] not in ("front", "side", "side-left")  # seen from behind


def test_each_side_of_neck_stretch_is_shaded_on_the_side_that_stretches():
    """The zone is on the side the head tips away from (page x: the person's right is on the left of a
    front view, on the right of a view from behind)."""
    for name in NECK_SIDE:
        end = _end(name)
        pts = end.figure.points
        neck = pts["neck"][0]
        zone_x = sum(p[0] for ops in end.zones for p in drawings.geometry.ops_points(ops)) / sum(
            len(drawings.geometry.ops_points(ops)) for ops in end.zones)
        head_x = pts["head_top"][0]
        assert (zone_x - neck) * (head_x - neck) < 0, f"{name}: the stretch is shaded on the side the head tips to"


def test_a_stretch_zone_is_tinted_on_the_end_picture_only():
    ops = drawings.render(_spec("ear-to-shoulder"), 300, 160)
    fills = _zone_fills(ops)
    assert fills, "no stretch zone painted"
    assert all(min(x for x, _ in f["points"]) > 150 for f in fills), "a zone on the start picture"
    image = rasterise(ops, (300, 160))
    tint = tuple(round(255 * c) for c in _tint())
    px = image.load()
    hits = [x for x in range(300 * 150 // 72) for y in range(160 * 150 // 72)
            if all(abs(a - b) <= 6 for a, b in zip(px[x, y], tint))]
    assert len(hits) > 40 and min(hits) > 150 * 150 // 72, "the tint does not show, or shows on the start"


def test_a_stretch_zone_reads_in_black_and_white_as_hatching():
    """No tint (too light for a cheap laser printer): dark hatching lines, 0.6 pt or more, clipped to the zone."""
    spec = _spec("upper-trapezius-stretch")
    mono = drawings.render(spec, *CARD, mono=True)
    plain = dict(spec, stretch=[])
    assert not _zone_fills(mono)
    lines = [p for p in painted_paths(mono) if p["stroke"] not in (None, (1.0, 1.0, 1.0)) and p["fill"] is None]
    without = [p for p in painted_paths(drawings.render(plain, *CARD, mono=True))
               if p["stroke"] not in (None, (1.0, 1.0, 1.0)) and p["fill"] is None]
    hatch = len(lines) - len(without)
    assert hatch >= 2, "no hatching"
    assert all(p["width"] >= 0.6 for p in lines)


def test_the_eyes_line_of_sight_shows_where_the_face_turns():
    turn = _end("neck-turn")
    assert turn.gaze is not None
    (x0, y0), (x1, y1) = turn.gaze
    assert x1 < x0 - 5 and abs(y1 - y0) < 4  # level, over the right shoulder (the page's left)
    down = _end("simple-neck-stretch").gaze
    assert down[1][1] < down[0][1] - 3  # down toward the armpit
    up = _end("look-up").gaze
    assert up[1][1] > up[0][1] + 5  # up at the ceiling
    assert _end("ear-to-shoulder").gaze is None  # straight at the reader: the face says it
    from_above = dict(_spec("ear-to-shoulder"), camera=25)
    assert scene.scenes(from_above)[-1].gaze is None  # a level gaze seen from above would seem to look down
    dotted = re.compile(r"\[0?\.01 [\d.]+\] 0 d")  # the line of sight's dash: dots
    assert dotted.search(drawings.render(_spec("neck-turn"), *CARD)), "no dotted line of sight in the operators"
    assert not dotted.search(drawings.render(_spec("ear-to-shoulder"), *CARD))


@pytest.mark.parametrize("name", ["neck-press-side", "neck-press-front", "neck-press-back"])
def test_a_press_is_one_arrow_into_a_double_bar(name):
    """Push, do not move: one arrow stopped by two bars, not two arrows pushing against each other."""
    spec = _spec(name)
    assert [next(k for k in a if k in ("follow", "arc", "line", "press")) for a in spec["arrows"]] == ["press"]
    accent = fp_str(pdf.DEFAULT_ACCENT.red, pdf.DEFAULT_ACCENT.green, pdf.DEFAULT_ACCENT.blue)

    def strokes(s):
        return sum(1 for p in painted_paths(drawings.render(s, *CARD))
                   if p["stroke"] and fp_str(*p["stroke"]) == accent)

    as_line = dict(spec, arrows=[{("line" if k == "press" else k): v for k, v in a.items()} for a in spec["arrows"]])
    assert strokes(spec) == strokes(as_line) + 2  # the two bars


def test_a_band_is_drawn_stretched_and_tied():
    """Two long edges that come in toward the middle (pulled tight), and a knot where it is tied."""
    a, b = (0.0, 0.0), (40.0, 0.0)
    ops = scene._band_ops(a, b)
    top = next(op for op in ops if op[0] == "C")
    p0, (c1, c2, p3) = ops[0][1], top[1:]
    mid_y = (p0[1] + 3 * c1[1] + 3 * c2[1] + p3[1]) / 8
    assert math.isclose(abs(mid_y), scene.BAND_WAIST, abs_tol=0.05) and abs(p0[1]) == scene.BAND_R
    rows = scene.scenes(_spec("band-rows"))[0]
    assert len(rows.front) == 2, "a band tied to a door frame has its knot"
    assert len(scene.scenes(_spec("band-pull-apart"))[0].front) == 1  # held in both hands: no knot


def test_cat_camel_shows_the_round_back_and_the_hollow_back():
    start, end = scene.scenes(_spec("cat-camel"))
    def above_spine(g, where):
        """How high a point of the back stands above the line from the hips to the shoulders (cm)."""
        return g[where][1] - (g["shoulder_r"][1] + g["hip_r"][1]) / 2

    g0, g1 = start.figure.ground, end.figure.ground
    rest = scene.scenes(dict(_spec("cat-camel"), pose={}, end_pose={}, arrows=[], one_pose="at rest"))[0].figure.ground
    assert above_spine(g0, "back") - above_spine(rest, "back") > 4, "the middle of the back does not round up (cat)"
    assert above_spine(g0, "low_back") - above_spine(g1, "low_back") > 8, "the low back does not sag (camel)"


def test_walking_shows_two_different_steps():
    """Not the same stride with the legs swapped (near and far legs look alike from the side): a heel
    strike, then the other leg swinging through with its foot off the floor."""
    start, end = scene.scenes(_spec("walking"))
    feet0 = [min(start.figure.ground[p + s][1] for p in ("heel_", "ball_", "toe_")) for s in ("r", "l")]
    feet1 = [min(end.figure.ground[p + s][1] for p in ("heel_", "ball_", "toe_")) for s in ("r", "l")]
    assert max(feet0) < 4, "both feet are on the floor in the first step"
    assert max(feet1) > 5, "no foot swings through off the floor in the second"


def test_arm_nerve_glide_tips_the_head_away_then_toward_the_arm():
    start, end = scene.scenes(_spec("arm-nerve-glide"))
    for sc, toward in ((start, False), (end, True)):
        pts = sc.figure.points
        tips_right = pts["head_top"][0] < pts["neck"][0]  # the person's right is the page's left
        assert tips_right == toward
    assert end.figure.points["hand_r"][0] < start.figure.points["hand_r"][0] - 15  # the arm straightens out


def test_a_back_view_shows_the_back_of_a_head():
    """Hair (strands down from the crown, the nape's hairline), no eyes, nose or mouth, and the shoulder blades."""
    back = _end("scalene-stretch").figure
    head = next(it for it in back.items if it.group == "head")
    front = next(it for it in _end("ear-to-shoulder").figure.items if it.group == "head")
    assert len(head.lines) >= 4, "no hair on the back of the head"
    assert len(head.shapes) <= len(front.shapes)  # no nose wedge
    assert len(next(it for it in back.items if it.group == "trunk").lines) >= 3  # the spine and shoulder blades
