"""`handouts open CODE-or-PICTURE -o plan.yaml`: the plan code on a handout's page 1 (its text, or a photo or scan
of the page) back into a plan file, to progress and print again."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("open")
@click.argument("source", metavar="CODE-or-PICTURE")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="PLAN.yaml",
              help="Where to save the plan [default: print it].")
@click.option("--force", is_flag=True, help="Replace PLAN.yaml if it exists.")
def command(source: str, output: Path | None, force: bool) -> None:
    """Write the plan a handout's QR code holds: CODE-or-PICTURE is the code's text (it starts HP1 or HZ; put it
    in single quotes, as it may hold spaces and $), or a photo or scan of page 1 (PNG or JPEG). The code holds the program only: fill in the patient's name before
    you build it."""
    from handouts.check import plancode
    from handouts.errors import UserError
    from handouts.write.output import check_target, write_atomic

    picture = Path(source)
    is_picture = picture.suffix.lower() in plancode.PICTURE_SUFFIXES
    code = plancode.code_in_picture(picture) if is_picture else source
    try:
        program = plancode.decode(code)
    except plancode.CodeError as exc:
        raise UserError(f"{'the code in ' + source if is_picture else 'the code'} cannot be opened: {exc}") from None
    text = plancode.plan_yaml(program)
    if output is None:
        click.echo(text, nl=False)
        return
    check_target(output, *((picture,) if is_picture else ()), suffix=".yaml")
    if output.exists() and not force:
        raise UserError(f"{output}: already exists (the code has no names or notes, so replacing a plan loses "
                        "them); choose another name, or add --force")
    write_atomic(output, text.encode())
    click.echo(f"wrote {output}: fill in the patient's name, then 'handouts build {output}'", err=True)
