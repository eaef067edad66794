"""A drawing spec read and checked: a short YAML file that poses the body and adds props and arrows::

    view: side                 # front | side | side-left | back | degrees
    position: sitting          # standing | sitting | lying | prone | all-fours
    frame: upper               # full | upper (head to seat) | head (head and shoulders)
    props: [chair]             # chair | mat | floor | table | door | wall | pillow | screen | box | {ball|towel|pack|band|pillow: landmark}
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
import re

import yaml

from handouts.check.schema.fields import NUMBER
from handouts.compose.drawings import body
from handouts.compose.drawings.schema import ARROWS, DRAWING, ENDS, FRAMES, PROPS
from handouts.errors import Problem, ValidationError
from handouts.load import yamlsource

_TOP_KEYS = set(DRAWING.keys)
#: Props placed at a landmark: {ball: scapula_r}, {towel: neck}, {band: [hand_r, hand_l]} or {band: hand_r}
#: (tied to a door handle ahead of the hand).
_PLACED_PROPS = DRAWING["props"].items.options[1].keys
_DEFAULT_PROPS = {"standing": ["floor"], "sitting": ["chair", "floor"], "lying": ["mat"], "side-lying": ["mat"], "prone": ["mat"],
                  "all-fours": ["mat"]}
ARROW_KINDS = tuple(ARROWS)
_ARROW_KEYS = {kind: set(shape.keys) - {kind} for kind, shape in ARROWS.items()}
_CAMERA, _SQUASH = DRAWING["camera"], ARROWS["arc"]["squash"]
_VIEW = DRAWING["view"].options[1]  # a number of degrees
_REACH = DRAWING["pose"]["arm_r"]["reach"].options[1].items  # each of [x, y, z], cm from the body's origin
# An arrow's numbers (squash has its own message) and pairs, in the order a mistake is looked for, and their ranges.
_ARROW_NUMBERS = {spec.name: spec for shape in ARROWS.values() for spec in shape.fields
                  if spec.type == NUMBER and spec.name != "squash"}
_ARROW_PAIRS = {name: ARROWS["follow"][name].items for name in ("shift", "trim")}
_PARENT = re.compile(r"(\.[^.\[]*|\[\d+\])$")  # a field's last step: 'pose.head.nod' -> 'pose.head'


def drawing_path(images_dir: pathlib.Path, exercise_id: str) -> pathlib.Path | None:
    """``images_dir/drawings/<id>.yaml`` if it exists, else None."""
    path = pathlib.Path(images_dir) / "drawings" / f"{exercise_id}.yaml"
    return path if path.is_file() else None


def _parse(text: str, path: str):
    """yaml.safe_load, with libyaml's safe parser where there is one: drawings ship with handouts,
    like the content library, and it reads them several times faster. On an error PyYAML's own
    parser reads the text again, for the line, the column and the words of the mistake."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        loader = fast(text)
        try:
            return loader.get_single_data()
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
    return yamlsource.parse_yaml(text, path)


class SpecMistake(ValueError):
    """The first thing wrong with a spec: the field it is in ('pose.head.nod', '' for the whole file) and
    what is wrong. `load_spec` places it in its file as a ValidationError."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)
        self.field, self.message = field, message


@functools.lru_cache(maxsize=256)
def _load(path: str, mtime: float) -> dict:
    text = yamlsource.read_text(pathlib.Path(path))
    try:
        return check(_parse(text, path))
    except SpecMistake as mistake:
        raise ValidationError([_placed(path, text, mistake)]) from None


def _placed(path: str, text: str, mistake: SpecMistake) -> Problem:
    """`mistake` at the line and column of its field, or of the nearest part of the spec written in the file
    (a value left to its default is about the mapping that lacks it)."""
    doc = yamlsource.parse_yaml(text, path)
    positions = yamlsource.positions_of(doc)
    field = mistake.field
    while field and field not in positions:
        field = _PARENT.sub("", field)
    line, column = positions.get(field, getattr(doc, "start", (None, None)))
    return Problem(path, mistake.message, mistake.field, line, column)


def load_spec(path) -> dict:
    """Read and check a drawing spec; a ValidationError naming the file, line, column and field of the first
    mistake if it is malformed."""
    p = pathlib.Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise ValidationError([Problem(str(path), f"cannot read ({exc.strerror})")]) from None
    return copy.deepcopy(_load(str(p), mtime))


@functools.lru_cache(maxsize=1)
def landmark_names() -> frozenset:
    """Every landmark a spec may name (arrows, ``reach``)."""
    pose = body.full_pose({}, "standing")
    return frozenset(body.landmarks(pose, "standing", 0.0, 0.0))


def is_number(v):
    """A plain number: not true or false, and not YAML's .inf or .nan, which no drawing can be made of."""
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _within(v, spec) -> bool:
    """Whether `v` is a number in the declared field's range."""
    return is_number(v) and spec.lo <= v <= spec.hi


def _zones(zones, names, bad) -> list:
    """The stretch zones, each a list of one or two landmarks (a spot, or a strip between two)."""
    if not isinstance(zones, list):
        bad("stretch", "must be a list of landmarks (neck_side_l) or pairs of them ([neck_side_r, shoulder_r])")
    out = []
    for i, zone in enumerate(zones):
        spots = zone if isinstance(zone, list) else [zone]
        if not 1 <= len(spots) <= 2:
            bad(f"stretch[{i}]", "must be a landmark or a pair of landmarks")
        for spot in spots:
            if not isinstance(spot, str) or spot not in names:
                bad(f"stretch[{i}]", f"unknown landmark {spot!r}")
        out.append(list(spots))
    return out


def check(data) -> dict:
    """A normalised copy of a spec; SpecMistake for its first mistake."""

    def bad(field: str, message: str):
        raise SpecMistake(field, message)

    if not isinstance(data, dict):
        bad("", "a drawing spec must be a mapping (view:, position:, pose:, ...)")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        first = min(map(str, unknown))
        bad(first, f"unknown key '{first}' (expected one of: {', '.join(sorted(_TOP_KEYS))})")
    out = {}
    view = data.get("view", DRAWING["view"].default)
    if not (_within(view, _VIEW) or view in body.VIEWS):
        bad("view", f"'{view}' is not one of {', '.join(body.VIEWS)} or a number of degrees ({_VIEW.lo} to {_VIEW.hi})")
    out["view"] = view
    cam = data.get("camera", _CAMERA.default)
    if not _within(cam, _CAMERA):
        bad("camera", f"{cam!r} must be a number of degrees from {_CAMERA.lo} to {_CAMERA.hi} (how far the camera "
                      "looks down)")
    out["camera"] = cam
    pos = data.get("position", DRAWING["position"].default)
    if pos not in body.POSITIONS:
        bad("position", f"'{pos}' is not one of {', '.join(body.POSITIONS)}")
    out["position"] = pos
    frame = data.get("frame", DRAWING["frame"].default)
    if frame not in FRAMES:
        bad("frame", f"'{frame}' is not one of {', '.join(FRAMES)}")
    out["frame"] = frame
    props = data.get("props", _DEFAULT_PROPS[pos])
    if props is None:
        props = []
    if not isinstance(props, list):
        bad("props", f"must be a list of {', '.join(PROPS)}, or {{ball|towel|pack|band|pillow: landmark}}")
    for i, prop in enumerate(props):
        if isinstance(prop, dict):
            if len(prop) != 1 or next(iter(prop)) not in _PLACED_PROPS:
                bad(f"props[{i}]", f"a placed prop is one of {', '.join(_PLACED_PROPS)} with its landmark, e.g. {{ball: scapula_r}}")
            kind, place = next(iter(prop.items()))
            spots = place if kind == "band" and isinstance(place, list) and len(place) == 2 else [place]
            for spot in spots:
                if not isinstance(spot, str) or spot not in landmark_names():
                    bad(f"props[{i}].{kind}", f"unknown landmark {spot!r}")
        elif prop not in PROPS:
            bad(f"props[{i}]", f"'{prop}' is not one of {', '.join(PROPS)}, or {{ball|towel|pack|band|pillow: landmark}}")
    out["props"] = copy.deepcopy(props)
    solid = data.get("solid", DRAWING["solid"].default)
    if solid not in ENDS:
        bad("solid", f"'{solid}' must be start or end")
    out["solid"] = solid
    panels = data.get("panels", 2 if data.get("end_pose") else 1)
    if panels not in (1, 2) or isinstance(panels, bool):
        bad("panels", f"{panels!r} must be 1 (one picture, the other pose dashed) or 2 (start and end side by side)")
    if panels == 2 and not data.get("end_pose"):
        bad("panels", "2 needs an end_pose (the second panel shows it)")
    out["panels"] = panels
    one_pose = data.get("one_pose")
    if one_pose is not None:
        if not (isinstance(one_pose, str) and one_pose.strip()):
            bad("one_pose", "must say in words why one pose shows the exercise (e.g. 'a circle: the arrow shows it')")
        if data.get("end_pose"):
            bad("one_pose", "a drawing with an end_pose shows two poses; drop one_pose or end_pose")
    out["one_pose"] = one_pose
    gaze = data.get("gaze", False)
    if not isinstance(gaze, bool):
        bad("gaze", f"{gaze!r} must be true (a dotted line where the eyes look) or false")
    out["gaze"] = gaze
    names = landmark_names()
    out["stretch"] = _zones(data.get("stretch") or [], names, bad)
    for key in ("pose", "end_pose"):
        pose = data.get(key) or {}
        if not isinstance(pose, dict):
            bad(key, f"must be a mapping of body parts ({', '.join(body.PARTS)})")
        for part, vals in pose.items():
            if part not in body.PARTS:
                bad(key, f"unknown body part '{part}' (expected one of: {', '.join(body.PARTS)})")
            if not isinstance(vals, dict):
                bad(f"{key}.{part}", f"must be a mapping like {{{next(iter(body.PARAMS[body.PARTS[part]]))}: 20}}")
            table = body.PARAMS[body.PARTS[part]]
            for k, v in vals.items():
                here = f"{key}.{part}.{k}"
                if body.PARTS[part] == "arm" and k == "reach":
                    if isinstance(v, str):
                        if v not in names:
                            bad(here, f"unknown landmark '{v}'")
                    elif not (isinstance(v, list) and len(v) == 3 and all(_within(x, _REACH) for x in v)):
                        bad(here, f"must be a landmark name or [x, y, z] in cm ({_REACH.lo} to {_REACH.hi})")
                    continue
                if body.PARTS[part] == "arm" and k == "elbow_dir":
                    if isinstance(v, str) and v in body.ELBOW_DIRS:
                        continue
                    if isinstance(v, list) and len(v) == 3 and all(is_number(x) for x in v):
                        continue
                    bad(here, f"must be one of {', '.join(body.ELBOW_DIRS)} or [x, y, z]")
                if k not in table:
                    bad(here, f"unknown parameter (expected one of: {', '.join(table)})")
                if not is_number(v):
                    bad(here, f"must be a number, not {v!r}")
                lo, hi = table[k][1], table[k][2]
                if not lo <= v <= hi:
                    bad(here, f"{v} is out of range ({lo}..{hi})")
        out[key] = copy.deepcopy(pose)
    arrows = data.get("arrows") or []
    if not isinstance(arrows, list):
        bad("arrows", "must be a list")
    out["arrows"] = []
    for i, a in enumerate(arrows):
        here = f"arrows[{i}]"
        if not isinstance(a, dict):
            bad(here, "must be a mapping like {follow: nose}")
        kinds = [k for k in ARROW_KINDS if k in a]
        if len(kinds) != 1:
            bad(here, f"needs exactly one of {', '.join(ARROW_KINDS)}")
        kind = kinds[0]
        if not isinstance(a[kind], str) or a[kind] not in names:
            bad(f"{here}.{kind}", f"unknown landmark '{a[kind]}'")
        extra = set(a) - _ARROW_KEYS[kind] - {kind}
        if extra:
            bad(here, f"unknown key '{min(map(str, extra))}' for a {kind} arrow")
        if kind == "follow" and not data.get("end_pose"):
            bad(here, "a follow arrow needs an end_pose")
        if "squash" in a and not _within(a["squash"], _SQUASH):
            bad(f"{here}.squash", f"must be a number from {_SQUASH.lo} to {_SQUASH.hi}")
        for k, spec in _ARROW_NUMBERS.items():
            if k in a and not _within(a[k], spec):
                bad(f"{here}.{k}", f"must be a number from {spec.lo} to {spec.hi}")
        if kind == "arc" and not all(k in a for k in ("radius", "from", "to")):
            bad(here, "an arc arrow needs radius, from and to")
        if kind in ("line", "press") and not all(k in a for k in ("angle", "length")):
            bad(here, f"a {kind} arrow needs angle and length")
        for k, spec in _ARROW_PAIRS.items():
            if k in a and not (isinstance(a[k], list) and len(a[k]) == 2 and all(_within(x, spec) for x in a[k])):
                bad(f"{here}.{k}", f"must be a pair of numbers from {spec.lo} to {spec.hi}")
        if "at" in a and a["at"] not in ENDS:
            bad(f"{here}.at", "must be start or end")
        out["arrows"].append(dict(a))
    return out
