"""`handouts merge`: join print files, e.g. those of a batch split over machines with --shard."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.errors import UserError


@click.command("merge")
@click.argument("parts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              metavar="PRINT.pdf", help="The joined print file.")
@click.option("--pdfa", is_flag=True, help="Write the joined file as PDF/A-2b, for a records archive (docs/pdfa.md).")
def command(parts: tuple[Path, ...], output: Path, pdfa: bool) -> None:
    """Join print files written by 'handouts batch --merge' into one.

    The print files of one batch's shards (--shard 1/N ... N/N) are joined in roster order, and
    every shard must be there; other print files follow each other in the order given.

    \b
      handouts batch big.csv --template neck.yaml -o out --merge part1.pdf --shard 1/2   # machine 1
      handouts batch big.csv --template neck.yaml -o out --merge part2.pdf --shard 2/2   # machine 2
      handouts merge part1.pdf part2.pdf -o print.pdf
    """
    from handouts.write.merge import NotOurs, PrintFile
    from handouts.write.output import atomic_file, check_target

    check_target(output, *parts)
    for part in parts:
        if not part.is_file():
            raise UserError(f"{part}: {'a folder, not a print file' if part.is_dir() else 'file not found'}")
    try:
        with atomic_file(output) as handle:
            joined = PrintFile(handle, archival=pdfa)
            joined.join(list(parts))
            joined.close()
    except NotOurs as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{exc.filename or output}: cannot be read ({exc.strerror})") from None
    click.echo(f"merge: {len(parts)} print files, {joined.pages} pages into {output}", err=True)
