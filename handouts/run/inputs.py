"""Which plan files a command's arguments name: a file as given, a folder as the plans in it."""

from __future__ import annotations

import os
from pathlib import Path

from handouts.errors import UserError
from handouts.load.yamlsource import YAML_SUFFIXES


def plan_files(inputs: list[Path], *, missing_ok: bool = False) -> list[Path]:
    """Each plan once, in the order given; a folder stands for its *.yaml (and *.yml) files, sorted, and
    those of its sub-folders, each folder's after its own files (check and batch see the same plans).

    `missing_ok` passes a missing file through for the plan loader to report beside the other
    plans' problems (check); otherwise a missing file is a usage mistake (batch cannot start).
    """
    plans, seen = [], set()
    for path in inputs:
        if path.is_dir():
            found = _plans_in(path)
            if not found:
                raise UserError(f"{path}: no *.yaml plans in this folder or its sub-folders")
        elif path.suffix.lower() == ".csv":
            raise UserError(f"{path}: looks like a roster; give its template plan with --template PLAN.yaml")
        elif path.exists() or missing_ok:
            found = [path]
        else:
            raise UserError(f"{path}: no such plan file or folder")
        for plan in found:
            real = os.path.realpath(plan)  # realpath, not resolve(): a link that loops is the loader's to report
            if real not in seen:  # a plan named twice (alone and in its folder) counts once
                seen.add(real)
                plans.append(plan)
    return plans


def _plans_in(folder: Path) -> list[Path]:
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    # A clinic keeps its layout file beside the leaflets that name it: that one is not a plan.
    # A dangling link or a pipe named *.yaml is kept, for the plan loader to report: never silently skipped.
    found = [p for p in entries if p.suffix.lower() in YAML_SUFFIXES and not os.path.isdir(p)
             and not _is_layout_file(p)]
    for sub in entries:
        if sub.is_dir() and not sub.is_symlink():  # a link back up the tree must not loop
            found += _plans_in(sub)
    return found


def _is_layout_file(path: Path) -> bool:
    from handouts.check.plan import is_layout
    from handouts.load.yamlsource import load_yaml

    try:
        return is_layout(load_yaml(path))
    except UserError:  # not readable as YAML: a broken plan, reported when it is loaded
        return False
