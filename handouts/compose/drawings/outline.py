"""A posed person's outlines, back to front, in figure units (cm, y up).

Outline shapes are built from three kinds of solid:
  * the trunk: a loft of elliptical cross-sections (hips, waist, chest,
    shoulders, trapezius, neck root), whose projected silhouette is exact;
  * limbs and neck: sphere-swept cones ("capsules"), exact in projection;
  * the head: ellipsoids (cranium, jaw, ears), a nose wedge, and inner lines for
    the eyes, mouth and hairline, so the face direction reads at card size.
Shapes that belong together (a whole arm; the trunk with the near legs) are
drawn as one outline by ``handouts.compose.drawings.pdf`` (stroke all, then fill all), so
joints never show seams.
"""

from __future__ import annotations

import math

from handouts.compose.drawings.body import CRANIUM, KNEE_R, SECTION_LIFT, Projector, Skeleton, posed, section
from handouts.compose.drawings.geometry import (
    add,
    capsule_ops,
    ellipse_ops,
    lerp,
    mat_mul,
    mat_vec,
    mul,
    ops_points,
    rot_x,
    spline_ops,
    sub,
    unit,
)

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

    def __init__(self, items: list, points: dict, ground: dict, proj: Projector, skel: Skeleton):
        self.items = items      # back to front
        self.points = points    # landmark -> (x, y) on the page, in cm
        self.ground = ground    # landmark -> 3D point in the ground frame
        self.proj, self.skel = proj, skel


def _ellipsoid_2d(proj, centre, rot, axes):
    """Projected outline of an ellipsoid: (centre, a, b, angle)."""
    m = mat_mul(proj.w, rot)
    cols = [mul((m[0][j], m[1][j], m[2][j]), axes[j]) for j in range(3)]
    s11 = sum(c[0] * c[0] for c in cols)
    s22 = sum(c[1] * c[1] for c in cols)
    s12 = sum(c[0] * c[1] for c in cols)
    mid, dif = (s11 + s22) / 2, math.hypot((s11 - s22) / 2, s12)
    ang = 0.5 * math.atan2(2 * s12, s11 - s22)
    return proj.xy(centre), math.sqrt(max(mid + dif, 1e-9)), math.sqrt(max(mid - dif, 1e-9)), ang


def build(pose: dict, position: str, yaw: float, pitch: float = 0.0, elev: float = 0.0,
          legs: bool = True, ground: float = 0.0) -> Figure:
    """Pose a person and return its outlines, back to front (``legs=False``: no legs,
    for a seated figure cropped at the seat; ``ground``: standing on a mat this high)."""
    skel, proj = posed(pose, position, yaw, pitch, elev, ground)
    j = skel.j
    xy, dep = proj.xy, proj.depth
    items: list[Item] = []
    trunk_depth = dep(skel.tp((0, 25.0, 0)))

    # ---- trunk: loft silhouette + neck, with the legs on the near side
    trunk = Item("trunk", trunk_depth - 9.0)
    trunk.shapes.append(_trunk_ops(skel, proj))
    nb = j["neck_base"]
    neck_low = add(nb, skel.tp((0, 1.0, 0)))
    trunk.shapes.append(capsule_ops(xy(neck_low), 5.6, xy(add(j["head_pivot"], mat_vec(skel.rneck, (0, 1.5, -0.3)))), 5.0))
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
        hd, kd = dep(j["hip_" + s]) - trunk_depth, dep(j["knee_" + s]) - trunk_depth
        raised = proj.ground(j["knee_" + s])[1] - proj.ground(j["hip_" + s])[1] > 20.0
        if raised and kd > (4.0 if hd < -4.0 else 16.0):
            # a thigh raised over the body toward the viewer (or the far leg pulled across it): its own
            # outline in front, so it does not melt into the belly
            items.append(Item("leg_" + s, dep(lerp(j["hip_" + s], j["knee_" + s], 0.5)), leg))
        elif hd < -4.0:  # the far leg: behind the trunk
            items.append(Item("leg_" + s, trunk_depth - 12.0 + hd * 0.01, leg))
        else:
            trunk.shapes.extend(leg)

    # ---- head
    items.append(_head_item(skel, proj))

    # ---- arms: a whole arm is one outline unless the trunk or head comes between its parts (the
    # head only if it does in the picture too: a far arm reaching past the head keeps no seam)
    body = [(it.depth, it.group, it.shapes) for it in items]
    for s in ("r", "l"):
        sh, el, wr = j["shoulder_" + s], j["elbow_" + s], j["wrist_" + s]
        fd, th = skel.arm[s], skel.thumb[s]
        knuck, tip = add(wr, mul(fd, 9.0)), add(wr, mul(fd, 15.0))
        # a mitten: the thumb stands well out of the palm, bigger than life, so that a thumb
        # turned up (or forward) still reads at card size
        thumb0, thumb1 = add(wr, add(mul(fd, 2.5), mul(th, 1.5))), add(wr, add(mul(fd, 5.5), mul(th, 6.8)))
        # the deltoid: a little below and outside the joint, so the shoulder line runs on from the trapezius
        out = skel.tp((-1.0 if s == "r" else 1.0, 0, 0))
        delt = add(add(sh, mul(out, 0.6)), mul(unit(sub(el, sh)), 1.8))
        segs = [
            [ellipse_ops(xy(delt), 5.3, 5.3), capsule_ops(xy(delt), 5.0, xy(el), 3.7)],
            [capsule_ops(xy(el), 3.6, xy(wr), 2.5)],
            [capsule_ops(xy(wr), 2.6, xy(knuck), 3.1), capsule_ops(xy(knuck), 3.0, xy(tip), 2.0),
             capsule_ops(xy(thumb0), 2.2, xy(thumb1), 1.7)],
        ]
        ds = [dep(lerp(sh, el, 0.5)), dep(lerp(el, wr, 0.5)), dep(lerp(wr, tip, 0.5))]
        runs: list[Item] = []
        for seg, d in zip(segs, ds):
            if runs:
                lo, hi = sorted((runs[-1].depth, d))
                between = [(group, shapes) for bd, group, shapes in body if lo < bd < hi]
                if all(group == "head" and not _overlap(_box(shapes), _box(seg)) for group, shapes in between):
                    runs[-1].shapes.extend(seg)
                    if not between:
                        runs[-1].depth = max(runs[-1].depth, d)
                    continue
            runs.append(Item("arm_" + s, d, list(seg)))
            if not runs[1:]:
                runs[0].shoulder = (xy(delt), 6.4)
        items.extend(runs)

    items.sort(key=lambda it: it.depth)
    ground = {k: proj.ground(v) for k, v in j.items()}
    pts = {k: proj.view(g)[:2] for k, g in ground.items()}
    return Figure(items, pts, ground, proj, skel)


def _box(shapes):
    """The bounding box of outline shapes (page cm)."""
    pts = [p for ops in shapes for p in ops_points(ops)]
    return min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _trunk_ops(skel, proj):
    axis3 = proj.vec(skel.tp((0, 1.0, 0)))
    ax = (axis3[0], axis3[1])
    n = math.hypot(*ax)
    ax = (ax[0] / n, ax[1] / n) if n > 1e-6 else (0.0, 1.0)
    nrm = (-ax[1], ax[0])
    side_a, side_b = [], []
    for i, lw in enumerate(SECTION_LIFT):
        y, hw, hd, zc = section(skel, i)
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
    calf = lerp(knee, ankle, 0.3)
    calf_back = add(calf, mul(unit(sub(j["heel_" + s], j["ball_" + s])), 1.4))
    heel, ball, toe = j["heel_" + s], j["ball_" + s], j["toe_" + s]
    return [
        capsule_ops(xy(hip), 8.6, xy(knee), KNEE_R),
        capsule_ops(xy(knee), 5.2, xy(calf_back), 5.4),
        capsule_ops(xy(calf_back), 5.4, xy(ankle), 3.2),
        capsule_ops(xy(ankle), 3.3, xy(heel), 3.0),
        capsule_ops(xy(heel), 3.0, xy(ball), 2.7),
        capsule_ops(xy(ankle), 3.0, xy(ball), 2.7),
        capsule_ops(xy(ball), 2.7, xy(toe), 2.0),
    ]


# (centre, semi-axes, tilt about the ear axis) in the head frame, cm
_HEAD_PARTS = (
    (CRANIUM[0], CRANIUM[1], 0),                # cranium
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
# The hair's edge at the nape, behind one ear round to the other, and strands down the back of the head
# from the crown: a head seen from behind reads as the back of a head, not a face left blank.
_NAPE = ((96, -1.0), (130, -3.5), (180, -4.5), (230, -3.5), (264, -1.0))
_STRANDS = tuple(((180 + d * 0.3, 10.5), (180 + d * 0.8, 6.0), (180 + d, 1.5)) for d in (-30, 0, 30))
#: How far the face turns away before the back of the head shows its strands (1 = facing the viewer).
_BACK_FACING = -0.2


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
        nv = proj.vec(mat_vec(rh, unit(n)))
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
        c, a, b, ang = _ellipsoid_2d(proj, hp(centre), mat_mul(rh, rot_x(rot)), axes)
        it.shapes.append(ellipse_ops(c, a, b, ang))
    fwd = proj.vec(mat_vec(rh, (0, 0, 1.0)))
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
        n3 = proj.vec(mat_vec(rh, unit((sx * 0.45, 0.0, 0.9))))
        if n3[2] > 0.12 and facing > -0.1:
            e0, e1 = hp((sx * 1.9, 0.9, 7.9)), hp((sx * 4.0, 0.9, 7.0))
            it.lines.append([("M", proj.xy(e0)), ("L", proj.xy(e1))])
    # mouth
    if facing > 0.15:
        it.lines.append(spline_ops([proj.xy(hp((-1.4, -6.3, 7.8))), proj.xy(hp((0, -6.4, 8.3))),
                                    proj.xy(hp((1.4, -6.3, 7.8)))]))
    it.lines.extend(_surface_runs(proj, rh, hp, _HAIRLINE))
    it.lines.extend(_surface_runs(proj, rh, hp, _NAPE))
    if facing < _BACK_FACING:
        for strand in _STRANDS:
            it.lines.extend(_surface_runs(proj, rh, hp, strand, steps=10))
    for s, sx in (("r", -1), ("l", 1)):
        out3 = proj.vec(mat_vec(rh, (sx * 1.0, 0, 0)))
        centre = hp((sx * 7.4, -1.0, -0.9))
        c, a, b, ang = _ellipsoid_2d(proj, centre, rh, (1.3, 3.1, 2.1))
        if abs(out3[2]) < 0.45:
            it.shapes.append(ellipse_ops(c, a, b, ang))  # ear on the outline (front/back view)
        elif out3[2] > 0:
            pts = [proj.xy(hp((sx * 7.9, -1.2 + 2.5 * math.sin(math.radians(a)), -1.4 + 1.6 * math.cos(math.radians(a)))))
                   for a in range(70, 291, 22)]
            it.lines.append(spline_ops(pts))
    return it
