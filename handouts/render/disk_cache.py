"""What is made from the fonts and the drawings, kept in the user's cache folder so that the next
process skips making it again.

`$XDG_CACHE_HOME/handouts/<kind>` (else `~/.cache/handouts/<kind>`), a file per entry, named by a
hash of everything the entry depends on (as Python names its bytecode). An entry is plain data read
with marshal: several times faster to load than pickle, and loading it runs no code. Only what comes
with handouts or a layout is kept here, never anything from a plan. A kind's folder keeps its newest
entries only (drawings come in as many sizes as pages have room to fill). A cache that is missing,
unreadable or not writable just means making the thing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import tempfile
from pathlib import Path


def entry(kind: str, name: str, key: str) -> Path:
    """The file for `kind`'s entry `name` (a readable prefix), whatever `key` names changing its name."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "handouts" / kind
    return folder / f"{name}-{hashlib.blake2b(key.encode(), digest_size=12).hexdigest()}.marshal"


def load(path: Path):
    """The value stored at `path`, or None when there is none or it cannot be read."""
    with contextlib.suppress(Exception):  # missing, unreadable, or not marshal data
        return marshal.loads(path.read_bytes())
    return None


def store(path: Path, value, keep: int) -> None:
    """Keep `value` at `path`, and at most the `keep` newest entries in its folder."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: something marshal cannot keep
        data = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under a temporary name, then renamed: batch workers may store the same entry at once.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(path.parent, keep)


def _prune(folder: Path, keep: int) -> None:
    entries = []
    for item in os.scandir(folder):
        with contextlib.suppress(OSError):  # another process may have removed it already
            if item.name.endswith(".marshal"):
                entries.append((item.stat().st_mtime_ns, item.path))
    for _, oldest in sorted(entries)[:-keep]:
        with contextlib.suppress(OSError):
            os.unlink(oldest)
