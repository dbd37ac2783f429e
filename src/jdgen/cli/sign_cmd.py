"""``jdgen sign``."""

from __future__ import annotations

import re
from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.completion import complete_document_ids
from jdgen.cli.options import FILE
from jdgen.errors import UsageError
from jdgen.pipeline import analyse
from jdgen.signoff.sign import SignOff, sign, signed_lines
from jdgen.signoff.signing import require_key

LANG_POST_RE = re.compile(r"([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)=(.*)", re.DOTALL)


def parse_posts(values: tuple[str, ...]) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """``--post`` values as (the post for every language, (language, post) pairs)."""
    plain = [v for v in values if not LANG_POST_RE.fullmatch(v)]
    per_lang = [LANG_POST_RE.fullmatch(v) for v in values]
    pairs = tuple((m.group(1), m.group(2)) for m in per_lang if m is not None)
    if len(plain) > 1:
        raise UsageError(
            "--post is given twice; give it once for every language, or once per "
            "language as --post th=… --post en=…"
        )
    twice = next((lang for i, (lang, _) in enumerate(pairs) if lang in dict(pairs[:i])), None)
    if twice is not None:
        raise UsageError(f"--post {twice}=… is given twice; give each language once")
    return (plain[0] if plain else None), pairs


@click.command("sign")
@click.argument("document", shell_complete=complete_document_ids)
@click.option(
    "--as",
    "role",
    required=True,
    metavar="ROLE",
    help="Capacity: a reviewer (lawyer, hr, supervisor by default) or approver.",
)
@click.option("--name", required=True, help="The signer's full name, as printed.")
@click.option(
    "--post",
    "post_args",
    multiple=True,
    metavar="[LANG=]POST",
    help="The signer's post as printed: once for every language, or once per "
    "language as LANG=POST (default: approver -> the document's approver post, "
    "supervisor -> its reports-to, another reviewer -> [approval] posts of "
    "jdgen.toml, else the labels).",
)
@click.option("--date", metavar="YYYY-MM-DD", help="Date of the sign-off (default: today).")
@click.option("--note", help="A remark kept with the sign-off.")
@click.option(
    "--key",
    type=FILE,
    metavar="PATH",
    help="Sign the entry with this SSH key (ssh-keygen -Y sign); default: git's "
    "user.signingkey when gpg.format is ssh and the project has allowed signers.",
)
@pass_settings
def sign_command(
    settings: Settings,
    document: str,
    role: str,
    name: str,
    post_args: tuple[str, ...],
    date: str | None,
    note: str | None,
    key: Path | None,
) -> None:
    """Record a sign-off of DOCUMENT's current content in the ledger.

    Reviewers sign first, in any order; the approver signs last. A text change later makes
    the document a draft again until everyone signs the new text.
    """
    post, posts = parse_posts(post_args)
    state = analyse(settings.open())
    signing_key = require_key(state.config, key)
    signed = sign(state, SignOff(document, role, name, post, date, note, signing_key, posts))
    for line in signed_lines(state, signed):
        click.echo(line, err=True)


COMMANDS = [sign_command]
