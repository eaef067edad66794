"""`handouts schema plan|layout|...`: a document's fields, as JSON Schema for an editor or as a markdown table."""

from __future__ import annotations

import click

DOCUMENTS = ("plan", "layout", "exercise", "advice", "warning", "condition", "thermal", "drawing")


@click.command("schema")
@click.argument("document", type=click.Choice(DOCUMENTS), default="plan")
@click.option("--format", "fmt", type=click.Choice(("json", "markdown")), default="json", show_default=True,
              help="markdown prints the table of fields the docs show.")
def command(document: str, fmt: str) -> None:
    """Print the fields a DOCUMENT may hold, as a JSON Schema (draft 2020-12).

    \b
    Save it and point your editor at it to complete keys and flag mistakes as you type, e.g. in VS Code
    with the YAML extension, a plan's first line:
      # yaml-language-server: $schema=plan.schema.json
    The files ship with handouts too, in the repository's schemas/ folder.
    """
    spec = _declaration(document)
    if fmt == "markdown":
        from handouts.check.schema.tables import markdown_table

        click.echo(markdown_table(spec), nl=False)
        return
    import json

    from handouts.check.schema.to_json import json_schema

    click.echo(json.dumps(json_schema(spec, _catalogs()), indent=2, ensure_ascii=False))


def _declaration(document: str):
    if document == "drawing":
        from handouts.compose.drawings.schema import DRAWING

        return DRAWING
    from handouts.check.schema import layout, library, plan

    return {"plan": plan.PLAN, "layout": layout.LAYOUT, "exercise": library.EXERCISE, "advice": library.ADVICE,
            "warning": library.WARNING, "condition": library.CONDITION, "thermal": library.THERMAL_TEXT}[document]


def _catalogs() -> dict[str, list[str]]:
    """The ids a plan may name, from the English library: every other language's are among them.

    They go into the schema as lists of allowed values, not as free text: the editor then offers the ids
    as the therapist types and underlines 'neck-tlit' at once, the commonest mistake in a plan. The price
    is that the schema belongs to its library: a test keeps the committed files in step with it, and a
    clinic that adds exercises prints its own with this command.
    """
    from handouts.check.library import SOURCE_LANGUAGE, languages, load_library
    from handouts.compose.drawings.spec import landmark_names

    library = load_library(SOURCE_LANGUAGE)
    return {"exercises": list(library.exercises), "conditions": list(library.conditions),
            "advice": list(library.advice), "warnings": list(library.warnings), "languages": languages(),
            "landmarks": sorted(landmark_names())}
