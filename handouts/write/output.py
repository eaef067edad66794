"""Write a finished PDF so that readers never see half a file."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from handouts.errors import DiskFull, UserError
from handouts.load import infile

MAX_NAME = 255  # bytes in one file name, on every common file system
# Linux's unnamed temporary files (and /proc to give them a name); other systems use a named .part file.
_HAS_TMPFILE = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")


def check_target(path: Path, *inputs: Path, suffix: str = ".pdf") -> None:
    """A file the user named on the command line: a `suffix` name, never one of the files being read
    (a slip such as `-o plan.yaml` must not overwrite the plan)."""
    if path.is_dir():
        raise UserError(f"{path}: is a folder, not a {suffix[1:].upper()}; choose another output name")
    if path.suffix.lower() != suffix:
        raise UserError(f"{path}: the output must be a {suffix} file name")
    if len(os.fsencode(path.name)) > MAX_NAME:
        raise UserError(f"{path}: {infile.REASONS['long']}")
    for source in inputs:
        # realpath, not resolve(): a link that loops must not raise here; it is reported where it is written.
        if os.path.realpath(path) == os.path.realpath(source):
            raise UserError(f"{path}: the output would overwrite {source}; choose another name")


def make_folder_for(path: Path) -> Path:
    """The folder `path` goes in, made if need be; a one-line UserError if it cannot hold a new file."""
    return make_folder(path.parent, path)


def make_folder(folder: Path, named: Path | None = None) -> Path:
    """`folder`, made if need be; a one-line UserError naming `named` (the file to go in it, or the folder
    itself) if it cannot hold a new file."""
    named = named or folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in (folder, *folder.parents) if os.path.lexists(p) and not os.path.isdir(p)), folder)
        what = "a link that leads nowhere (or back to itself)" if os.path.islink(blocker) else "a file, not a folder"
        raise UserError(f"{blocker} is {what}; choose another output name", file=named) from None
    except OSError as exc:
        raise UserError(f"cannot write here ({exc.strerror}); choose another output folder", file=named) from None
    if not os.access(folder, os.W_OK):
        raise UserError("cannot write here (permission denied); choose another output folder", file=named)
    return folder


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` as `path` in one step: readers see the old file or the whole new one, never half."""
    with atomic_file(path) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write that appears as `path` only when the `with` block ends without an exception.

    Where the platform allows (Linux's O_TMPFILE), the file has no name until it is complete, so
    not even SIGKILL can leave a partial file behind; elsewhere it is a hidden `.part` file beside
    `path`, removed on any failure. A failed write leaves any older file of the same name untouched.
    OSError becomes a one-line UserError naming `path`.
    """
    folder = make_folder_for(path)
    try:
        handle, tmp = _unnamed(folder)
    except OSError as exc:
        raise _error(exc, "cannot write here ({}); choose another output folder", path) from None
    try:
        with handle:
            yield handle
            handle.flush()
            if tmp is None:  # give the unnamed file a (hidden, unique) name, then rename it into place
                tmp = _link_name(handle.fileno(), folder, path.name)
            else:
                # mkstemp makes the file private (0600); a handout gets the usual permissions, so a
                # shared print folder can read it.
                os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _error(exc, "cannot write the PDF ({})", path) from None
        raise


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _error(exc: OSError, reason: str, path: Path) -> UserError:
    """A write's OSError as one line; DiskFull when no file would fit, so a batch can stop there."""
    if exc.errno in _FULL:
        return DiskFull(f"{exc.strerror}; free some space, or choose another output folder", file=path)
    return UserError(reason.format(exc.strerror), file=path)


def _unnamed(folder: Path) -> tuple[BinaryIO, str | None]:
    """An open file in `folder` and its temporary name (None: it has none yet, O_TMPFILE)."""
    if _HAS_TMPFILE:
        try:
            # The mode passes through the umask like any new file's.
            fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o666)
            return os.fdopen(fd, "wb"), None
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise  # a real problem with the folder (permissions, space), not a file system without it
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=folder)
    return os.fdopen(fd, "wb"), tmp


def _link_name(fd: int, folder: Path, name: str) -> str:
    """Link an O_TMPFILE file into `folder` under a fresh hidden name, and return that name.

    link() never overwrites, so the file gets a name of its own first and then replaces `name`.
    """
    for _ in range(100):
        # A short part of the name: a legal 255-byte name must not make the temporary name too long.
        tmp = os.path.join(folder, f".{name[:40]}.{secrets.token_hex(4)}.part")
        try:
            # A directory fd makes CPython call linkat(), which can follow the /proc link; plain
            # link() would try to link the symlink itself (EXDEV). The path is absolute: fd is unused.
            os.link(f"/proc/self/fd/{fd}", tmp, src_dir_fd=fd, follow_symlinks=True)
            return tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _umask() -> int:
    mask = os.umask(0)  # the only way to read the umask is to set it; put it straight back
    os.umask(mask)
    return mask
