"""The `handouts` command: a thin group that imports each command only when it runs."""

from __future__ import annotations

import importlib
import sys

import click

from handouts import __version__

# name -> (module in handouts.commands, one-line help shown by --help)
COMMANDS = {
    "build": ("build", "Turn a plan into a print-ready PDF."),
    "check": ("check", "Check plans for mistakes and clinical warnings, without building."),
    "export": ("export", "Write a plan and its PDF as a FHIR R4 bundle, for the patient's record."),
    "batch": ("batch", "Build a roster or a set of leaflets into many PDFs and one print file."),
    "merge": ("merge", "Join print files: the shards of one batch back into roster order."),
    "list": ("list", "List the exercises, advice, warning signs or layouts a plan can name."),
    "new": ("new", "Write a new plan by answering questions, then build it."),
    "open": ("open", "Write the plan a handout's QR code holds, from its text or a photo of the page."),
    "scan": ("scan", "Read photos of filled-in log pages back into the adherence record."),
    "progress": ("progress", "Move a plan on to its next phase (or copy it with today's date), to build."),
    "sheet": ("sheet", "Print the contact sheet: every exercise's picture, id and title."),
    "serve": ("serve", "Open a page on this computer to pick exercises, preview and print."),
    "schema": ("schema", "Print the JSON Schema of a plan or a layout, for an editor to complete keys."),
}


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
        module = importlib.import_module(f"handouts.commands.{COMMANDS[name][0]}")
        return module.command

    def format_commands(self, ctx, formatter):
        rows = [(name, help_text) for name, (_, help_text) in COMMANDS.items()]
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
