"""``jdgen signers add/remove``: one signed change of ``allowed_signers`` at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jdgen.project import ProjectConfig
from jdgen.signoff.allowed_signers import (
    ACK_CAPACITY,
    PATTERN_RE,
    PRINCIPAL_RE,
    SIGNERS_CAPACITY,
    SIGNERS_NS,
    AllowedSigner,
    capacity_patterns,
    day,
)
from jdgen.signoff.chain import Record, append_record, fields_for, make_record
from jdgen.signoff.errors import LedgerCorrupt, SignersRefused
from jdgen.signoff.ledger import ROLE_RE
from jdgen.signoff.signers import (
    TITLE,
    apply_change,
    read_changes,
    signers_state,
    write_allowed_signers,
)
from jdgen.signoff.signing import entry_signer
from jdgen.signoff.ssh_sig import SigningKey, key_blob
from jdgen.signoff.store import locked

COMPROMISED = "19700101"  # valid-before of a compromised key: none of its signatures count


@dataclass(frozen=True)
class SignersChange:
    """What ``jdgen signers add`` or ``remove`` was asked to do."""

    action: str  # add | remove
    principal: str
    public_key: str  # "type base64"
    key: SigningKey  # the key that signs the change
    date: dt.date
    capacities: tuple[str, ...] = ()
    documents: tuple[str, ...] = ("*",)
    compromised: bool = False


def _checked_key(text: str) -> str:
    try:
        key_type, _ = key_blob(text)
    except ValueError as err:
        raise SignersRefused(f"--public-key: {err}") from None
    return f"{key_type} {text.split()[1]}"


def _namespaces(change: SignersChange) -> list[str]:
    kinds = (
        f"a reviewer role (lawyer, hr, supervisor…), approver, {ACK_CAPACITY} or {SIGNERS_CAPACITY}"
    )
    if not change.capacities:
        raise SignersRefused(f"give at least one capacity with --as: {kinds}")
    for capacity in change.capacities:
        if not ROLE_RE.match(capacity):
            raise SignersRefused(f"--as {capacity!r}: a capacity is {kinds}")
    for pattern in change.documents:
        if not PATTERN_RE.match(pattern):
            raise SignersRefused(
                f"--documents {pattern!r}: a document id or a pattern such as "
                "key-account-manager* (letters, digits, -, *, ?)"
            )
    return list(capacity_patterns(change.capacities, change.documents))


def _valid_before(
    change: SignersChange, signers: list[AllowedSigner], key: str, namespaces: list[str]
) -> str | None:
    """The ``valid_before`` the change records (a removal's day; None for an addition), or
    :class:`SignersRefused` when ``signers`` do not allow it."""
    active = [
        s
        for s in signers
        if s.principal == change.principal and s.key == key and s.valid_before is None
    ]
    valid_before = None
    if change.action == "add" and any(set(s.namespaces) >= set(namespaces) for s in active):
        raise SignersRefused(
            f"{change.principal}'s key may already sign all of that (`jdgen signers list`)"
        )
    if change.action == "remove":
        if not active:
            raise SignersRefused(
                f"{change.principal} has no such key in allowed_signers (`jdgen signers list`)"
            )
        valid_before = COMPROMISED if change.compromised else day(change.date)
        others = [
            s
            for s in signers
            if s not in active and s.valid_before is None and SIGNERS_NS in s.namespaces
        ]
        if not others:
            raise SignersRefused(
                "this is the last key that may manage signers; add "
                "another one with --as signers first"
            )
    return valid_before


def _check_bootstrap(record: Record, key: str) -> None:
    """The first change must be signed by the key it adds, else :class:`SignersRefused`."""
    from jdgen.signoff.ssh_sig import parse_signature

    if record.sig is None or parse_signature(record.sig).key_line != key:
        raise SignersRefused(
            "the first allowed signer signs its own entry: give its "
            "private key with --key (the bootstrap)"
        )


def change_signers(config: ProjectConfig, change: SignersChange) -> AllowedSigner:
    """Record ``change`` as a signed entry and rewrite ``allowed_signers``; the line it made.

    Raises :class:`SignersRefused` when the change is not possible, ``SigningFailed`` when
    the key may not manage signers, ``LedgerCorrupt`` when the files are damaged.
    """
    if not PRINCIPAL_RE.match(change.principal):
        raise SignersRefused(
            f"principal {change.principal!r}: an e-mail address or a short "
            "name (letters, digits, . _ + @ -), as in git's allowed signers"
        )
    key = _checked_key(change.public_key)
    namespaces = _namespaces(change) if change.action == "add" else []
    with locked(config):
        state = signers_state(config)
        if state.problems:
            raise LedgerCorrupt(state.problems)
        chain = read_changes(config)
        valid_before = _valid_before(change, state.signers, key, namespaces)
        previous = chain.records[-1] if chain.records else None
        if previous is not None and change.date.isoformat() < previous.fields["date"]:
            raise SignersRefused(
                f"--date {change.date.isoformat()} is before the last change "
                f"({previous.fields['date']})"
            )
        fields = fields_for(
            previous,
            {
                "action": change.action,
                "principal": change.principal,
                "key": key,
                "namespaces": namespaces,
                "valid_before": valid_before,
                "date": change.date.isoformat(),
            },
        )
        if previous is None and (change.action != "add" or SIGNERS_NS not in namespaces):
            raise SignersRefused(
                "the first allowed signer must be added with --as signers "
                "(and signed by its own key: the bootstrap)"
            )
        sign = entry_signer(
            config, change.key, SIGNERS_NS, change.date, must_be_allowed=previous is not None
        )
        record = make_record(fields, sign(fields))
        if previous is None:
            _check_bootstrap(record, key)
        append_record(chain, record, TITLE)
        signers = apply_change(state.signers, record)
        write_allowed_signers(config, signers)
    return next(s for s in reversed(signers) if s.principal == change.principal and s.key == key)
