"""``jdgen list``: the catalogue of the project's roles and documents."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.catalogue import RENDERERS, write_catalogue
from jdgen.cli import Settings, pass_settings


@click.command("list")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(RENDERERS)),
    default="text",
    show_default=True,
    help="text: the inheritance tree; json: documents and roles; md: a Markdown page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (atomically) instead of standard output, e.g. "
    "--format md -o docs/roles.md.",
)
@pass_settings
def list_(settings: Settings, fmt: str, output: Path | None) -> None:
    """Show every document: number, title, parent chain, variants and languages."""
    text = write_catalogue(settings.config(), fmt, output)
    if text is not None:
        click.echo(text, nl=False)


COMMANDS = [list_]
