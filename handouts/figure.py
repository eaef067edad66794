"""The body model behind every exercise drawing.

One parametric person: a 3D skeleton posed by joint angles (degrees) and a few
shifts (cm), projected orthographically for a front, side, back or any in-between
view. The result is a list of outline shapes in figure units (cm, y up) that
``handouts.drawing`` turns into PDF paths.

Outline shapes are built from three kinds of solid:
  * the trunk: a loft of elliptical cross-sections (hips, waist, chest,
    shoulders, trapezius, neck root), whose projected silhouette is exact;
  * limbs and neck: sphere-swept cones ("capsules"), exact in projection;
  * the head: ellipsoids (cranium, jaw, ears), a nose wedge, and inner lines for
    the eyes, mouth and hairline, so the face direction reads at card size.
Shapes that belong together (a whole arm; the trunk with the near legs) are
drawn as one outline by ``drawing`` (stroke all, then fill all), so joints
never show seams.

Angles, all in degrees, 0 = standing tall with arms by the sides:
  trunk.lean   + bends forward          trunk.side  + bends to the person's right
  trunk.twist  + turns to the right
  trunk.belly  cm the belly rises (a breath in);  trunk.arch cm the low back hollows (- flattens)
  head.nod     + chin down              head.tilt   + right ear to right shoulder
  head.turn    + looks over the right shoulder; head.tuck cm the head slides back
  shoulders.lift cm up, shoulders.back cm back (shoulder blades together)
  arm.flex     0 hanging, 90 forward, 180 overhead, - behind the body
  arm.abd      0 by the side, 90 out to the side;  arm.elbow 0 straight, + bent
  arm.twist    + turns the forearm in toward the belly, - out
  arm.wrist    + bends the hand toward where the head points (flat on the floor on hands and knees)
  arm.reach    a landmark name or [x, y, z] cm: the palm goes there (the elbow
               follows ``elbow_dir``); overrides flex/abd/elbow
  leg.hip      + thigh forward/up;  leg.knee + bent;  leg.abd + out;  leg.ankle + toes up
"""

from __future__ import annotations

import math

# ----------------------------------------------------------------- vectors


def _add(a, b):
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _sub(a, b):
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def _mul(a, s):
    return (a[0] * s, a[1] * s, a[2] * s)


def _dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def _len(a):
    return math.sqrt(_dot(a, a))


def _unit(a):
    n = _len(a) or 1.0
    return (a[0] / n, a[1] / n, a[2] / n)


def _lerp(a, b, t):
    return tuple(x + (y - x) * t for x, y in zip(a, b))


def _rx(deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _ry(deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def _rz(deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _mm(a, b):
    (a0, a1, a2), (b0, b1, b2) = a, b
    return (
        (a0[0] * b0[0] + a0[1] * b1[0] + a0[2] * b2[0], a0[0] * b0[1] + a0[1] * b1[1] + a0[2] * b2[1],
         a0[0] * b0[2] + a0[1] * b1[2] + a0[2] * b2[2]),
        (a1[0] * b0[0] + a1[1] * b1[0] + a1[2] * b2[0], a1[0] * b0[1] + a1[1] * b1[1] + a1[2] * b2[1],
         a1[0] * b0[2] + a1[1] * b1[2] + a1[2] * b2[2]),
        (a2[0] * b0[0] + a2[1] * b1[0] + a2[2] * b2[0], a2[0] * b0[1] + a2[1] * b1[1] + a2[2] * b2[1],
         a2[0] * b0[2] + a2[1] * b1[2] + a2[2] * b2[2]),
    )


def _mv(m, v):
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )



# ----------------------------------------------------------------- the pose

#: Every pose parameter with (default, minimum, maximum). Units: degrees, or cm for
#: head.tuck and shoulders.*.
PARAMS: dict[str, dict[str, tuple[float, float, float]]] = {
    "trunk": {"lean": (0, -30, 90), "side": (0, -40, 40), "twist": (0, -60, 60), "belly": (0, 0, 6),
              "arch": (0, -2, 8)},
    "head": {"nod": (0, -50, 70), "tilt": (0, -50, 50), "turn": (0, -85, 85), "tuck": (0, 0, 6)},
    "shoulders": {"lift": (0, -2, 6), "back": (0, -4, 6)},
    "arm": {"flex": (0, -80, 180), "abd": (6, -30, 180), "elbow": (8, 0, 150), "twist": (0, -90, 90),
            "wrist": (0, -90, 90)},
    "leg": {"hip": (0, -40, 140), "abd": (3, -20, 60), "knee": (0, 0, 150), "ankle": (0, -70, 40)},
}
#: Part names in a pose and which parameter table each one uses.
PARTS = {"trunk": "trunk", "head": "head", "shoulders": "shoulders",
         "arm_r": "arm", "arm_l": "arm", "leg_r": "leg", "leg_l": "leg"}
#: Non-numeric keys an arm accepts.
ARM_EXTRA = ("reach", "elbow_dir")
ELBOW_DIRS = {
    "out": (1.0, -0.6, -0.3), "down": (0.35, -1.0, -0.2), "back": (0.4, -0.3, -1.0),
    "forward": (0.4, -0.3, 1.0), "up": (0.6, 1.0, 0.0), "out-up": (1.0, 0.5, 0.0),
    "out-forward": (1.0, 0.0, 0.8), "out-back": (1.0, -0.2, -0.8),
}
POSITIONS = ("standing", "sitting", "lying", "prone", "all-fours")
#: How each position turns the body to the ground (degrees about the left-right axis): lying on
#: the back, or face down (prone, and on hands and knees).
PITCH = {"standing": 0.0, "sitting": 0.0, "lying": -90.0, "prone": 90.0, "all-fours": 90.0}
#: Leg and arm defaults per position (a pose overrides them).
_POSITION_LEGS = {
    "standing": {},
    "sitting": {"hip": 90, "knee": 90, "abd": 6},
    "lying": {},
    "prone": {"ankle": -60},
    "all-fours": {"hip": 90, "knee": 90, "abd": 4, "ankle": -65},  # the tops of the feet on the mat
}
_POSITION_ARMS = {"all-fours": {"flex": 79, "abd": 6, "elbow": 0, "wrist": 80}}
#: Trunk defaults per position: on hands and knees the arms are longer than the thighs, so the
#: shoulders sit a little higher than the hips.
_POSITION_TRUNK = {"all-fours": {"lean": -11}}
VIEWS = {"front": 0.0, "side": 90.0, "side-left": -90.0, "back": 180.0}

# Body dimensions in cm (an adult about 170 cm tall; the head is 1/7.5 of it).
TRUNK = 50.0          # hip joints to neck base
NECK = 9.5
UPPER_ARM, FOREARM, PALM = 29.0, 25.0, 8.0
THIGH, SHANK, ANKLE_H = 43.0, 42.0, 7.0
HIP_X, SHOULDER_X, SHOULDER_Y = 8.5, 18.0, 45.0
SEAT_BELOW_HIP = 9.5  # hip joint above the chair seat when sitting
MAT_TOP = 2.5

# Trunk cross-sections: (height above the hip joints, half width, half depth, centre forward).
_SECTIONS = (
    (-10.0, 14.0, 9.0, -3.5),
    (-3.0, 16.5, 11.0, -3.8),
    (5.0, 15.3, 10.0, -0.8),
    (14.0, 13.8, 9.0, 0.4),
    (25.0, 14.6, 10.0, 1.2),
    (35.0, 16.0, 11.0, 1.4),
    (42.5, 17.0, 10.6, -0.3),
    (47.0, 17.6, 7.6, -1.2),
    (49.6, 11.5, 6.2, -1.5),
    (52.0, 5.4, 5.4, -1.0),
)
# How much each section follows shoulders.lift / shoulders.back.
_SECTION_LIFT = (0, 0, 0, 0, 0, 0.15, 0.5, 1.0, 0.75, 0.25)
# How much each section's front follows trunk.belly (a breath in), and its back trunk.arch (the
# hollow of the low back: lying down, it lifts off the mat; flattened, it presses into it).
_SECTION_BELLY = (0, 0.3, 1.0, 0.9, 0.35, 0, 0, 0, 0, 0)
_SECTION_ARCH = (0, 0.45, 1.0, 0.85, 0.35, 0, 0, 0, 0, 0)


def _section(skel, i):
    """Trunk cross-section ``i`` (height, half width, half depth, centre forward) with the belly
    and the arch of the low back applied: the belly moves the front out, the arch the back in."""
    y, hw, hd, zc = _SECTIONS[i]
    front, back = skel.belly * _SECTION_BELLY[i], skel.arch * _SECTION_ARCH[i]
    return y, hw, hd + (front - back) / 2, zc + (front + back) / 2


def merge_pose(base: dict, over: dict | None) -> dict:
    """``over`` laid on ``base`` part by part (an end pose lists only what changes)."""
    out = {k: dict(v) for k, v in base.items()}
    for part, vals in (over or {}).items():
        cur = out.setdefault(part, {})
        if "reach" in vals:
            for k in ("flex", "abd", "elbow", "twist"):
                cur.pop(k, None)
        elif any(k in vals for k in ("flex", "abd", "elbow", "twist")):
            cur.pop("reach", None)
        cur.update(vals)
    return out


def full_pose(pose: dict, position: str) -> dict:
    """Every parameter of every part, defaults filled in."""
    out = {}
    for part, table in PARTS.items():
        vals = {k: float(v[0]) for k, v in PARAMS[table].items()}
        if table == "leg":
            vals.update(_POSITION_LEGS[position])
        elif table == "arm":
            vals.update(_POSITION_ARMS.get(position, {}))
        elif table == "trunk":
            vals.update(_POSITION_TRUNK.get(position, {}))
        given = pose.get(part, {})
        if table == "arm" and "reach" in given:
            vals["reach"] = given["reach"]
            vals["elbow_dir"] = given.get("elbow_dir", "out")
        for k, v in given.items():
            if k not in ARM_EXTRA:
                vals[k] = float(v)
        out[part] = vals
    return out


def blend_pose(a: dict, b: dict, t: float) -> dict:
    """A pose part way (t in 0..1) from full pose ``a`` to full pose ``b`` (numbers only)."""
    out = {}
    for part in a:
        out[part] = {}
        for k, v in a[part].items():
            w = b[part].get(k, v)
            if isinstance(v, (int, float)) and isinstance(w, (int, float)):
                out[part][k] = v + (w - v) * t
            else:
                out[part][k] = w if t >= 0.5 else v
    return out


# ----------------------------------------------------------------- 2D paths
# A path is a list of ops: ("M", p) ("L", p) ("C", p1, p2, p3) ("Z",), p = (x, y).

_K = 0.5522847498


def ellipse_ops(c, a, b, ang=0.0):
    ca, sa = math.cos(ang), math.sin(ang)

    def pt(u, v):
        x, y = u * a, v * b
        return (c[0] + x * ca - y * sa, c[1] + x * sa + y * ca)

    return [
        ("M", pt(1, 0)),
        ("C", pt(1, _K), pt(_K, 1), pt(0, 1)),
        ("C", pt(-_K, 1), pt(-1, _K), pt(-1, 0)),
        ("C", pt(-1, -_K), pt(-_K, -1), pt(0, -1)),
        ("C", pt(_K, -1), pt(1, -_K), pt(1, 0)),
        ("Z",),
    ]


def _arc_ops(c, r, a0, a1, first=False):
    """Circular arc from angle a0 to a1 (radians) as cubic Beziers."""
    n = max(1, int(math.ceil(abs(a1 - a0) / (math.pi / 2) - 1e-9)))
    d = (a1 - a0) / n
    kr = 4.0 / 3.0 * math.tan(d / 4) * r
    # each segment ends where the next starts: every angle's cosine, sine and point once
    turns = [(math.cos(a), math.sin(a)) for a in [a0] + [a0 + (i + 1) * d for i in range(n)]]
    pts = [(c[0] + r * cs, c[1] + r * sn) for cs, sn in turns]
    ops = [("M", pts[0])] if first else []
    for i in range(n):
        (cs0, sn0), (cs1, sn1), p0, p3 = turns[i], turns[i + 1], pts[i], pts[i + 1]
        ops.append(("C", (p0[0] - kr * sn0, p0[1] + kr * cs0), (p3[0] + kr * sn1, p3[1] - kr * cs1), p3))
    return ops


def capsule_ops(c1, r1, c2, r2):
    """Outline of the convex hull of two circles."""
    dx, dy = c2[0] - c1[0], c2[1] - c1[1]
    d = math.hypot(dx, dy)
    if d + min(r1, r2) <= max(r1, r2) + 1e-6:
        c, r = (c1, r1) if r1 >= r2 else (c2, r2)
        return ellipse_ops(c, r, r)
    th = math.atan2(dy, dx)
    al = math.acos(max(-1.0, min(1.0, (r1 - r2) / d)))
    ops = _arc_ops(c2, r2, th + al, th - al, first=True)
    ops.append(("L", (c1[0] + r1 * math.cos(th - al), c1[1] + r1 * math.sin(th - al))))
    ops += _arc_ops(c1, r1, th - al, th + al - 2 * math.pi)
    ops.append(("Z",))
    return ops


def spline_ops(pts, closed=False, start=True):
    """A smooth curve through ``pts`` (Catmull-Rom as cubic Beziers)."""
    n = len(pts)
    ops = [("M", pts[0])] if start else [("L", pts[0])]
    if n == 2:
        ops.append(("L", pts[1]))
        return ops
    last = n if closed else n - 1
    for i in range(last):
        p0 = pts[(i - 1) % n] if (closed or i > 0) else pts[0]
        p1, p2 = pts[i], pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if (closed or i + 2 < n) else pts[-1]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        ops.append(("C", c1, c2, p2))
    if closed:
        ops.append(("Z",))
    return ops


def ops_points(ops):
    """On-curve points plus Bezier midpoints: enough for a bounding box."""
    pts, cur = [], (0.0, 0.0)
    for op in ops:
        if op[0] in ("M", "L"):
            cur = op[1]
            pts.append(cur)
        elif op[0] == "C":
            p1, p2, p3 = op[1:]
            pts.append(((cur[0] + 3 * p1[0] + 3 * p2[0] + p3[0]) / 8, (cur[1] + 3 * p1[1] + 3 * p2[1] + p3[1]) / 8))
            cur = p3
            pts.append(cur)
    return pts


# ----------------------------------------------------------------- the figure
# Plain classes, not dataclasses: making the two dataclasses was most of this module's import time.


class Item:
    """One thing to draw. Items with the same ``group`` that end up next to each
    other in depth order are outlined as one shape."""

    __slots__ = ("depth", "group", "lines", "shapes", "shoulder")

    def __init__(self, group: str, depth: float, shapes: list | None = None, lines: list | None = None):
        self.group, self.depth = group, depth
        self.shapes = [] if shapes is None else shapes  # closed outlines (white fill, black line)
        self.lines = [] if lines is None else lines     # open inner lines (ear, nose, spine)
        self.shoulder = None                            # (centre, radius): blend this arm into the trunk here


class Figure:
    """A posed person, ready to draw."""

    __slots__ = ("ground", "items", "points", "proj", "skel")

    def __init__(self, items: list, points: dict, ground: dict, proj: _Projector, skel: _Skeleton):
        self.items = items      # back to front
        self.points = points    # landmark -> (x, y) on the page, in cm
        self.ground = ground    # landmark -> 3D point in the ground frame
        self.proj, self.skel = proj, skel


class _Projector:
    def __init__(self, yaw, pitch, shift=(0.0, 0.0, 0.0), elev=0.0):
        # elev > 0: the camera looks down a little (shows a lap when sitting, front view)
        self.ry = _mm(_rx(elev), _ry(yaw))
        self.rx = _rx(pitch)
        self.w = _mm(self.ry, self.rx)
        self.shift = shift

    # the hottest code in a drawing: _mv and _add written out (the same arithmetic, in the same order)

    def ground(self, p):
        """Body frame -> ground frame (y up from the floor, before the view turn)."""
        (a, b, c), (d, e, f), (g, h, i) = self.rx
        x, y, z = p
        return (a * x + b * y + c * z + self.shift[0], d * x + e * y + f * z + self.shift[1],
                g * x + h * y + i * z + self.shift[2])

    def view(self, g):
        """Ground frame -> (x, y, depth) on the page."""
        (a, b, c), (d, e, f), (g_, h, i) = self.ry
        x, y, z = g
        return (a * x + b * y + c * z, d * x + e * y + f * z, g_ * x + h * y + i * z)

    def world(self, p):
        return self.view(self.ground(p))

    def xy(self, p):
        (a, b, c), (d, e, f), _ = self.ry
        x, y, z = self.ground(p)
        return (a * x + b * y + c * z, d * x + e * y + f * z)

    def depth(self, p):
        return self.world(p)[2]

    def vec(self, v):
        return _mv(self.w, v)


def _ellipsoid_2d(proj, centre, rot, axes):
    """Projected outline of an ellipsoid: (centre, a, b, angle)."""
    m = _mm(proj.w, rot)
    cols = [_mul((m[0][j], m[1][j], m[2][j]), axes[j]) for j in range(3)]
    s11 = sum(c[0] * c[0] for c in cols)
    s22 = sum(c[1] * c[1] for c in cols)
    s12 = sum(c[0] * c[1] for c in cols)
    mid, dif = (s11 + s22) / 2, math.hypot((s11 - s22) / 2, s12)
    ang = 0.5 * math.atan2(2 * s12, s11 - s22)
    return proj.xy(centre), math.sqrt(max(mid + dif, 1e-9)), math.sqrt(max(mid - dif, 1e-9)), ang


def _ik(shoulder, target, a, b, pole):
    """Two-bone reach: the elbow for upper arm ``a`` and forearm(+palm) ``b``."""
    v = _sub(target, shoulder)
    d = _len(v)
    d = max(abs(a - b) + 0.5, min(a + b - 0.05, d))
    u = _unit(v)
    p = _sub(pole, _mul(u, _dot(pole, u)))
    if _len(p) < 1e-6:
        p = (0.0, -1.0, 0.0)
    p = _unit(p)
    cos_a = max(-1.0, min(1.0, (a * a + d * d - b * b) / (2 * a * d)))
    sin_a = math.sqrt(1 - cos_a * cos_a)
    elbow = _add(shoulder, _add(_mul(u, a * cos_a), _mul(p, a * sin_a)))
    return elbow, _add(shoulder, _mul(u, d))


def _leg_dir(theta):
    r = math.radians(theta)
    return (0.0, -math.cos(r), math.sin(r))


class _Skeleton:
    """Joint positions (body frame, hip centre at the origin) for a full pose."""

    def __init__(self, pose: dict, position: str):
        t, h, sh = pose["trunk"], pose["head"], pose["shoulders"]
        self.rt = _mm(_ry(-t["twist"]), _mm(_rz(t["side"]), _rx(t["lean"])))
        j = {"pelvis": (0.0, 0.0, 0.0)}
        j["neck_base"] = _mv(self.rt, (0.0, TRUNK, -1.0))
        turn = _ry(-h["turn"])
        self.rneck = _mm(self.rt, _mm(turn, _mm(_rz(h["tilt"] * 0.45), _rx(h["nod"] * 0.45))))
        self.rhead = _mm(self.rt, _mm(turn, _mm(_rz(h["tilt"]), _rx(h["nod"]))))
        pivot = _add(j["neck_base"], _mv(self.rneck, (0.0, NECK, 0.8)))
        pivot = _add(pivot, _mv(self.rt, (0.0, 0.0, -h["tuck"])))
        j["head_pivot"] = pivot
        j["head"] = _add(pivot, _mv(self.rhead, (0.0, 6.5, 1.2)))
        self.lift, self.back = sh["lift"], sh["back"]
        self.belly, self.arch = t["belly"], t["arch"]
        for s, sx in (("r", -1), ("l", 1)):
            j["shoulder_" + s] = _mv(self.rt, (sx * (SHOULDER_X - 0.25 * self.back), SHOULDER_Y + self.lift, -1.0 - self.back))
            j["hip_" + s] = (sx * HIP_X, 0.0, 0.0)
        self.j = j
        self.position = position
        self.pose = pose
        self._legs()
        self._landmarks_static()
        self._arms()

    # head-frame point -> body frame
    def hp(self, v):
        return _add(self.j["head"], _mv(self.rhead, v))

    def tp(self, v):
        return _mv(self.rt, v)

    def _legs(self):
        self.feet = {}
        for s, sx in (("r", -1), ("l", 1)):
            g = self.pose["leg_" + s]
            rab = _rz(sx * g["abd"])
            hip = self.j["hip_" + s]
            ts = g["hip"] - g["knee"]
            knee = _add(hip, _mv(rab, _mul(_leg_dir(g["hip"]), THIGH)))
            ankle = _add(knee, _mv(rab, _mul(_leg_dir(ts), SHANK)))
            fwd = _mv(rab, _leg_dir(ts + 90 + g["ankle"]))
            up = _mv(rab, _leg_dir(ts + 180 + g["ankle"]))
            self.j["knee_" + s], self.j["ankle_" + s] = knee, ankle
            self.j["heel_" + s] = _add(ankle, _add(_mul(up, -4.4), _mul(fwd, -3.2)))
            self.j["ball_" + s] = _add(ankle, _add(_mul(up, -4.6), _mul(fwd, 10.5)))
            self.j["toe_" + s] = _add(ankle, _add(_mul(up, -5.0), _mul(fwd, 15.5)))
            self.feet[s] = (fwd, up)

    def _landmarks_static(self):
        j, hp, tp = self.j, self.hp, self.tp
        j["head_top"] = hp((0, 13.5, -1.0))
        j["head_back"] = hp((0, 3.0, -12.0))
        j["head_back_high"] = hp((0, 8.0, -12.5))
        j["forehead"] = hp((0, 6.0, 10.5))
        j["nose"] = hp((0, -2.2, 11.3))
        j["chin"] = hp((0, -10.5, 7.0))
        j["ear_r"], j["ear_l"] = hp((-7.8, -0.5, -0.8)), hp((7.8, -0.5, -0.8))
        # hand targets sit a palm's thickness off the skin
        j["head_side_r"], j["head_side_l"] = hp((-10.5, 4.0, 0.0)), hp((10.5, 4.0, 0.0))
        j["head_top_r"], j["head_top_l"] = hp((-6.5, 13.0, 0.0)), hp((6.5, 13.0, 0.0))
        # palm on the back of the head, a little to one side (reach it with the far arm
        # in a side view: the hand shows behind the head and the face stays clear)
        j["head_back_r"], j["head_back_l"] = hp((-3.0, 6.0, -12.5)), hp((3.0, 6.0, -12.5))
        j["neck"] = _lerp(j["neck_base"], j["head_pivot"], 0.5)
        j["throat"] = _add(j["neck"], _mv(self.rneck, (0, 0, 6.0)))
        j["chest"] = tp((0, 35.0, 14.5))
        j["belly"] = tp((0, 9.0, 13.0 + self.belly))
        j["back"] = tp((0, 30.0, -11.0))
        j["scapula_r"], j["scapula_l"] = tp((-8.0, 38.0, -11.5)), tp((8.0, 38.0, -11.5))
        j["collarbone_r"], j["collarbone_l"] = tp((-9.0, 47.0, 4.5)), tp((9.0, 47.0, 4.5))
        j["behind_back"] = (0.0, -6.0, -17.0)
        j["low_back"] = tp((0, 4.0, -14.0 + self.arch))
        # chair (when sitting): seat top below the hips
        sy = -SEAT_BELOW_HIP
        j["seat_r"], j["seat_l"] = (-19.5, sy + 1.0, 6.0), (19.5, sy + 1.0, 6.0)
        for s in ("r", "l"):
            hip, knee = j["hip_" + s], j["knee_" + s]
            mid = _lerp(hip, knee, 0.62)
            j["thigh_" + s] = mid
            j["under_thigh_" + s] = _add(mid, (0.0, -8.0, 0.0)) if self.position != "lying" else _add(mid, (0.0, 0.0, -7.0))
            j["behind_knee_" + s] = _add(_lerp(hip, knee, 0.8), _mul(self._thigh_normal(s), -7.5))
            j["front_knee_" + s] = _add(knee, _mul(self._thigh_normal(s), 6.0))

    def _thigh_normal(self, s):
        """Unit vector on the front side of the thigh (the side the shin folds away from)."""
        g = self.pose["leg_" + s]
        return _leg_dir(g["hip"] + 90)

    def _arms(self):
        self.arm = {}
        for s, sx in (("r", -1), ("l", 1)):
            g = self.pose["arm_" + s]
            sh = self.j["shoulder_" + s]
            if "reach" in g:
                tgt = g["reach"]
                target = self.j[tgt] if isinstance(tgt, str) else tuple(float(x) for x in tgt)
                pole = g.get("elbow_dir", "out")
                pole = ELBOW_DIRS[pole] if isinstance(pole, str) else tuple(float(x) for x in pole)
                pole = (pole[0] * sx, pole[1], pole[2])
                elbow, palm = _ik(sh, target, UPPER_ARM, FOREARM + PALM, pole)
                fd = _unit(_sub(palm, elbow))
                wrist = _sub(palm, _mul(fd, PALM))
            else:
                r = _mm(self.rt, _mm(_rz(sx * g["abd"]), _mm(_rx(-g["flex"]), _ry(-sx * g["twist"]))))
                e = math.radians(g["elbow"])
                elbow = _add(sh, _mv(r, (0.0, -UPPER_ARM, 0.0)))
                fd = _mv(r, (0.0, -math.cos(e), math.sin(e)))
                wrist = _add(elbow, _mul(fd, FOREARM))
            if g.get("wrist"):
                # the hand bends at the wrist toward where the head points (on hands and knees, + lays it flat)
                up = self.tp((0.0, 1.0, 0.0))
                n = _sub(up, _mul(fd, _dot(up, fd)))
                if _len(n) > 1e-6:
                    w = math.radians(g["wrist"])
                    fd = _add(_mul(fd, math.cos(w)), _mul(_unit(n), math.sin(w)))
            self.j["elbow_" + s], self.j["wrist_" + s] = elbow, wrist
            self.j["hand_" + s] = _add(wrist, _mul(fd, PALM))
            self.j["fingers_" + s] = _add(wrist, _mul(fd, 15.5))
            self.arm[s] = fd  # the hand's direction


def _placement(skel: _Skeleton, proj: _Projector, position: str):
    """Shift so the person stands, sits or lies on the floor (y = 0)."""
    if position == "lying":
        pts = [proj.ground(skel.tp((0, y, zc - hd))) for y, hw, hd, zc in (_section(skel, i) for i in range(1, 7))]
        pts.append(proj.ground(skel.hp((0, 2.0, -10.5))))
        low = min(p[1] for p in pts)
        return -low + MAT_TOP
    if PITCH[position] > 0:
        # face down: the lowest of the chest and belly, the face, the hands, knees and feet rests on the mat
        pts = [proj.ground(skel.tp((0, y, zc + hd)))[1] for y, hw, hd, zc in (_section(skel, i) for i in range(1, 8))]
        pts += [proj.ground(skel.hp(p))[1] for p in ((0, -10.5, 7.0), (0, 4.0, 10.0), (0, -3.0, 11.3))]
        pts += [proj.ground(skel.j[k + s])[1] - r for s in ("_r", "_l") for k, r in (
            ("knee", 5.2), ("elbow", 3.6), ("wrist", 2.5), ("hand", 2.6), ("fingers", 1.8),
            ("heel", 3.0), ("ball", 2.7), ("toe", 2.0))]
        return -min(pts) + MAT_TOP
    low = min(proj.ground(skel.j[k])[1] - r for k, r in (("heel_r", 3.0), ("heel_l", 3.0), ("toe_r", 2.0), ("toe_l", 2.0), ("ball_r", 2.7), ("ball_l", 2.7)))
    return -low


def _posed(pose: dict, position: str, yaw: float, pitch: float, elev: float):
    """The skeleton of a full pose and its projector, placed on the floor."""
    skel = _Skeleton(pose, position)
    proj = _Projector(yaw, pitch, elev=elev)
    proj.shift = (0.0, _placement(skel, proj, position), 0.0)
    return skel, proj


def landmarks(pose: dict, position: str, yaw: float, pitch: float, elev: float = 0.0):
    """Landmark positions on the page (cm) for a full pose: cheap, no outlines."""
    skel, proj = _posed(pose, position, yaw, pitch, elev)
    return {k: proj.xy(v) for k, v in skel.j.items()}


def landmark(name: str, pose: dict, position: str, yaw: float, pitch: float, elev: float = 0.0):
    """One landmark's position on the page (cm): an arrow follows it through many poses."""
    skel, proj = _posed(pose, position, yaw, pitch, elev)
    return proj.xy(skel.j[name])


def build(pose: dict, position: str, yaw: float, pitch: float = 0.0, elev: float = 0.0,
          legs: bool = True) -> Figure:
    """Pose a person and return its outlines, back to front (``legs=False``: no legs,
    for a seated figure cropped at the seat)."""
    skel, proj = _posed(pose, position, yaw, pitch, elev)
    j = skel.j
    xy, dep = proj.xy, proj.depth
    items: list[Item] = []
    trunk_depth = dep(skel.tp((0, 25.0, 0)))

    # ---- trunk: loft silhouette + neck, with the legs on the near side
    trunk = Item("trunk", trunk_depth - 9.0)
    trunk.shapes.append(_trunk_ops(skel, proj))
    nb = j["neck_base"]
    neck_low = _add(nb, skel.tp((0, 1.0, 0)))
    trunk.shapes.append(capsule_ops(xy(neck_low), 5.6, xy(_add(j["head_pivot"], _mv(skel.rneck, (0, 1.5, -0.3)))), 5.0))
    items.append(trunk)
    back3 = proj.vec(skel.tp((0, 0, -1.0)))
    if back3[2] > 0.6:  # seen from behind: spine and shoulder blades
        trunk.lines.append(spline_ops([xy(skel.tp((0, y, -10.0))) for y in (44.0, 32.0, 20.0)]))
        for sx in (-1, 1):
            bx = sx * (7.5 - 0.5 * skel.back)
            lift = skel.lift
            trunk.lines.append(spline_ops([xy(skel.tp((bx + sx * 1.5, 43.5 + lift, -10.5))), xy(skel.tp((bx, 38.0 + lift, -11.0))),
                                           xy(skel.tp((bx + sx * 3.5, 30.5 + lift, -10.5)))]))

    for s in ("r", "l") if legs else ():
        leg = _leg_shapes(skel, proj, s)
        hd = dep(j["hip_" + s]) - trunk_depth
        if hd < -4.0:  # the far leg: behind the trunk
            items.append(Item("leg_" + s, trunk_depth - 12.0 + hd * 0.01, leg))
        else:
            trunk.shapes.extend(leg)

    # ---- head
    items.append(_head_item(skel, proj))

    # ---- arms: a whole arm is one outline unless the trunk or head comes between its parts
    body = sorted(it.depth for it in items)
    for s in ("r", "l"):
        sh, el, wr = j["shoulder_" + s], j["elbow_" + s], j["wrist_" + s]
        fd = skel.arm[s]
        knuck, tip = _add(wr, _mul(fd, 9.0)), _add(wr, _mul(fd, 15.0))
        # the deltoid: a little below and outside the joint, so the shoulder line runs on from the trapezius
        out = skel.tp((-1.0 if s == "r" else 1.0, 0, 0))
        delt = _add(_add(sh, _mul(out, 0.6)), _mul(_unit(_sub(el, sh)), 1.8))
        segs = [
            [ellipse_ops(xy(delt), 5.3, 5.3), capsule_ops(xy(delt), 5.0, xy(el), 3.7)],
            [capsule_ops(xy(el), 3.6, xy(wr), 2.5)],
            [capsule_ops(xy(wr), 2.6, xy(knuck), 3.1), capsule_ops(xy(knuck), 3.0, xy(tip), 2.0)],
        ]
        ds = [dep(_lerp(sh, el, 0.5)), dep(_lerp(el, wr, 0.5)), dep(_lerp(wr, tip, 0.5))]
        runs: list[Item] = []
        last_rank = None
        for seg, d in zip(segs, ds):
            rank = sum(1 for b in body if b < d)
            if runs and rank == last_rank:
                runs[-1].shapes.extend(seg)
                runs[-1].depth = max(runs[-1].depth, d)
            else:
                runs.append(Item("arm_" + s, d, list(seg)))
                if not runs[1:]:
                    runs[0].shoulder = (xy(delt), 6.4)
            last_rank = rank
        items.extend(runs)

    items.sort(key=lambda it: it.depth)
    ground = {k: proj.ground(v) for k, v in j.items()}
    pts = {k: proj.view(g)[:2] for k, g in ground.items()}
    return Figure(items, pts, ground, proj, skel)


def _trunk_ops(skel, proj):
    axis3 = proj.vec(skel.tp((0, 1.0, 0)))
    ax = (axis3[0], axis3[1])
    n = math.hypot(*ax)
    ax = (ax[0] / n, ax[1] / n) if n > 1e-6 else (0.0, 1.0)
    nrm = (-ax[1], ax[0])
    side_a, side_b = [], []
    for i, lw in enumerate(_SECTION_LIFT):
        y, hw, hd, zc = _section(skel, i)
        y += skel.lift * lw
        zc -= skel.back * lw
        if y > 45:
            hw -= 0.3 * skel.back * lw
        c = proj.xy(skel.tp((0, y, zc)))
        u3, v3 = proj.vec(skel.tp((hw, 0, 0))), proj.vec(skel.tp((0, 0, hd)))
        u, v = (u3[0], u3[1]), (v3[0], v3[1])
        nu, nv = u[0] * nrm[0] + u[1] * nrm[1], v[0] * nrm[0] + v[1] * nrm[1]
        t = math.atan2(nv, nu)
        off = (u[0] * math.cos(t) + v[0] * math.sin(t), u[1] * math.cos(t) + v[1] * math.sin(t))
        side_a.append((c[0] + off[0], c[1] + off[1]))
        side_b.append((c[0] - off[0], c[1] - off[1]))
    ops = spline_ops(side_a)
    top = spline_ops(side_b[::-1], start=False)
    ops += top
    # round bottom between the two lowest points
    a0, b0 = side_a[0], side_b[0]
    mid = ((a0[0] + b0[0]) / 2 - ax[0] * 5.0, (a0[1] + b0[1]) / 2 - ax[1] * 5.0)
    ops.append(("C", (b0[0] - ax[0] * 4.0, b0[1] - ax[1] * 4.0), mid, mid))
    ops.append(("C", mid, (a0[0] - ax[0] * 4.0, a0[1] - ax[1] * 4.0), a0))
    ops.append(("Z",))
    return ops


def _leg_shapes(skel, proj, s):
    j, xy = skel.j, proj.xy
    hip, knee, ankle = j["hip_" + s], j["knee_" + s], j["ankle_" + s]
    calf = _lerp(knee, ankle, 0.3)
    calf_back = _add(calf, _mul(_unit(_sub(j["heel_" + s], j["ball_" + s])), 1.4))
    heel, ball, toe = j["heel_" + s], j["ball_" + s], j["toe_" + s]
    return [
        capsule_ops(xy(hip), 8.6, xy(knee), 5.4),
        capsule_ops(xy(knee), 5.2, xy(calf_back), 5.4),
        capsule_ops(xy(calf_back), 5.4, xy(ankle), 3.2),
        capsule_ops(xy(ankle), 3.3, xy(heel), 3.0),
        capsule_ops(xy(heel), 3.0, xy(ball), 2.7),
        capsule_ops(xy(ankle), 3.0, xy(ball), 2.7),
        capsule_ops(xy(ball), 2.7, xy(toe), 2.0),
    ]


# (centre, semi-axes, tilt about the ear axis) in the head frame, cm
_HEAD_PARTS = (
    ((0, 2.2, -1.4), (7.5, 9.6, 9.6), 0),       # cranium
    ((0, -3.4, 2.6), (6.0, 7.4, 5.9), -8),      # face and jaw
)


def _crane_pt(phi, y):
    """A point on the cranium surface (head frame) at azimuth ``phi`` (deg, 0 = the
    nose, + toward the person's left) and height ``y``; with its outward normal."""
    (cx, cy, cz), (a, b, c) = _HEAD_PARTS[0][0], _HEAD_PARTS[0][1]
    r = math.sqrt(max(0.0, 1.0 - ((y - cy) / b) ** 2))
    sp, cp = math.sin(math.radians(phi)), math.cos(math.radians(phi))
    p = (cx + a * r * sp, y, cz + c * r * cp)
    n = ((p[0] - cx) / (a * a), (p[1] - cy) / (b * b), (p[2] - cz) / (c * c))
    return p, n


# Hairline (azimuth, height) in the head frame: temple to temple over the forehead.
# Its visible run is drawn as an inner line: it tells the face from the back of the head.
_HAIRLINE = ((-84, -0.5), (-82, 3.0), (-70, 6.0), (-40, 7.8), (0, 8.4), (40, 7.8), (70, 6.0), (82, 3.0), (84, -0.5))


def _surface_runs(proj, rh, hp, ctrl, steps=28, lim=0.12):
    """The parts of a curve on the cranium that face the viewer, as spline paths."""
    pts = []
    for i in range(steps + 1):
        t = i * (len(ctrl) - 1) / steps
        k = min(int(t), len(ctrl) - 2)
        u = t - k
        phi = ctrl[k][0] + (ctrl[k + 1][0] - ctrl[k][0]) * u
        y = ctrl[k][1] + (ctrl[k + 1][1] - ctrl[k][1]) * u
        p, n = _crane_pt(phi, y)
        nv = proj.vec(_mv(rh, _unit(n)))
        pts.append((proj.xy(hp(p)), nv[2] > lim))
    runs, cur = [], []
    for q, vis in pts:
        if vis:
            cur.append(q)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [spline_ops(r) for r in runs if len(r) >= 3]


def _head_item(skel, proj):
    rh = skel.rhead
    hp = skel.hp
    it = Item("head", proj.depth(skel.j["head"]) - 3.0)
    for centre, axes, rot in _HEAD_PARTS:
        c, a, b, ang = _ellipsoid_2d(proj, hp(centre), _mm(rh, _rx(rot)), axes)
        it.shapes.append(ellipse_ops(c, a, b, ang))
    fwd = proj.vec(_mv(rh, (0, 0, 1.0)))
    facing = fwd[2]  # 1 = looking at the viewer
    # nose: a wedge that stands out of the outline when the head is turned or side-on
    bridge, tip, base = hp((0, 1.4, 8.0)), hp((0, -2.8, 11.6)), hp((0, -4.0, 8.0))
    if -0.3 < facing < 0.9:
        it.shapes.append([("M", proj.xy(bridge)), ("L", proj.xy(tip)),
                          ("C", proj.xy(hp((0, -3.7, 11.5))), proj.xy(hp((0, -4.1, 10.0))), proj.xy(base)), ("Z",)])
    if facing > 0.55:
        it.lines.append([("M", proj.xy(hp((0, 0.3, 9.6)))), ("L", proj.xy(hp((0, -3.2, 10.6)))),
                         ("L", proj.xy(hp((0, -4.0, 9.4))))])
    # eyes: a short dash each, on the side that faces the viewer
    for sx in (-1, 1):
        n3 = proj.vec(_mv(rh, _unit((sx * 0.45, 0.0, 0.9))))
        if n3[2] > 0.12 and facing > -0.1:
            e0, e1 = hp((sx * 1.9, 0.9, 7.9)), hp((sx * 4.0, 0.9, 7.0))
            it.lines.append([("M", proj.xy(e0)), ("L", proj.xy(e1))])
    # mouth
    if facing > 0.15:
        it.lines.append(spline_ops([proj.xy(hp((-1.4, -6.3, 7.8))), proj.xy(hp((0, -6.4, 8.3))),
                                    proj.xy(hp((1.4, -6.3, 7.8)))]))
    it.lines.extend(_surface_runs(proj, rh, hp, _HAIRLINE))
    for s, sx in (("r", -1), ("l", 1)):
        out3 = proj.vec(_mv(rh, (sx * 1.0, 0, 0)))
        centre = hp((sx * 7.4, -1.0, -0.9))
        c, a, b, ang = _ellipsoid_2d(proj, centre, rh, (1.3, 3.1, 2.1))
        if abs(out3[2]) < 0.45:
            it.shapes.append(ellipse_ops(c, a, b, ang))  # ear on the outline (front/back view)
        elif out3[2] > 0:
            pts = [proj.xy(hp((sx * 7.9, -1.2 + 2.5 * math.sin(math.radians(a)), -1.4 + 1.6 * math.cos(math.radians(a)))))
                   for a in range(70, 291, 22)]
            it.lines.append(spline_ops(pts))
    return it
