"""What is made from the fonts and the drawings, kept in the user's cache folder so that the next
process skips making it again.

`$XDG_CACHE_HOME/handouts/<kind>` (else `$HOME/.cache/handouts/<kind>`; either only when it is an absolute
path, else no cache at all), a file per entry, named by a hash of everything the entry depends on (as
Python names its bytecode). An entry is plain data written with marshal (several times faster to load
than pickle, and loading it runs no code) after a header: a magic string, a hash of the key it was made
for and a checksum of the data. An entry whose header does not match its key and its data (cut short,
damaged, or another entry's file in its place) is made again, never used: never another exercise's
picture. Entries are read as the plan's files are: a regular file only, size-capped, opened without
following a link or blocking, so a link, a pipe or a device left in the cache folder is skipped too.
Only what comes with handouts or a layout is kept here, never anything from a plan. A kind's folder keeps
its newest entries only (drawings come in as many sizes as pages have room to fill). A cache that is
missing, unreadable or not writable just means making the thing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"handouts cache 1\n"  # a file that does not begin with it was not written here
MAX_BYTES = 64_000_000  # an entry is at most a few megabytes (a full CJK face's tables)
_DIGEST = 16
# A kind's folder is opened once, without following a link, and its entries are opened, renamed and removed
# through that descriptor: a platform that cannot do so goes without a cache rather than follow a link.
_SAFE = (hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY") and os.scandir in os.supports_fd
         and {os.open, os.rename, os.unlink} <= os.supports_dir_fd)


@dataclass(frozen=True)
class Entry:
    """One kept value: its file, and the header the file must begin with (the magic and the key's hash)."""

    path: Path
    tag: bytes


def entry(kind: str, name: str, key: str) -> Entry | None:
    """`kind`'s entry `name` (a readable prefix), whatever `key` names changing its file; None without a cache."""
    root = _root()
    if root is None:
        return None
    digest = hashlib.blake2b(key.encode(), digest_size=_DIGEST).digest()
    return Entry(root / kind / f"{name}-{digest[:12].hex()}.marshal", MAGIC + digest)


def _root() -> Path | None:
    """The platform's cache folder: XDG_CACHE_HOME, then HOME's `.cache`, each only when absolute (a relative
    one would put a cache wherever the command runs, an empty HOME one in `/.cache`); else None."""
    if not _SAFE:
        return None
    for variable, below in (("XDG_CACHE_HOME", ()), ("HOME", (".cache",))):
        value = os.environ.get(variable, "")
        if os.path.isabs(value):
            return Path(value, *below, "handouts")
    return None


def load(item: Entry | None):
    """The value stored for `item`, or None when there is none or it is not exactly what was stored for its key."""
    if item is None:
        return None
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):  # not there, not readable, not marshal
        with _folder(item.path.parent) as folder:
            data = _read(folder, item.path.name)
        return _unpacked(data, item.tag)
    return None


def store(item: Entry | None, value, keep: int) -> None:
    """Keep `value` for `item`, and at most the `keep` newest entries in its folder."""
    if item is None:
        return
    with contextlib.suppress(OSError, ValueError):  # ValueError: something marshal cannot keep
        body = marshal.dumps(value)
        item.path.parent.mkdir(parents=True, exist_ok=True)
        with _folder(item.path.parent) as folder:
            _write(folder, item.path.name, item.tag + _checksum(body) + body)
            _prune(folder, keep)


@contextlib.contextmanager
def _folder(path: Path):
    """A descriptor of the kind's folder; OSError when it is a link (to a folder outside the cache) or missing."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        yield fd
    finally:
        os.close(fd)


def _read(folder: int, name: str) -> bytes | None:
    """The entry's bytes, or None when it is not a regular file of at most MAX_BYTES: O_NONBLOCK so that a pipe
    opens at once (and is then refused), O_NOFOLLOW so that a link (to /dev/zero, to another entry) is not read."""
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        data = handle.read(info.st_size + 1)
    return data if len(data) == info.st_size else None  # not one that changed size while it was read


def _unpacked(data: bytes | None, tag: bytes):
    if data is None or not data.startswith(tag):
        return None
    view = memoryview(data)
    checksum, body = view[len(tag):len(tag) + _DIGEST], view[len(tag) + _DIGEST:]
    if _checksum(body) != checksum:
        return None
    return marshal.loads(body)


def _checksum(body) -> bytes:
    return hashlib.blake2b(body, digest_size=_DIGEST).digest()


def _write(folder: int, name: str, data: bytes) -> None:
    """Written whole under a temporary name, then renamed: batch workers may store the same entry at once, and
    a reader sees the old entry or the new one, never half of one."""
    part = f".{name}.{os.urandom(6).hex()}.part"
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder)
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(part, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part, dir_fd=folder)
        raise


def _prune(folder: int, keep: int) -> None:
    """The oldest entries removed, found and removed through the folder's descriptor: a link is removed itself,
    and nothing outside the folder is ever looked at."""
    entries = []
    with os.scandir(folder) as items:
        for item in items:
            with contextlib.suppress(OSError):  # another process may have removed it already
                if item.name.endswith(".marshal") and not item.is_dir(follow_symlinks=False):
                    entries.append((item.stat(follow_symlinks=False).st_mtime_ns, item.name))
    for _, oldest in sorted(entries)[:-keep]:
        with contextlib.suppress(OSError):
            os.unlink(oldest, dir_fd=folder)
