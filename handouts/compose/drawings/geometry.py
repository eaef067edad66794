"""The sums behind the drawings: 3-vectors and rotations (tuples, for speed), and 2D paths.

A path is a list of ops: ("M", p) ("L", p) ("C", p1, p2, p3) ("Z",), p = (x, y).
"""

from __future__ import annotations

import math


def add(a, b):
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a, b):
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def mul(a, s):
    return (a[0] * s, a[1] * s, a[2] * s)


def dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def length(a):
    return math.sqrt(dot(a, a))


def cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def unit(a):
    n = length(a) or 1.0
    return (a[0] / n, a[1] / n, a[2] / n)


def lerp(a, b, t):
    return tuple(x + (y - x) * t for x, y in zip(a, b))


def rot_x(deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def rot_y(deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def rot_z(deg):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def mat_mul(a, b):
    (a0, a1, a2), (b0, b1, b2) = a, b
    return (
        (a0[0] * b0[0] + a0[1] * b1[0] + a0[2] * b2[0], a0[0] * b0[1] + a0[1] * b1[1] + a0[2] * b2[1],
         a0[0] * b0[2] + a0[1] * b1[2] + a0[2] * b2[2]),
        (a1[0] * b0[0] + a1[1] * b1[0] + a1[2] * b2[0], a1[0] * b0[1] + a1[1] * b1[1] + a1[2] * b2[1],
         a1[0] * b0[2] + a1[1] * b1[2] + a1[2] * b2[2]),
        (a2[0] * b0[0] + a2[1] * b1[0] + a2[2] * b2[0], a2[0] * b0[1] + a2[1] * b1[1] + a2[2] * b2[1],
         a2[0] * b0[2] + a2[1] * b1[2] + a2[2] * b2[2]),
    )


def mat_vec(m, v):
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


# 2D paths
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
    n = max(1, math.ceil(abs(a1 - a0) / (math.pi / 2) - 1e-9))
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


def box_corners(g0, g1):
    """The 8 corners of an axis-aligned box in the ground frame."""
    return [(x, y, z) for x in (g0[0], g1[0]) for y in (g0[1], g1[1]) for z in (g0[2], g1[2])]


def convex_hull(pts):
    pts = sorted(set(pts))
    if len(pts) < 3:
        return pts

    def turn(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
