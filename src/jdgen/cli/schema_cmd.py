"""``jdgen schema``."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.options import output_option
from jdgen.errors import ProjectNotFound
from jdgen.project import ProjectConfig


def _project(settings: Settings) -> ProjectConfig | None:
    """The current project's config, or None outside any project (a generic schema)."""
    try:
        return settings.config()
    except ProjectNotFound:
        if settings.project is not None:
            raise
        return None


@click.command("schema")
@click.argument("kind", type=click.Choice(["role", "config"]), default="role")
@output_option("Write the schema to FILE (atomically) instead of standard output.")
@pass_settings
def schema_command(settings: Settings, kind: str, output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of role files (KIND role, the default) or of
    jdgen.toml (KIND config), generated from the validator's own key definitions.

    Inside a project the role schema requires the project's languages and reviewers;
    outside one it accepts any. Bind it in your editor (docs/editor.md)."""
    from jdgen.validate.jsonschema import schema_json
    from jdgen.write import write_atomic

    text = schema_json(kind, _project(settings) if kind == "role" else None)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)


COMMANDS = [schema_command]
