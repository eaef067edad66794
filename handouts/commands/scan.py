"""`handouts scan PHOTO... [-o DIR] [--pdf summary.pdf]`: photos of filled-in log pages read back into the
adherence record."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("scan")
@click.argument("photos", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PHOTO...")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="DIR",
              help="Write DIR/<photo>.csv and DIR/<photo>.json, a row per box.")
@click.option("--pdf", "summary", type=click.Path(path_type=Path), metavar="SUMMARY.pdf",
              help="Write a summary page per photo for the patient's chart.")
@click.option("--layout", default="default", show_default=True, help="The clinic's layout for the summary.")
def command(photos: tuple[Path, ...], output: Path | None, summary: Path | None, layout: str) -> None:
    """Read photos or scans of the log page or the ice-and-heat chart (PNG or JPEG): each tick box ticked,
    empty or unsure (an unsure box is never guessed: check it by eye), a pain score where the page has its
    boxes. Prints a line per photo."""
    from handouts import scan
    from handouts.errors import UserError

    if not scan.available():  # the 'scan' extra: only reading a photo needs it
        raise UserError(scan.MISSING)
    from handouts.scan import reader, record
    from handouts.write.output import check_target, make_folder, write_atomic

    layout_found = _layout(layout) if summary else None
    if summary:
        check_target(summary, *photos)
    readings, refused = [], 0
    for photo in photos:  # a photo that cannot be read costs only its own record, its line says what to do
        try:
            readings.append((photo.name, reader.read(photo)))
        except UserError as exc:
            refused += 1
            for line in exc.lines():
                click.echo(line, err=True)
    if output:
        make_folder(output)
        for name, reading in readings:
            write_atomic(output / f"{name}.csv", record.as_csv(reading))
            write_atomic(output / f"{name}.json", record.as_json(reading))
    if summary and readings:
        write_atomic(summary, record.summary_pdf(readings, layout_found))
    for name, reading in readings:
        click.echo(record.summary_line(name, reading))
    if refused:
        click.get_current_context().exit(2)


def _layout(value: str):
    from handouts.check.layout import load_layout, locate_layout, not_found
    from handouts.errors import UserError

    path, why = locate_layout(value, Path.cwd())
    if path is None:
        raise UserError(f"--layout {value}: {why or not_found(value)}")
    return load_layout(path)
