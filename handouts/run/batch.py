"""Build many handouts at once, in several processes, without losing the good ones to a bad one.

A batch is a list of `Job`s (one per roster row or leaflet plan): small values
that name a plan file, the roster's values for it and the output file. Each
worker process is started once and then builds row after row, so what
a batch shares (fonts, styles, the library, the layout, prepared images, all
cached per process by their own modules) is prepared once per process, and
only the jobs and one-line results cross between processes, never Plans or PDFs.
Every PDF is written atomically by the process that built it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import multiprocessing
import os
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

from handouts.check.checks import clean_text
from handouts.check.library import library_language
from handouts.check.plan import load_plan
from handouts.check.roster import by_column, read_roster
from handouts.errors import DiskFull, Problem, UserError, ValidationError, printable
from handouts.run.build import build
from handouts.run.inputs import plan_files
from handouts.write.naming import UniqueNames, handout_stem


@dataclass(frozen=True)
class Job:
    label: str  # how messages name it: "roster.csv row 18", or the plan's path
    plan: Path
    out: str  # file name inside the output folder
    title: str  # its bookmark in the merged print file
    overrides: dict | None = None  # a roster row's plan values; None builds the plan as it is
    problems: tuple[Problem, ...] = ()  # already known to fail (e.g. a roster row with too many cells)
    order: int = 0  # its place in the whole batch (the roster, before any --shard): the print file's order
    renamed: bool = False  # its file name was taken by an earlier row: `out` is made unique with '-2', '-3', ...


@dataclass(frozen=True)
class Settings:
    outdir: Path
    today: dt.date  # fixed once, so a batch that runs past midnight dates every handout alike
    strict: bool = False  # a row with clinical warnings fails
    archival: bool = False  # every handout PDF/A-2b
    fhir: Path | None = None  # the folder for each handout's FHIR bundle, named as its PDF with .json
    require_patient: bool = False  # with `fhir`, a row whose bundle would name no patient fails

    def bundle(self, job: Job) -> Path | None:
        from handouts.write.fhir import bundle_name

        return self.fhir / bundle_name(job.out) if self.fhir is not None else None


@dataclass(frozen=True)
class Result:
    job: Job
    built: bool
    lines: tuple[str, ...] = ()  # errors and warnings, one line each, for stderr
    disk_full: str = ""  # why, when the output folder's disk is full: the rows after it would fail alike


class StopBatch(KeyboardInterrupt):
    """Raised by a `run` report to take no more rows: the rows being built finish, as on Ctrl-C."""


# -- what to build ---------------------------------------------------------

def roster_jobs(roster: Path, template: Path, *, today: dt.date,
                reserved: set[str] = frozenset()) -> tuple[list[Job], str]:
    """One job per roster row, and how the roster was read when not as a plain UTF-8 CSV ("UTF-16,
    tab-separated"). A bad template or roster file raises (the batch cannot start)."""
    template_plan = load_plan(template, today=today)  # the template alone must be right: stop here if not
    names = UniqueNames(reserved)
    jobs = []
    read = read_roster(roster, has_thermal=template_plan.thermal is not None)
    for row in read.rows:
        out = names.claim(handout_stem(record_id=row.cells.get("id"), name=row.cells.get("patient"),
                                       fallback=f"row-{row.number}"))
        title = " ".join(filter(None, (row.cells.get("patient"), row.cells.get("id")))) or row.label
        overrides = row.overrides
        if _library_language(overrides) not in (None, template_plan.library.language):
            # The template's title and notes are written in the template's language: a row in another language
            # takes its own language's title, and only the notes written in its own cell.
            overrides = {"title": None, "notes": None, **overrides}
        jobs.append(Job(row.label, template, out, title, overrides, row.problems, order=len(jobs),
                        renamed=out in names.renamed))
    return jobs, read.read_as


def _library_language(overrides: dict) -> str | None:
    """The content library a row's language cell picks ('es' for 'es-MX' or 'es; en'), if it has one."""
    value = overrides.get("language")
    value = value[0] if isinstance(value, list) and value else value
    return library_language(value) if isinstance(value, str) else None


def plan_jobs(inputs: list[Path], *, reserved: set[str] = frozenset()) -> list[Job]:
    """One job per plan file; a folder stands for the plans in it."""
    plans = plan_files(inputs)
    names = UniqueNames(reserved)
    outs = [names.claim(handout_stem(name=plan.stem, fallback="plan")) for plan in plans]
    return [Job(str(plan), plan, out, clean_text(plan.stem), order=order, renamed=out in names.renamed)
            for order, (plan, out) in enumerate(zip(plans, outs))]


# -- building one ----------------------------------------------------------

def build_one(job: Job, settings: Settings) -> Result:
    """Build one job into the output folder; never raises for a bad row or a bug, only for Ctrl-C."""
    if job.problems:
        return _failed(job, settings, tuple(map(str, job.problems)))
    try:
        found = build(job.plan, settings.outdir / job.out, strict=settings.strict, today=settings.today,
                      overrides=job.overrides, source=job.label if job.overrides is not None else None,
                      archival=settings.archival, bundle=settings.bundle(job), require_patient=settings.require_patient)
        return Result(job, True, tuple(line(job, problem, warning=True) for problem in found))
    except UserError as exc:
        return _failed(job, settings, error_lines(job, exc), disk_full=exc.reason if isinstance(exc, DiskFull) else "")
    except Exception as exc:  # noqa: BLE001 (a bug: report it against this row and carry on with the others)
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return _failed(job, settings, (
            (f"{job.label}: internal error ({type(exc).__name__}: {exc}, at {Path(frame.filename).name}:"
            f"{frame.lineno}); this is a bug, please report it with this row and its plan"),))


def error_lines(job: Job, error: UserError) -> tuple[str, ...]:
    """Why a job failed, as the batch reports it: each problem by `line`, any other error after the job's name."""
    if isinstance(error, ValidationError):
        return tuple(line(job, problem) for problem in error.problems)
    return (f"{printable(job.label)}: {error.format_message()}",)


def line(job: Job, problem: Problem, *, warning: bool = False) -> str:
    """A problem as this job reports it: a roster row's by its row and column (the template's line numbers
    would mislead); a plan of its own by its file, line and column."""
    if job.overrides is not None:
        if problem.source != job.label:  # about another file, e.g. a template deleted mid-batch
            return f"{printable(job.label)}: {problem}"
        problem = by_column(problem)
    return problem.as_warning() if warning else str(problem)


def _failed(job: Job, settings: Settings, lines: tuple[str, ...], *, disk_full: str = "") -> Result:
    # An older PDF or bundle of this name (an earlier run) would look like this run's: a failed row leaves neither.
    for old in filter(None, (settings.outdir / job.out, settings.bundle(job))):
        try:
            old.unlink(missing_ok=True)
        except IsADirectoryError:
            pass  # a folder in the file's place (the row's error says so) is no old file
        except OSError as exc:
            lines += (f"{job.label}: an older {old.name} could not be removed ({exc.strerror}); delete it by hand",)
    return Result(job, False, lines, disk_full)


# -- building many ---------------------------------------------------------

def shard(jobs: list[Job], part: int, parts: int) -> list[Job]:
    """Every `parts`-th job starting with the `part`-th (counting from 1): one machine's share of a batch."""
    return jobs[part - 1::parts]


def identity(jobs: list[Job]) -> str:
    """What tells one batch from another, the same on every machine: its rows and the plans they start from.
    A shard's print file carries it, so that `handouts merge` never joins yesterday's shard to today's."""
    digest = hashlib.sha256()
    for job in jobs:
        digest.update(repr((job.order, job.label, job.out, job.title, job.overrides, job.problems)).encode())
    for plan in sorted({job.plan for job in jobs}):
        with contextlib.suppress(OSError):  # a plan that cannot be read fails its rows, reported with them
            digest.update(plan.read_bytes())
    return digest.hexdigest()[:20]


def run(jobs: list[Job], settings: Settings, *, workers: int, report: Callable[[Result], None]) -> None:
    """Build every job, calling `report` with each result as it finishes (in any order with several workers).

    On Ctrl-C (KeyboardInterrupt) the rows being built are finished and reported, the rest are not
    started, and then KeyboardInterrupt is raised again: every PDF in the output folder is complete.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            report(build_one(job, settings))
        return
    _Pool(settings, min(workers, len(jobs))).run(jobs, report)


AHEAD = 2  # rows handed to a worker at a time: one to build while the next one waits, so it never idles


class _Pool:
    """Worker processes, each sent a row or two at a time and answering one result per row.

    Rows go out one by one (a row is about 40 ms of work; handing one over costs microseconds),
    so a worker that dies takes no other row with it: the row it was building is reported as
    failed, the rows waiting for it go to a new worker.
    """

    def __init__(self, settings: Settings, size: int):
        self.context = multiprocessing.get_context()
        self.settings = settings
        self.stop = self.context.Event()  # set on Ctrl-C: workers finish their row and skip the rest
        self.workers = [_Worker(self.context, settings, self.stop) for _ in range(size)]

    def run(self, jobs: list[Job], report: Callable[[Result], None]) -> None:
        queue = deque(jobs)
        arrived: deque[Result] = deque()  # kept here, so a Ctrl-C inside `report` loses none of them
        interrupted = False
        try:
            while True:
                try:
                    while arrived:
                        report(arrived.popleft())
                    if not interrupted:
                        with _signals_held():
                            for worker in self.workers:
                                worker.feed(queue)
                    busy = [worker for worker in self.workers if worker.pending]
                    if not busy:
                        break
                    ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
                    for index, worker in enumerate(self.workers):
                        if worker.connection in ready or worker.process.sentinel in ready:
                            with _signals_held():
                                arrived.extend(worker.answers())
                            if not worker.process.is_alive() and worker.pending:
                                self.workers[index] = self._replace(worker, queue, arrived, interrupted)
                except KeyboardInterrupt:
                    interrupted = True
                    self.stop.set()
            if interrupted:
                raise KeyboardInterrupt
        finally:
            self.stop.set()
            for worker in self.workers:
                worker.close()

    def _replace(self, dead: _Worker, queue: deque, arrived: deque, interrupted: bool) -> _Worker:
        """A new worker for a dead one: the row it was building failed, the rows it had not started go back."""
        building, *waiting = dead.pending
        dead.close()
        if not interrupted:  # once stopping, a row that did not finish is simply not built
            arrived.append(_failed(building, self.settings, (
                (f"{building.label}: not built: the worker process building it stopped "
                f"({_how_it_ended(dead.process.exitcode)}); please report this with the row"),)))
            queue.extendleft(reversed(waiting))
        return _Worker(self.context, self.settings, self.stop)


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM wait while rows go out and answers come in: stopped half way, a row would be counted
    as sent and never arrive (or half an answer stay in the pipe), and the pool would wait for it for ever."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, and no SIGTERM to hold
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a signal that came meanwhile is taken now


class _Worker:
    def __init__(self, context, settings: Settings, stop):
        here, there = context.Pipe()
        self.process = context.Process(target=_serve, args=(there, settings, stop, os.getpid()), daemon=True)
        self.process.start()
        there.close()  # the worker's end lives in the worker only, so its death reads as the end of the pipe
        self.connection = here
        self.pending: deque[Job] = deque()  # sent and not yet answered, in the order sent

    def feed(self, queue: deque) -> None:
        while queue and len(self.pending) < AHEAD and self.process.is_alive():
            job = queue.popleft()
            self.pending.append(job)
            try:
                self.connection.send(job)
            except OSError:  # dying: the row is counted with the others it had
                return

    def answers(self) -> list[Result]:
        """The results that have arrived (a skipped row, after Ctrl-C, answers None and is left out)."""
        results = []
        try:
            while self.pending and self.connection.poll():
                result = self.connection.recv()
                self.pending.popleft()
                if result is not None:
                    results.append(result)
        except (EOFError, OSError):
            pass  # the worker is gone; what it had not answered is dealt with by the pool
        return results

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.send(None)  # no more rows: the worker returns
        self.connection.close()
        self.process.join(timeout=60)  # a row takes well under a second; a stuck worker is ended
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _serve(connection, settings: Settings, stop, parent: int) -> None:
    """A worker process: build each job it is sent and send back its result, until told to stop."""
    # Ctrl-C and SIGTERM reach every process of the group: the parent decides, a worker finishes its row.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _end_with(parent)
    while True:
        while not connection.poll(1.0):
            if os.getppid() != parent:  # the parent died: nobody wants the rest
                return
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        result = None if stop.is_set() else build_one(job, settings)
        try:
            connection.send(result)
        except OSError:
            return


def _end_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies, however it dies (Linux); elsewhere the
    worker notices within a second, between rows. Files are written whole or not at all either way."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before that took effect
        os._exit(0)


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit status {exitcode}"
