"""The approval state a document is rendered with: produced by sign-off, read by renderers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["draft", "in-review", "approved"]


@dataclass(frozen=True)
class Signature:
    """One recorded sign-off as printed: who, in which capacity, when."""

    role: str  # lawyer | hr | supervisor | approver (or a project-configured reviewer role)
    name: str
    post: str
    date: dt.date
    fingerprint: str = ""  # the verified SSH key (SHA256:…) of a signed sign-off, else ""


@dataclass(frozen=True)
class Acknowledgement:
    """An employee's recorded acknowledgement of the document's current revision."""

    name: str
    employee_id: str | None
    date: dt.date
    fingerprint: str = ""


@dataclass(frozen=True)
class ApprovalState:
    """Whether the document's current content is approved, and by whom."""

    status: Status = "draft"
    revision: int = 0
    approved_on: dt.date | None = None
    signatures: tuple[Signature, ...] = field(default_factory=tuple)
    # sha256 hash of the newest entry of the document's ledger ("" without one): available to
    # templates (printing it would pin the whole ledger chain); not printed by default
    ledger_head: str = ""
    # recorded acknowledgements of this revision (jdgen acknowledge), in ledger order
    acknowledgements: tuple[Acknowledgement, ...] = ()

    @property
    def is_approved(self) -> bool:
        """True when every reviewer and the approver signed the current content."""
        return self.status == "approved"

    def signature(self, role: str) -> Signature | None:
        """The signature of ``role`` for the current content, if any."""
        return next((s for s in self.signatures if s.role == role), None)


DRAFT = ApprovalState()
