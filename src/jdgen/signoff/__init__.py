"""Sign-off: approvals bound to a document's content digest, in a tamper-evident ledger.

``signoffs/<document>.yaml`` records who signed which content (:mod:`.ledger`,
:mod:`.store`); :mod:`.status` says whether a document is draft, in review or approved for
its current content; :mod:`.sign` enforces the signing rules and :mod:`.verify` is the CI gate
(with :mod:`.history` and :mod:`.since` comparing the ledger with a git revision).
"""

from __future__ import annotations

from jdgen.signoff.approved import approved_document
from jdgen.signoff.status import (
    DocumentStatus,
    approval_state,
    approval_states,
    document_status,
    document_statuses,
)

__all__ = [
    "DocumentStatus",
    "approval_state",
    "approval_states",
    "approved_document",
    "document_status",
    "document_statuses",
]
