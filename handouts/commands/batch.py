"""`handouts batch`: a roster against a template, or a set of leaflet plans, into many PDFs at once."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import sys
import time
from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option
from handouts.errors import UserError


@click.command("batch")
@brand_dir_option
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--template", type=click.Path(path_type=Path, dir_okay=False), metavar="PLAN.yaml",
              help="Build a roster: INPUTS is one CSV (patient,id,date,injury_date,exercises,therapist,layout,"
                   "language), each row filling in this plan.")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path, file_okay=False),
              metavar="OUTDIR", help="Folder for the PDFs (created if needed).")
@click.option("--merge", type=click.Path(path_type=Path, dir_okay=False), metavar="PRINT.pdf",
              help="Also write one duplex-safe print file: every handout starts on a front side.")
@click.option("--copies", type=click.IntRange(1, 100), default=1, show_default=True,
              help="How many times each handout appears in the --merge file.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Processes to use [default: the number of CPUs].")
@click.option("--strict", is_flag=True, help="Treat a handout with clinical warnings as failed.")
@click.pass_context
def command(ctx: click.Context, inputs: tuple[Path, ...], template: Path | None, outdir: Path,
            merge: Path | None, copies: int, jobs: int | None, strict: bool) -> None:
    """Build many handouts: a roster (CSV) against --template, or plan files and folders of them.

    \b
      handouts batch today.csv --template neck.yaml -o out --merge print.pdf
      handouts batch leaflets/ -o out --merge waiting-room.pdf --copies 20

    Exit status: 0 all built, 1 some failed (the others are written), 2 nothing could start.
    """
    from handouts.batch import Settings, plan_jobs, roster_jobs, run
    from handouts.merge import merge as merge_pdfs
    from handouts.output import check_target, make_folder, make_folder_for, write_atomic

    # What the imports made lives until exit, in this process and the workers forked from it: keep
    # the collector from walking it for every handout.
    gc.freeze()
    started = time.perf_counter()
    if merge is not None:  # a print file that cannot be written is known now, not after every handout
        check_target(merge, *inputs, *([template] if template else []))
        make_folder_for(merge)
    if copies > 1 and merge is None:
        raise UserError("--copies sets how often each handout appears in the --merge file; add --merge PRINT.pdf")
    make_folder(outdir)
    # A merged file inside OUTDIR keeps its name: no handout may take it.
    reserved = {merge.name} if merge is not None and merge.resolve().parent == outdir.resolve() else set()
    settings = Settings(outdir=outdir, today=dt.date.today(), strict=strict)
    if template is not None:
        if len(inputs) != 1:
            raise UserError("--template builds one roster CSV; to build plan files, leave out --template")
        batch = roster_jobs(inputs[0], template, today=settings.today, reserved=reserved)
    else:
        batch = plan_jobs(list(inputs), reserved=reserved)

    show_bar = _is_terminal(sys.stderr)  # a log file gets only the failures and the summary
    built: set[str] = set()
    failed = 0
    merged = ""
    try:
        with _progress(len(batch), show_bar) as bar:
            for result in run(batch, settings, workers=jobs or os.cpu_count() or 1):
                for line in result.lines:
                    # On a terminal, wipe the bar's line first; it redraws below the message.
                    click.echo(("\r\033[K" if show_bar else "") + line, err=True)
                if result.built:
                    built.add(result.job.out)
                else:
                    failed += 1
                if bar:
                    bar.update(1)
        if merge is not None and built:
            if show_bar:  # a big print file takes a few seconds: say why the terminal is quiet
                click.echo(f"merging {len(built)} handouts into {merge} ...", err=True)
            # In roster (or argument) order, whatever order the workers finished in.
            data, pages = merge_pdfs([(outdir / job.out, job.title) for job in batch if job.out in built],
                                     copies=copies)
            write_atomic(merge, data)
            merged = f"; print file {merge} ({pages} pages)"
        elif merge is not None:
            merged = f"; nothing to merge, {merge} not written"
    except KeyboardInterrupt:
        unmerged = f"; {merge} not written" if merge is not None else ""
        click.echo(f"\nbatch: interrupted: {len(built)} built, {failed} failed, "
                   f"{len(batch) - len(built) - failed} not started{unmerged}; every PDF in {outdir} is complete",
                   err=True)
        ctx.exit(130)
    click.echo(f"batch: {len(built)} built, {failed} failed, {time.perf_counter() - started:.1f} s{merged}",
               err=True)
    ctx.exit(1 if failed else 0)


def _progress(length: int, show: bool):
    """click's progress bar on stderr, or no bar at all (click's hidden bar would still print its label)."""
    if not show:
        return contextlib.nullcontext(None)
    return click.progressbar(length=length, label="building", file=sys.stderr, show_pos=True)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
