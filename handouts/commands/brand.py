"""The `--brand-dir` option that build, check and batch share: a folder of the clinic's own layouts,
logos and fonts that plans may use from anywhere (see confine.py)."""

from __future__ import annotations

from pathlib import Path

import click


def brand_dir_option(command):
    return click.option(
        "--brand-dir", "brand_dirs", multiple=True, expose_value=False, callback=_allow,
        type=click.Path(path_type=Path, file_okay=False, exists=True), metavar="DIR",
        help="A folder of the clinic's layouts, logos and fonts that plans may name from any folder "
             "(repeatable; also the HANDOUTS_BRAND_DIRS setting). Otherwise a plan reads only from its own "
             "folder and below, and the bundled layouts.",
    )(command)


def _allow(ctx: click.Context, _param, folders: tuple[Path, ...]) -> None:
    if folders:
        from handouts.load import confine

        ctx.call_on_close(confine.allow(folders))  # undone when the command ends (it matters in tests)
