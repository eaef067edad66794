"""`handouts build --watch`: build the plan, then again each time a file that build read changes.

Each build runs in a process of its own, started for it: a fresh process reads every file again (the
library, the layout, its fonts, the drawings and photos are cached for the life of a process), so a
rebuild is exactly what `handouts build` would make, and the files it read (every input comes through
`infile`) are what is watched next: the plan, its layout and parents, their fonts and logo, the library's
files, the drawings and photos it prints. Watching is polling their modification times: no dependency, and
it works on every file system. A build that fails writes nothing, so the last good PDF stays.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import printable

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Outcome:
    lines: tuple[str, ...]  # the problems; or the warnings, then 'plan.yaml: 5 pages -> plan.pdf'
    built: bool
    read: frozenset[Path]  # every input file the build asked for, read or not


def watch(plan: Path, output: Path, say: Callable[[str], None], *, strict: bool = False,
          overrides: dict | None = None) -> None:
    """Build, say what came of it a line at a time, and build again whenever a file it read changes; returns on
    Ctrl-C (KeyboardInterrupt), with any build under way stopped and nothing half written."""
    # Ctrl-C must end the watching even where the terminal's shell started it with interrupts ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    context = multiprocessing.get_context()
    watched = frozenset({plan})
    try:
        while True:
            started = time.time_ns()
            outcome = _in_a_fresh_process(context, plan, output, strict, overrides)
            for line in outcome.lines:
                say(line)
            # After a failure the files read so far may not be all the good build needs: keep the others too.
            watched = outcome.read | {plan} if outcome.built else watched | outcome.read
            _wait_for_a_change(watched, started)
    except KeyboardInterrupt:
        return


def _in_a_fresh_process(context, plan: Path, output: Path, strict: bool, overrides: dict | None) -> Outcome:
    here, there = context.Pipe(duplex=False)
    process = context.Process(target=_serve, args=(there, plan, output, strict, overrides), daemon=True)
    process.start()
    there.close()  # the child's end lives in the child only, so its death reads as the end of the pipe
    try:
        return here.recv()
    except EOFError:
        process.join()
        stopped = (f"{printable(str(plan))}: not built: the process building it stopped (exit status "
                   f"{process.exitcode}); this is a bug, please report it")
        return Outcome((stopped,), False, frozenset())
    finally:
        if process.is_alive():  # Ctrl-C while it builds: its PDF is never named, so nothing half written stays
            process.terminate()
        process.join()
        here.close()


def _serve(connection, plan: Path, output: Path, strict: bool, overrides: dict | None) -> None:
    # Ctrl-C reaches every process of the terminal: the watcher stops the build, the build does not stop itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    connection.send(build_once(plan, output, strict, overrides))
    connection.close()


def build_once(plan: Path, output: Path, strict: bool, overrides: dict | None) -> Outcome:
    """One `handouts build`, in this (fresh) process: what it printed, and the files it asked for."""
    import traceback

    from handouts.errors import BUG, UserError
    from handouts.load import infile
    from handouts.load.infile import unforeseen
    from handouts.run.build import build
    from handouts.write.merge import page_count

    built = False
    with infile.recording() as read:
        try:
            found = build(plan, output, strict=strict, overrides=overrides)
            pages = page_count(output.read_bytes())
            lines = [*(problem.as_warning() for problem in found),
                     f"{printable(str(plan))}: {pages} page{'s' * (pages != 1)} -> {printable(str(output))}"]
            built = True
        except UserError as exc:
            lines = exc.lines()
        except OSError as exc:
            lines = unforeseen(exc).lines()
        except Exception:  # noqa: BLE001 (a bug: shown as `handouts build` shows it, and the watching goes on)
            lines = [*traceback.format_exc().splitlines(), BUG]
    return Outcome(tuple(lines), built, frozenset(read))


def _wait_for_a_change(paths: frozenset[Path], since_ns: int) -> None:
    """Return once one of `paths` has changed (made, edited, replaced or removed) since the build that began at
    `since_ns`, and then stayed the same for a poll: an editor that saves in steps is built once, when it is done."""
    before = _stamps(paths)
    now = before
    while now == before and not any(stamp and stamp[0] >= since_ns for stamp in now.values()):
        time.sleep(POLL_SECONDS)
        now = _stamps(paths)
    while True:
        time.sleep(POLL_SECONDS)
        settled, now = now, _stamps(paths)
        if settled == now:
            return


def _stamps(paths: frozenset[Path]) -> dict[Path, tuple[int, int] | None]:
    stamps = {}
    for path in paths:
        try:
            info = path.stat()
            stamps[path] = (info.st_mtime_ns, info.st_size)
        except OSError:  # missing for now
            stamps[path] = None
    return stamps
