"""``jdgen verify``."""

from __future__ import annotations

import click

from jdgen.cli import Settings, pass_settings
from jdgen.errors import Outcome
from jdgen.pipeline import load_headers
from jdgen.signoff.history import read_snapshot
from jdgen.signoff.verify import verify


@click.command("verify")
@click.option(
    "--require-approved",
    is_flag=True,
    help="Also fail when a published document is not approved for its current "
    "content (the CI gate).",
)
@click.option(
    "--since",
    "rev",
    metavar="REV",
    help="Also fail when a ledger entry, ledger file or content file present at "
    "git revision REV is missing now (for example origin/main).",
)
@click.option(
    "--require-signatures",
    is_flag=True,
    help="Also fail on every sign-off not SSH-signed by a key allowed_signers allows "
    "for its capacity (as jdgen.toml require_signatures = true).",
)
@pass_settings
def verify_command(
    settings: Settings, require_approved: bool, rev: str | None, require_signatures: bool
) -> Outcome:
    """Check the sign-off ledger: every entry intact and chained, every signed content in
    the store, every ledger naming a published document; print each ledger's head hash."""
    config = settings.config()
    snapshot = read_snapshot(config, rev) if rev is not None else None
    state = load_headers(config)  # verify never reads a clause
    report = verify(state, require_approved, snapshot, require_signatures)
    for problem in report.problems:
        click.echo(str(problem))
    for head in report.heads:
        click.echo(str(head), err=True)
    if report.trust is not None and report.trust.used:
        if report.trust.signers.root is not None:
            click.echo(f"signers root: {report.trust.signers.root}", err=True)
        click.echo(report.trust.summary(), err=True)
    click.echo(report.summary(require_approved), err=True)
    return Outcome.OK if report.ok else Outcome.PROBLEMS


COMMANDS = [verify_command]
