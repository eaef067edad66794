"""The `handouts` command: a thin group that imports each command only when it runs."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from handouts import __version__

# name -> (one-line help shown by --help, what loads the command). Each command's module is imported inside its
# loader, when that command runs: `handouts build` never imports the page's server or the photo reader.
COMMANDS: dict[str, tuple[str, Callable[[], click.Command]]] = {}


def _command(name: str, help_text: str):
    def register(load: Callable[[], click.Command]):
        COMMANDS[name] = (help_text, load)
        return load
    return register


@_command("build", "Turn a plan into a print-ready PDF.")
def _build():
    from handouts.commands.build import command
    return command


@_command("check", "Check plans for mistakes and clinical warnings, without building.")
def _check():
    from handouts.commands.check import command
    return command


@_command("export", "Write a plan and its PDF as a FHIR R4 bundle, for the patient's record.")
def _export():
    from handouts.commands.export import command
    return command


@_command("batch", "Build a roster or a set of leaflets into many PDFs and one print file.")
def _batch():
    from handouts.commands.batch import command
    return command


@_command("merge", "Join print files: the shards of one batch back into roster order.")
def _merge():
    from handouts.commands.merge import command
    return command


@_command("list", "List the exercises, advice, warning signs or layouts a plan can name.")
def _list():
    from handouts.commands.list import command
    return command


@_command("new", "Write a new plan by answering questions, then build it.")
def _new():
    from handouts.commands.new import command
    return command


@_command("open", "Write the plan a handout's QR code holds, from its text or a photo of the page.")
def _open():
    from handouts.commands.open import command
    return command


@_command("scan", "Read photos of filled-in log pages back into the adherence record.")
def _scan():
    from handouts.commands.scan import command
    return command


@_command("progress", "Move a plan on to its next phase (or copy it with today's date), to build.")
def _progress():
    from handouts.commands.progress import command
    return command


@_command("sheet", "Print the contact sheet: every exercise's picture, id and title.")
def _sheet():
    from handouts.commands.sheet import command
    return command


@_command("serve", "Open a page on this computer to pick exercises, preview and print.")
def _serve():
    from handouts.commands.serve import command
    return command


@_command("schema", "Print the JSON Schema of a plan or a layout, for an editor to complete keys.")
def _schema():
    from handouts.commands.schema import command
    return command


class LazyGroup(click.Group):
    def invoke(self, ctx):
        """Run the command; a user error it meets is printed, a line each, and ends it with exit status 2."""
        from handouts.errors import UserError, printable

        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            # click's own three lines (usage, a hint, the error) as one, naming where to read more.
            name = " ".join(["handouts", *(exc.ctx.command_path.split()[1:] if exc.ctx else [])])
            click.echo(printable(f"{name}: {exc.format_message().rstrip('.')}; see '{name} --help'"), err=True)
            ctx.exit(exc.exit_code)
        except UserError as exc:
            from handouts.commands import say

            say.problems(exc)
            ctx.exit(say.BAD_INPUT)

    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        return COMMANDS[name][1]()

    def format_commands(self, ctx, formatter):
        rows = [(name, help_text) for name, (help_text, _) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
def cli():
    """Print home exercise programs: a short YAML plan in, a branded PDF out."""


def main(argv=None) -> None:
    try:
        cli.main(args=argv, prog_name="handouts", standalone_mode=True)
    except SystemExit:
        raise
    except OSError as exc:  # the file system said no somewhere no check foresaw: one line, not a traceback
        from handouts.commands import say
        from handouts.load.infile import unforeseen

        say.problems(unforeseen(exc))
        sys.exit(say.BAD_INPUT)
    except Exception:  # noqa: BLE001 (a bug, not bad input): keep the traceback so it can be fixed
        import traceback  # only now: every command would pay for importing it

        from handouts.errors import BUG

        traceback.print_exc()
        click.echo(BUG, err=True)
        sys.exit(70)
