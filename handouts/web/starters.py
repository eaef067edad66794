"""What a therapist starts a program from: the condition's standard program, the clinic's templates and
their own favourite exercises.

- A condition's program is library data (`program:` in library/en/conditions/<id>.yaml).
- A template is a plan file without a patient in a brand folder's `templates/` (`--brand-dir`): the page
  fills the form from it and keeps the patient, therapist and dates already typed.
- Favourites are exercise ids in a small JSON file in the user's config folder
  (`$XDG_CONFIG_HOME/handouts/favourites.json`, else `~/.config/handouts/`): ids from the library only, so
  no patient data can reach the file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from handouts.check.model import Library
from handouts.load import confine, infile
from handouts.load.yamlsource import decode_text, parse_yaml
from handouts.write.output import write_atomic

TEMPLATES = "templates"
MAX_TEMPLATE = 64_000  # bytes: a plan file, not a data dump
MAX_FAVOURITES = 64  # a favourite list longer than this is a library, not a shortlist
# What a template never sets: the form's values for this patient and visit stay as typed.
VISIT_FIELDS = ("patient.name", "patient.id", "therapist", "date", "next_visit", "thermal.injury_date")


@dataclass(frozen=True)
class Offer:
    """A ready-made list of exercises the page offers as a start: a label and the ids it adds."""

    label: str
    ids: tuple[str, ...]
    titles: tuple[str, ...]


def offers(library: Library, condition, favourite_ids: list[str]) -> list[Offer]:
    """The condition's standard program, then the therapist's favourites, each only with the exercises this
    language's library has (an exercise not yet translated is not offered)."""
    found = [Offer(f"Standard program for {condition.name.lower()}", *_known(condition.program, library)),
             Offer("My favourites", *_known(favourite_ids, library))]
    return [offer for offer in found if offer.ids]


def _known(ids, library: Library) -> tuple[tuple[str, ...], tuple[str, ...]]:
    kept = tuple(ident for ident in ids if ident in library.exercises)
    return kept, tuple(library.exercises[ident].title for ident in kept)


def template_paths() -> dict[str, Path]:
    """The clinic's templates by name (the file's stem), from each brand folder's templates/, first folder
    first."""
    found: dict[str, Path] = {}
    for folder in confine.brand_dirs():
        for path in sorted((folder / TEMPLATES).glob("*.y*ml")):
            found.setdefault(path.stem, path)
    return found


def read_template(path: Path) -> dict:
    """A template's plan, without any patient it may hold (a template is for every patient)."""
    raw = parse_yaml(decode_text(infile.read_bytes(path, MAX_TEMPLATE, "the template"), str(path)), str(path))
    plan = dict(raw) if isinstance(raw, dict) else {}
    plan.pop("patient", None)
    return plan


def with_visit(values: dict, typed: dict) -> dict:
    """A template's form values with the patient, therapist and dates the form already holds."""
    return {**values, **{key: typed[key] for key in VISIT_FIELDS if typed.get(key)}}


def favourites_path() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "handouts" / "favourites.json"


def favourites(library: Library) -> list[str]:
    """The favourite exercise ids the library has, in the order they were marked; none for a missing or
    damaged file (the next mark writes a good one)."""
    try:
        saved = json.loads(favourites_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    ids = saved.get("exercises") if isinstance(saved, dict) else None
    return [ident for ident in ids if ident in library.exercises] if isinstance(ids, list) else []


def toggle_favourite(ident: str, library: Library) -> list[str]:
    """Mark or unmark an exercise of the library as a favourite; the list as saved. Only library ids are
    written, whatever the request carried."""
    current = favourites(library)
    if ident in current:
        current.remove(ident)
    elif ident in library.exercises and len(current) < MAX_FAVOURITES:
        current.append(ident)
    path = favourites_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, (json.dumps({"exercises": current}, indent=1) + "\n").encode())  # never half a list
    return current
