"""What reading the content library and reading a translation of it share: which language is the whole
library, which of a condition's and thermal.yaml's fields are words, and how a one-item file and a list of
lines are read. Below both library.py and translation.py, so neither imports the other's module to get them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from handouts.check.checks import Checker
from handouts.check.schema.library import EXERCISE, THERMAL_TEXT
from handouts.errors import Problem
from handouts.load.yamlsource import Located, LocatedList, load_yaml

SOURCE_LANGUAGE = "en"  # the full library; another language translates its words (translation.py)
CONDITION_TEXTS = ("name", "title", "intro", "source")  # a condition's words: what a translation gives
THERMAL_WORDS = tuple(spec.name for spec in THERMAL_TEXT.fields if spec.name != "safety")  # the same, for thermal.yaml


def read_item(path: Path, keys: tuple[str, ...], what: str) -> tuple[Checker, Located, str | None]:
    """A one-item file (an exercise, a condition): its checker, its mapping and its id, which must be the
    file's name."""
    check = Checker(str(path))
    doc = check.mapping(load_yaml(path, library=True), "")
    if doc is None:
        check.problems.append(Problem(str(path), f"{what} file must be a mapping"))
        check.raise_if_any()
    check.known_keys(doc, keys, "")
    ident = check.read(doc, EXERCISE["id"], "")
    if ident and ident != path.stem:
        check.problem(doc, "id", "id", f"'{ident}' does not match the file name; rename one of them")
    return check, doc, ident


def text_list(check: Checker, doc: Located, key: str, *, required=False) -> tuple[str, ...]:
    items = doc.get(key)
    if items is None:
        if required:
            check.problem(doc, key, key, f"'{key}' is required: a list of lines")
        return ()
    if not isinstance(items, LocatedList):
        check.problem(doc, key, key, "must be a list of lines (each starting with '- ')")
        return ()
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            check.problem(items, index, f"{key}[{index}]", "must be a line of text")
        else:
            out.append(" ".join(item.split()))
    return tuple(out)


def with_pose_labels(exercises: dict, strings: dict) -> dict:
    """The exercises with the words their drawings print under the start and end poses, in `strings`' language."""
    labels = (strings["drawing_start"], strings["drawing_end"])
    return {ident: replace(exercise, pose_labels=labels) for ident, exercise in exercises.items()}


def need_caption(check: Checker, item: Located, where: str, picture: str | None, caption: str | None) -> None:
    """A picture is printed with a caption that says what it shows (PEMAT-P item 17): one named without
    its caption is a located problem, not a picture a patient has to guess at."""
    if picture is not None and caption is None:
        check.problem(item, "picture", f"{where}.caption",
                      f"names the picture '{picture}' but no caption; add 'caption:' beside it "
                      "(3 to 6 words saying what it shows)")
