"""The one posable person behind every exercise drawing.

A 3D skeleton posed by joint angles (degrees) and a few shifts (cm), turned to lie
down, face down or kneel on hands and knees, and projected orthographically for a
front, side, back or any in-between view. ``handouts.compose.drawings.outline`` draws its
outline; the landmarks (``landmarks``) are where hands reach and arrows point.

Angles, all in degrees, 0 = standing tall with arms by the sides:
  trunk.lean   + bends forward          trunk.side  + bends to the person's right
  trunk.twist  + turns to the right
  trunk.belly  cm the belly rises (a breath in);  trunk.arch cm the low back hollows (- flattens)
  trunk.round  cm the middle of the back rounds out (a cat's back on hands and knees)
  head.nod     + chin down              head.tilt   + right ear to right shoulder
  head.turn    + looks over the right shoulder; head.tuck cm the head slides back
  shoulders.lift cm up, shoulders.back cm back (shoulder blades together)
  arm.flex     0 hanging, 90 forward, 180 overhead, - behind the body
  arm.abd      0 by the side, 90 out to the side;  arm.elbow 0 straight, + bent
  arm.twist    + turns the forearm in toward the belly, - out
  arm.roll     the hand turns about the forearm: 0 thumb forward (arm hanging), + the thumb turns out
  arm.wrist    + bends the hand toward where the head points (flat on the floor on hands and knees)
  arm.reach    a landmark name or [x, y, z] cm: the palm goes there (the elbow
               follows ``elbow_dir``); overrides flex/abd/elbow
  leg.hip      + thigh forward/up;  leg.knee + bent;  leg.abd + out;  leg.ankle + toes up
  leg.cross    + a raised thigh swings across the body (the knee toward the other shoulder)
"""

from __future__ import annotations

import math

from handouts.compose.drawings.geometry import (
    add,
    cross,
    dot,
    length,
    lerp,
    mat_mul,
    mat_vec,
    mul,
    rot_x,
    rot_y,
    rot_z,
    sub,
    unit,
)

#: Every pose parameter with (default, minimum, maximum). Units: degrees, or cm for
#: head.tuck and shoulders.*.
PARAMS: dict[str, dict[str, tuple[float, float, float]]] = {
    "trunk": {"lean": (0, -30, 90), "side": (0, -40, 40), "twist": (0, -60, 60), "belly": (0, 0, 6),
              "arch": (0, -2, 8), "round": (0, 0, 8)},
    "head": {"nod": (0, -50, 70), "tilt": (0, -50, 50), "turn": (0, -85, 85), "tuck": (0, 0, 6)},
    "shoulders": {"lift": (0, -2, 6), "back": (0, -4, 6)},
    "arm": {"flex": (0, -80, 180), "abd": (6, -30, 180), "elbow": (8, 0, 150), "twist": (0, -90, 90),
            "wrist": (0, -90, 90), "roll": (0, -90, 180)},
    "leg": {"hip": (0, -40, 140), "abd": (3, -20, 60), "knee": (0, 0, 150), "ankle": (0, -70, 40),
            "cross": (0, 0, 50)},
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
POSITIONS = ("standing", "sitting", "lying", "side-lying", "prone", "all-fours")
#: How each position turns the body to the ground (degrees about the left-right axis): lying on
#: the back, or face down (prone, and on hands and knees).
PITCH = {"standing": 0.0, "sitting": 0.0, "lying": -90.0, "side-lying": -90.0, "prone": 90.0, "all-fours": 90.0}
#: Then about the long axis of the body lying down: on the left side, the face toward the ground's +x.
ROLL = {"side-lying": -90.0}
#: Leg and arm defaults per position (a pose overrides them).
_POSITION_LEGS = {
    "standing": {},
    "sitting": {"hip": 90, "knee": 90, "abd": 6},
    "lying": {},
    "side-lying": {"hip": 45, "knee": 60},  # curled a little, as people sleep on their side
    "prone": {"ankle": -60},
    "all-fours": {"hip": 90, "knee": 90, "abd": 4, "ankle": -65},  # the tops of the feet on the mat
}
_POSITION_ARMS = {"all-fours": {"flex": 79, "abd": 6, "elbow": 0, "wrist": 80, "roll": -90}}
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
KNEE_R = 5.4          # the knee's radius (what a kneeling person rests on)
CRANIUM = ((0.0, 2.2, -1.4), (7.5, 9.6, 9.6))  # the skull's centre and semi-axes in the head frame
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
SECTION_LIFT = (0, 0, 0, 0, 0, 0.15, 0.5, 1.0, 0.75, 0.25)
# How much each section's front follows trunk.belly (a breath in), and its back trunk.arch (the
# hollow of the low back: lying down, it lifts off the mat; flattened, it presses into it).
_SECTION_BELLY = (0, 0.3, 1.0, 0.9, 0.35, 0, 0, 0, 0, 0)
_SECTION_ARCH = (0, 0.45, 1.0, 0.85, 0.35, 0, 0, 0, 0, 0)
# How much each section's back follows trunk.round: the whole middle of the back, from the low back to
# between the shoulder blades, bows out (its front stays where it is).
_SECTION_ROUND = (0, 0.15, 0.5, 0.9, 1.0, 0.75, 0.35, 0, 0, 0)


def section(skel, i):
    """Trunk cross-section ``i`` (height, half width, half depth, centre forward) with the belly
    and the arch of the low back applied: the belly moves the front out, the arch the back in (and
    a rounded back moves it out)."""
    y, hw, hd, zc = _SECTIONS[i]
    front = skel.belly * _SECTION_BELLY[i]
    back = skel.arch * _SECTION_ARCH[i] - skel.round * _SECTION_ROUND[i]
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
    for part, values in a.items():
        out[part] = {}
        for k, v in values.items():
            w = b[part].get(k, v)
            if isinstance(v, (int, float)) and isinstance(w, (int, float)):
                out[part][k] = v + (w - v) * t
            else:
                out[part][k] = w if t >= 0.5 else v
    return out


class Projector:
    def __init__(self, yaw, pitch, shift=(0.0, 0.0, 0.0), elev=0.0, roll=0.0):
        # elev > 0: the camera looks down a little (shows a lap when sitting, front view)
        self.ry = mat_mul(rot_x(elev), rot_y(yaw))
        self.rx = mat_mul(rot_z(roll), rot_x(pitch))
        self.w = mat_mul(self.ry, self.rx)
        self.shift = shift

    # the hottest code in a drawing: mat_vec and add written out (the same arithmetic, in the same order)

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
        return mat_vec(self.w, v)


def _ik(shoulder, target, a, b, pole):
    """Two-bone reach: the elbow for upper arm ``a`` and forearm(+palm) ``b``, the palm, and the
    elbow's hinge axis (what the thumb is square to)."""
    v = sub(target, shoulder)
    d = length(v)
    d = max(abs(a - b) + 0.5, min(a + b - 0.05, d))
    u = unit(v)
    p = sub(pole, mul(u, dot(pole, u)))
    if length(p) < 1e-6:
        p = (0.0, -1.0, 0.0)
    p = unit(p)
    cos_a = max(-1.0, min(1.0, (a * a + d * d - b * b) / (2 * a * d)))
    sin_a = math.sqrt(1 - cos_a * cos_a)
    elbow = add(shoulder, add(mul(u, a * cos_a), mul(p, a * sin_a)))
    return elbow, add(shoulder, mul(u, d)), cross(u, p)


def _leg_dir(theta):
    r = math.radians(theta)
    return (0.0, -math.cos(r), math.sin(r))


class Skeleton:
    """Joint positions (body frame, hip centre at the origin) for a full pose."""

    def __init__(self, pose: dict, position: str):
        t, h, sh = pose["trunk"], pose["head"], pose["shoulders"]
        self.rt = mat_mul(rot_y(-t["twist"]), mat_mul(rot_z(t["side"]), rot_x(t["lean"])))
        j = {"pelvis": (0.0, 0.0, 0.0)}
        j["neck_base"] = mat_vec(self.rt, (0.0, TRUNK, -1.0))
        turn = rot_y(-h["turn"])
        self.rneck = mat_mul(self.rt, mat_mul(turn, mat_mul(rot_z(h["tilt"] * 0.45), rot_x(h["nod"] * 0.45))))
        self.rhead = mat_mul(self.rt, mat_mul(turn, mat_mul(rot_z(h["tilt"]), rot_x(h["nod"]))))
        pivot = add(j["neck_base"], mat_vec(self.rneck, (0.0, NECK, 0.8)))
        pivot = add(pivot, mat_vec(self.rt, (0.0, 0.0, -h["tuck"])))
        j["head_pivot"] = pivot
        j["head"] = add(pivot, mat_vec(self.rhead, (0.0, 6.5, 1.2)))
        self.lift, self.back = sh["lift"], sh["back"]
        self.belly, self.arch, self.round = t["belly"], t["arch"], t["round"]
        for s, sx in (("r", -1), ("l", 1)):
            j["shoulder_" + s] = mat_vec(self.rt, (sx * (SHOULDER_X - 0.25 * self.back), SHOULDER_Y + self.lift, -1.0 - self.back))
            j["hip_" + s] = (sx * HIP_X, 0.0, 0.0)
        self.j = j
        self.position = position
        self.pose = pose
        self._legs()
        self._landmarks_static()
        self._arms()

    # head-frame point -> body frame
    def hp(self, v):
        return add(self.j["head"], mat_vec(self.rhead, v))

    def tp(self, v):
        return mat_vec(self.rt, v)

    def _legs(self):
        self.feet = {}
        self.leg_rot = {}
        for s, sx in (("r", -1), ("l", 1)):
            g = self.pose["leg_" + s]
            rab = mat_mul(rot_y(-sx * g["cross"]), rot_z(sx * g["abd"]))
            self.leg_rot[s] = rab
            hip = self.j["hip_" + s]
            ts = g["hip"] - g["knee"]
            knee = add(hip, mat_vec(rab, mul(_leg_dir(g["hip"]), THIGH)))
            ankle = add(knee, mat_vec(rab, mul(_leg_dir(ts), SHANK)))
            fwd = mat_vec(rab, _leg_dir(ts + 90 + g["ankle"]))
            up = mat_vec(rab, _leg_dir(ts + 180 + g["ankle"]))
            self.j["knee_" + s], self.j["ankle_" + s] = knee, ankle
            self.j["heel_" + s] = add(ankle, add(mul(up, -4.4), mul(fwd, -3.2)))
            self.j["ball_" + s] = add(ankle, add(mul(up, -4.6), mul(fwd, 10.5)))
            self.j["toe_" + s] = add(ankle, add(mul(up, -5.0), mul(fwd, 15.5)))
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
        j["neck"] = lerp(j["neck_base"], j["head_pivot"], 0.5)
        j["throat"] = add(j["neck"], mat_vec(self.rneck, (0, 0, 6.0)))
        # where a neck stretch is felt (the skin of the neck's side, the back of that side, and the front
        # of that side low down) and the top of the shoulder between the neck and the arm
        for s, sx in (("r", -1), ("l", 1)):
            j["neck_side_" + s] = add(j["neck"], mat_vec(self.rneck, (sx * 4.8, 0, -0.5)))
            j["neck_back_" + s] = add(j["neck"], mat_vec(self.rneck, (sx * 3.4, 0, -3.8)))
            j["neck_front_" + s] = add(j["neck"], mat_vec(self.rneck, (sx * 3.6, -2.0, 3.0)))
            j["shoulder_top_" + s] = tp((sx * 10.5, 48.0 + self.lift, -1.5 - self.back))
        j["eyes"] = hp((0, 0.9, 8.5))
        j["gaze"] = hp((0, 0.9, 34.0))  # where the eyes look: a hand's length or two ahead of the face
        j["chest"] = tp((0, 35.0, 14.5))
        j["belly"] = tp((0, 9.0, 13.0 + self.belly))
        j["back"] = tp((0, 30.0, -11.0 - self.round))
        j["scapula_r"], j["scapula_l"] = tp((-8.0, 38.0, -11.5)), tp((8.0, 38.0, -11.5))
        j["collarbone_r"], j["collarbone_l"] = tp((-9.0, 47.0, 4.5)), tp((9.0, 47.0, 4.5))
        j["behind_back"] = (0.0, -6.0, -17.0)
        j["low_back"] = tp((0, 4.0, -14.0 + self.arch))
        # the skin of the small of the back, where the hollow is deepest (where a rolled towel goes when sitting)
        y, _, hd, zc = section(self, 3)
        j["lumbar"] = tp((0, y, zc - hd))
        # chair (when sitting): seat top below the hips
        sy = -SEAT_BELOW_HIP
        j["seat_r"], j["seat_l"] = (-19.5, sy + 1.0, 6.0), (19.5, sy + 1.0, 6.0)
        for s in ("r", "l"):
            hip, knee = j["hip_" + s], j["knee_" + s]
            mid = lerp(hip, knee, 0.62)
            j["thigh_" + s] = mid
            j["under_thigh_" + s] = add(mid, (0.0, -8.0, 0.0)) if self.position != "lying" else add(mid, (0.0, 0.0, -7.0))
            j["behind_knee_" + s] = add(lerp(hip, knee, 0.8), mul(self._thigh_normal(s), -7.5))
            j["front_knee_" + s] = add(knee, mul(self._thigh_normal(s), 6.0))

    def _thigh_normal(self, s):
        """Unit vector on the front side of the thigh (the side the shin folds away from)."""
        return mat_vec(self.leg_rot[s], _leg_dir(self.pose["leg_" + s]["hip"] + 90))

    def _arms(self):
        self.arm, self.thumb = {}, {}
        for s, sx in (("r", -1), ("l", 1)):
            g = self.pose["arm_" + s]
            sh = self.j["shoulder_" + s]
            if "reach" in g:
                tgt = g["reach"]
                target = self.j[tgt] if isinstance(tgt, str) else tuple(float(x) for x in tgt)
                pole = g.get("elbow_dir", "out")
                pole = ELBOW_DIRS[pole] if isinstance(pole, str) else tuple(float(x) for x in pole)
                pole = (pole[0] * sx, pole[1], pole[2])
                elbow, palm, hinge = _ik(sh, target, UPPER_ARM, FOREARM + PALM, pole)
                fd = unit(sub(palm, elbow))
                wrist = sub(palm, mul(fd, PALM))
                thumb = unit(cross(fd, hinge))
            else:
                r = mat_mul(self.rt, mat_mul(rot_z(sx * g["abd"]), mat_mul(rot_x(-g["flex"]), rot_y(-sx * g["twist"]))))
                e = math.radians(g["elbow"])
                elbow = add(sh, mat_vec(r, (0.0, -UPPER_ARM, 0.0)))
                fd = mat_vec(r, (0.0, -math.cos(e), math.sin(e)))
                wrist = add(elbow, mul(fd, FOREARM))
                thumb = mat_vec(r, (0.0, math.sin(e), math.cos(e)))  # forward on a hanging arm
            if g["roll"]:
                q = math.radians(g["roll"])
                thumb = add(mul(thumb, math.cos(q)), mul(cross(fd, thumb), -sx * math.sin(q)))
            if g.get("wrist"):
                # the hand bends at the wrist toward where the head points (on hands and knees, + lays it flat)
                up = self.tp((0.0, 1.0, 0.0))
                n = sub(up, mul(fd, dot(up, fd)))
                if length(n) > 1e-6:
                    w, n = math.radians(g["wrist"]), unit(n)
                    # the thumb turns with the hand: its share along n swings back past the forearm's line
                    tn = dot(thumb, n)
                    thumb = add(thumb, add(mul(n, tn * (math.cos(w) - 1)), mul(fd, -tn * math.sin(w))))
                    fd = add(mul(fd, math.cos(w)), mul(n, math.sin(w)))
            self.j["elbow_" + s], self.j["wrist_" + s] = elbow, wrist
            self.j["hand_" + s] = add(wrist, mul(fd, PALM))
            self.j["fingers_" + s] = add(wrist, mul(fd, 15.5))
            self.arm[s] = fd  # the hand's direction
            self.thumb[s] = thumb  # square to it: where the thumb points


#: Points of the feet (and their radius, cm) that can rest on the floor or the mat.
_SOLES = (("heel", 3.0), ("ball", 2.7), ("toe", 2.0))


def _placement(skel: Skeleton, proj: Projector, position: str, ground: float):
    """The height to lift the skeleton by so the person rests on what is under them: lying down, the
    mat; standing or sitting, ``ground`` (the floor, 0, or the top of a mat)."""
    # the soles, and the knees of someone kneeling
    feet = [proj.ground(skel.j[k + s])[1] - r for s in ("_r", "_l") for k, r in _SOLES + (("knee", KNEE_R),)]
    if position == "lying":
        # the back (every cross-section: a bridge rests on the shoulders), the back of the head, flat feet
        pts = [proj.ground(skel.tp((0, y, zc - hd)))[1] for y, hw, hd, zc in (section(skel, i) for i in range(len(_SECTIONS)))]
        pts.append(_cranium_bottom(skel, proj))
        return -min(pts + feet) + MAT_TOP
    if position == "side-lying":
        # the left side of the trunk (the shoulder and the hip), the knees and feet; the head rests on a pillow
        pts = [proj.ground(skel.tp((hw, y, zc)))[1] for y, hw, hd, zc in (section(skel, i) for i in range(len(_SECTIONS)))]
        return -min(pts + feet) + MAT_TOP
    if PITCH[position] > 0:
        # face down: the lowest of the chest and belly, the face, the hands, knees and feet rests on the mat
        pts = [proj.ground(skel.tp((0, y, zc + hd)))[1] for y, hw, hd, zc in (section(skel, i) for i in range(1, 8))]
        pts += [proj.ground(skel.hp(p))[1] for p in ((0, -10.5, 7.0), (0, 4.0, 10.0), (0, -3.0, 11.3))]
        pts += [proj.ground(skel.j[k + s])[1] - r for s in ("_r", "_l") for k, r in (
            ("elbow", 3.6), ("wrist", 2.5), ("hand", 2.6), ("fingers", 1.8))]
        return -min(pts + feet) + MAT_TOP
    return -min(feet) + ground


def _cranium_bottom(skel, proj):
    """The height of the lowest point of the skull (an ellipsoid), however the head is turned."""
    centre, axes = CRANIUM
    row = mat_mul(proj.rx, skel.rhead)[1]  # a head-frame vector's share of the ground's up
    reach = math.sqrt(sum((row[i] * axes[i]) ** 2 for i in range(3)))
    return proj.ground(skel.hp(centre))[1] - reach


def posed(pose: dict, position: str, yaw: float, pitch: float, elev: float, ground: float = 0.0):
    """The skeleton of a full pose and its projector, placed on the floor (or on a mat ``ground`` cm up)."""
    skel = Skeleton(pose, position)
    proj = Projector(yaw, pitch, elev=elev, roll=ROLL.get(position, 0.0))
    proj.shift = (0.0, _placement(skel, proj, position, ground), 0.0)
    return skel, proj


def landmarks(pose: dict, position: str, yaw: float, pitch: float, elev: float = 0.0, ground: float = 0.0):
    """Landmark positions on the page (cm) for a full pose: cheap, no outlines."""
    skel, proj = posed(pose, position, yaw, pitch, elev, ground)
    return {k: proj.xy(v) for k, v in skel.j.items()}


def landmark(name: str, pose: dict, position: str, yaw: float, pitch: float, elev: float = 0.0,
             ground: float = 0.0):
    """One landmark's position on the page (cm): an arrow follows it through many poses."""
    skel, proj = posed(pose, position, yaw, pitch, elev, ground)
    return proj.xy(skel.j[name])
