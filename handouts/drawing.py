"""Exercise line drawings: a short YAML spec -> the PDF operators that draw it.

A spec poses the one body model in ``handouts.figure`` and adds props and arrows::

    view: side                 # front | side | side-left | back | degrees
    position: sitting          # standing | sitting | lying | prone | all-fours
    frame: upper               # full | upper (head to seat) | head (head and shoulders)
    props: [chair]             # chair | mat | floor | table | door | wall | {ball|towel|band: landmark}
    pose: {head: {nod: 0}}     # the start position
    end_pose: {head: {nod: 40}}  # only what changes at the end: drawn as a second panel
    panels: 2                  # 1: one picture, the other pose a dashed ghost (``solid`` picks which is black)
    one_pose: a hold           # instead of an end_pose: why one pose shows the exercise
    arrows:
      - follow: chin           # a landmark's path from start to end
        offset: 4

See docs/drawings.md for every key.
"""

from __future__ import annotations

import copy
import functools
import math
import pathlib

import yaml
from reportlab.lib import colors

from handouts import figure as fig
from handouts.styles import luma
from handouts.vector import PathWriter, path_code

DEFAULT_ACCENT = colors.HexColor("#0F6E7A")
INK = colors.black
GHOST = colors.Color(0.55, 0.55, 0.55)
GHOST_MONO = colors.Color(0.4, 0.4, 0.4)  # black and white: no grey lighter than 60% ...
MONO_MIN_LW = 0.95                        # ... and no line under 0.6 pt (a cheap laser printer drops both)
GHOST_LW = 0.8   # ghost outline width, relative to the solid figure's
PROP_FILL = colors.Color(0.9, 0.9, 0.9)
PAPER = colors.white
MAX_ACCENT_LUMA = 0.4  # arrows must stay dark on a greyscale printer

_TOP_KEYS = {"view", "position", "frame", "props", "pose", "end_pose", "solid", "arrows", "title", "camera",
             "panels", "one_pose"}
_FRAMES = ("full", "upper", "head")
_PROPS = ("chair", "mat", "floor", "table", "door", "wall")
#: Props placed at a landmark: {ball: scapula_r}, {towel: neck}, {band: [hand_r, hand_l]} or {band: hand_r}
#: (tied to a door handle ahead of the hand).
_PLACED_PROPS = ("ball", "towel", "band")
_DEFAULT_PROPS = {"standing": ["floor"], "sitting": ["chair", "floor"], "lying": ["mat"], "prone": ["mat"],
                  "all-fours": ["mat"]}
_ARROW_KINDS = ("follow", "arc", "line")
_ARROW_KEYS = {
    "follow": {"offset", "trim", "both", "shift"},
    "arc": {"radius", "from", "to", "both", "shift", "at", "squash"},
    "line": {"angle", "length", "gap", "both", "shift", "at"},
}


# ----------------------------------------------------------------- loading


def drawing_path(images_dir: pathlib.Path, exercise_id: str) -> pathlib.Path | None:
    """``images_dir/drawings/<id>.yaml`` if it exists, else None."""
    path = pathlib.Path(images_dir) / "drawings" / f"{exercise_id}.yaml"
    return path if path.is_file() else None


def _parse(text: str):
    """yaml.safe_load, with libyaml's safe parser where there is one: drawings ship with handouts,
    like the content library, and it reads them several times faster. On an error PyYAML's own
    parser reads the text again: its messages name what they found (the tab, the alias)."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        loader = fast(text)
        try:
            return loader.get_single_data()
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    return yaml.safe_load(text)


@functools.lru_cache(maxsize=256)
def _load(path: str, mtime: float) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = _parse(fh.read())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"{path}: {where}not valid YAML ({problem})") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror})") from None
    return _check(data, path)


def load_spec(path) -> dict:
    """Read and check a drawing spec; ValueError('<path>: <problem>') if it is malformed."""
    p = pathlib.Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror})") from None
    return copy.deepcopy(_load(str(p), mtime))


@functools.lru_cache(maxsize=1)
def landmark_names() -> frozenset:
    """Every landmark a spec may name (arrows, ``reach``)."""
    pose = fig.full_pose({}, "standing")
    return frozenset(fig.landmarks(pose, "standing", 0.0, 0.0))


def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check(data, where) -> dict:
    """A normalised copy of a spec, or ValueError naming the first problem."""

    def bad(msg):
        raise ValueError(f"{where}: {msg}")

    if not isinstance(data, dict):
        bad("a drawing spec must be a mapping (view:, position:, pose:, ...)")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        bad(f"unknown key '{sorted(unknown)[0]}' (expected one of: {', '.join(sorted(_TOP_KEYS))})")
    out = {}
    view = data.get("view", "front")
    if not (_num(view) or view in fig.VIEWS):
        bad(f"view: '{view}' is not one of {', '.join(fig.VIEWS)} or a number of degrees")
    out["view"] = view
    cam = data.get("camera", 0)
    if not (_num(cam) and -10 <= cam <= 40):
        bad(f"camera: {cam!r} must be a number of degrees from -10 to 40 (how far the camera looks down)")
    out["camera"] = cam
    pos = data.get("position", "standing")
    if pos not in fig.POSITIONS:
        bad(f"position: '{pos}' is not one of {', '.join(fig.POSITIONS)}")
    out["position"] = pos
    frame = data.get("frame", "full")
    if frame not in _FRAMES:
        bad(f"frame: '{frame}' is not one of {', '.join(_FRAMES)}")
    out["frame"] = frame
    props = data.get("props", _DEFAULT_PROPS[pos])
    if props is None:
        props = []
    if not isinstance(props, list):
        bad(f"props: must be a list of {', '.join(_PROPS)}, or {{ball|towel|band: landmark}}")
    for i, prop in enumerate(props):
        if isinstance(prop, dict):
            if len(prop) != 1 or next(iter(prop)) not in _PLACED_PROPS:
                bad(f"props[{i}]: a placed prop is one of {', '.join(_PLACED_PROPS)} with its landmark, e.g. {{ball: scapula_r}}")
            kind, place = next(iter(prop.items()))
            spots = place if kind == "band" and isinstance(place, list) and len(place) == 2 else [place]
            for spot in spots:
                if not isinstance(spot, str) or spot not in landmark_names():
                    bad(f"props[{i}].{kind}: unknown landmark {spot!r}")
        elif prop not in _PROPS:
            bad(f"props[{i}]: '{prop}' is not one of {', '.join(_PROPS)}, or {{ball|towel|band: landmark}}")
    out["props"] = copy.deepcopy(props)
    solid = data.get("solid", "start")
    if solid not in ("start", "end"):
        bad(f"solid: '{solid}' must be start or end")
    out["solid"] = solid
    panels = data.get("panels", 2 if data.get("end_pose") else 1)
    if panels not in (1, 2) or isinstance(panels, bool):
        bad(f"panels: {panels!r} must be 1 (one picture, the other pose dashed) or 2 (start and end side by side)")
    if panels == 2 and not data.get("end_pose"):
        bad("panels: 2 needs an end_pose (the second panel shows it)")
    out["panels"] = panels
    one_pose = data.get("one_pose")
    if one_pose is not None:
        if not (isinstance(one_pose, str) and one_pose.strip()):
            bad("one_pose: must say in words why one pose shows the exercise (e.g. 'a circle: the arrow shows it')")
        if data.get("end_pose"):
            bad("one_pose: a drawing with an end_pose shows two poses; drop one_pose or end_pose")
    out["one_pose"] = one_pose
    names = landmark_names()
    for key in ("pose", "end_pose"):
        pose = data.get(key) or {}
        if not isinstance(pose, dict):
            bad(f"{key}: must be a mapping of body parts ({', '.join(fig.PARTS)})")
        for part, vals in pose.items():
            if part not in fig.PARTS:
                bad(f"{key}: unknown body part '{part}' (expected one of: {', '.join(fig.PARTS)})")
            if not isinstance(vals, dict):
                bad(f"{key}.{part}: must be a mapping like {{{next(iter(fig.PARAMS[fig.PARTS[part]]))}: 20}}")
            table = fig.PARAMS[fig.PARTS[part]]
            for k, v in vals.items():
                here = f"{key}.{part}.{k}"
                if fig.PARTS[part] == "arm" and k == "reach":
                    if isinstance(v, str):
                        if v not in names:
                            bad(f"{here}: unknown landmark '{v}'")
                    elif not (isinstance(v, list) and len(v) == 3 and all(_num(x) for x in v)):
                        bad(f"{here}: must be a landmark name or [x, y, z] in cm")
                    continue
                if fig.PARTS[part] == "arm" and k == "elbow_dir":
                    if isinstance(v, str) and v in fig.ELBOW_DIRS:
                        continue
                    if isinstance(v, list) and len(v) == 3 and all(_num(x) for x in v):
                        continue
                    bad(f"{here}: must be one of {', '.join(fig.ELBOW_DIRS)} or [x, y, z]")
                if k not in table:
                    bad(f"{here}: unknown parameter (expected one of: {', '.join(table)})")
                if not _num(v):
                    bad(f"{here}: must be a number, not {v!r}")
                lo, hi = table[k][1], table[k][2]
                if not lo <= v <= hi:
                    bad(f"{here}: {v} is out of range ({lo}..{hi})")
        out[key] = copy.deepcopy(pose)
    arrows = data.get("arrows") or []
    if not isinstance(arrows, list):
        bad("arrows: must be a list")
    out["arrows"] = []
    for i, a in enumerate(arrows):
        here = f"arrows[{i}]"
        if not isinstance(a, dict):
            bad(f"{here}: must be a mapping like {{follow: nose}}")
        kinds = [k for k in _ARROW_KINDS if k in a]
        if len(kinds) != 1:
            bad(f"{here}: needs exactly one of {', '.join(_ARROW_KINDS)}")
        kind = kinds[0]
        if a[kind] not in names:
            bad(f"{here}.{kind}: unknown landmark '{a[kind]}'")
        extra = set(a) - _ARROW_KEYS[kind] - {kind}
        if extra:
            bad(f"{here}: unknown key '{sorted(extra)[0]}' for a {kind} arrow")
        if kind == "follow" and not data.get("end_pose"):
            bad(f"{here}: a follow arrow needs an end_pose")
        if "squash" in a and not (_num(a["squash"]) and 0.1 <= a["squash"] <= 1):
            bad(f"{here}.squash: must be a number from 0.1 to 1")
        for k in ("offset", "radius", "from", "to", "angle", "length", "gap"):
            if k in a and not _num(a[k]):
                bad(f"{here}.{k}: must be a number")
        if kind == "arc" and not all(k in a for k in ("radius", "from", "to")):
            bad(f"{here}: an arc arrow needs radius, from and to")
        if kind == "line" and not all(k in a for k in ("angle", "length")):
            bad(f"{here}: a line arrow needs angle and length")
        for k in ("shift", "trim"):
            if k in a and not (isinstance(a[k], list) and len(a[k]) == 2 and all(_num(x) for x in a[k])):
                bad(f"{here}.{k}: must be a pair of numbers")
        if "at" in a and a["at"] not in ("start", "end"):
            bad(f"{here}.at: must be start or end")
        out["arrows"].append(dict(a))
    return out


# ----------------------------------------------------------------- geometry


def _yaw(view):
    return float(view) if _num(view) else fig.VIEWS[view]


def _pose_at(p0, p1, t, sk0, sk1):
    """Blend two full poses; an arm that reaches in either pose blends its palm position."""
    out = fig.blend_pose(p0, p1, t)
    for s in ("r", "l"):
        a0, a1 = p0["arm_" + s], p1["arm_" + s]
        if "reach" in a0 or "reach" in a1:
            h0, h1 = sk0.j["hand_" + s], sk1.j["hand_" + s]
            arm = dict(out["arm_" + s])
            arm["reach"] = fig._lerp(h0, h1, t)
            arm["elbow_dir"] = (a1 if "reach" in a1 else a0).get("elbow_dir", "out")
            out["arm_" + s] = arm
    return out


def _box(g0, g1):
    """The 8 corners of an axis-aligned box in the ground frame."""
    return [(x, y, z) for x in (g0[0], g1[0]) for y in (g0[1], g1[1]) for z in (g0[2], g1[2])]


def _hull(pts):
    pts = sorted(set(pts))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _props(spec, f):
    """Prop outlines in page cm, placed from figure ``f``: (furniture back to front, a ball or
    towel in front of it, a band that goes over the body)."""
    boxes = []
    g = f.ground
    pel = g["pelvis"]
    if "chair" in spec["props"] and spec["position"] == "sitting":
        top = pel[1] - fig.SEAT_BELOW_HIP
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
        hands = [(g["hand_" + s], s) for s in ("r", "l")]
        # the hand resting furthest forward holds the table
        hand = max(hands, key=lambda h: h[0][2])[0]
        top = hand[1] - 2.8
        z0, z1 = hand[2] - 14.0, hand[2] + 40.0
        x0, x1 = hand[0] - 35.0, hand[0] + 35.0
        boxes += [((x0, top - 4.0, z0), (x1, top, z1)), ((x0 + 2, 0.0, z1 - 6), (x0 + 6, top - 4.0, z1 - 2)),
                  ((x1 - 6, 0.0, z1 - 6), (x1 - 2, top - 4.0, z1 - 2))]
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
    if "wall" in spec["props"]:
        # flat against the back of the head, the shoulder blades and the low back (or the ball between)
        back = [g[k][2] for k in ("head_back", "scapula_r", "scapula_l", "low_back", "pelvis")]
        back += [g[where][2] - BALL_R for kind, where in placed if kind == "ball"]
        z = min(back) - (0.0 if any(kind == "ball" for kind, _ in placed) else 1.0)
        top = g["head_top"][1] + 25.0
        boxes.append(((-45.0, 0.0, z - 10.0), (45.0, top, z)))
    out = []
    for g0, g1 in boxes:
        pts = [f.proj.view(c) for c in _box(g0, g1)]
        hull = _hull([(p[0], p[1]) for p in pts])
        depth = sum(p[2] for p in pts) / 8
        ops = [("M", hull[0])] + [("L", p) for p in hull[1:]] + [("Z",)]
        out.append((depth, ops))
    out.sort(key=lambda d: d[0])
    held, front = [], []
    for kind, where in placed:
        if kind == "ball":
            held.append(fig.ellipse_ops(f.points[where], BALL_R, BALL_R))
        elif kind == "towel":  # rolled up across the body; lying down, it rests on the mat under the landmark
            x, y, z = g[where]
            if fig.PITCH[spec["position"]]:
                y = fig.MAT_TOP + TOWEL_R
            ends = [f.proj.view((x + dx, y, z)) for dx in (-TOWEL_HALF, TOWEL_HALF)]
            held.append(fig.capsule_ops(ends[0][:2], TOWEL_R, ends[1][:2], TOWEL_R))
        else:  # an elastic band between two hands, or from one hand to a door frame straight ahead
            spots = where if isinstance(where, list) else [where]
            a = g[spots[0]]
            b = g[spots[1]] if len(spots) == 2 else (a[0], a[1], a[2] + BAND_REACH)
            front.append(fig.capsule_ops(f.proj.view(a)[:2], BAND_R, f.proj.view(b)[:2], BAND_R))
            if len(spots) == 1:
                jamb = ((b[0] - 5.0, 0.0, b[2]), (b[0] + 5.0, DOOR_HEIGHT, b[2] + 10.0))
                pts = [f.proj.view(c) for c in _box(*jamb)]
                hull = _hull([(q[0], q[1]) for q in pts])
                out.insert(0, (0.0, [("M", hull[0])] + [("L", q) for q in hull[1:]] + [("Z",)]))
    return [ops for _, ops in out], held, front


DOOR_HEIGHT = 200.0  # cm: a door frame's opening, whole in the picture
BALL_R = 6.5         # a massage ball (a tennis ball is 3.4: too small to read at card size)
TOWEL_R, TOWEL_HALF = 3.5, 20.0  # a rolled towel's radius and half length
BAND_R, BAND_REACH = 0.7, 70.0   # an exercise band's half width; how far ahead its handle is


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
    """The seat slab of a cropped seated figure: (depth, ops, bottom y on the page)."""
    pel = f.ground["pelvis"]
    top = pel[1] - fig.SEAT_BELOW_HIP
    pts = [f.proj.view(c) for c in _box((-SEAT_W, top - SEAT_T, pel[2] - 20.0), (SEAT_W, top, pel[2] + 22.0))]
    hull = _hull([(p[0], p[1]) for p in pts])
    ops = [("M", hull[0])] + [("L", p) for p in hull[1:]] + [("Z",)]
    return ops, min(p[1] for p in hull)


def _mat(spec, f):
    if "mat" not in spec["props"]:
        return []
    xs = [p[0] for k, p in f.points.items()]
    x0, x1 = min(xs) - 12.0, max(xs) + 12.0
    return [[("M", (x0, 0.0)), ("L", (x1, 0.0)), ("L", (x1, fig.MAT_TOP)), ("L", (x0, fig.MAT_TOP)), ("Z",)]]


def _arrow_points(a, spec, figs, poses, default_at):
    """Points (page cm) along one arrow, tail to head; an arc or line is placed on the figure it
    names with ``at`` (else ``default_at``)."""
    kind = next(k for k in _ARROW_KINDS if k in a)
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
            pts.append(fig.landmark(name, _pose_at(p0, p1, t, sk0, sk1), spec["position"], _yaw(spec["view"]),
                                    fig.PITCH[spec["position"]], spec["camera"]))
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


# ----------------------------------------------------------------- render


def _darken(c, mono):
    r, g, b = c.red, c.green, c.blue
    grey = luma(c)
    if grey > MAX_ACCENT_LUMA:
        k = MAX_ACCENT_LUMA / grey
        r, g, b, grey = r * k, g * k, b * k, MAX_ACCENT_LUMA
    if mono:
        return colors.Color(grey, grey, grey)
    return colors.Color(r, g, b)


def _outline(out, shapes, lines, place, lw, ink, fill=PAPER, dash=None):
    """One outline around several overlapping shapes: stroke all (2x wide), then fill all.
    ``place`` (scale, dx, dy) takes figure cm to points; ``dash`` (on, off) points dashes the outline."""
    codes = [path_code(ops, *place) for ops in shapes]
    for code in codes:
        if dash:
            out.path(code, stroke=ink, width=2 * lw, cap=0, dash=dash)
        else:
            out.path(code, stroke=ink, width=2 * lw)
    for code in codes:
        out.path(code, fill=fill)
    for ops in lines:
        out.path(path_code(ops, *place), stroke=ink, width=0.8 * lw)


def _runs(items):
    """Consecutive items of one group, merged: [(group, shapes, lines, shoulders)]."""
    runs = []
    for it in items:
        if not (runs and runs[-1][0] == it.group):
            runs.append([it.group, [], [], []])
        runs[-1][1].extend(it.shapes)
        runs[-1][2].extend(it.lines)
        if it.shoulder:
            runs[-1][3].append(it.shoulder)
    return [(gr, s, l, sh) for gr, s, l, sh in runs if s or l]


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


class _Scene:
    """One picture of the person, in figure cm: the solid figure, a dashed ghost of the other
    pose (one-panel drawings), the props, the arrows, and the box the frame shows."""

    __slots__ = ("arrows", "box", "cut", "figure", "floor_y", "front", "ghost", "held", "mat", "props")


def _ghost_items(solid, ghost):
    """The ghost's shapes that differ from the solid pose's: only the parts that move."""
    seen = {_signature(s) for it in solid.items for s in it.shapes}
    items = []
    for it in ghost.items:
        keep = [s for s in it.shapes if _signature(s) not in seen]
        if keep:
            items.append(fig.Item(it.group, it.depth, keep, it.lines if it.group == "head" else []))
    return items


def _scene(spec, solid, ghost, arrows, props_from) -> _Scene:
    """Lay out one picture: ``solid`` drawn in black, ``ghost`` (or None) dashed, props placed from
    the figure ``props_from`` (the same props in both panels of a two-panel drawing)."""
    sc = _Scene()
    sc.figure, sc.arrows = solid, arrows
    sc.ghost = _ghost_items(solid, ghost) if ghost is not None else []
    bust = _bust(spec)
    cut = None
    if bust:
        # cropped at the seat: the seat slab covers the bottom of the trunk, the arms lie on top
        seat_ops, cut = _seat(solid)
        hands = [solid.points[k][1] for k in ("fingers_r", "fingers_l", "hand_r", "hand_l")]
        cut = min(cut, min(hands) - 1.5)
        trunk_item = next(it for it in solid.items if it.group == "trunk")
        solid.items.append(fig.Item("seat", trunk_item.depth + 0.01, [seat_ops]))
        solid.items.sort(key=lambda it: it.depth)
    sc.props, sc.held, sc.front = _props(spec, props_from) if spec["frame"] != "head" and not bust else ([], [], [])
    sc.mat = _mat(spec, solid)
    body_pts = [p for it in solid.items + sc.ghost for s in it.shapes for p in fig.ops_points(s)]
    arrow_pts = [p for _, pts in arrows for p in pts]
    prop_pts = [p for ops in sc.props + sc.held + sc.front for p in fig.ops_points(ops)]
    mat_pts = [p for m in sc.mat for p in fig.ops_points(m)]
    (x0, y0, x1, y1), sc.cut = _frame_box(spec, solid, cut, body_pts + arrow_pts + prop_pts + mat_pts)
    sc.floor_y = None
    if "floor" in spec["props"] and _whole(spec) and not fig.PITCH[spec["position"]]:
        sc.floor_y = min(p[1] for p in body_pts) + 0.3 if spec["camera"] else 0.0
        y0 = min(y0, sc.floor_y - 1.0)
    sc.box = (x0, y0, x1, y1)
    return sc


def _figures(spec):
    """The start and end figures (the same one when there is no end pose) and their full poses."""
    pos = spec["position"]
    yaw, pitch, elev = _yaw(spec["view"]), fig.PITCH[pos], spec["camera"]
    legs = not _bust(spec)
    p0 = fig.full_pose(fig.merge_pose({}, spec["pose"]), pos)
    figs = {"start": fig.build(p0, pos, yaw, pitch, elev, legs=legs)}
    p1 = None
    if spec["end_pose"]:
        p1 = fig.full_pose(fig.merge_pose(spec["pose"], spec["end_pose"]), pos)
        figs["end"] = fig.build(p1, pos, yaw, pitch, elev, legs=legs)
    else:
        figs["end"] = figs["start"]
    return figs, (p0, p1)


def _scenes(spec):
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
        scenes.append(_scene(spec, figs[which], None, arrows, figs[which]))
    return scenes


def _union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def line_width(width: float, height: float, mono: bool = False) -> float:
    """The figure's outline width (points) for a picture this size. Every other line is a fixed
    fraction of it; in black and white the thinnest (a ghost's face lines, 0.64 of it) stays 0.6 pt."""
    lw = max(0.7, min(2.6, 1.4 * min(width, height) / 108.0))
    return max(lw, MONO_MIN_LW) if mono else lw


def render(spec: dict, width: float, height: float, *, accent=None, mono: bool = False) -> str:
    """The PDF operators of the spec's drawing, exactly ``width`` x ``height`` points from the
    origin: one panel, or the start and end side by side (or one above the other, whichever
    draws the person bigger) with an arrow between them."""
    spec = _check(spec, spec.get("title", "<drawing spec>") if isinstance(spec, dict) else "<drawing spec>")
    scenes = _scenes(spec)
    x0, y0, x1, y1 = _union([sc.box for sc in scenes])
    bw, bh = max(x1 - x0, 1e-3), max(y1 - y0, 1e-3)
    lw = line_width(width, height, mono)
    margin = 3.9 * lw + 0.01 * min(width, height)  # an arrow head and its white halo reach 3.8 lw past its line
    colour = _darken(accent or DEFAULT_ACCENT, mono)
    out = PathWriter()
    if len(scenes) == 1:
        s = min((width - 2 * margin) / bw, (height - 2 * margin) / bh)
        panels = [(0.0, 0.0, width, height)]
    else:
        gap = 7.0 * lw  # room for the arrow from start to end
        across = min((width - gap - 4 * margin) / (2 * bw), (height - 2 * margin) / bh)
        down = min((width - 2 * margin) / bw, (height - gap - 4 * margin) / (2 * bh))
        s = max(across, down)
        if across >= down:
            half = width / 2 - gap / 2
            panels = [(0.0, 0.0, half, height), (width - half, 0.0, width, height)]
        else:
            half = height / 2 - gap / 2
            panels = [(0.0, height - half, width, height), (0.0, 0.0, width, half)]
    for sc, (px0, py0, px1, py1) in zip(scenes, panels):
        ox = (px0 + px1 - s * (x0 + x1)) / 2
        oy = (py0 + py1 - s * (y0 + y1)) / 2
        _draw_scene(out, spec, sc, (s, ox, oy), (px0, py0, px1, py1), (x0, x1), lw, colour, mono)
    if len(scenes) == 2:
        (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = panels
        if ax1 < bx0:  # side by side: across the gap, level with the middle of the figures
            y = (ay0 + ay1) / 2
            tail, tip = (ax1 - 1.2 * lw, y), (bx0 + 1.2 * lw, y)
        else:
            x = (ax0 + ax1) / 2
            tail, tip = (x, ay0 + 1.2 * lw), (x, by1 - 1.2 * lw)
        out.begin_group()
        _arrow(out, [tail, tip], lw, colour, False)
        out.end_group()
    return out.text()


def _draw_scene(out, spec, sc, place, panel, xs, lw, colour, mono):
    """Draw one scene into its panel: floor, mat and props, the ghost, the figure, then the arrows."""
    s, ox, oy = place
    px0, py0, px1, py1 = panel

    def tf(p):
        return (ox + s * p[0], oy + s * p[1])

    prop_fill = PAPER if mono else PROP_FILL
    ghost_ink = GHOST_MONO if mono else GHOST
    out.begin_group()
    # the figure is clipped to its panel (and, cropped at the seat, to above the cut)
    bottom = max(py0, tf((0.0, sc.cut))[1] - 0.5 * lw) if sc.cut is not None else py0
    out.clip(_rect(px0, bottom, px1, py1))
    if sc.floor_y is not None:
        fx0, fx1 = xs[0] - 6.0, xs[1] + 6.0
        out.path(path_code([("M", (fx0, sc.floor_y)), ("L", (fx1, sc.floor_y))], *place), stroke=INK,
                 width=0.9 * lw, join=0)
    if sc.mat:
        _outline(out, sc.mat, [], place, 0.9 * lw, INK, prop_fill)
    if sc.props:
        _outline(out, sc.props, [], place, 0.75 * lw, INK, prop_fill)
    if sc.held:  # a ball or a towel, outlined on its own in front of the wall or the mat
        _outline(out, sc.held, [], place, 0.75 * lw, INK, PAPER)
    solid = sc.figure
    trunk = [it for it in solid.items if it.group == "trunk"][0]
    # a ghost arm in front of the body (a side view's near arm) is drawn over the solid
    # trunk, under the solid head and arms (not lying down: it would cross the legs); every
    # other ghost part goes behind everything
    centre = trunk.depth + 9.0
    over = [it for it in sc.ghost if it.group.startswith("arm_") and it.depth > centre and not fig.PITCH[spec["position"]]]
    for _, shapes, lines, _ in _runs([it for it in sc.ghost if not any(it is o for o in over)]):
        _outline(out, shapes, lines, place, GHOST_LW * lw, ghost_ink, dash=_ghost_dash(lw))
    trunk_drawn = False
    for group, shapes, lines, shoulders in _runs(solid.items):
        if over and trunk_drawn and group != "seat":
            for _, gshapes, glines, _ in _runs(over):
                _outline(out, gshapes, glines, place, GHOST_LW * lw, ghost_ink, dash=_ghost_dash(lw))
            over = []
        if group == "seat":
            _outline(out, shapes, lines, place, 0.75 * lw, INK, prop_fill)
            continue
        _outline(out, shapes, lines, place, lw, INK)
        trunk_drawn = trunk_drawn or any(sh is trunk.shapes[0] for sh in shapes)
        for centre, r in shoulders if trunk_drawn else ():
            # blend the top of the arm into the trunk: no seam across the shoulder
            out.begin_group()
            rr = r * s + 1.9 * lw
            out.clip(path_code(fig.ellipse_ops(tf(centre), rr, rr)), nonzero=True, round_ends=True)
            for ops in trunk.shapes:
                out.path(path_code(ops, *place), fill=PAPER)
            out.end_group()
    if sc.front:  # a band the hands hold lies over the body
        _outline(out, sc.front, [], place, 0.75 * lw, INK, prop_fill)
    out.end_group()
    out.begin_group()
    out.clip(_rect(px0, py0, px1, py1))
    for a, pts in sc.arrows:
        _arrow(out, [tf(p) for p in pts], lw, colour, a.get("both", False))
    out.end_group()


def _ghost_dash(lw):
    """The ghost's dashes: long enough to read as a line, gaps wide enough to survive a laser printer."""
    return (2.6 * lw, 1.7 * lw)


def _rect(x0, y0, x1, y1):
    return path_code([("M", (x0, y0)), ("L", (x1, y0)), ("L", (x1, y1)), ("L", (x0, y1)), ("Z",)])


def _arrow(out, pts, lw, colour, both):
    """A dark arrow with a white halo and a solid head (at both ends if asked)."""
    shaft_w, head_l, head_w = 1.3 * lw, 4.6 * lw, 2.7 * lw

    def head(tip, prev):
        dx, dy = tip[0] - prev[0], tip[1] - prev[1]
        n = math.hypot(dx, dy) or 1.0
        ux, uy = dx / n, dy / n
        base = (tip[0] - ux * head_l, tip[1] - uy * head_l)
        return [tip, (base[0] - uy * head_w, base[1] + ux * head_w), (tip[0] - ux * head_l * 0.72, tip[1] - uy * head_l * 0.72),
                (base[0] + uy * head_w, base[1] - ux * head_w)]

    def back_from(pts, dist):
        """The point ``dist`` back along the polyline from its end, and the index before it."""
        acc = 0.0
        for i in range(len(pts) - 1, 0, -1):
            seg = math.dist(pts[i], pts[i - 1])
            if acc + seg >= dist:
                t = (dist - acc) / seg
                return (pts[i][0] + (pts[i - 1][0] - pts[i][0]) * t, pts[i][1] + (pts[i - 1][1] - pts[i][1]) * t), i
            acc += seg
        return pts[0], 1

    heads = []
    shaft = list(pts)
    for end in ([True, False] if both else [True]):
        line = shaft if end else shaft[::-1]
        ref, _ = back_from(line, head_l)
        h = head(line[-1], ref)
        cut, i = back_from(line, head_l * 0.6)
        line = line[:i] + [cut]
        shaft = line if end else line[::-1]
        heads.append(h)
    shaft_code = path_code(fig.spline_ops(shaft) if len(shaft) > 2 else [("M", shaft[0]), ("L", shaft[-1])])
    head_codes = [path_code([("M", h[0])] + [("L", p) for p in h[1:]] + [("Z",)]) for h in heads]
    # the white halo first, under the whole arrow
    out.path(shaft_code, stroke=PAPER, width=shaft_w + 2.2 * lw)
    for code in head_codes:
        out.path(code, stroke=PAPER, fill=PAPER, width=2.2 * lw)
    out.path(shaft_code, stroke=colour, width=shaft_w, cap=0)
    for code in head_codes:
        out.path(code, stroke=colour, fill=colour, width=0.4 * lw)
