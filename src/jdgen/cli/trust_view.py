"""What ``jdgen status`` adds for signed sign-offs and acknowledgements (not a command)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jdgen.project import ProjectConfig
from jdgen.signoff.acknowledge import (
    acknowledgement_report,
    read_acknowledgements,
)
from jdgen.signoff.allowed_signers import AllowedSigner, ack_namespace
from jdgen.signoff.chain import Record, signed_message
from jdgen.signoff.errors import LedgerCorrupt
from jdgen.signoff.signers import signers_state
from jdgen.signoff.status import DocumentStatus
from jdgen.signoff.trust import SigCheck, check_entry, check_signature


def _sig_json(check: SigCheck) -> dict[str, Any]:
    return {
        "verified": check.ok,
        "principal": check.principal,
        "fingerprint": check.fingerprint,
        "problem": check.problem,
    }


@dataclass
class TrustDetails:
    """Signature checks and acknowledgements of the documents ``jdgen status`` shows."""

    config: ProjectConfig
    signers: list[AllowedSigner] | None  # None: the project keeps no allowed signers

    @property
    def signing(self) -> bool:
        """True when the project keeps allowed signers."""
        return self.signers is not None

    def checks(self, status: DocumentStatus) -> dict[tuple[str, int], SigCheck]:
        """The signature check of every current sign-off."""
        return {(e.document, e.seq): check_entry(e, self.signers) for e in status.signoffs}

    def acks(self, status: DocumentStatus) -> list[tuple[Record, SigCheck]]:
        """Every acknowledgement of the document with its signature check."""
        chain = read_acknowledgements(self.config, status.id)
        if chain.problems:
            raise LedgerCorrupt(chain.problems)  # a damaged ledger is never shown as fine
        signers = self.signers
        return [
            (
                r,
                check_signature(
                    r.sig,
                    ack_namespace(status.id),
                    signed_message(r.fields),
                    dt.date.fromisoformat(r.fields["date"]),
                    signers,
                ),
            )
            for r in chain.records
        ]

    def extend_json(self, status: DocumentStatus, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` with ``signature`` on signed sign-offs and ``acknowledgements``."""
        checks = self.checks(status)
        for item, entry in zip(data["signoffs"], status.signoffs, strict=True):
            if entry.sig is not None:
                item["signature"] = _sig_json(checks[(entry.document, entry.seq)])
        acks = self.acks(status)
        if acks:
            report = acknowledgement_report(status, [r for r, _ in acks])
            again = {id(r) for r in report.again}
            data["acknowledgements"] = [
                {
                    "entry": r.seq,
                    "name": r.fields["name"],
                    "employee_id": r.fields["employee_id"],
                    "revision": r.fields["revision"],
                    "digest": r.fields["digest"],
                    "date": r.fields["date"],
                    "current": r in report.current,
                    "must_acknowledge_again": id(r) in again,
                    "signature": _sig_json(check) if r.sig is not None else None,
                }
                for r, check in acks
            ]
        return data

    def lines(self, status: DocumentStatus) -> list[str]:
        """The text lines under the table for one document (none when nothing to add)."""
        out: list[str] = []
        checks = self.checks(status)
        if self.signing or any(e.sig is not None for e in status.signoffs):
            out.append(f"{status.id}: sign-offs of the current content")
            out += [
                f"  {e.role:<11} {e.name}  {e.date.isoformat()}  "
                f"{checks[(e.document, e.seq)].describe()}"
                for e in status.signoffs
            ]
        acks = self.acks(status)
        if acks:
            report = acknowledgement_report(status, [r for r, _ in acks])
            checked = {r.seq: c for r, c in acks}
            revision = status.current.revision if status.current else None
            title = f"revision {revision}" if revision else "the current content (not approved)"
            out.append(f"{status.id}: acknowledged {title}: {len(report.current)}")
            out += [
                f"  {_who(r)}  {r.fields['date']}  {checked[r.seq].describe()}"
                for r in report.current
            ]
            if report.again:
                out.append(
                    f"{status.id}: must acknowledge again (acknowledged an earlier "
                    f"revision only): {len(report.again)}"
                )
                out += [
                    f"  {_who(r)}  revision {r.fields['revision']} ({r.fields['date']})"
                    for r in report.again
                ]
        return out


def _who(record: Record) -> str:
    employee = record.fields["employee_id"]
    return f"{record.fields['name']} ({employee})" if employee else str(record.fields["name"])


def trust_details(config: ProjectConfig) -> TrustDetails:
    """The details helper of the project ``config``."""
    state = signers_state(config)
    return TrustDetails(config, state.signers if state.exists else None)
