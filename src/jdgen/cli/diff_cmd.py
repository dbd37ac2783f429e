"""``jdgen diff``: clause-level redlines between two versions (exit 0 same, 1 differ, 2 trouble)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from jdgen.cli import Settings, TroubleCommand, pass_settings
from jdgen.cli.completion import complete_document_ids
from jdgen.cli.options import format_option, output_option
from jdgen.diff.choose import Versions
from jdgen.diff.formats import FORMATS
from jdgen.diff.run import Redline, run_diff
from jdgen.errors import Fallback, Outcome


@click.command(cls=TroubleCommand)
@click.argument("sides", nargs=-1, metavar="[OLD NEW]")
@click.option(
    "--from", "from_rev", metavar="REV", help="Compare the whole project at git revision REV ..."
)
@click.option(
    "--to", "to_rev", metavar="REV", help="... with the project at REV (default: the working tree)."
)
@click.option(
    "--lang", "langs", metavar="LIST", help="Languages to show, e.g. th or th,en (default: all)."
)
@format_option(FORMATS, "term", "Output format; docx needs -o.")
@output_option("Write to FILE (atomically) instead of standard output.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour term output (auto: on a terminal, no NO_COLOR).",
)
@click.option(
    "--author", help="Revision author in the DOCX (default: the NEW commit's author, else 'jdgen')."
)
@click.option(
    "--date",
    help="Revision date in the DOCX, ISO (default: the NEW commit's "
    "date, else SOURCE_DATE_EPOCH, else 1980-01-01).",
)
@click.option(
    "--since-approval",
    "since_approval",
    metavar="ID",
    shell_complete=complete_document_ids,
    help="Compare document ID's last approved text (from the ledger) with its current text.",
)
@click.option(
    "--git-external",
    is_flag=True,
    help="Called by git as diff.jdgen.command with git's 7 arguments.",
)
@pass_settings
def diff(
    settings: Settings,
    sides: tuple[str, ...],
    from_rev: str | None,
    to_rev: str | None,
    langs: str | None,
    fmt: str,
    output: Path | None,
    color: str,
    author: str | None,
    date: str | None,
    since_approval: str | None,
    git_external: bool,
) -> Outcome | Fallback:
    """Show what changed between two versions, clause by clause.

    OLD and NEW are role files (each resolved in its own project) or REV:path read from git
    (path from the repository top, e.g. HEAD~1:roles/account-manager.yaml). With --from,
    every document of the project is compared; with --since-approval ID, the document's
    last approved text from the sign-off ledger is compared with its current text. Exit
    status: 0 no differences, 1 differences, 2 trouble (bad file, bad revision, invalid
    roles).
    """
    use_color = color == "always" or (
        color == "auto"
        and output is None
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )
    run = run_diff(
        Versions(settings.project, sides, from_rev, to_rev, since_approval, git_external),
        Redline(fmt, output, langs, use_color, author, date),
    )
    if run.data is not None:
        click.echo(run.data.decode("utf-8"), nl=False, color=use_color)
    return run.outcome


COMMANDS = [diff]
