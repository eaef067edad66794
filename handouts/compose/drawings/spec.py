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

import yaml

from handouts.check.schema.fields import NUMBER
from handouts.compose.drawings import body
from handouts.compose.drawings.schema import ARROWS, DRAWING, ENDS, PROPS
from handouts.errors import Problem, ValidationError, nearest, path_of
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
    """Everything wrong with a spec: each mistake's field ('pose.head.nod', '' for the whole file) and what is
    wrong, in the order they were found. `load_spec` places each in its file as a ValidationError."""

    def __init__(self, mistakes: list[tuple[str, str]]):
        super().__init__("; ".join(f"{field}: {message}" if field else message for field, message in mistakes))
        self.mistakes = mistakes


@functools.lru_cache(maxsize=256)
def _load(path: str, mtime: float) -> dict:
    text = yamlsource.read_text(pathlib.Path(path))
    try:
        return check(_parse(text, path))
    except SpecMistake as mistake:
        doc = yamlsource.parse_yaml(text, path)
        problems = [_placed(path, doc, *found) for found in mistake.mistakes]
        raise ValidationError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0))) from None


def _placed(path: str, doc, field: str, message: str) -> Problem:
    """A mistake at the line and column of its field, or of the nearest part of the spec written in the file
    (a value left to its default is about the mapping that lacks it)."""
    line, column = nearest(yamlsource.positions_of(doc), path_of(field)) or getattr(doc, "start", (None, None))
    return Problem(path, message, field, line, column)


def load_spec(path) -> dict:
    """Read and check a drawing spec; a ValidationError naming the file, line, column and field of each
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


def _zones(zones, bad) -> list:
    """The stretch zones, each a list of one or two landmarks (a spot, or a strip between two)."""
    if not isinstance(zones, list):
        bad("stretch", "must be a list of landmarks (neck_side_l) or pairs of them ([neck_side_r, shoulder_r])")
        return []
    out = []
    for i, zone in enumerate(zones):
        spots = zone if isinstance(zone, list) else [zone]
        if not 1 <= len(spots) <= 2:
            bad(f"stretch[{i}]", "must be a landmark or a pair of landmarks")
        for spot in spots:
            if not isinstance(spot, str) or spot not in landmark_names():
                bad(f"stretch[{i}]", f"unknown landmark {spot!r}")
        out.append(list(spots))
    return out


def check(data) -> dict:
    """A normalised copy of a spec; SpecMistake listing every mistake in it.

    Each part is read on its own and a wrong value is recorded and left at its default, so that one run
    names them all, as a plan's check does; a part that cannot be read at all (a pose that is not a mapping)
    stops only the reading of that part.
    """
    if not isinstance(data, dict):
        raise SpecMistake([("", "a drawing spec must be a mapping (view:, position:, pose:, ...)")])
    mistakes: list[tuple[str, str]] = []

    def bad(field: str, message: str) -> None:
        mistakes.append((field, message))

    for key in sorted(map(str, set(data) - _TOP_KEYS)):
        bad(key, f"unknown key '{key}' (expected one of: {', '.join(sorted(_TOP_KEYS))})")
    out = {key: _choice(data, DRAWING[key], bad) for key in ("position", "frame")}
    out["view"] = _view(data.get("view", DRAWING["view"].default), bad)
    out["camera"] = _camera(data.get("camera", _CAMERA.default), bad)
    out["props"] = _props(data.get("props", _DEFAULT_PROPS[out["position"]]), bad)
    out["solid"] = _solid(data.get("solid", DRAWING["solid"].default), bad)
    out["panels"] = _panels(data, bad)
    out["one_pose"] = _one_pose(data, bad)
    out["gaze"] = _gaze(data.get("gaze", False), bad)
    out["stretch"] = _zones(data.get("stretch") or [], bad)
    for key in ("pose", "end_pose"):
        out[key] = _pose(key, data.get(key) or {}, bad)
    out["arrows"] = _arrows(data.get("arrows") or [], bool(data.get("end_pose")), bad)
    if mistakes:
        raise SpecMistake(mistakes)
    return {key: out[key] for key in _ORDER}


# The order a checked spec's keys come in (the order they were checked in, before mistakes were collected).
_ORDER = ("view", "camera", "position", "frame", "props", "solid", "panels", "one_pose", "gaze", "stretch", "pose",
          "end_pose", "arrows")


def _choice(data: dict, spec, bad):
    value = data.get(spec.name, spec.default)
    if not spec.accepts(value):
        bad(spec.name, f"'{value}' is not one of {', '.join(spec.choices)}")
        return spec.default
    return value


def _view(view, bad):
    if not (_VIEW.accepts(view) or view in body.VIEWS):
        bad("view", f"'{view}' is not one of {', '.join(body.VIEWS)} or a number of degrees ({_VIEW.lo} to {_VIEW.hi})")
    return view


def _camera(cam, bad):
    if not _CAMERA.accepts(cam):
        bad("camera", f"{cam!r} must be a number of degrees from {_CAMERA.lo} to {_CAMERA.hi} (how far the camera "
                      "looks down)")
    return cam


def _solid(solid, bad):
    if not DRAWING["solid"].accepts(solid):
        bad("solid", f"'{solid}' must be start or end")
    return solid


def _gaze(gaze, bad):
    if not DRAWING["gaze"].accepts(gaze):
        bad("gaze", f"{gaze!r} must be true (a dotted line where the eyes look) or false")
    return gaze


def _props(props, bad) -> list:
    if props is None:
        return []
    if not isinstance(props, list):
        bad("props", f"must be a list of {', '.join(PROPS)}, or {{ball|towel|pack|band|pillow: landmark}}")
        return []
    for i, prop in enumerate(props):
        if isinstance(prop, dict):
            _placed_prop(f"props[{i}]", prop, bad)
        elif prop not in PROPS:
            bad(f"props[{i}]", f"'{prop}' is not one of {', '.join(PROPS)}, or {{ball|towel|pack|band|pillow: landmark}}")
    return copy.deepcopy(props)


def _placed_prop(here: str, prop: dict, bad) -> None:
    if len(prop) != 1 or next(iter(prop)) not in _PLACED_PROPS:
        bad(here, f"a placed prop is one of {', '.join(_PLACED_PROPS)} with its landmark, e.g. {{ball: scapula_r}}")
        return
    kind, place = next(iter(prop.items()))
    spots = place if kind == "band" and isinstance(place, list) and len(place) == 2 else [place]
    for spot in spots:
        if not isinstance(spot, str) or spot not in landmark_names():
            bad(f"{here}.{kind}", f"unknown landmark {spot!r}")


def _panels(data: dict, bad):
    panels = data.get("panels", 2 if data.get("end_pose") else 1)
    if not DRAWING["panels"].accepts(panels):
        bad("panels", f"{panels!r} must be 1 (one picture, the other pose dashed) or 2 (start and end side by side)")
    elif panels == 2 and not data.get("end_pose"):
        bad("panels", "2 needs an end_pose (the second panel shows it)")
    return panels


def _one_pose(data: dict, bad):
    one_pose = data.get("one_pose")
    if one_pose is not None:
        if not (isinstance(one_pose, str) and one_pose.strip()):
            bad("one_pose", "must say in words why one pose shows the exercise (e.g. 'a circle: the arrow shows it')")
        elif data.get("end_pose"):  # a field's first mistake only, as for every other field
            bad("one_pose", "a drawing with an end_pose shows two poses; drop one_pose or end_pose")
    return one_pose


def _pose(key: str, pose, bad) -> dict:
    if not isinstance(pose, dict):
        bad(key, f"must be a mapping of body parts ({', '.join(body.PARTS)})")
        return {}
    for part, vals in pose.items():
        if part not in body.PARTS:
            bad(key, f"unknown body part '{part}' (expected one of: {', '.join(body.PARTS)})")
        elif not isinstance(vals, dict):
            bad(f"{key}.{part}", f"must be a mapping like {{{next(iter(body.PARAMS[body.PARTS[part]]))}: 20}}")
        else:
            for k, v in vals.items():
                _joint(f"{key}.{part}.{k}", body.PARTS[part], k, v, bad)
    return copy.deepcopy(pose)


def _joint(here: str, table: str, k: str, v, bad) -> None:
    """One joint's value: a number in its range, or, for an arm, where it reaches and where its elbow points."""
    if table == "arm" and k == "reach":
        if isinstance(v, str):
            if v not in landmark_names():
                bad(here, f"unknown landmark '{v}'")
        elif not (isinstance(v, list) and len(v) == 3 and all(_REACH.accepts(x) for x in v)):
            bad(here, f"must be a landmark name or [x, y, z] in cm ({_REACH.lo} to {_REACH.hi})")
    elif table == "arm" and k == "elbow_dir":
        if not (isinstance(v, str) and v in body.ELBOW_DIRS
                or isinstance(v, list) and len(v) == 3 and all(is_number(x) for x in v)):
            bad(here, f"must be one of {', '.join(body.ELBOW_DIRS)} or [x, y, z]")
    elif k not in body.PARAMS[table]:
        bad(here, f"unknown parameter (expected one of: {', '.join(body.PARAMS[table])})")
    elif not is_number(v):
        bad(here, f"must be a number, not {v!r}")
    else:
        lo, hi = body.PARAMS[table][k][1:]
        if not lo <= v <= hi:
            bad(here, f"{v} is out of range ({lo}..{hi})")


def _arrows(arrows, has_end_pose: bool, bad) -> list:
    if not isinstance(arrows, list):
        bad("arrows", "must be a list")
        return []
    for i, a in enumerate(arrows):
        _arrow(f"arrows[{i}]", a, has_end_pose, bad)
    return [dict(a) for a in arrows if isinstance(a, dict)]


def _arrow(here: str, a, has_end_pose: bool, bad) -> None:
    if not isinstance(a, dict):
        bad(here, "must be a mapping like {follow: nose}")
        return
    kinds = [k for k in ARROW_KINDS if k in a]
    if len(kinds) != 1:
        bad(here, f"needs exactly one of {', '.join(ARROW_KINDS)}")
        return
    kind = kinds[0]
    if not isinstance(a[kind], str) or a[kind] not in landmark_names():
        bad(f"{here}.{kind}", f"unknown landmark '{a[kind]}'")
    extra = set(a) - _ARROW_KEYS[kind] - {kind}
    if extra:
        bad(here, f"unknown key '{min(map(str, extra))}' for a {kind} arrow")
    if kind == "follow" and not has_end_pose:
        bad(here, "a follow arrow needs an end_pose")
    _arrow_numbers(here, a, bad)
    needs = _ARROW_NEEDS.get(kind)
    if needs and not all(k in a for k in needs[0]):
        bad(here, needs[1])
    if "at" in a and a["at"] not in ENDS:
        bad(f"{here}.at", "must be start or end")


# What an arc and a line cannot be drawn without, and how a missing one is said.
_ARROW_NEEDS = {"arc": (("radius", "from", "to"), "an arc arrow needs radius, from and to"),
                "line": (("angle", "length"), "a line arrow needs angle and length"),
                "press": (("angle", "length"), "a press arrow needs angle and length")}


def _arrow_numbers(here: str, a: dict, bad) -> None:
    """An arrow's numbers and pairs, each in its declared range."""
    if "squash" in a and not _SQUASH.accepts(a["squash"]):
        bad(f"{here}.squash", f"must be a number from {_SQUASH.lo} to {_SQUASH.hi}")
    for k, spec in _ARROW_NUMBERS.items():
        if k in a and not spec.accepts(a[k]):
            bad(f"{here}.{k}", f"must be a number from {spec.lo} to {spec.hi}")
    for k, spec in _ARROW_PAIRS.items():
        if k in a and not (isinstance(a[k], list) and len(a[k]) == 2 and all(spec.accepts(x) for x in a[k])):
            bad(f"{here}.{k}", f"must be a pair of numbers from {spec.lo} to {spec.hi}")
