"""A drawing spec's fields, declared like the other documents' (handouts/check/schema/): `spec.check` reads its
keys, choices and ranges here, and `handouts schema drawing` makes the editor's JSON Schema and the docs' table.

It lives beside the body model rather than with the others because a pose's joints and their ranges are the
body model's own table (`body.PARAMS`), which the check step must not import.
"""

from __future__ import annotations

from handouts.check.schema.fields import any_of, boolean, choice, integer, listing, mapping, number, text
from handouts.compose.drawings import body

FRAMES = ("full", "upper", "head")
PROPS = ("chair", "mat", "floor", "table", "door", "wall", "pillow", "screen", "box")
ENDS = ("start", "end")


def _landmark(name: str, about: str, **more):
    return text(name, about, catalog="landmarks", max_len=None, **more)


# The largest measures (cm), angles (degrees) and trims (a share of the path at each end): wider than any drawing
# needs, and narrow enough that no arrow takes forever to draw.
CM, DEGREES, REACH = 100, 360, 200


def _pair(name: str, about: str, lo: float, hi: float):
    return listing(name, about, number("n", "a number", lo, hi), max_items=2)


def _triple(name: str, about: str, lo: float | None = None, hi: float | None = None):
    return listing(name, about, number("cm", "centimetres", lo, hi), max_items=3)


def _part(name: str, table: str):
    joints = [number(key, f"{name}'s {key}", lo, hi, default=default)
              for key, (default, lo, hi) in body.PARAMS[table].items()]
    if table == "arm":
        joints += [any_of("reach", "put the palm there; overrides the angles",
                          _landmark("reach", "a landmark"), _triple("reach", "[x, y, z] in cm", -REACH, REACH)),
                   any_of("elbow_dir", "where the elbow points when reaching",
                          choice("elbow_dir", "a direction", body.ELBOW_DIRS), _triple("elbow_dir", "[x, y, z]"))]
    return mapping(name, f"the {name.replace('_', ' ')}", *joints)


def _pose(name: str, about: str):
    return mapping(name, about, *(_part(part, table) for part, table in body.PARTS.items()))


_ANY_ARROW = (boolean("both", "heads at both ends"), _pair("shift", "[dx, dy]: moves the arrow", -CM, CM))
_AT = choice("at", "which pose the arrow is drawn on", ENDS)
ARROWS = {
    "follow": mapping("follow arrow", "a landmark's path from start to end",
                      _landmark("follow", "the landmark", required=True), number("offset", "cm off the path", -CM, CM),
                      _pair("trim", "[from start, from end]: shortens it", 0, 0.5), *_ANY_ARROW),
    "arc": mapping("arc arrow", "a curved arrow around a landmark",
                   _landmark("arc", "the landmark", required=True), number("radius", "cm", -CM, CM, required=True),
                   number("from", "degrees", -DEGREES, DEGREES, required=True),
                   number("to", "degrees", -DEGREES, DEGREES, required=True),
                   *_ANY_ARROW, _AT, number("squash", "flattens the circle", 0.1, 1)),
    "line": mapping("line arrow", "a straight arrow from a landmark",
                    _landmark("line", "the landmark", required=True), number("angle", "degrees", -DEGREES, DEGREES, required=True),
                    number("length", "cm", -CM, CM, required=True), number("gap", "cm from the landmark", -CM, CM),
                    *_ANY_ARROW, _AT),
    "press": mapping("press mark", "push, do not move: a short arrow stopped by a double bar at the landmark",
                     _landmark("press", "where the push meets what holds it (the hand on the head)", required=True),
                     number("angle", "degrees: the way the push goes", -DEGREES, DEGREES, required=True),
                     number("length", "cm", -CM, CM, required=True), number("gap", "cm from the landmark", -CM, CM),
                     _pair("shift", "[dx, dy]: moves the mark", -CM, CM), _AT),
}

DRAWING = mapping(
    "drawing", "images/drawings/<id>.yaml: a line drawing of an exercise (docs/drawings.md)",
    text("title", "a note for whoever edits the file; not printed", max_len=None),
    any_of("view", "where the camera stands", choice("view", "a side", body.VIEWS),
           number("view", "degrees (125: from behind-right)", -DEGREES, DEGREES), default="front"),
    number("camera", "degrees the camera looks down", -10, 70, default=0),
    choice("position", "standing, sitting, lying (on the back), side-lying (on the left side), prone (face down) "
           "or all-fours", body.POSITIONS,
           default="standing"),
    choice("frame", "how much of the body the picture shows", FRAMES, default="full"),
    listing("props", "what the body uses: a prop, or one placed at a landmark ({ball: scapula_r})",
            any_of("prop", "a prop", choice("prop", "a prop", PROPS),
                   mapping("placed", "a prop at a landmark", _landmark("ball", "where the ball is"),
                           _landmark("towel", "where the towel is"),
                           _landmark("pillow", "a knee (knee_r): a pillow between the knees lying on the side, "
                                               "under them lying on the back"),
                           _landmark("pack", "where a cold pack wrapped in a thin cloth is held"),
                           any_of("band", "the hand or hands that hold it",
                                  _landmark("band", "a hand"), listing("band", "two hands", _landmark("hand", "a hand"),
                                                                       max_items=2)))),
            shown_default="the position's (a chair and the floor for sitting)"),
    _pose("pose", "the start position: body parts and their joints"),
    _pose("end_pose", "only what changes at the end, drawn as a second panel"),
    choice("solid", "which pose is drawn solid when the other is a dashed ghost", ENDS, default="start"),
    integer("panels", "1: one picture, the other pose dashed; 2: start and end side by side", 1, 2,
            shown_default="2 with an end_pose, else 1"),
    text("one_pose", "instead of an end_pose: why one pose shows the exercise", max_len=None),
    boolean("gaze", "a dotted line from the eyes to where they look (drawn where it shows: not straight at the reader)"),
    listing("stretch", "where the stretch is felt, shaded on the end pose: a landmark, or two for a strip between them",
            any_of("zone", "one zone", _landmark("zone", "a landmark"),
                   listing("zone", "two landmarks", _landmark("zone", "a landmark"), max_items=2))),
    listing("arrows", "arrows on the part that moves", any_of("arrow", "one arrow", *ARROWS.values())),
)
