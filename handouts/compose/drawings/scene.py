"""One picture of a drawing, in figure cm: the posed person (and a dashed ghost of the other pose, in
a one-panel drawing), the chair, mat, door, wall or band placed from the pose, the arrows, and the
box the frame shows. A two-panel drawing is two scenes, start and end.
"""

from __future__ import annotations

import math

from handouts.compose.drawings import body, outline
from handouts.compose.drawings import geometry as geo
from handouts.compose.drawings.geometry import box_corners, convex_hull
from handouts.compose.drawings.spec import ARROW_KINDS, is_number


def _yaw(view):
    return float(view) if is_number(view) else body.VIEWS[view]


def _pose_at(p0, p1, t, sk0, sk1):
    """Blend two full poses; an arm that reaches in either pose blends its palm position."""
    out = body.blend_pose(p0, p1, t)
    for s in ("r", "l"):
        a0, a1 = p0["arm_" + s], p1["arm_" + s]
        if "reach" in a0 or "reach" in a1:
            h0, h1 = sk0.j["hand_" + s], sk1.j["hand_" + s]
            arm = dict(out["arm_" + s])
            arm["reach"] = geo.lerp(h0, h1, t)
            arm["elbow_dir"] = (a1 if "reach" in a1 else a0).get("elbow_dir", "out")
            out["arm_" + s] = arm
    return out


def _props(spec, f):
    """Prop outlines in page cm, placed from figure ``f``: (furniture back to front, a ball, towel or
    pillow in front of it, a band or a box held that goes over the body, a wrapped cold pack held on it:
    [cloth, pack])."""
    boxes = []
    g = f.ground
    pel = g["pelvis"]
    if "chair" in spec["props"] and spec["position"] == "sitting":
        top = pel[1] - body.SEAT_BELOW_HIP
        z0, z1, w = pel[2] - 20.0, pel[2] + 22.0, 21.0
        boxes += [
            ((-w, top - 4.0, z0), (w, top, z1)),                        # seat
            ((-w, 0.0, z1 - 3.5), (-w + 3.5, top - 4, z1)),            # legs
            ((w - 3.5, 0.0, z1 - 3.5), (w, top - 4, z1)),
            ((-w, 0.0, z0), (-w + 3.5, top - 4, z0 + 3.5)),
            ((w - 3.5, 0.0, z0), (w, top - 4, z0 + 3.5)),
            ((-w, top, z0 - 1.0), (-w + 3.5, top + 42.0, z0 + 2.5)),    # back posts
            ((w - 3.5, top, z0 - 1.0), (w, top + 42.0, z0 + 2.5)),
            ((-w, top + 20.0, z0 - 1.0), (w, top + 40.0, z0 + 1.5)),    # back rest
        ]
    if "table" in spec["props"]:
        hand = _front_hand(g)  # the hand resting furthest forward holds the table
        top = hand[1] - TABLE_BELOW_HAND
        z0, z1 = hand[2] - 14.0, hand[2] + 40.0
        x0, x1 = hand[0] - 35.0, hand[0] + 35.0
        boxes += [((x0, top - 4.0, z0), (x1, top, z1)), ((x0 + 2, 0.0, z1 - 6), (x0 + 6, top - 4.0, z1 - 2)),
                  ((x1 - 6, 0.0, z1 - 6), (x1 - 2, top - 4.0, z1 - 2))]
    if "screen" in spec["props"]:
        boxes += _screen(g, _front_hand(g)[1] - TABLE_BELOW_HAND if "table" in spec["props"] else 0.0)
    if "door" in spec["props"]:
        # two jambs just behind the forearms and the head of the frame across their tops
        xs = []
        for s, sx in (("r", -1), ("l", 1)):
            el, wr = g["elbow_" + s], g["wrist_" + s]
            x = sx * (max(abs(el[0]), abs(wr[0])) + 4.0)
            zb = min(el[2], wr[2]) - 3.0
            xs.append(x)
            boxes.append(((x - 5.0, 0.0, zb - 12.0), (x + 5.0, DOOR_HEIGHT, zb)))
        boxes.append(((xs[0] - 5.0, DOOR_HEIGHT, zb - 12.0), (xs[1] + 5.0, DOOR_HEIGHT + 8.0, zb)))
    placed = [next(iter(p.items())) for p in spec["props"] if isinstance(p, dict)]
    balls = {where: _ball_centre(g, where) for kind, where in placed if kind == "ball"}
    if "wall" in spec["props"]:
        # flat against the back of the head, the shoulder blades and the low back (or the ball between)
        back = [g[k][2] for k in ("head_back", "scapula_r", "scapula_l", "low_back", "pelvis")]
        back += [c[2] - BALL_R for c in balls.values()]
        z = min(back) - (0.0 if any(kind == "ball" for kind, _ in placed) else 1.0)
        top = g["head_top"][1] + 25.0
        boxes.append(((-45.0, 0.0, z - 10.0), (45.0, top, z)))
    front = []
    if "box" in spec["props"]:  # a load held in both hands, close to the body: in front of it, in the accent's tint
        c = geo.lerp(g["hand_r"], g["hand_l"], 0.5)
        front.append(_block(f, geo.sub(c, LOAD_HALF), geo.add(c, LOAD_HALF))[1])
    for kind, where in placed:
        if kind == "band" and not isinstance(where, list):  # the door frame its far end is tied to
            b = g[where]
            boxes.append(((b[0] - 5.0, 0.0, b[2] + BAND_REACH), (b[0] + 5.0, DOOR_HEIGHT, b[2] + BAND_REACH + 10.0)))
    out = sorted((_block(f, g0, g1) for g0, g1 in boxes), key=lambda d: d[0])
    held, packs = [], []
    if "pillow" in spec["props"]:
        held.append(_pillow_ops(spec, f))
    for kind, where in placed:
        if kind == "ball":
            held.append(geo.ellipse_ops(f.proj.view(balls[where])[:2], BALL_R, BALL_R))
        elif kind == "pack":  # a cold pack wrapped in a cloth, held on the skin: drawn over the body
            packs.append(_pack_ops(f.proj.view(g[where])[:2]))
        elif kind == "pillow":  # under the knees, on the mat (between them, lying on the side: see _scene)
            if spec["position"] != "side-lying":
                held.append(_knee_pillow_ops(spec, f, where))
        elif kind == "towel":  # rolled up across the body; lying down, it rests on the mat under the landmark,
            # and sitting or standing, against the back at a landmark on it (between the back and the chair)
            behind = where in _BACK_LANDMARKS
            r = BACK_TOWEL_R if behind else TOWEL_R
            x, y, z = _ball_centre(g, where, r)
            if body.PITCH[spec["position"]]:
                y = body.MAT_TOP + r
            ends = [f.proj.view((x + dx, y, z)) for dx in (-TOWEL_HALF, TOWEL_HALF)]
            # one behind the back is what its picture is about: tinted like a band, over the skin it presses on
            (front if behind else held).append(geo.capsule_ops(ends[0][:2], r, ends[1][:2], r))
        else:  # an elastic band between two hands, or from one hand to a door frame straight ahead
            spots = where if isinstance(where, list) else [where]
            a = g[spots[0]]
            b = g[spots[1]] if len(spots) == 2 else (a[0], a[1], a[2] + BAND_REACH)
            front.append(_band_ops(f.proj.view(a)[:2], f.proj.view(b)[:2]))
            if len(spots) == 1:  # tied to the door frame: a knot where it is anchored
                front.append(geo.ellipse_ops(f.proj.view(b)[:2], BAND_KNOT, BAND_KNOT))
    return [ops for _, ops in out], held, front, packs


def _front_hand(g):
    """The hand furthest forward (ground frame): the one that rests on a table."""
    return max((g["hand_r"], g["hand_l"]), key=lambda h: h[2])


#: Landmarks on the back of the trunk: a ball placed there rests against the skin, its centre a
#: radius behind the landmark (mostly in sight between the back and a wall), not half inside the body.
_BACK_LANDMARKS = ("scapula_r", "scapula_l", "back", "low_back", "lumbar")


def _ball_centre(g, where, radius=None):
    """Where a ball (or a rolled towel, ``radius``) placed at landmark ``where`` has its centre (ground frame)."""
    p = g[where]
    if where not in _BACK_LANDMARKS:
        return p
    d = geo.sub(g["back"], g["chest"])  # from the chest straight through to the back
    return geo.add(p, geo.mul(geo.unit(d), BALL_R - BALL_PRESS if radius is None else radius))


def _block(f, g0, g1):
    """A box (ground-frame corners ``g0``, ``g1``) as seen in figure ``f``'s view: (depth, outline)."""
    pts = [f.proj.view(c) for c in box_corners(g0, g1)]
    hull = convex_hull([(p[0], p[1]) for p in pts])
    return sum(p[2] for p in pts) / 8, [("M", hull[0])] + [("L", p) for p in hull[1:]] + [("Z",)]


TABLE_BELOW_HAND = 2.8  # cm from the middle of a hand resting on a table down to its top
DOOR_HEIGHT = 200.0  # cm: a door frame's opening, whole in the picture
FLOOR_OVERHANG = 6.0  # cm the floor line runs past what stands on it
MAT_MARGIN = 12.0     # cm of mat beyond the head and the feet
MAT_HALF_WIDTH = 31.0  # an exercise mat is about 62 cm wide
BALL_R = 6.5         # a massage ball (a tennis ball is 3.4: too small to read at card size)
BALL_PRESS = 1.5     # cm the back presses into a ball it leans on
TOWEL_R, TOWEL_HALF = 3.5, 20.0  # a rolled towel's radius and half length
BACK_TOWEL_R = 5.0  # one rolled behind the back when sitting: it fills the hollow, and shows small
BAND_R, BAND_REACH = 1.8, 70.0   # an exercise band's half width at the ends; how far ahead its anchor is
BAND_WAIST = 0.75                # its half width in the middle: a flat band pulled tight narrows there
BAND_KNOT = 2.2                  # the knot that ties it to a door frame
LOAD_HALF = (16.0, 13.0, 14.0)   # a box held in both hands: half its width, height and depth (cm)


#: A monitor on the desk: its panel's half width, height and depth, and how far beyond the hands it stands (cm).
SCREEN_HALF, SCREEN_H, SCREEN_D, SCREEN_AHEAD = 26.0, 32.0, 2.5, 34.0
#: A pillow under the head of someone lying down: its half height, and how far it reaches past the
#: top of the head and down toward the shoulders (cm). One pillow: thick enough to fill the neck's curve.
PILLOW_R, PILLOW_PAST, PILLOW_DOWN = 6.0, 9.0, 6.0
KNEE_PILLOW_R = 9.0  # a pillow under the knees of someone lying on the back: it holds them bent
#: A cold pack in its cloth: the cloth's half width and half height, the pack's (cm), and the cloth's corner.
PACK_REST = 2.0  # cm the cloth's bottom edge sinks below the landmark it rests on
CLOTH_HALF, PACK_HALF, CLOTH_ROUND = (8.5, 4.0), (6.0, 2.2), 2.5


def _screen(g, desk_top):
    """A screen on the desk with the top of its panel at eye level, straight ahead of the hands: the panel,
    its neck and its foot (ground-frame boxes)."""
    hand = _front_hand(g)
    eyes, z = g["eyes"][1], hand[2] + SCREEN_AHEAD
    x = g["pelvis"][0]
    return [((x - SCREEN_HALF, eyes - SCREEN_H, z), (x + SCREEN_HALF, eyes, z + SCREEN_D)),
            ((x - 2.0, desk_top, z + 0.5), (x + 2.0, eyes - SCREEN_H, z + 2.0)),
            ((x - 10.0, desk_top, z - 4.0), (x + 10.0, desk_top + 1.2, z + 6.0))]


def _pillow_ops(spec, f):
    """One pillow on the mat under the head, from past its top to the neck: the head sinks into it, so
    the head and neck stay in line with the back (page cm, drawn behind the person)."""
    g = f.ground
    top = body.MAT_TOP + PILLOW_R if body.PITCH[spec["position"]] else g["head_back"][1]
    ends = [(g["pelvis"][0], top, g["head_top"][2] + PILLOW_PAST), (g["pelvis"][0], top, g["neck"][2] - PILLOW_DOWN)]
    a, b = (f.proj.view(e)[:2] for e in ends)
    return geo.capsule_ops(a, PILLOW_R, b, PILLOW_R)


def _knee_pillow_ops(spec, f, where):
    """A pillow at the knee ``where`` (page cm): lying on the side, between the knees, along the thighs (the
    top knee rests on it); lying on the back, on the mat under the knees, across the body."""
    g = f.ground
    knee, other = g[where], g[where[:-1] + ("l" if where.endswith("r") else "r")]
    if spec["position"] == "side-lying":
        mid = geo.lerp(knee, other, 0.5)
        hips = geo.lerp(g["hip_r"], g["hip_l"], 0.5)
        ends = [geo.lerp(mid, hips, -0.08), geo.lerp(mid, hips, 0.4)]
        r = max(PILLOW_R, abs(knee[1] - other[1]) / 2)
    else:
        y = body.MAT_TOP + KNEE_PILLOW_R
        ends = [(x, y, knee[2]) for x in (-TOWEL_HALF, TOWEL_HALF)]
        r = KNEE_PILLOW_R
    a, b = (f.proj.view(e)[:2] for e in ends)
    return geo.capsule_ops(a, r, b, r)


def _pack_ops(c):
    """A cold pack in a thin cloth resting on page point ``c`` (the cloth's bottom edge a little below it):
    the cloth's rounded outline, and the pack inside it, so the cloth shows all round the pack."""
    c = (c[0], c[1] + CLOTH_HALF[1] - PACK_REST)
    return [_rounded(c, CLOTH_HALF, CLOTH_ROUND), _rounded(c, PACK_HALF, CLOTH_ROUND / 2)]


def _rounded(c, half, r):
    """A rectangle with rounded corners, centred at ``c`` (page cm)."""
    (cx, cy), (hx, hy) = c, half
    k = 0.55 * r  # a quarter circle's control points
    x0, x1, y0, y1 = cx - hx, cx + hx, cy - hy, cy + hy
    return [("M", (x0 + r, y0)), ("L", (x1 - r, y0)), ("C", (x1 - r + k, y0), (x1, y0 + r - k), (x1, y0 + r)),
            ("L", (x1, y1 - r)), ("C", (x1, y1 - r + k), (x1 - r + k, y1), (x1 - r, y1)),
            ("L", (x0 + r, y1)), ("C", (x0 + r - k, y1), (x0, y1 - r + k), (x0, y1 - r)),
            ("L", (x0, y0 + r)), ("C", (x0, y0 + r - k), (x0 + r - k, y0), (x0 + r, y0)), ("Z",)]


def _band_ops(a, b):
    """A flat elastic band pulled tight between page points ``a`` and ``b``: two long edges that
    curve in toward the middle, so it reads as stretched, not as a stick."""
    n = math.dist(a, b) or 1.0
    nx, ny = (a[1] - b[1]) / n, (b[0] - a[0]) / n

    def edge(side, p, w):
        return (p[0] + side * nx * w, p[1] + side * ny * w)

    q1, q3 = geo.lerp(a, b, 0.3), geo.lerp(a, b, 0.7)
    pinch = (4 * BAND_WAIST - BAND_R) / 3  # control points that bring each edge's middle in to the waist
    return [("M", edge(1, a, BAND_R)), ("C", edge(1, q1, pinch), edge(1, q3, pinch), edge(1, b, BAND_R)),
            ("L", edge(-1, b, BAND_R)), ("C", edge(-1, q3, pinch), edge(-1, q1, pinch), edge(-1, a, BAND_R)), ("Z",)]


def _bust(spec) -> bool:
    """A seated figure seen from the front or back, cropped at the seat: no legs."""
    return (spec["frame"] == "upper" and spec["position"] == "sitting"
            and abs(math.sin(math.radians(_yaw(spec["view"])))) < 0.5)


def _whole(spec) -> bool:
    """The frame shows the whole person and what they sit or stand on. A seated ``upper`` frame seen
    from the side does too: cut across the lap, the chair and shins would end in mid-air."""
    return spec["frame"] == "full" or (spec["frame"] == "upper" and spec["position"] == "sitting"
                                       and not _bust(spec))


#: The seat under a cropped seated figure: half width, thickness (cm).
SEAT_W, SEAT_T = 24.0, 7.0


def _seat(f):
    """The seat slab of a cropped seated figure: (outline, bottom y on the page)."""
    pel = f.ground["pelvis"]
    top = pel[1] - body.SEAT_BELOW_HIP
    _, ops = _block(f, (-SEAT_W, top - SEAT_T, pel[2] - 20.0), (SEAT_W, top, pel[2] + 22.0))
    return ops, min(p[1] for p in geo.ops_points(ops))


def _mat(spec, f):
    """The mat: an exercise mat's width, a little longer than the person on it, seen from the
    drawing's view (edge-on from the side; its top shows when the camera looks down). Arms out to
    the sides reach past its edges, as they would."""
    if "mat" not in spec["props"]:
        return []
    zs = [g[2] for g in f.ground.values()]
    x = f.ground["pelvis"][0]
    lo = (x - MAT_HALF_WIDTH, 0.0, min(zs) - MAT_MARGIN)
    hi = (x + MAT_HALF_WIDTH, body.MAT_TOP, max(zs) + MAT_MARGIN)
    return [_block(f, lo, hi)[1]]


def _arrow_points(a, spec, figs, poses, default_at):
    """Points (page cm) along one arrow, tail to head; an arc or line is placed on the figure it
    names with ``at`` (else ``default_at``)."""
    kind = next(k for k in ARROW_KINDS if k in a)
    name = a[kind]
    at = a.get("at", default_at)
    f = figs["start"] if at == "start" else figs["end"]
    if kind == "follow":
        t0, t1 = a.get("trim", [0.12, 0.12])
        p0, p1 = poses
        sk0, sk1 = figs["start"].skel, figs["end"].skel
        pts = []
        for i in range(17):
            t = t0 + (1 - t0 - t1) * i / 16
            pts.append(body.landmark(name, _pose_at(p0, p1, t, sk0, sk1), spec["position"], _yaw(spec["view"]),
                                     body.PITCH[spec["position"]], spec["camera"], _ground(spec)))
        off = a.get("offset", 0.0)
        if off:
            (ax, ay), (mx, my), (bx, by) = pts[0], pts[len(pts) // 2], pts[-1]
            turn = (mx - ax) * (by - my) - (my - ay) * (bx - mx)
            sign = -1.0 if turn > 1e-6 else 1.0  # outward: away from the bend
            res = []
            for i, p in enumerate(pts):
                q, r = pts[max(0, i - 1)], pts[min(len(pts) - 1, i + 1)]
                dx, dy = r[0] - q[0], r[1] - q[1]
                n = math.hypot(dx, dy) or 1.0
                res.append((p[0] - sign * dy / n * off, p[1] + sign * dx / n * off))
            pts = res
    elif kind == "arc":
        c = f.points[name]
        r, a0, a1 = a["radius"], math.radians(a["from"]), math.radians(a["to"])
        n = max(4, int(abs(a1 - a0) / 0.15))
        q = a.get("squash", 1.0)
        pts = [(c[0] + r * math.cos(a0 + (a1 - a0) * i / n), c[1] + q * r * math.sin(a0 + (a1 - a0) * i / n))
               for i in range(n + 1)]
    else:
        c = f.points[name]
        ang = math.radians(a["angle"])
        d = (math.cos(ang), math.sin(ang))
        g = a.get("gap", 0.0)
        s = (c[0] + d[0] * g, c[1] + d[1] * g)
        pts = [s, (s[0] + d[0] * a["length"], s[1] + d[1] * a["length"])]
    dx, dy = a.get("shift", [0.0, 0.0])
    return [(p[0] + dx, p[1] + dy) for p in pts]


def _signature(ops):
    """A shape's points on a 1 mm grid: a ghost shape within rounding of a solid one is not drawn."""
    return tuple([round(10 * v) for op in ops for p in op[1:] for v in p])


def _frame_box(spec, f, cut, all_pts):
    """Bounding box (page cm) of what the frame shows (``cut``: the bottom, if known)."""
    pts = all_pts
    if not _whole(spec):
        if cut is None and spec["frame"] == "upper":
            hip = min(f.points["hip_r"][1], f.points["hip_l"][1])
            hand = min(f.points["fingers_r"][1], f.points["fingers_l"][1], f.points["hand_r"][1], f.points["hand_l"][1])
            cut = min(hip + 6.0, hand - 5.0)
        elif cut is None:
            cut = min(f.points["shoulder_r"][1], f.points["shoulder_l"][1]) - 20.0
        pts = [p for p in pts if p[1] >= cut]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts] + [cut]
    else:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys)), cut


class Scene:
    """One picture of the person, in figure cm: the solid figure, a dashed ghost of the other
    pose (one-panel drawings), the props, the arrows, and the box the frame shows."""

    __slots__ = ("arrows", "base", "box", "cut", "figure", "floor_y", "front", "gaze", "ghost", "held", "mat", "packs",
                 "props", "zones")


#: A stretch zone's radius (cm): a spot, and a strip between two landmarks.
ZONE_R, STRIP_R = 5.2, 4.4
#: The eyes' line of sight is drawn only when it shows half its length or more: looking straight at
#: the reader, the face itself says where the eyes look (and a camera looking down would foreshorten
#: a level gaze into a line that seems to look down).
GAZE_SHOWN = 0.5


def _zones(spec, f):
    """The stretch zones on figure ``f`` (page cm): a round spot, or a strip between two landmarks."""
    out = []
    for spots in spec["stretch"]:
        pts = [f.points[k] for k in spots]
        if len(pts) == 1:
            out.append(geo.ellipse_ops(pts[0], ZONE_R, ZONE_R))
        else:
            out.append(geo.capsule_ops(pts[0], STRIP_R, pts[1], STRIP_R))
    return out


def _gaze(spec, f):
    """The eyes' line of sight on figure ``f`` (page cm), or None when it would point at the reader."""
    if not spec["gaze"]:
        return None
    eyes, ahead = f.points["eyes"], f.points["gaze"]
    full = geo.length(geo.sub(f.ground["gaze"], f.ground["eyes"]))
    if math.dist(eyes, ahead) < GAZE_SHOWN * full:
        return None
    return [geo.lerp(eyes, ahead, 0.3), ahead]  # from in front of the nose, so the face stays clear


def _ghost_items(solid, ghost):
    """The ghost's shapes that differ from the solid pose's: only the parts that move."""
    seen = {_signature(s) for it in solid.items for s in it.shapes}
    items = []
    for it in ghost.items:
        keep = [s for s in it.shapes if _signature(s) not in seen]
        if keep:
            items.append(outline.Item(it.group, it.depth, keep, it.lines if it.group == "head" else []))
    return items


def _scene(spec, solid, ghost, arrows, props_from, stretched=True) -> Scene:
    """Lay out one picture: ``solid`` drawn in black, ``ghost`` (or None) dashed, props placed from
    the figure ``props_from`` (the same props in both panels of a two-panel drawing); the stretch
    zones shaded if ``stretched`` (the end of a two-panel drawing)."""
    sc = Scene()
    sc.figure, sc.arrows = solid, arrows
    sc.zones = _zones(spec, solid) if stretched else []
    sc.gaze = _gaze(spec, solid)
    sc.ghost = _ghost_items(solid, ghost) if ghost is not None else []
    bust = _bust(spec)
    cut = None
    if bust:
        # cropped at the seat: the seat slab covers the bottom of the trunk, the arms lie on top
        seat_ops, cut = _seat(solid)
        hands = [solid.points[k][1] for k in ("fingers_r", "fingers_l", "hand_r", "hand_l")]
        cut = min(cut, min(hands) - 1.5)
        trunk_item = next(it for it in solid.items if it.group == "trunk")
        solid.items.append(outline.Item("seat", trunk_item.depth + 0.01, [seat_ops]))
        solid.items.sort(key=lambda it: it.depth)
    sc.props, sc.held, sc.front, sc.packs = _props(spec, props_from)
    for kind, where in (next(iter(p.items())) for p in spec["props"] if isinstance(p, dict)):
        if kind == "pillow" and spec["position"] == "side-lying":
            # between the knees: in front of the far leg, behind the trunk and the near leg drawn with it
            trunk = next(it for it in solid.items if it.group == "trunk")
            solid.items.append(outline.Item("cushion", trunk.depth - 1.0, [_knee_pillow_ops(spec, props_from, where)]))
            solid.items.sort(key=lambda it: it.depth)
    if bust or spec["frame"] == "head":  # cropped: no furniture, but a pack held on the shoulder still shows
        sc.props, sc.held, sc.front = [], [], []
    sc.mat = _mat(spec, solid)
    body_pts = [p for it in solid.items + sc.ghost for s in it.shapes for p in geo.ops_points(s)]
    arrow_pts = [p for _, pts in arrows for p in pts] + (sc.gaze or [])
    prop_pts = [p for ops in sc.props + sc.held + sc.front + [c for c, _ in sc.packs] for p in geo.ops_points(ops)]
    mat_pts = [p for m in sc.mat for p in geo.ops_points(m)]
    (x0, y0, x1, y1), sc.cut = _frame_box(spec, solid, cut, body_pts + arrow_pts + prop_pts + mat_pts)
    sc.base = sc.cut if not bust else None  # where the frame cuts the body off (a seat hides it on a bust)
    sc.floor_y = None
    if "floor" in spec["props"] and _whole(spec) and not body.PITCH[spec["position"]]:
        sc.floor_y = min(p[1] for p in body_pts) + 0.3 if spec["camera"] else 0.0
        # the floor runs a little past the person and the props on both sides, inside the frame
        x0, y0, x1 = x0 - FLOOR_OVERHANG, min(y0, sc.floor_y - 1.0), x1 + FLOOR_OVERHANG
    sc.box = (x0, y0, x1, y1)
    return sc


def _ground(spec) -> float:
    """How high the feet of a standing person rest: on the top of a mat when one is under them."""
    return body.MAT_TOP if spec["position"] == "standing" and "mat" in spec["props"] else 0.0


def _figures(spec):
    """The start and end figures (the same one when there is no end pose) and their full poses."""
    pos = spec["position"]
    yaw, pitch, elev = _yaw(spec["view"]), body.PITCH[pos], spec["camera"]
    legs = not _bust(spec)
    p0 = body.full_pose(body.merge_pose({}, spec["pose"]), pos)
    ground = _ground(spec)
    figs = {"start": outline.build(p0, pos, yaw, pitch, elev, legs=legs, ground=ground)}
    p1 = None
    if spec["end_pose"]:
        p1 = body.full_pose(body.merge_pose(spec["pose"], spec["end_pose"]), pos)
        figs["end"] = outline.build(p1, pos, yaw, pitch, elev, legs=legs, ground=ground)
    else:
        figs["end"] = figs["start"]
    return figs, (p0, p1)


def scenes(spec):
    """One scene (the solid pose over a dashed ghost of the other) or two (start, then end)."""
    figs, poses = _figures(spec)
    if spec["panels"] == 1:
        solid = spec["solid"]
        arrows = [(a, _arrow_points(a, spec, figs, poses, solid)) for a in spec["arrows"]]
        other = figs["end" if solid == "start" else "start"] if poses[1] else None
        return [_scene(spec, figs[solid], other, arrows, figs[solid])]
    # two panels: an arrow goes on the end panel unless it says ``at: start``; each panel's props
    # meet its own pose (the door frame where the forearms rest, the table under the hand)
    scenes = []
    for which in ("start", "end"):
        mine = [a for a in spec["arrows"] if a.get("at", "end") == which]
        arrows = [(a, _arrow_points(a, spec, figs, poses, "end")) for a in mine]
        scenes.append(_scene(spec, figs[which], None, arrows, figs[which], stretched=which == "end"))
    return scenes
