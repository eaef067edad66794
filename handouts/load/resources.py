"""Where the bundled data folders are: inside the wheel, or the source tree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]  # handouts/, beside its _data or the source tree


@cache
def data_dir(name: str) -> Path:
    """The folder `name` (layouts, images, library, fonts).

    A wheel carries them as handouts/_data/<name>; an editable install or a
    source checkout keeps them at the top of the repository.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"handouts is installed without its '{name}' folder; reinstall it")
