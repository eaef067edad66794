"""Write a finished PDF so that readers never see half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from handouts import infile
from handouts.errors import UserError

MAX_NAME = 255  # bytes in one file name, on every common file system


def check_target(path: Path, *inputs: Path) -> None:
    """A PDF the user named on the command line: a .pdf name, never one of the files being read
    (a slip such as `-o plan.yaml` must not overwrite the plan)."""
    if path.suffix.lower() != ".pdf":
        raise UserError(f"{path}: the output must be a .pdf file name")
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
        raise UserError(f"{named}: {blocker} is {what}; choose another output name") from None
    except OSError as exc:
        raise UserError(f"{named}: cannot write here ({exc.strerror}); choose another output folder") from None
    if not os.access(folder, os.W_OK):
        raise UserError(f"{named}: cannot write here (permission denied); choose another output folder")
    return folder


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    A failed write leaves any older file of the same name untouched and no
    temporary file behind.
    """
    folder = make_folder_for(path)
    try:
        # A short prefix: a legal 255-byte name must not make the temporary name too long.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise UserError(f"{path}: cannot write here ({exc.strerror}); choose another output folder") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private (0600); a handout gets the usual permissions, so a
        # shared print folder can read it.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UserError(f"{path}: cannot write the PDF ({exc.strerror})") from None
        raise


def _umask() -> int:
    mask = os.umask(0)  # the only way to read the umask is to set it; put it straight back
    os.umask(mask)
    return mask
