"""``jdgen import``."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.options import FILE, output_option
from jdgen.errors import UsageError

LANGUAGE_CODE = click.Choice(["th", "en", "ru"])


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=FILE)
@click.option(
    "--other-language",
    "others",
    metavar="FILE",
    multiple=True,
    type=FILE,
    help="The same document in another language (one per FILE, in order): fills "
    "the other language's texts.",
)
@click.option(
    "--lang",
    "language",
    type=LANGUAGE_CODE,
    help="The language of FILES (default: detected from the script).",
)
@click.option(
    "--id",
    "role_id",
    metavar="ID",
    help="The new role's id (one FILE only; default: made from the title).",
)
@output_option("Write the role here instead of roles/ID.yaml (one FILE only).")
@click.option("--force", is_flag=True, help="Replace a role file that exists.")
@pass_settings
def import_command(
    settings: Settings,
    files: tuple[Path, ...],
    others: tuple[Path, ...],
    language: str | None,
    role_id: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Turn existing job descriptions (.docx, or .pdf with a text layer) into role files.

    Sections are recognised by their headings in Thai, English and Russian; numbered
    paragraphs (Word numbering, or numbers typed as text) become clauses and sub-clauses;
    the title, department and reports-to come from the header. Text that cannot be placed
    is listed at the end of the role file and here, never dropped; missing parts become
    TODO: placeholders that jdgen validate reports.
    """
    from jdgen.importer import import_role

    if others and len(others) != len(files):
        raise UsageError(
            f"give one --other-language file per FILE ({len(files)} FILE(s), "
            f"{len(others)} --other-language)"
        )
    if len(files) > 1 and (role_id or output):
        raise UsageError("--id and --output take one FILE")
    config = settings.config()
    unplaced = 0
    for n, source in enumerate(files):
        result = import_role(
            config,
            source,
            other=others[n] if others else None,
            language=language,
            role_id=role_id,
            output=output,
            force=force,
        )
        shown = (
            result.path.relative_to(config.root)
            if result.path.is_relative_to(config.root)
            else result.path
        )
        click.echo(
            f"{source} -> {shown}: {result.sections} section(s), {result.clauses} "
            f"clause(s), {result.items} sub-clause(s) in {', '.join(result.languages)}"
            + (
                f"; {len(result.unplaced)} not placed (listed at the end of the file)"
                if result.unplaced
                else ""
            )
        )
        for name, item in result.unplaced:
            click.echo(f"  not placed: {name}, {item.where} ({item.why}): {item.text}")
        unplaced += len(result.unplaced)
    click.echo(f"imported {len(files)} file(s); next: jdgen validate", err=True)


COMMANDS = [import_command]
