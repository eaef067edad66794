"""A language other than English: the English library's entries with their words read from library/<lang>/.

A translation holds words only. An exercise's dosage, region, position and equipment, a warning sign's tier,
the advice and warning signs a condition prints, which safety line goes with ice or heat, pictures and videos
are facts about the content, not about the language: they are read from the English files alone, so two
languages can never disagree on them (library/es/README.md).

What a missing translation does depends on what it would cost the patient. An exercise without one is
left out of that language, and a plan that names it is told so. A missing advice item, warning sign,
thermal line or printed phrase stops every handout in that language: printing without it would quietly
drop a line someone may need to stay safe.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from handouts.check.checks import Checker
from handouts.check.items import (
    CONDITION_TEXTS,
    SOURCE_LANGUAGE,
    THERMAL_WORDS,
    need_caption,
    read_item,
    text_list,
    with_pose_labels,
)
from handouts.check.model import Condition, Library, ThermalText
from handouts.check.schema.library import ADVICE, CONDITION, EXERCISE, THERMAL_TEXT
from handouts.check.strings import ONE_FORMS, read_strings
from handouts.errors import Problem, UserError, ValidationError
from handouts.load.yamlsource import LocatedList, load_yaml

EXERCISE_WORDS = ("id", "title", "purpose", "steps", "cautions")
CONDITION_WORDS = ("id", *CONDITION_TEXTS)


def translate(english: Library, language: str, root: Path) -> Library:
    """The English library in `language`, whose words are in the folder `root`."""
    english_root = root.parent / SOURCE_LANGUAGE
    thermal = _thermal(english.thermal, root / "thermal.yaml", english_root / "thermal.yaml")
    # A '<key>_1' line is the form for one, which a language without plurals (Chinese) does without.
    strings = read_strings(root / "strings.yaml", [key for key in english.strings if key not in ONE_FORMS],
                           "copy {them} from the English library's strings.yaml and translate {them}")
    strays = sorted({p.stem for p in (root / "conditions").glob("*.yaml")} - set(english.conditions))
    if strays:
        raise UserError(f"{root / 'conditions'}: no English condition {', '.join(strays)}; a condition starts in "
                        "library/en/conditions/ and is then translated")
    advice = _texts(english.advice, root / "advice.yaml", captioned=True)
    warnings = _texts(english.warnings, root / "warnings.yaml")
    return Library(
        language=language,
        exercises=with_pose_labels(_exercises(english, root / "exercises"), strings),
        advice=advice,
        warnings=warnings,
        thermal=thermal,
        strings=strings,
        conditions={ident: _condition(condition, root / "conditions" / f"{ident}.yaml", advice, warnings)
                    for ident, condition in english.conditions.items()},
    )


def _exercises(english: Library, folder: Path) -> dict:
    translated = {}
    for path in sorted(folder.glob("*.yaml")):
        check, doc, _ = read_item(path, EXERCISE_WORDS, "an exercise")
        original = english.exercises.get(path.stem)
        if original is None:
            check.problem(doc, "id", "id", f"no English exercise '{path.stem}'; an exercise starts in "
                                           "library/en/exercises/ and is then translated")
        words = {key: check.read(doc, EXERCISE[key], "") for key in ("title", "purpose")}
        lists = {key: text_list(check, doc, key, required=key == "steps") for key in ("steps", "cautions")}
        for key, lines in lists.items():
            if original is not None and len(lines) != len(getattr(original, key)):
                # A two-language handout prints each line under its English twin.
                check.problem(doc, key, key, f"{len(lines)} lines but the English has "
                                             f"{len(getattr(original, key))}; translate line for line")
        check.raise_if_any()
        translated[path.stem] = replace(original, **words, **lists)
    return {ident: translated[ident] for ident in english.exercises if ident in translated}


def _condition(english: Condition, path: Path, advice: dict, warnings: dict) -> Condition:
    """A condition's words from `path`; its advice and warning signs are the English ones, translated."""
    if not path.is_file():
        raise UserError(f"{path}: missing; translate the English {path.name} (id, name, title, intro, source)")
    check, doc, _ = read_item(path, CONDITION_WORDS, "a condition")
    words = {key: check.read(doc, CONDITION[key], "") for key in CONDITION_TEXTS}
    check.raise_if_any()
    return replace(english, **words, advice=tuple(advice[item.id] for item in english.advice),
                   warnings=tuple(warnings[item.id] for item in english.warnings))


def _thermal(english: ThermalText, path: Path, english_path: Path) -> ThermalText:
    """The thermal section's words; which safety line goes with ice or heat is the English file's."""
    check = Checker(str(path))
    doc = check.mapping(load_yaml(path, library=True), "")
    if doc is None:
        raise ValidationError([Problem(str(path), "must be a mapping of 'key: text' lines")])
    check.known_keys(doc, THERMAL_TEXT.keys, "")
    words = {key: check.read(doc, THERMAL_TEXT[key], "") for key in THERMAL_WORDS}
    items = doc.get("safety")
    items = items if isinstance(items, LocatedList) else LocatedList()
    english_items = load_yaml(english_path, library=True).get("safety") or []
    english_pictures = {item.get("id"): item.get("picture") for item in english_items}
    texts, ids = [], []
    for index, item in enumerate(items):
        item = check.mapping(item, f"safety[{index}]", items, index)
        if item is not None:
            check.known_keys(item, ("id", "text", "caption"), f"safety[{index}]")
            ids.append(item.get("id"))
            texts.append((check.text(item, "text", f"safety[{index}]", required=True),
                          _caption(check, item, f"safety[{index}]", english_pictures.get(item.get("id")))))
    english_ids = [item.get("id") for item in english_items]
    if ids != english_ids:
        check.problem(doc, "safety", "safety", f"the lines must be the English ones, in the same order: "
                                               f"{', '.join(map(str, english_ids))}")
    check.raise_if_any()
    return replace(english, **words, safety=tuple(replace(line, text=text, caption=caption)
                                                   for line, (text, caption) in zip(english.safety, texts)))


def _caption(check: Checker, item, where: str, picture: str | None) -> str | None:
    """The words under an English item's picture, in this language: required where it has one."""
    caption = check.read(item, ADVICE["caption"], where)
    if caption is not None and picture is None:
        check.problem(item, "caption", f"{where}.caption", "the English item has no picture; drop the caption")
    need_caption(check, item, where, picture, caption)
    return caption


def _texts(english: dict, path: Path, *, captioned: bool = False) -> dict:
    """Advice items or warning signs: each English id with its text in this language (and an advice
    picture's caption)."""
    check = Checker(str(path))
    items = load_yaml(path, library=True)
    if not isinstance(items, LocatedList):
        raise ValidationError([Problem(str(path), "must be a list of items (each starting with '- ')")])
    texts, captions = {}, {}
    for index, item in enumerate(items):
        where = f"[{index}]"
        item = check.mapping(item, where, items, index)
        if item is None:
            continue
        check.known_keys(item, ("id", "text", "caption") if captioned else ("id", "text"), where)
        ident, text = check.text(item, "id", where, required=True), check.text(item, "text", where, required=True)
        if ident is not None and ident not in english:
            check.problem(item, "id", f"{where}.id", f"no English item '{ident}'; an item starts in the English "
                                                     "file and is then translated")
        elif ident is not None and text is not None:
            texts[ident] = text
            if captioned:
                captions[ident] = _caption(check, item, where, english[ident].picture)
    missing = [ident for ident in english if ident not in texts]
    if missing:
        check.problems.append(Problem(str(path), f"no translation of {', '.join(missing)}; every item must be "
                                                 "translated, or a handout would leave it out"))
    check.raise_if_any()
    if captioned:
        return {ident: replace(item, text=texts[ident], caption=captions[ident]) for ident, item in english.items()}
    return {ident: replace(item, text=texts[ident]) for ident, item in english.items()}
