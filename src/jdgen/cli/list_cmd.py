"""``jdgen list``: the catalogue of the project's roles and documents."""

from __future__ import annotations

import click

from jdgen.catalogue import RENDERERS, catalogue_of
from jdgen.cli import EXIT_PROBLEMS, Settings, pass_settings
from jdgen.pipeline import analyse


@click.command("list")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="text",
              show_default=True,
              help="text: the inheritance tree; json: documents and roles; md: a Markdown page.")
@pass_settings
def list_(settings: Settings, fmt: str) -> None:
    """Show every document: number, title, parent chain, variants and languages."""
    state = analyse(settings.open())
    catalogue, errors = catalogue_of(state)
    if catalogue is None:
        for problem in errors:
            click.echo(str(problem), err=True)
        click.echo(f"jdgen: {len(errors)} error(s); fix them (see jdgen validate) to list "
                   "the documents", err=True)
        raise SystemExit(EXIT_PROBLEMS)
    click.echo(RENDERERS[fmt](catalogue), nl=False)


COMMANDS = [list_]
