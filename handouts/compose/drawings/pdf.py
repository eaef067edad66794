"""A drawing's scenes placed in their panels (start and end side by side, or one above the other)
and written as PDF operators: outlines, props, arrows, in colour or in black and white for a cheap
laser printer.
"""

from __future__ import annotations

import math

from reportlab.lib import colors

from handouts.compose.drawings import body
from handouts.compose.drawings import geometry as geo
from handouts.compose.drawings.scene import scenes
from handouts.compose.drawings.spec import check
from handouts.render.styles import luma
from handouts.render.vector import PathWriter, path_code

DEFAULT_ACCENT = colors.HexColor("#0F6E7A")
INK = colors.black
GHOST = colors.Color(0.55, 0.55, 0.55)
GHOST_MONO = colors.Color(0.4, 0.4, 0.4)  # black and white: no grey lighter than 60% ...
MONO_MIN_LW = 0.95                        # ... and no line under 0.6 pt (a cheap laser printer drops both)
GHOST_LW = 0.8   # ghost outline width, relative to the solid figure's
PROP_FILL = colors.Color(0.9, 0.9, 0.9)
PAPER = colors.white
MAX_ACCENT_LUMA = 0.4  # arrows must stay dark on a greyscale printer




def _darken(c, mono):
    r, g, b = c.red, c.green, c.blue
    grey = luma(c)
    if grey > MAX_ACCENT_LUMA:
        k = MAX_ACCENT_LUMA / grey
        r, g, b, grey = r * k, g * k, b * k, MAX_ACCENT_LUMA
    if mono:
        return colors.Color(grey, grey, grey)
    return colors.Color(r, g, b)


def _outline(out, shapes, lines, place, lw, ink, fill=PAPER, dash=None, zone=None):
    """One outline around several overlapping shapes: stroke all (2x wide), then fill all.
    ``place`` (scale, dx, dy) takes figure cm to points; ``dash`` (on, off) points dashes the outline;
    ``zone`` (a callable) shades the stretch zones on the fill, under the inner lines."""
    codes = [path_code(ops, *place) for ops in shapes]
    for code in codes:
        if dash:
            out.path(code, stroke=ink, width=2 * lw, cap=0, dash=dash)
        else:
            out.path(code, stroke=ink, width=2 * lw)
    for code in codes:
        out.path(code, fill=fill)
    if zone is not None:
        zone(codes)
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


def _union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def line_width(width: float, height: float, mono: bool = False) -> float:
    """The figure's outline width (points) for a picture this size. Every other line is a fixed
    fraction of it; in black and white the thinnest (a ghost's face lines, 0.64 of it) stays 0.6 pt."""
    lw = max(0.7, min(2.6, 1.4 * min(width, height) / 108.0))
    return max(lw, MONO_MIN_LW) if mono else lw


def width_for(spec: dict, height: float, most: float) -> float:
    """The width (points, at most ``most``) at which a one-panel drawing ``height`` points high fills its box:
    a narrow picture beside a line of text leaves the text the rest of the row."""
    spec = check(spec)
    x0, y0, x1, y1 = _union([sc.box for sc in scenes(spec)])
    margin = 3.9 * line_width(most, height) + 0.01 * height
    return min(most, (height - 2 * margin) * (x1 - x0) / max(y1 - y0, 1e-3) + 2 * margin)


def _layout(pictures, width: float, height: float, lw: float, label_room: float):
    """The scale (points per figure cm) and the panels (x0, y0, x1, y1 points) of one picture, or of the start
    and end side by side or one above the other, whichever draws the person bigger; with ``label_room``
    points kept at the foot of each of two panels for the word under its pose."""
    x0, y0, x1, y1 = _union([sc.box for sc in pictures])
    bw, bh = max(x1 - x0, 1e-3), max(y1 - y0, 1e-3)
    margin = 3.9 * lw + 0.01 * min(width, height)  # an arrow head and its white halo reach 3.8 lw past its line
    if len(pictures) == 1:
        return min((width - 2 * margin) / bw, (height - 2 * margin) / bh), [(0.0, 0.0, width, height)]
    gap = 7.0 * lw  # room for the arrow from start to end
    across = min((width - gap - 4 * margin) / (2 * bw), (height - label_room - 2 * margin) / bh)
    down = min((width - 2 * margin) / bw, (height - gap - 2 * label_room - 4 * margin) / (2 * bh))
    if across >= down:
        half = width / 2 - gap / 2
        return across, [(0.0, 0.0, half, height), (width - half, 0.0, width, height)]
    half = height / 2 - gap / 2
    return down, [(0.0, height - half, width, height), (0.0, 0.0, width, half)]


def label_spots(spec: dict, width: float, height: float, label_room: float, *,
                mono: bool = False) -> list[tuple[float, float]]:
    """Where the word under each pose of a two-panel drawing is centred (points from the box's corner): in the
    middle of its panel, in a band ``label_room`` high just under the pictures (a panel taller than its picture
    would leave the word far below it); [] for a one-panel drawing, which has no start and end apart to name.
    ``render`` with the same ``label_room`` keeps that room free."""
    spec = check(spec)
    pictures = scenes(spec)
    if len(pictures) == 1:
        return []
    s, panels = _layout(pictures, width, height, line_width(width, height, mono), label_room)
    _, y0, _, y1 = _union([sc.box for sc in pictures])
    # the pictures' foot, as render centres them above the band (never lower than the band itself)
    return [((px0 + px1) / 2, (py0 + label_room + py1 - s * (y1 - y0)) / 2 - label_room / 2)
            for px0, py0, px1, py1 in panels]


def render(spec: dict, width: float, height: float, *, accent=None, mono: bool = False,
           label_room: float = 0.0) -> str:
    """The PDF operators of the spec's drawing, exactly ``width`` x ``height`` points from the
    origin: one panel, or the start and end side by side (or one above the other, whichever
    draws the person bigger) with an arrow between them; ``label_room`` points at the foot of each of
    two panels left blank for its word (``label_spots``)."""
    spec = check(spec)  # a spec made in code, not read by load_spec, is checked too (SpecMistake)
    pictures = scenes(spec)
    x0, y0, x1, y1 = _union([sc.box for sc in pictures])
    lw = line_width(width, height, mono)
    colour = _darken(accent or DEFAULT_ACCENT, mono)
    out = PathWriter()
    room = label_room if len(pictures) == 2 else 0.0
    s, panels = _layout(pictures, width, height, lw, room)
    for sc, (px0, py0, px1, py1) in zip(pictures, panels):
        ox = (px0 + px1 - s * (x0 + x1)) / 2
        oy = (py0 + room + py1 - s * (y0 + y1)) / 2
        _draw_scene(out, spec, sc, (s, ox, oy), (px0, py0, px1, py1), (x0, x1), lw, colour, mono)
    if len(pictures) == 2:
        (ax0, ay0, ax1, ay1), (bx0, _, _, by1) = panels
        if ax1 < bx0:  # side by side: across the gap, level with the middle of the figures
            y = (ay0 + room + ay1) / 2
            tail, tip = (ax1 - 1.2 * lw, y), (bx0 + 1.2 * lw, y)
        else:  # one above the other: down the gap
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
        out.path(path_code([("M", (xs[0], sc.floor_y)), ("L", (xs[1], sc.floor_y))], *place), stroke=INK,
                 width=0.9 * lw, join=0)
    if sc.mat:
        _outline(out, sc.mat, [], place, 0.9 * lw, INK, prop_fill)
    if sc.props:
        _outline(out, sc.props, [], place, 0.75 * lw, INK, prop_fill)
    if sc.held:  # a ball or a towel, outlined on its own in front of the wall or the mat
        _outline(out, sc.held, [], place, 0.75 * lw, INK, PAPER)
    solid = sc.figure
    trunk = next(it for it in solid.items if it.group == "trunk")
    zone = _zone_painter(out, sc.zones, place, lw, colour, mono) if sc.zones else None
    # a ghost arm in front of the body (a side view's near arm) is drawn over the solid
    # trunk, under the solid head and arms (not lying down: it would cross the legs); every
    # other ghost part goes behind everything
    centre = trunk.depth + 9.0
    over = [it for it in sc.ghost if it.group.startswith("arm_") and it.depth > centre and not body.PITCH[spec["position"]]]
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
        if group == "cushion":  # a pillow between the legs, white like the one under the head
            _outline(out, shapes, lines, place, 0.75 * lw, INK, PAPER)
            continue
        # the stretch is felt in the trunk, the neck or a leg: an arm or the head in front covers it
        _outline(out, shapes, lines, place, lw, INK, zone=zone if group == "trunk" or group.startswith("leg_") else None)
        trunk_drawn = trunk_drawn or any(sh is trunk.shapes[0] for sh in shapes)
        for centre, r in shoulders if trunk_drawn else ():
            # blend the top of the arm into the trunk: no seam across the shoulder
            out.begin_group()
            rr = r * s + 1.9 * lw
            out.clip(path_code(geo.ellipse_ops(tf(centre), rr, rr)), nonzero=True, round_ends=True)
            for ops in trunk.shapes:
                out.path(path_code(ops, *place), fill=PAPER)
            out.end_group()
    if sc.front:  # a band the hands hold lies over the body, in the accent's tint like a coloured exercise band
        _outline(out, sc.front, [], place, 0.75 * lw, INK, prop_fill if mono else _tint(colour, BAND_TINT))
    for cloth, pack in sc.packs:  # the pack inside the cloth, dashed: wrapped, the cloth all round it
        _outline(out, [cloth], [], place, 0.75 * lw, INK, PAPER)
        out.path(path_code(pack, *place), stroke=INK, width=0.8 * lw, cap=0, dash=_ghost_dash(lw))
    if sc.base is not None:
        _bust_base(out, solid, sc.base, place, lw)
    out.end_group()
    out.begin_group()
    out.clip(_rect(px0, py0, px1, py1))
    if sc.gaze:
        _gaze(out, [tf(p) for p in sc.gaze], lw, colour)
    for a, pts in sc.arrows:
        placed = [tf(p) for p in pts]
        if "press" in a:
            placed = _stop(out, placed, lw, colour)
        _arrow(out, placed, lw, colour, a.get("both", False))
    out.end_group()


#: A stretch zone's tint: this share of the accent colour on white (black and white prints hatching only).
ZONE_TINT = 0.4
#: An exercise band's tint: lighter than a zone, and never hatched.
BAND_TINT = 0.25


def _tint(colour, share):
    """``share`` of ``colour`` on white paper."""
    return colors.Color(*(1 - share * (1 - c) for c in (colour.red, colour.green, colour.blue)))


def _zone_painter(out, zones, place, lw, colour, mono):
    """What shades the stretch zones on a run of body shapes: inside each shape and each zone, a soft
    tint of the accent with diagonal hatching over it, so the zone still reads on a black-and-white
    printer (where the tint would be too light to print, it is hatching alone)."""
    zone_codes = [path_code(ops, *place) for ops in zones]
    boxes = [_box_of(ops, place) for ops in zones]
    tint = None if mono else _tint(colour, ZONE_TINT)
    hatch_w = 0.65 * lw if mono else 0.55 * lw  # in black and white at least 0.6 pt (lw is 0.95 or more)
    step = 2.4 * lw

    def paint(codes):
        for zone_code, (x0, y0, x1, y1) in zip(zone_codes, boxes):
            hatch = _hatch(x0, y0, x1, y1, step)
            for code in codes:
                out.begin_group()
                out.clip(code, nonzero=True)
                out.clip(zone_code, nonzero=True)
                if tint is not None:
                    out.path(zone_code, fill=tint)
                out.path(hatch, stroke=colour, width=hatch_w, cap=0)
                out.end_group()
    return paint


def _box_of(ops, place):
    """The bounding box (points) of a shape placed on the page."""
    s, dx, dy = place
    pts = geo.ops_points(ops)
    return (dx + s * min(p[0] for p in pts), dy + s * min(p[1] for p in pts),
            dx + s * max(p[0] for p in pts), dy + s * max(p[1] for p in pts))


def _hatch(x0, y0, x1, y1, step):
    """Parallel lines at 45 degrees, ``step`` points apart, across a box (points)."""
    ops, span = [], (x1 - x0) + (y1 - y0)
    k = step / 2
    while k < span:
        # the line x - x0 + y - y0 = k, from where it enters the box to where it leaves
        a = (x0 + max(0.0, k - (y1 - y0)), y0 + min(k, y1 - y0))
        b = (x0 + min(k, x1 - x0), y0 + max(0.0, k - (x1 - x0)))
        ops += [("M", a), ("L", b)]
        k += step
    return path_code(ops)


def _gaze(out, pts, lw, colour):
    """Where the eyes look: a dotted line from in front of the face, with a small open head."""
    out.path(path_code([("M", pts[0]), ("L", pts[1])]), stroke=PAPER, width=2.6 * lw)
    out.path(path_code([("M", pts[0]), ("L", pts[1])]), stroke=colour, width=1.0 * lw, dash=(0.01, 2.3 * lw))
    (ax, ay), (bx, by) = pts
    n = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / n, (by - ay) / n
    h = 2.6 * lw
    chevron = [("M", (bx - h * ux - h * 0.7 * uy, by - h * uy + h * 0.7 * ux)), ("L", (bx, by)),
               ("L", (bx - h * ux + h * 0.7 * uy, by - h * uy - h * 0.7 * ux))]
    out.path(path_code(chevron), stroke=colour, width=0.9 * lw)


def _stop(out, pts, lw, colour):
    """Push, do not move: a double bar at the press arrow's end, like a wall it pushes into. The bars
    stand where the arrow ended (no wider than its head, so they stay inside the frame as it does);
    the arrow, returned, stops short of them."""
    (ax, ay), (bx, by) = pts[-2], pts[-1]
    n = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / n, (by - ay) / n
    half = 2.4 * lw
    bars = []
    for back in (0.6 * lw, 2.6 * lw):
        cx, cy = bx - ux * back, by - uy * back
        bars.append(path_code([("M", (cx - uy * half, cy + ux * half)), ("L", (cx + uy * half, cy - ux * half))]))
    for bar in bars:  # the white halo under both, as under an arrow
        out.path(bar, stroke=PAPER, width=3.2 * lw, cap=0)
    for bar in bars:
        out.path(bar, stroke=colour, width=1.2 * lw, cap=0)
    stop = 3.6 * lw
    return pts[:-1] + [(bx - ux * stop, by - uy * stop)]


def _bust_base(out, figure, y, place, lw):
    """Close a body cut off by the frame with a line across each part the cut crosses, as a
    sculptor's bust ends on its base: the outlines do not just stop in mid-air."""
    for it in figure.items:
        for ops in it.shapes:
            xs = [p[0] for p in geo.ops_points(ops) if p[1] <= y]
            if not xs:
                continue
            out.begin_group()
            out.clip(path_code(ops, *place), nonzero=True)
            line = [("M", (min(xs) - 1.0, y)), ("L", (max(xs) + 1.0, y))]
            out.path(path_code(line, *place), stroke=INK, width=lw, cap=0)
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
    shaft_code = path_code(geo.spline_ops(shaft) if len(shaft) > 2 else [("M", shaft[0]), ("L", shaft[-1])])
    head_codes = [path_code([("M", h[0])] + [("L", p) for p in h[1:]] + [("Z",)]) for h in heads]
    # the white halo first, under the whole arrow
    out.path(shaft_code, stroke=PAPER, width=shaft_w + 2.2 * lw)
    for code in head_codes:
        out.path(code, stroke=PAPER, fill=PAPER, width=2.2 * lw)
    out.path(shaft_code, stroke=colour, width=shaft_w, cap=0)
    for code in head_codes:
        out.path(code, stroke=colour, fill=colour, width=0.4 * lw)
