"""Checking the SSH signatures of the ledgers: who signed each entry, and may they?

A signature counts when it verifies for the entry's exact fields under the entry's namespace
(capacity and document, :mod:`jdgen.signoff.allowed_signers`) and — when the project keeps
``allowed_signers`` — a line of it lets that key sign under that namespace on the entry's
date. Every signature present is checked in-process, in one pass. With
``require_signatures`` every sign-off must be signed by an allowed key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from jdgen.errors import Location, Problem
from jdgen.project import ProjectConfig
from jdgen.signoff.allowed_signers import (
    AllowedSigner,
    ack_namespace,
    principal_for,
    signoff_namespace,
    why_not,
)
from jdgen.signoff.chain import signed_message
from jdgen.signoff.ledger import Entry, LedgerFile
from jdgen.signoff.signers import SignersState, signers_state
from jdgen.signoff.ssh_sig import BadSignature, parse_signature, verify_signature


@dataclass(frozen=True)
class SigCheck:
    """What the signature of one entry proves: the principal and key, or why it does not."""

    principal: str | None
    fingerprint: str | None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """True when the signature verifies (and the key is allowed, where that is known)."""
        return self.problem is None

    def describe(self) -> str:
        """``signed by P (SHA256:…)``, ``unsigned`` or what is wrong, for ``jdgen status``."""
        if self.fingerprint is None and self.problem is None:
            return "unsigned"
        if self.problem is not None:
            return f"BAD SIGNATURE: {self.problem}"
        who = self.principal or "a key not in allowed_signers"
        return f"signed by {who} ({self.fingerprint})"


UNSIGNED = SigCheck(None, None)


def check_signature(
    body: str | None,
    namespace: str,
    message: bytes,
    date: dt.date,
    signers: list[AllowedSigner] | None,
) -> SigCheck:
    """Check one signature; ``signers`` None means the project keeps no allowed signers."""
    if body is None:
        return UNSIGNED
    try:
        sig = parse_signature(body)
        verify_signature(sig, namespace, message)
    except BadSignature as err:
        return SigCheck(None, None, str(err))
    if signers is None:
        return SigCheck(None, sig.fingerprint)
    principal = principal_for(signers, sig.key_line, namespace, date)
    if principal is None:
        return SigCheck(
            None, sig.fingerprint, why_not(signers, sig.key_line, sig.fingerprint, namespace, date)
        )
    return SigCheck(principal, sig.fingerprint)


def check_entry(entry: Entry, signers: list[AllowedSigner] | None) -> SigCheck:
    """The :class:`SigCheck` of one sign-off entry."""
    return check_signature(
        entry.sig,
        signoff_namespace(entry.role, entry.document),
        signed_message(entry.payload()),
        entry.date,
        signers,
    )


@dataclass
class TrustReport:
    """The signatures ``jdgen verify`` checked, and their problems."""

    signers: SignersState
    required: bool
    entries: int = 0
    signed: int = 0
    acknowledgements: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def used(self) -> bool:
        """True when the project signs at all (something worth a line in the summary)."""
        return self.signers.exists or self.signed > 0 or self.required

    def summary(self) -> str:
        """``signatures: 40 of 48 sign-off(s) signed and verified; 3 allowed signer(s)…``."""
        bad = len(self.problems)
        allowed = len([s for s in self.signers.signers if s.valid_before is None])
        text = (
            f"signatures: {self.signed} of {self.entries} sign-off(s) signed, "
            f"{bad} problem(s); {allowed} allowed signer line(s), "
            f"{self.signers.changes} signed change(s); {self.acknowledgements} "
            "acknowledgement(s)"
        )
        return text + (" (signatures required)" if self.required else "")


def check_trust(
    config: ProjectConfig, ledgers: Iterable[LedgerFile], required: bool
) -> TrustReport:
    """Check ``allowed_signers`` against its signed changes, then every entry's signature.

    Entries of ledgers with chain problems are checked too (their problems are reported
    elsewhere); with ``required`` an unsigned entry is a problem.
    """
    state = signers_state(config)
    report = TrustReport(state, required)
    report.problems.extend(state.problems)
    signers = state.signers if state.exists else None
    if required and not state.exists:
        report.problems.append(
            Problem(
                Location("signoffs/allowed_signers"),
                "",
                (
                    "signatures are required, but the project has no allowed signers; add the "
                    "first "
                    'with `jdgen signers add` (docs/signoff.md, "Signed sign-offs")'
                ),
            )
        )
    ledgers = list(ledgers)
    for ledger in ledgers:
        for entry in ledger.entries:
            report.entries += 1
            check = check_entry(entry, signers)
            where = Location(ledger.display, entry.line, 5)
            label = f"document {entry.document}, entry {entry.seq} ({entry.role})"
            if entry.sig is not None:
                report.signed += check.ok
                if not check.ok:
                    report.problems.append(Problem(where, "", f"{label}: {check.problem}"))
            elif required:
                report.problems.append(
                    Problem(
                        where,
                        "",
                        (
                            f"{label}: not signed, and this project requires signed sign-offs "
                            "(require_signatures); sign again with --key — see docs/signoff.md"
                        ),
                    )
                )
    _check_acknowledgements(config, report, ledgers, signers)
    return report


def _check_acknowledgements(
    config: ProjectConfig,
    report: TrustReport,
    ledgers: list[LedgerFile],
    signers: list[AllowedSigner] | None,
) -> None:
    """Every acknowledgement: chain intact, signature (if any) good, content approved."""
    from jdgen.signoff.acknowledge import ack_files, approved_revisions, read_acknowledgements

    entries = {ledger.document: ledger.entries for ledger in ledgers}
    for document, path in ack_files(config):
        chain = read_acknowledgements(config, document, path)
        report.problems.extend(chain.problems)
        revisions = approved_revisions(entries.get(document, []))
        for record in chain.records:
            report.acknowledgements += 1
            f = record.fields
            where = Location(chain.display, record.line, 5)
            label = f"acknowledgement {record.seq} of {document} by {f['name']}"
            if f["document"] != document:
                report.problems.append(
                    Problem(where, "", f"{label}: names document {f['document']!r}")
                )
            elif revisions.get(f["digest"]) != f["revision"]:
                report.problems.append(
                    Problem(
                        where,
                        "",
                        (
                            f"{label}: revision {f['revision']} with this digest was never "
                            "approved "
                            f"in the ledger of {document}"
                        ),
                    )
                )
            check = check_signature(
                record.sig,
                ack_namespace(document),
                signed_message(f),
                dt.date.fromisoformat(f["date"]),
                signers,
            )
            if not check.ok:
                report.problems.append(Problem(where, "", f"{label}: {check.problem}"))
