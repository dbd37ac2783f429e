"""Who may sign: the signed history of ``signoffs/allowed_signers``.

Every change of ``allowed_signers`` is an entry of ``signoffs/signers/changes.yaml``,
signed (namespace ``jdgen-signers``) by a key that the changes before it allow to manage
signers. The first entry is the bootstrap: it adds a key with the ``signers`` capacity and
is signed by that very key; it is trusted because the project owner committed it (pin its
fingerprint, which ``jdgen verify`` prints). ``jdgen verify`` replays the changes and fails
when ``allowed_signers`` says anything else — a hand edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from jdgen.errors import Location, Problem, relative
from jdgen.project import ProjectConfig
from jdgen.signoff.allowed_signers import (
    SIGNERS_NS,
    AllowedSigner,
    allowed_signers_path,
    file_text,
    parse_allowed_signers,
    principal_for,
    why_not,
)
from jdgen.signoff.chain import Chain, Record, read_chain, signed_message
from jdgen.signoff.errors import LedgerCorrupt
from jdgen.signoff.ssh_sig import BadSignature, fingerprint, parse_signature, verify_signature

CHANGES = Path("signers") / "changes.yaml"
KIND = "signers"
TITLE = "Changes of signoffs/allowed_signers"
SPEC = {
    "action": "text",
    "principal": "text",
    "key": "text",
    "namespaces": "list",
    "valid_before": "text?",
    "date": "date",
}
ACTIONS = ("add", "remove")


def changes_path(config: ProjectConfig) -> Path:
    """``signoffs/signers/changes.yaml``."""
    return config.signoffs_dir / CHANGES


def read_changes(config: ProjectConfig) -> Chain:
    """The checked chain of allowed-signers changes (empty without the file)."""
    return read_chain(config, changes_path(config), KIND, SPEC)


@dataclass
class SignersState:
    """The allowed signers as the signed changes define them, and what is wrong."""

    signers: list[AllowedSigner] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    root: str | None = None  # "principal SHA256:…" of the bootstrap key
    changes: int = 0
    exists: bool = False  # the project uses allowed signers (either file exists)


def apply_change(signers: list[AllowedSigner], record: Record) -> list[AllowedSigner]:
    """``signers`` after the change ``record`` (already checked)."""
    f = record.fields
    if f["action"] == "add":
        return [*signers, AllowedSigner(f["principal"], f["key"], tuple(f["namespaces"]))]
    return [
        replace(s, valid_before=f["valid_before"])
        if s.principal == f["principal"] and s.key == f["key"] and s.valid_before is None
        else s
        for s in signers
    ]


def _check_change(
    signers: list[AllowedSigner], record: Record, previous: Record | None
) -> tuple[str | None, str | None]:
    """``(problem, signer fingerprint)`` of one change given the signers before it."""
    f = record.fields
    if f["action"] not in ACTIONS:
        return f"action {f['action']!r} is not add or remove", None
    if record.sig is None:
        return (
            "is not signed: every change of allowed_signers is signed by a key allowed "
            "to manage signers"
        ), None
    try:
        sig = parse_signature(record.sig)
        verify_signature(sig, SIGNERS_NS, signed_message(record.fields))
    except BadSignature as err:
        return f"signature: {err}", None
    date = dt.date.fromisoformat(f["date"])
    if previous is not None and f["date"] < previous.fields["date"]:
        return "is dated before the change before it", sig.fingerprint
    if previous is None:
        if f["action"] != "add" or sig.key_line != f["key"] or SIGNERS_NS not in f["namespaces"]:
            return (
                "the first change must add a key with the signers capacity and be signed "
                "by that key (the bootstrap, see docs/signoff.md)"
            ), sig.fingerprint
    elif principal_for(signers, sig.key_line, SIGNERS_NS, date) is None:
        return why_not(signers, sig.key_line, sig.fingerprint, SIGNERS_NS, date), sig.fingerprint
    active = [
        s
        for s in signers
        if s.principal == f["principal"] and s.key == f["key"] and s.valid_before is None
    ]
    if f["action"] == "add" and any(set(s.namespaces) >= set(f["namespaces"]) for s in active):
        return f"{f['principal']} already has this key for this", sig.fingerprint
    if f["action"] == "remove" and not active:
        return f"{f['principal']} has no such key to remove", sig.fingerprint
    return None, sig.fingerprint


def signers_state(config: ProjectConfig) -> SignersState:
    """Replay the signed changes and compare them with ``signoffs/allowed_signers``."""
    path = allowed_signers_path(config.signoffs_dir)
    chain = read_changes(config)
    state = SignersState(exists=path.exists() or chain.path.exists())
    state.problems.extend(chain.problems)
    _replay(chain, state)
    _compare_with_file(path, relative(path, config.root), chain, state)
    return state


def _replay(chain: Chain, state: SignersState) -> None:
    """Apply the changes of ``chain`` to ``state`` in order, up to the first that is wrong
    (a problem: later changes depend on it)."""
    previous: Record | None = None
    for record in chain.records:
        problem, print_ = _check_change(state.signers, record, previous)
        if problem is not None:
            chain.problem(record.line, problem, record.seq)
            state.problems.append(chain.problems[-1])
            break
        if previous is None:
            state.root = f"{record.fields['principal']} {print_}"
        state.signers = apply_change(state.signers, record)
        state.changes += 1
        previous = record


def _compare_with_file(path: Path, display: str, chain: Chain, state: SignersState) -> None:
    """A problem for each way ``allowed_signers`` at ``path`` differs from the signers that
    the changes of ``chain`` made."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if chain.records:
            state.problems.append(
                Problem(
                    Location(display),
                    "",
                    f"missing, but {chain.display} records allowed signers; restore it from git",
                )
            )
        return
    except UnicodeDecodeError:
        state.problems.append(Problem(Location(display), "", "not valid UTF-8"))
        return
    lines, problems = parse_allowed_signers(text, display)
    state.problems.extend(problems)
    expected = {s.normalised() for s in state.signers}
    for line in lines:
        if line.normalised() not in expected:
            state.problems.append(
                Problem(
                    Location(display, line.line),
                    "",
                    (
                        f"{line.principal} {fingerprint_of(line.key)}: this line is not what the "
                        f"signed changes in {chain.display} say (edited by hand?); change allowed "
                        "signers with `jdgen signers add/remove` only"
                    ),
                )
            )
    present = {s.normalised() for s in lines}
    for signer in state.signers:
        if signer.normalised() not in present:
            state.problems.append(
                Problem(
                    Location(display),
                    "",
                    (
                        f"{signer.principal} {fingerprint_of(signer.key)}: recorded in "
                        f"{chain.display}"
                        " but not in this file as recorded (edited by hand?); restore it from git"
                    ),
                )
            )


def fingerprint_of(key: str) -> str:
    """The fingerprint of a ``type base64`` key (``?`` when it is not readable)."""
    from jdgen.signoff.ssh_sig import key_blob

    try:
        return fingerprint(key_blob(key)[1])
    except (ValueError, BadSignature):
        return "?"


def trusted_signers(config: ProjectConfig) -> list[AllowedSigner] | None:
    """The allowed signers (None when the project has none); a damaged state raises."""
    state = signers_state(config)
    if not state.exists:
        return None
    if state.problems:
        raise LedgerCorrupt(state.problems)
    return state.signers


def write_allowed_signers(config: ProjectConfig, signers: list[AllowedSigner]) -> None:
    """Rewrite ``signoffs/allowed_signers`` from ``signers`` (under the ledger lock)."""
    from jdgen.signoff.store import _write_replace

    _write_replace(allowed_signers_path(config.signoffs_dir), file_text(signers).encode("utf-8"))


__all__ = ["SignersState", "changes_path", "signers_state", "trusted_signers"]
