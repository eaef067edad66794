"""Where a plan and its layout may read files from: nowhere the clinic has not put them.

A plan (perhaps received from elsewhere, or a roster cell) names a layout, pictures and, through
the layout, a logo, fonts and parent layouts. Each may be read only from:
- the data bundled with handouts (layouts/, images/, fonts/);
- the plan's own folder and the folders below it;
- a brand folder the clinic names itself: `--brand-dir DIR` on the command line, or the
  HANDOUTS_BRAND_DIRS setting (folders separated by ':' on Linux and macOS, ';' on Windows).
The test is on the resolved path, symlinks followed, so neither `../` nor a link can climb out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from handouts.load.resources import data_dir

SETTING = "HANDOUTS_BRAND_DIRS"
BUNDLED = ("layouts", "images", "fonts")
HINT = "copy it beside the plan, or name its folder with --brand-dir (or the HANDOUTS_BRAND_DIRS setting)"


def _resolved(path: Path) -> Path | None:
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):  # a name the system cannot even look up
        return None


def brand_dirs() -> tuple[Path, ...]:
    """The brand folders the clinic has named, resolved."""
    named = (part for part in os.environ.get(SETTING, "").split(os.pathsep) if part.strip())
    return tuple(found for found in map(_resolved, map(Path, named)) if found is not None)


def roots(plan_dir: Path) -> tuple[Path, ...]:
    """Every folder a plan in `plan_dir` may read from."""
    own = _resolved(Path(os.path.abspath(plan_dir)))
    return (*(data_dir(name) for name in BUNDLED), *([own] if own else []), *brand_dirs())


def inside(path: Path, allowed: Iterable[Path]) -> bool:
    """Whether `path`, symlinks followed, is in one of the `allowed` folders (or below)."""
    real = _resolved(path)
    return real is not None and any(real == root or root in real.parents for root in allowed)


def allow(folders: Iterable[Path]) -> Callable[[], None]:
    """Add brand folders for this process and the worker processes it starts; returns the undo."""
    before = os.environ.get(SETTING)
    added = [str(_resolved(Path(folder)) or folder) for folder in folders]
    os.environ[SETTING] = os.pathsep.join(filter(None, [before, *added]))

    def undo() -> None:
        if before is None:
            os.environ.pop(SETTING, None)
        else:
            os.environ[SETTING] = before

    return undo
