"""Open a file the user named, safely: a regular file only, never more than a set size, and a plain
reason when it cannot be read.

Every input (plan, layout, roster, picture, logo, font) comes through here. The path is checked
with `stat` before it is opened, so a named pipe, a device such as /dev/zero or a folder is refused
at once instead of hanging or filling memory; the file is then opened without blocking and checked
again, in case something else was put in its place in between. No read returns more than the cap.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from handouts.errors import UserError

# Why a file cannot be read, by kind; a caller may word a kind its own way (see `Unreadable.say`).
REASONS = {
    "missing": "not found; check the name and folder",
    "dangling": "is a link to a file that does not exist; check the link",
    "loop": "is a link that leads back to itself; name the real file",
    "long": "has a name too long for the file system (over 255 bytes); use a shorter name",
    "folder": "is a folder, not a file",
    "special": "is not a regular file (a device, a pipe or a socket); name a file",
    "denied": "cannot be read (permission denied); check the file's permissions",
    "too_big": "is {size:,} bytes; {what} is at most {limit:,} bytes",
}


_records: list[set[Path]] = []  # the sets `recording` is filling


@contextlib.contextmanager
def recording() -> Iterator[set[Path]]:
    """The set of every input file asked for while the block runs, read or not (one missing now may be made
    next): what `handouts build --watch` watches."""
    asked: set[Path] = set()
    _records.append(asked)
    try:
        yield asked
    finally:
        _records.remove(asked)


class Unreadable(Exception):
    """Why a file cannot be used: a `kind` from REASONS, and the words for it."""

    def __init__(self, kind: str, detail: str = "", **values):
        self.kind, self.values = kind, values
        text = REASONS.get(kind, "cannot be read ({detail}); check the file").format(detail=detail, **values)
        super().__init__(text)

    def say(self, **wording: str) -> str:
        """The reason, in the caller's own words for the kinds it names (`folder="is a folder, ..."`)."""
        return wording[self.kind].format(**self.values) if self.kind in wording else str(self)


def reason_for(exc: OSError, path: Path) -> Unreadable:
    """An OSError from the file system as one of the kinds above."""
    code = exc.errno
    if code == errno.ENOENT:
        return Unreadable("dangling" if os.path.islink(path) else "missing")
    if code == errno.ELOOP:
        return Unreadable("loop")
    if code == errno.ENAMETOOLONG:
        return Unreadable("long")
    if code == errno.EISDIR:
        return Unreadable("folder")
    if code in (errno.EACCES, errno.EPERM):
        return Unreadable("denied")
    if code == errno.ENOTDIR:
        return Unreadable("missing")
    return Unreadable("other", exc.strerror or type(exc).__name__)


def _regular(info: os.stat_result, limit: int, what: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise Unreadable("folder")
    if not stat.S_ISREG(info.st_mode):  # a device or a pipe could block, or never end
        raise Unreadable("special")
    if info.st_size > limit:
        raise Unreadable("too_big", size=info.st_size, what=what, limit=limit)


def check(path: Path, limit: int, what: str = "the file") -> os.stat_result:
    """The file's `stat`, or `Unreadable` if it is not a regular file of at most `limit` bytes."""
    for asked in _records:
        asked.add(Path(path))
    try:
        info = os.stat(path)
    except OSError as exc:
        raise reason_for(exc, path) from None
    except ValueError:  # a NUL byte in the name
        raise Unreadable("missing") from None
    _regular(info, limit, what)
    return info


def open_binary(path: Path, limit: int, what: str = "the file"):
    """The file, open for reading, after `check`; the caller closes it and reads at most `limit` bytes."""
    check(path, limit, what)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise reason_for(exc, path) from None
    try:
        _regular(os.fstat(fd), limit, what)  # the same file that was checked, not one swapped in since
    except Unreadable:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_bytes(path: Path, limit: int, what: str = "the file") -> bytes:
    """The file's bytes; `Unreadable` if it is not a regular file, or holds more than `limit` bytes."""
    with open_binary(path, limit, what) as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise reason_for(exc, path) from None
    if len(data) > limit:  # it grew after it was checked
        raise Unreadable("too_big", size=len(data), what=what, limit=limit)
    return data


def unforeseen(exc: OSError) -> UserError:
    """An OSError no check foresaw (the file system said no) as a UserError: one line naming the file and why."""
    reason = reason_for(exc, exc.filename) if exc.filename is not None else None
    what = str(reason) if reason is not None and reason.kind != "other" else exc.strerror or type(exc).__name__
    return UserError(what, file=exc.filename)
