"""``jdgen sign``."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.errors import relative
from jdgen.pipeline import analyse
from jdgen.signoff.sign import SignOff, sign
from jdgen.signoff.signing import require_key
from jdgen.signoff.ssh_sig import parse_signature
from jdgen.signoff.status import DocumentStatus
from jdgen.signoff.store import ledger_path


def status_line(status: DocumentStatus) -> str:
    """``am: approved, revision 1 (2024-05-03)`` or who still has to sign."""
    if status.current is not None:
        return (f"{status.id}: approved, revision {status.current.revision} "
                f"({status.current.date.isoformat()})")
    return f"{status.id}: {status.status}; still to sign: {', '.join(status.missing)}"


@click.command("sign")
@click.argument("document")
@click.option("--as", "role", required=True, metavar="ROLE",
              help="Capacity: a reviewer (lawyer, hr, supervisor by default) or approver.")
@click.option("--name", required=True, help="The signer's full name, as printed.")
@click.option("--post", help="The signer's post (default: approver -> the document's approver "
                             "post, supervisor -> its reports-to post; required otherwise).")
@click.option("--date", metavar="YYYY-MM-DD", help="Date of the sign-off (default: today).")
@click.option("--note", help="A remark kept with the sign-off.")
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path), metavar="PATH",
              help="Sign the entry with this SSH key (ssh-keygen -Y sign); default: git's "
                   "user.signingkey when gpg.format is ssh and the project has allowed signers.")
@pass_settings
def sign_command(settings: Settings, document: str, role: str, name: str, post: str | None,
                 date: str | None, note: str | None, key: Path | None) -> None:
    """Record a sign-off of DOCUMENT's current content in the ledger.

    Reviewers sign first, in any order; the approver signs last. A text change later makes
    the document a draft again until everyone signs the new text.
    """
    state = analyse(settings.config())
    signing_key = require_key(state.config, key)
    signed = sign(state, SignOff(document, role, name, post, date, note, signing_key))
    entry = signed.entry
    path = relative(ledger_path(state.config, entry.document), state.config.root)
    click.echo(f"signed {entry.document} as {entry.role}: {entry.name} ({entry.post}), "
               f"{entry.date.isoformat()}; entry {entry.seq} of {path}", err=True)
    if entry.sig is not None:
        click.echo(f"signed with key {parse_signature(entry.sig).fingerprint}", err=True)
    click.echo(status_line(signed.status), err=True)


COMMANDS = [sign_command]
