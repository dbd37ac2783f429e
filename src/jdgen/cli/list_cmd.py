"""``jdgen list``: the catalogue of the project's roles and documents."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.catalogue import RENDERERS, write_catalogue
from jdgen.cli import Settings, pass_settings
from jdgen.cli.options import format_option, output_option


@click.command("list")
@format_option(
    list(RENDERERS),
    "text",
    "text: the inheritance tree; json: documents and roles; md: a Markdown page.",
)
@output_option(
    "Write to FILE (atomically) instead of standard output, e.g. --format md -o docs/roles.md."
)
@pass_settings
def list_(settings: Settings, fmt: str, output: Path | None) -> None:
    """Show every document: number, title, parent chain, variants and languages."""
    text = write_catalogue(settings.config(), fmt, output)
    if text is not None:
        click.echo(text, nl=False)


COMMANDS = [list_]
