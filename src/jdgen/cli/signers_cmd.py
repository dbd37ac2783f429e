"""``jdgen signers add|list|remove``: who may sign in which capacity (allowed_signers)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from jdgen.cli import Settings, pass_settings
from jdgen.cli.options import FILE
from jdgen.errors import UsageError
from jdgen.project import ProjectConfig
from jdgen.signoff.errors import LedgerCorrupt, SigningFailed
from jdgen.signoff.sign import parse_date
from jdgen.signoff.signers import signers_state
from jdgen.signoff.signers_change import SignersChange, change_signers
from jdgen.signoff.signing import choose_key, public_key_of
from jdgen.signoff.ssh_sig import SigningKey


def _key(config: ProjectConfig, option: Path | None) -> SigningKey:
    key = choose_key(config, option)
    if key is None:
        raise SigningFailed(
            "a change of allowed signers is signed: give your SSH key with "
            "--key PATH (or set git's gpg.format = ssh and user.signingkey)"
        )
    return key


def _public_key(value: str | None, key: SigningKey) -> str:
    if value is None:
        return public_key_of(key)
    path = Path(value).expanduser()
    if not value.startswith(("ssh-", "ecdsa-")) and path.is_file():
        return " ".join(path.read_text(encoding="ascii", errors="replace").split()[:2])
    return value


def _date(value: str | None) -> dt.date:
    today = dt.date.today()
    return parse_date(value, today) if value is not None else today


KEY_HELP = "Your SSH key, which signs the change (default: git's user.signingkey)."
PUBLIC_HELP = (
    "The public key: a .pub file or 'ssh-ed25519 AAAA…' (default: the public half "
    "of --key, for adding yourself)."
)


@click.group("signers")
def signers_group() -> None:
    """Manage signoffs/allowed_signers: which SSH key may sign in which capacity.

    Every change is an entry of signoffs/signers/changes.yaml signed by a key allowed to
    manage signers (the first one is signed by its own key); jdgen verify fails when
    allowed_signers was edited by hand.
    """


@signers_group.command("add")
@click.argument("principal")
@click.option(
    "--as",
    "capacities",
    multiple=True,
    required=True,
    metavar="CAPACITY",
    help="A capacity the key may sign in (repeatable): a reviewer role or approver, "
    "acknowledge (employees), signers (may change allowed signers).",
)
@click.option(
    "--documents",
    "documents",
    multiple=True,
    metavar="PATTERN",
    help="Only for these documents (repeatable; * and ? wildcards, for example "
    "key-account-manager*). Default: every document.",
)
@click.option("--public-key", "public_key", metavar="KEY", help=PUBLIC_HELP)
@click.option("--key", type=FILE, metavar="PATH", help=KEY_HELP)
@click.option("--date", metavar="YYYY-MM-DD", help="Date of the change (default: today).")
@pass_settings
def add_command(
    settings: Settings,
    principal: str,
    capacities: tuple[str, ...],
    documents: tuple[str, ...],
    public_key: str | None,
    key: Path | None,
    date: str | None,
) -> None:
    """Allow PRINCIPAL's key to sign in the given capacities."""
    config = settings.config()
    signing = _key(config, key)
    line = change_signers(
        config,
        SignersChange(
            "add",
            principal,
            _public_key(public_key, signing),
            signing,
            _date(date),
            capacities,
            documents or ("*",),
        ),
    )
    click.echo(f"added {line.principal}: {line.text()}", err=True)


@signers_group.command("remove")
@click.argument("principal")
@click.option(
    "--public-key",
    "public_key",
    metavar="KEY",
    help="The key to remove (a .pub file or 'ssh-ed25519 AAAA…'); needed when the "
    "principal has several.",
)
@click.option(
    "--compromised",
    is_flag=True,
    help="The key was stolen or lost: none of its signatures count any more, not "
    "even earlier ones.",
)
@click.option("--key", type=FILE, metavar="PATH", help=KEY_HELP)
@click.option(
    "--date",
    metavar="YYYY-MM-DD",
    help="From this day on the key's signatures do not count (default: today).",
)
@pass_settings
def remove_command(
    settings: Settings,
    principal: str,
    public_key: str | None,
    compromised: bool,
    key: Path | None,
    date: str | None,
) -> None:
    """Stop accepting PRINCIPAL's key (entries it signed before --date keep counting)."""
    config = settings.config()
    signing = _key(config, key)
    if public_key is None:
        state = signers_state(config)
        keys = sorted(
            {s.key for s in state.signers if s.principal == principal and s.valid_before is None}
        )
        if len(keys) != 1:
            raise UsageError(
                f"{principal} has {len(keys)} key(s) in allowed_signers; name the "
                "one to remove with --public-key"
            )
        public_key = keys[0]
    line = change_signers(
        config,
        SignersChange(
            "remove",
            principal,
            _public_key(public_key, signing),
            signing,
            _date(date),
            compromised=compromised,
        ),
    )
    click.echo(f"removed {line.principal}: {line.text()}", err=True)


@signers_group.command("list")
@pass_settings
def list_command(settings: Settings) -> None:
    """List the allowed signers: principal, key fingerprint, what it may sign, until when."""
    from jdgen.signoff.signers import fingerprint_of

    config = settings.config()
    state = signers_state(config)
    if state.problems:
        raise LedgerCorrupt(state.problems)
    for signer in state.signers:
        until = f"  valid before {signer.valid_before}" if signer.valid_before else ""
        click.echo(
            f"{signer.principal}  {fingerprint_of(signer.key)}  "
            f"{','.join(signer.namespaces)}{until}"
        )
    click.echo(
        f"{len(state.signers)} allowed signer line(s), {state.changes} signed change(s)", err=True
    )


COMMANDS = [signers_group]
