"""`handouts build PLAN -o OUT.pdf [--layout NAME]`"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option


@click.command("build")
@brand_dir_option
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the PDF: a file name, or a folder for PLAN's name with .pdf "
                   "(default: beside the plan).")
@click.option("--layout", metavar="NAME",
              help="Print in this layout instead of the plan's: a name from 'handouts list layouts' "
                   "(a reprint in large-print, say) or a layout file.")
@click.option("--strict", is_flag=True, help="Treat clinical warnings as errors: print them and write nothing.")
@click.option("--watch", is_flag=True,
              help="Build again each time the plan, its layout, the library or a drawing or photo it uses is saved, "
                   "and say what came of it; Ctrl-C stops. A build that fails leaves the last good PDF.")
@click.option("--pdfa", is_flag=True,
              help="Write PDF/A-2b, for a records archive: the same pages, with the metadata and colour profile an "
                   "archive asks for (see docs/pdfa.md).")
@click.option("--sheet", "sheet", flag_value="add",
              help="Add the fridge sheet as the last page: the exercises with a small picture each, the ice and "
                   "heat days, the most urgent warning signs and the clinic's phone, on one page.")
@click.option("--sheet-only", "sheet", flag_value="only",
              help="Write the fridge sheet alone (print it on its own, or again when the first one is worn).")
def command(plan: Path, output: Path | None, layout: str | None, strict: bool, watch: bool, pdfa: bool,
            sheet: str | None) -> None:
    """Turn PLAN (a YAML plan) into a print-ready PDF."""
    from handouts.commands import say
    from handouts.errors import UserError, printable
    from handouts.run.build import build
    from handouts.write.output import check_target

    # What the imports made lives until exit: keep the collector from walking it again and again
    # (about a tenth of a cold build).
    gc.freeze()
    started = time.perf_counter()
    output = output or plan.with_suffix(".pdf")
    if output.is_dir():
        output = output / plan.with_suffix(".pdf").name
    check_target(output, plan)
    # A typo in a folder name must not leave a new tree of folders behind (a dead link: write_atomic says so).
    if not output.parent.exists() and not output.parent.is_symlink():
        raise UserError(f"{output}: there is no folder {output.parent}; make it first, or choose another output "
                        "name")
    overrides = {"layout": _layout_override(layout)} if layout else None
    if watch and pdfa:
        raise UserError("--pdfa writes the archive's copy once, when the plan is final; leave out --watch")
    if watch and sheet:
        raise UserError("--watch builds the handout as you edit it; add the fridge sheet in a build without --watch")
    if watch:
        from handouts.run.watch import watch as keep_building

        click.echo(f"watching {printable(str(plan))} and the files it uses; Ctrl-C stops", err=True)
        keep_building(plan, output, lambda line: click.echo(line, err=True), strict=strict, overrides=overrides)
        return
    say.warnings(build(plan, output, strict=strict, overrides=overrides, archival=pdfa, sheet=sheet))
    click.echo(f"wrote {printable(str(output))} ({output.stat().st_size / 1024:.0f} KB, "
               f"{time.perf_counter() - started:.2f} s)", err=True)


def _layout_override(value: str) -> str:
    """The --layout value as the plan would name it: a layout file typed on the command line is
    relative to where the command runs, not to the plan's folder."""
    from handouts.check.layout import is_layout_path, layout_names
    from handouts.errors import UserError

    if is_layout_path(value):
        path = Path(value).resolve()
        if not path.is_file():
            raise UserError(f"--layout {value}: no such layout file")
        from handouts.load import confine

        # Typed on the command line, as trusted as --brand-dir: its folder may be read for this build.
        click.get_current_context().call_on_close(confine.allow([path.parent]))
        return str(path)
    if value not in layout_names():
        from handouts.check.checks import did_you_mean

        raise UserError(f"--layout {value}: unknown layout{did_you_mean(value, layout_names())}; see "
                        "'handouts list layouts'")
    return value
