"""A batch's print file: each handout added in roster order as soon as it and those before it are done.

Workers finish rows out of order; a result waits here only until the rows before
it are done, so the print file is written while the batch builds, and what
waits is a few results, never PDFs. If the print file cannot be written (a full
disk, a PDF that cannot be read back), it is given up, with the reason, and the
batch goes on: the handouts still come out, and nothing half-written is left.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from handouts.errors import UserError, printable
from handouts.run.batch import Job, Result
from handouts.write.merge import NotOurs, PrintFile
from handouts.write.output import atomic_file


class BatchPrintFile:
    def __init__(self, path: Path, jobs: list[Job], outdir: Path, *, copies: int = 1,
                 shard: tuple[int, int, str] | None = None, archival: bool = False):
        self.path, self.outdir, self.copies = path, outdir, copies
        self.failure: str | None = None  # why the print file was given up
        self._next = 0  # position in `jobs` of the next handout to add
        self._jobs = jobs
        self._position = {job.order: position for position, job in enumerate(jobs)}
        self._done: dict[int, Result] = {}  # results that wait for an earlier row
        self._file = atomic_file(path)  # entered here, left once: in `finish` or `abandon`
        self._open = True
        self._pdf = PrintFile(self._file.__enter__(), shard=shard, archival=archival)
        self.handouts = 0

    @property
    def pages(self) -> int:
        return self._pdf.pages

    def offer(self, result: Result) -> None:
        """Take a finished row; add it, and the rows it was holding back, once those before it are done."""
        if not self._open:
            return
        self._done[self._position[result.job.order]] = result
        while self._next in self._done:
            result = self._done.pop(self._next)
            self._next += 1
            if result.built:
                self._add(result.job)
                if not self._open:
                    return

    def _add(self, job: Job) -> None:
        try:
            self._pdf.add(self.outdir / job.out, job.title, order=job.order, copies=self.copies)
            self.handouts += 1
        except OSError as exc:
            self.abandon(f"{exc.strerror or exc} while adding {job.out}")
        except NotOurs as exc:
            self.abandon(f"{job.out} could not be read back: {exc}")

    def finish(self) -> None:
        """Complete the print file and put it in place; if that fails, `failure` says why."""
        if not self._open:
            return
        try:
            self._pdf.close()
        except OSError as exc:
            self.abandon(f"{exc.strerror or exc}")
            return
        self._open = False
        try:
            self._file.__exit__(None, None, None)
        except UserError as exc:
            self.failure = printable(exc.reason) if exc.file == self.path else exc.format_message()

    def abandon(self, reason: str) -> None:
        """Give the print file up, unless it is finished: nothing of it is left on disk."""
        if not self._open:
            return
        self._open = False
        self.failure = reason
        stopped = RuntimeError(self.failure)
        with contextlib.suppress(OSError, UserError):
            self._file.__exit__(RuntimeError, stopped, None)  # the file is thrown away, as on any error
