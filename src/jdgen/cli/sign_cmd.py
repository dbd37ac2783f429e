"""``jdgen sign``."""

from __future__ import annotations

from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.completion import complete_document_ids
from jdgen.pipeline import analyse
from jdgen.signoff.sign import SignOff, sign, signed_lines
from jdgen.signoff.signing import require_key


@click.command("sign")
@click.argument("document", shell_complete=complete_document_ids)
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
    for line in signed_lines(state, signed):
        click.echo(line, err=True)


COMMANDS = [sign_command]
