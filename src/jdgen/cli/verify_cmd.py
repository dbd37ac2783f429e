"""``jdgen verify``."""

from __future__ import annotations

import click

from jdgen.cli import EXIT_OK, EXIT_PROBLEMS, Settings, pass_settings
from jdgen.pipeline import load_documents
from jdgen.signoff.verify import verify


@click.command("verify")
@click.option("--require-approved", is_flag=True,
              help="Also fail when a published document is not approved for its current "
                   "content (the CI gate).")
@pass_settings
def verify_command(settings: Settings, require_approved: bool) -> None:
    """Check the sign-off ledger: every entry intact and chained, every signed content in
    the store, every ledger naming a published document."""
    state = load_documents(settings.config())
    report = verify(state, require_approved)
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary(require_approved), err=True)
    raise SystemExit(EXIT_OK if report.ok else EXIT_PROBLEMS)


COMMANDS = [verify_command]
