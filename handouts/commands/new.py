"""`handouts new`: write a plan by answering questions, check it, and build it."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.load.yamlsource import YAML_SUFFIXES


@click.command("new")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to save the plan (default: the patient's name, e.g. jose-muller.yaml, in this folder).")
@click.option("--build/--no-build", "build", default=None,
              help="Build the PDF once the plan is saved, or don't [default: ask].")
@click.option("--layout", default="default", show_default=True, help="The layout offered first.")
@click.option("--language", default="en", show_default=True,
              help="The handout's language, e.g. es; 'es,en' prints English beneath the Spanish.")
def command(output: Path | None, build: bool | None, layout: str, language: str) -> None:
    """Ask for the patient, the exercises and their dosage, and write a plan.

    Press Enter to keep the answer in [brackets]. Answers can also be piped in,
    one per line.
    """
    import datetime as dt

    import yaml

    from handouts.check.layout import layout_names
    from handouts.check.library import library_language, load_library
    from handouts.commands import say
    from handouts.commands.wizard import interview, plan_filename
    from handouts.errors import UserError
    from handouts.run.build import checked, pdf_bytes
    from handouts.write.output import write_atomic

    tags = [tag.strip() for tag in language.split(",")]
    # An unknown language stops here, before any question; a regional tag (zh-CN, es-MX) reads its library.
    library, *others = [load_library(library_language(tag)) for tag in tags]
    if output is not None and output.suffix.lower() not in YAML_SUFFIXES:
        raise UserError(f"{output}: a plan is saved as a .yaml file; choose a name ending in .yaml")
    click.echo("A new home program. Press Enter to keep the answer in [brackets]; Ctrl+C stops without saving.\n")
    doc = interview(library, today=dt.date.today(), layouts=layout_names(), layout=layout,
                    folder=output.parent if output else Path.cwd())

    if others:
        doc["language"] = tags
    path = _save_as(output, plan_filename(doc, Path.cwd()))
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: cannot save the plan ({exc.strerror}); choose another name with -o") from None
    click.echo(f"wrote {path}", err=True)

    plan, found = checked(path)  # the plan a later `handouts build` will read, checked the same way
    say.warnings(found)
    if build is None:
        build = click.confirm("Build the PDF now?", default=True)
    if build:
        pdf = path.with_suffix(".pdf")
        write_atomic(pdf, pdf_bytes(plan))
        click.echo(f"wrote {pdf}", err=True)


def _save_as(given: Path | None, suggested: Path) -> Path:
    """The file to write: -o, or the therapist's choice; an existing file only once they say so."""
    path = given
    while True:
        if path is None:
            path = Path(click.prompt("Save the plan as", default=suggested.name))
            if path.suffix.lower() not in YAML_SUFFIXES:
                path = path.with_name(path.name + ".yaml")
        if not path.exists() or click.confirm(f"{path} already exists. Replace it?", default=False):
            return path
        path = None
