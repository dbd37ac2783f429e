"""Which key signs, and signing one entry with it (``--key``, or git's SSH signing key).

``jdgen sign|acknowledge|signers … --key PATH`` names the key. Without ``--key``, a project
that uses signed sign-offs (it has ``signoffs/allowed_signers``) signs with git's own
setting when ``gpg.format`` is ``ssh``: ``user.signingkey`` is a key file, or a public key
(``key::ssh-ed25519 …``) whose private half is in the ssh-agent — as for ``git commit -S``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jdgen.git import config_value
from jdgen.project import ProjectConfig
from jdgen.signoff.allowed_signers import allowed_signers_path, principal_for, why_not
from jdgen.signoff.chain import signed_message
from jdgen.signoff.errors import SigningFailed
from jdgen.signoff.ssh_sig import (
    BadSignature,
    SigningKey,
    parse_signature,
    sign_message,
    verify_signature,
)

Signer = Callable[[dict[str, Any]], str]


def git_signing_key(root: Path) -> SigningKey | None:
    """git's SSH signing key (``gpg.format = ssh`` and ``user.signingkey``), if set."""
    if config_value(root, "gpg.format") != "ssh":
        return None
    value = config_value(root, "user.signingkey")
    if value is None:
        return None
    if value.startswith("key::"):
        return SigningKey(literal=value.removeprefix("key::"))
    if value.startswith("ssh-") or value.startswith("ecdsa-"):
        return SigningKey(literal=value)
    path = Path(value).expanduser()
    return SigningKey(path=path if path.is_absolute() else root / path)


def choose_key(config: ProjectConfig, option: Path | None) -> SigningKey | None:
    """The key to sign with: ``--key``, else git's when the project signs, else None."""
    if option is not None:
        return SigningKey(path=option.expanduser())
    if allowed_signers_path(config.signoffs_dir).exists():
        return git_signing_key(config.root)
    return None


def require_key(config: ProjectConfig, option: Path | None) -> SigningKey | None:
    """:func:`choose_key`, refusing to go on without a key when signatures are required."""
    key = choose_key(config, option)
    if key is None and config.require_signatures:
        raise SigningFailed(
            "this project requires signed entries (require_signatures in "
            "jdgen.toml): give your SSH key with --key PATH, or set git's "
            "gpg.format = ssh and user.signingkey"
        )
    return key


def public_key_of(key: SigningKey) -> str:
    """``type base64`` of the signing key's public half (``KEY.pub`` beside a key file)."""
    if key.literal is not None:
        return " ".join(key.literal.split()[:2])
    assert key.path is not None
    pub = key.path if key.path.suffix == ".pub" else key.path.with_name(key.path.name + ".pub")
    try:
        return " ".join(pub.read_text(encoding="ascii").split()[:2])
    except (OSError, UnicodeDecodeError):
        raise SigningFailed(
            f"cannot read the public key {pub}; give it with --public-key"
        ) from None


def entry_signer(
    config: ProjectConfig,
    key: SigningKey,
    namespace: str,
    date: dt.date,
    must_be_allowed: bool = True,
) -> Signer:
    """A function that signs an entry's fields with ``key`` under ``namespace``.

    The signature is checked at once; when the project has allowed signers (and
    ``must_be_allowed``) the key must be allowed to sign under ``namespace`` on ``date``, or
    :class:`SigningFailed` says so — such an entry would fail ``jdgen verify``.
    """

    def sign(fields: dict[str, Any]) -> str:
        message = signed_message(fields)
        body = sign_message(key, namespace, message)
        try:
            sig = parse_signature(body)
            verify_signature(sig, namespace, message)
        except BadSignature as err:
            raise SigningFailed(f"ssh-keygen made a signature jdgen cannot check: {err}") from None
        if must_be_allowed:
            from jdgen.signoff.signers import trusted_signers

            signers = trusted_signers(config)
            if (
                signers is not None
                and principal_for(signers, sig.key_line, namespace, date) is None
            ):
                reason = why_not(signers, sig.key_line, sig.fingerprint, namespace, date)
                raise SigningFailed(
                    f"cannot sign with {key}: {reason}; `jdgen signers list` "
                    "shows who may sign what"
                )
        return body

    return sign
