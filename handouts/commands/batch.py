"""`handouts batch`: a roster against a template, or a set of leaflet plans, into many PDFs at once."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import signal
import sys
import time
from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option
from handouts.commands.shard import SHARD, from_scheduler
from handouts.errors import UserError


@click.command("batch")
@brand_dir_option
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--template", type=click.Path(path_type=Path), metavar="PLAN.yaml",
              help="Build a roster: INPUTS is one CSV (patient,id,date,injury_date,exercises,therapist,layout,"
                   "language), each row filling in this plan.")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path),
              metavar="OUTDIR", help="Folder for the PDFs (created if needed).")
@click.option("--merge", type=click.Path(path_type=Path), metavar="PRINT.pdf",
              help="Also write one duplex-safe print file: every handout starts on a front side.")
@click.option("--copies", type=click.IntRange(1, 100), default=1, show_default=True,
              help="How many times each handout appears in the --merge file.")
@click.option("--shard", type=SHARD, metavar="K/N",
              help="Build only every N-th handout, starting with the K-th (1 <= K <= N): one machine's share of a "
                   "batch split over N machines; auto takes it from a Kubernetes Indexed Job, a Slurm job array "
                   "or an AWS Batch array job. Join their print files with 'handouts merge'.")
@click.option("--shards", type=click.IntRange(1, 100000), metavar="N",
              help="With --shard auto: how many tasks share the batch, where the scheduler does not say.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Processes to use [default: the number of CPUs].")
@click.option("--strict", is_flag=True, help="Treat a handout with clinical warnings as failed.")
@click.option("--pdfa", is_flag=True,
              help="Write every handout, and the --merge file, as PDF/A-2b for a records archive (docs/pdfa.md).")
@click.option("--fhir", "bundles", type=click.Path(path_type=Path), metavar="DIR",
              help="Also write each handout's FHIR R4 bundle (docs/fhir.md) into DIR, named as its PDF with .json; "
                   "give OUTDIR to keep them beside the PDFs (created if needed).")
@click.option("--require-patient", is_flag=True,
              help="With --fhir: a row without a record number fails, instead of a bundle that names no one.")
@click.pass_context
def command(ctx: click.Context, inputs: tuple[Path, ...], template: Path | None, outdir: Path,
            merge: Path | None, copies: int, shard: tuple[int, int] | str | None, shards: int | None, jobs: int | None,
            strict: bool, pdfa: bool, bundles: Path | None, require_patient: bool) -> None:
    """Build many handouts: a roster (CSV) against --template, or plan files and folders of them.

    \b
      handouts batch today.csv --template neck.yaml -o out --merge print.pdf
      handouts batch leaflets/ -o out --merge waiting-room.pdf --copies 20
      handouts batch big.csv --template neck.yaml -o out --merge part2.pdf --shard 2/3
      handouts batch big.csv --template neck.yaml -o out --merge part.pdf --shard auto   (in an array job)
      handouts batch today.csv --template neck.yaml -o out --fhir out --pdfa   (bundles beside the PDFs)

    Exit status: 0 all built, 1 some failed or the print file could not be written (the other
    handouts are written), 2 nothing could start; 130 (Ctrl-C) or 143 (SIGTERM) when stopped.
    """
    from handouts.run.batch import Settings, StopBatch, identity, plan_jobs, roster_jobs, run
    from handouts.run.batch import shard as share
    from handouts.run.batch_print import BatchPrintFile
    from handouts.write.output import check_target, make_folder, make_folder_for

    # What the imports made lives until exit, in this process and the workers forked from it: keep
    # the collector from walking it for every handout.
    gc.freeze()
    started = time.perf_counter()
    if merge is not None:  # a print file that cannot be written is known now, not after every handout
        check_target(merge, *inputs, *([template] if template else []))
        make_folder_for(merge)
    if shards is not None and shard != "auto":
        raise UserError("--shards N goes with --shard auto; with --shard K/N the N is already given")
    if shard == "auto":
        shard = from_scheduler(os.environ, shards)
    if copies > 1 and merge is None:
        raise UserError("--copies sets how often each handout appears in the --merge file; add --merge PRINT.pdf")
    if require_patient and bundles is None:
        raise UserError("--require-patient goes with --fhir DIR: it is about the bundles; add --fhir")
    make_folder(outdir)
    if bundles is not None:
        make_folder(bundles)
    # A merged file inside OUTDIR keeps its name: no handout may take it.
    reserved = {merge.name} if merge is not None and merge.resolve().parent == outdir.resolve() else set()
    settings = Settings(outdir=outdir, today=dt.date.today(), strict=strict, archival=pdfa, fhir=bundles,
                        require_patient=require_patient)
    if template is not None:
        if len(inputs) != 1:
            raise UserError("--template builds one roster CSV; to build plan files, leave out --template")
        batch, read_as = roster_jobs(inputs[0], template, today=settings.today, reserved=reserved)
    else:
        batch, read_as = plan_jobs(list(inputs), reserved=reserved), ""
    # Said once, in the summary: what a clinic would otherwise only find by reading the folder.
    notes = [f"roster read as {read_as}"] if read_as else []
    renamed = [job.out for job in batch if job.renamed]
    if renamed:
        notes.append(f"{len(renamed)} file name{'s' if len(renamed) > 1 else ''} made unique with '-2', ... "
                     f"(e.g. {renamed[0]}): two rows had the same name")
    if shard is not None:  # names are given over the whole batch, so a shard's files are the batch's
        shard = (*shard, identity(batch))
        batch = share(batch, *shard[:2])

    show_bar = _is_terminal(sys.stderr)  # a log file gets only the failures and the summary
    built = failed = 0
    full = None  # the first row that found the output's disk full: the batch stops there
    # A shard always writes its part, empty if no row of it printed (a short roster over many machines): `merge`
    # then has every part of the batch.
    printing = (BatchPrintFile(merge, batch, outdir, copies=copies, shard=shard, archival=pdfa)
                if merge is not None and (batch or shard) else None)

    def report(result) -> None:
        nonlocal built, failed, full
        if result.disk_full or full is not None and not result.built:
            failed += 1  # said once, in the summary: every row after it would say the same
            if full is None:
                full = result
                raise StopBatch
            return
        for line in result.lines:
            # On a terminal, wipe the bar's line first; it redraws below the message.
            click.echo(("\r\033[K" if show_bar else "") + line, err=True)
        if result.built:
            built += 1
        else:
            failed += 1
        if printing is not None:
            printing.offer(result)  # in roster order, as soon as the rows before it are done
        if bar:
            bar.update(1)

    previous, stopped_by = _stop_on_sigterm()
    try:
        with _progress(len(batch), show_bar) as bar:
            run(batch, settings, workers=jobs or os.cpu_count() or 1, report=report)
        if printing is not None:
            printing.finish() if printing.handouts or shard else printing.abandon("nothing to merge")
    except KeyboardInterrupt:
        unmerged = f"; {merge} not written" if merge is not None else ""
        if full is not None:
            click.echo(("\r\033[K" if show_bar else "") + f"batch: stopped at {full.job.out}: {full.disk_full}; "
                       f"{built} built, {len(batch) - built} not built{unmerged}", err=True)
            ctx.exit(1)
        click.echo(f"\nbatch: interrupted: {built} built, {failed} failed, "
                   f"{len(batch) - built - failed} not started{unmerged}; every PDF in {outdir} is complete",
                   err=True)
        ctx.exit(128 + stopped_by())
    finally:
        signal.signal(signal.SIGTERM, previous)
        if printing is not None:
            printing.abandon("stopped")  # after an error: no half-written print file (a finished one stays)
    merged, unprinted = "", False
    if merge is not None:
        if printing is not None and shard and not printing.handouts and printing.failure is None:
            merged = f"; print file {merge} (no handouts in this shard; handouts merge takes it all the same)"
        elif printing is None or not printing.handouts:
            merged = f"; nothing to merge, {merge} not written"
        elif printing.failure is not None:  # the handouts are written; the print file is the part that failed
            merged, unprinted = f"; print file {merge} not written ({printing.failure})", True
        else:
            merged = f"; print file {merge} ({printing.pages} pages)"
    if bundles is not None:
        merged += f"; {built} FHIR bundle{'' if built == 1 else 's'} in {bundles}"
    said = "".join(f"; {note}" for note in notes)
    click.echo(f"batch: {built} built, {failed} failed, {time.perf_counter() - started:.1f} s{merged}{said}",
               err=True)
    ctx.exit(1 if failed or unprinted else 0)


def _stop_on_sigterm():
    """SIGTERM (a scheduler, `kill`, a shutdown) stops the batch as Ctrl-C does. Returns the handler it
    replaces, and a function that says which of the two stopped the batch."""
    which = [signal.SIGINT]

    def stop(signum, frame):
        which[0] = signal.Signals(signum)
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, stop), lambda: int(which[0])


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
