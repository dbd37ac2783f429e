"""``jdgen ids``."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.options import FILE
from jdgen.errors import Outcome


@click.command("ids")
@click.argument("files", nargs=-1, type=FILE)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if a clause has no id (for pre-commit and CI).",
)
@pass_settings
def ids_command(settings: Settings, files: tuple[Path, ...], check: bool) -> Outcome:
    """Give every clause written without an id one made from its text.

    Thai text is romanised (Royal Thai General System), Cyrillic transliterated, Latin
    kept: 'สรรหาลูกค้า…' gets an id like saha-lukkha. FILES default to every role file of
    the project; each file keeps its comments and layout. Ids are made once: edit the text
    later and the id stays (docs/editor.md).
    """
    from jdgen.author.fill_ids import fill_ids
    from jdgen.validate import role_paths

    config = settings.config()
    paths = list(files) or (role_paths(config.roles_dir)[0] if config.roles_dir.is_dir() else [])
    given = 0
    for path in paths:
        for new in fill_ids(path, config, write=not check):
            click.echo(str(new))
            given += 1
    if check:
        click.echo(
            f"{given} clause(s) without an id" + ("; run jdgen ids" if given else ""), err=True
        )
        return Outcome.PROBLEMS if given else Outcome.OK
    click.echo(f"gave {given} clause(s) an id", err=True)
    return Outcome.OK


COMMANDS = [ids_command]
