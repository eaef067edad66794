"""Build many handouts at once, in several processes, without losing the good ones to a bad one.

A batch is a list of `Job`s (one per roster row or leaflet plan): small values
that name a plan file, the roster's values for it and the output file. Each
worker process is started once and then builds whole chunks of jobs, so what
a batch shares (fonts, styles, the library, the layout, prepared images, all
cached per process by their own modules) is prepared once per process, and
only the jobs and one-line results cross between processes, never Plans or PDFs.
Every PDF is written atomically by the process that built it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import signal
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from handouts.build import build
from handouts.errors import Problem, UserError, ValidationError
from handouts.inputs import plan_files
from handouts.naming import UniqueNames, handout_stem
from handouts.plan import load_plan
from handouts.roster import COLUMN_OF, read_roster

MAX_CHUNK = 10  # rows per hand-off: large enough to amortise it, small enough for a lively progress bar


@dataclass(frozen=True)
class Job:
    label: str  # how messages name it: "roster.csv row 18", or the plan's path
    plan: Path
    out: str  # file name inside the output folder
    title: str  # its bookmark in the merged print file
    overrides: dict | None = None  # a roster row's plan values; None builds the plan as it is
    problems: tuple[str, ...] = ()  # already known to fail (e.g. a roster row with too many cells)


@dataclass(frozen=True)
class Settings:
    outdir: Path
    today: dt.date  # fixed once, so a batch that runs past midnight dates every handout alike
    strict: bool = False  # a row with clinical warnings fails


@dataclass(frozen=True)
class Result:
    job: Job
    built: bool
    lines: tuple[str, ...] = ()  # errors and warnings, one line each, for stderr


# -- what to build ---------------------------------------------------------

def roster_jobs(roster: Path, template: Path, *, today: dt.date,
                reserved: set[str] = frozenset()) -> list[Job]:
    """One job per roster row. A bad template or roster file raises (the batch cannot start)."""
    template_plan = load_plan(template, today=today)  # the template alone must be right: stop here if not
    names = UniqueNames(reserved)
    jobs = []
    for row in read_roster(roster, has_thermal=template_plan.thermal is not None):
        out = names.claim(handout_stem(record_id=row.cells.get("id"), name=row.cells.get("patient"),
                                       fallback=f"row-{row.number}"))
        title = " ".join(filter(None, (row.cells.get("patient"), row.cells.get("id")))) or row.label
        overrides = row.overrides
        if "title" in template_plan.positions and _library_language(overrides) not in (None,
                                                                                        template_plan.library.language):
            # The template's title is written in the template's language: this row takes its own language's.
            overrides = {**overrides, "title": None}
        jobs.append(Job(row.label, template, out, title, overrides, tuple(str(p) for p in row.problems)))
    return jobs


def _library_language(overrides: dict) -> str | None:
    """The content library a row's language cell picks ('es' for 'es-MX' or 'es; en'), if it has one."""
    value = overrides.get("language")
    value = value[0] if isinstance(value, list) and value else value
    return value.split("-")[0].strip().lower() if isinstance(value, str) else None


def plan_jobs(inputs: list[Path], *, reserved: set[str] = frozenset()) -> list[Job]:
    """One job per plan file; a folder stands for the plans in it."""
    plans = plan_files(inputs)
    names = UniqueNames(reserved)
    return [Job(str(plan), plan, names.claim(handout_stem(name=plan.stem, fallback="plan")), plan.stem)
            for plan in plans]


# -- building one ----------------------------------------------------------

def build_one(job: Job, settings: Settings) -> Result:
    """Build one job into the output folder; never raises for a bad row or a bug, only for Ctrl-C."""
    if job.problems:
        return _failed(job, settings, job.problems)
    try:
        found = build(job.plan, settings.outdir / job.out, strict=settings.strict, today=settings.today,
                      overrides=job.overrides, source=job.label if job.overrides is not None else None)
        return Result(job, True, tuple(_placed(job, problem).as_warning() for problem in found))
    except ValidationError as exc:
        return _failed(job, settings, tuple(str(_placed(job, problem)) for problem in exc.problems))
    except UserError as exc:
        return _failed(job, settings, (f"{job.label}: {exc.format_message()}",))
    except Exception as exc:  # a bug: report it against this row and carry on with the others
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        return _failed(job, settings, (
            f"{job.label}: internal error ({type(exc).__name__}: {exc}, at {Path(frame.filename).name}:"
            f"{frame.lineno}); this is a bug, please report it with this row and its plan",))


def _placed(job: Job, problem: Problem) -> Problem:
    """A problem as this job reports it: a roster row's by its row and column (the template's line numbers
    would mislead)."""
    if job.overrides is None:
        return problem  # a plan of its own: its file, line and column
    if problem.source != job.label:
        return Problem(job.label, str(problem))  # about another file, e.g. a template deleted mid-batch
    where = problem.where
    column = next((name for key, name in COLUMN_OF.items()
                   if where == key or where.startswith((f"{key}[", f"{key}."))), where)
    return Problem(job.label, problem.message, column)


def _failed(job: Job, settings: Settings, lines: tuple[str, ...]) -> Result:
    # An older PDF of this name (an earlier run) would look like this run's: a failed row leaves no file.
    (settings.outdir / job.out).unlink(missing_ok=True)
    return Result(job, False, lines)


# -- building many ---------------------------------------------------------

def run(jobs: list[Job], settings: Settings, *, workers: int) -> Iterator[Result]:
    """Results as jobs finish (in any order with several workers).

    On Ctrl-C the workers finish the row they are on, so every PDF in the
    output folder is complete, and the rest are not started.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield build_one(job, settings)
        return
    chunks = _chunks(jobs, workers)
    stop = multiprocessing.Event()
    with ProcessPoolExecutor(min(workers, len(chunks)), initializer=_start_worker,
                             initargs=(settings, stop)) as pool:
        futures = {pool.submit(_build_chunk, chunk): chunk for chunk in chunks}
        waiting = set(futures)
        try:
            for future in as_completed(futures):
                waiting.discard(future)
                yield from _chunk_results(future, futures[future])
        except KeyboardInterrupt:
            # Report the rows the workers finish while stopping, so the count of PDFs written is right.
            stop.set()
            for future in as_completed([future for future in waiting if not future.cancel()]):
                yield from _chunk_results(future, futures[future])
            raise
        finally:
            stop.set()
            for future in futures:
                future.cancel()


def _chunks(jobs: list[Job], workers: int) -> list[list[Job]]:
    size = max(1, min(MAX_CHUNK, len(jobs) // (workers * 4)))
    return [jobs[start:start + size] for start in range(0, len(jobs), size)]


_worker: tuple[Settings, object] | None = None  # this worker process's settings and the batch's stop flag


def _start_worker(settings: Settings, stop) -> None:
    global _worker
    # Ctrl-C reaches every process in the terminal's group: let the parent decide, and stop between rows.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (settings, stop)


def _build_chunk(chunk: list[Job]) -> list[Result]:
    settings, stop = _worker
    return [build_one(job, settings) for job in chunk if not stop.is_set()]


def _chunk_results(future, chunk: list[Job]) -> list[Result]:
    try:
        return future.result()
    except Exception as exc:  # the worker process itself died (killed, out of memory)
        return [Result(job, False, (f"{job.label}: not built: a worker process stopped ({type(exc).__name__}: "
                                    f"{exc}); please report this",)) for job in chunk]
