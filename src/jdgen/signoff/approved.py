"""The exact content a document had when it was last approved (for ``jdgen diff``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jdgen.approval import APPROVER
from jdgen.errors import Location, Problem, relative
from jdgen.project import ProjectConfig
from jdgen.resolve.document import Document
from jdgen.signoff.errors import LedgerCorrupt
from jdgen.signoff.rules import rule_problems
from jdgen.signoff.store import check_content, content_path, intact, load_content, read_ledger


@dataclass(frozen=True)
class ApprovedVersion:
    """The last approved content of a document, its revision number and approval date."""

    document: Document
    revision: int
    date: dt.date


def approved_document(config: ProjectConfig, doc_id: str) -> Document | None:
    """The last approved content of ``doc_id`` rebuilt from the content store, or None.

    None means the document was never approved. The rebuilt document's digest equals the
    approved digest (checked); a damaged ledger or content store raises
    :class:`~jdgen.signoff.errors.LedgerCorrupt`.
    """
    version = approved_version(config, doc_id)
    return version.document if version else None


def approved_version(config: ProjectConfig, doc_id: str) -> ApprovedVersion | None:
    """Like :func:`approved_document`, with the revision number and the approval date."""
    ledger = intact(read_ledger(config, doc_id))
    broken = rule_problems(ledger, None)  # the signing order needs the document: verify
    if broken:
        raise LedgerCorrupt(broken)
    approvals = [e for e in ledger.entries if e.role == APPROVER]
    if not approvals:
        return None
    digest = approvals[-1].digest
    data = load_content(config, digest)
    if data is None:
        problem = check_content(config, digest)
        raise LedgerCorrupt([problem] if problem else [])
    path = relative(content_path(config, digest), config.root)
    document = Document.from_canonical(data, reviewers=config.reviewers, source=Location(path))
    if document.digest != digest or document.id != doc_id:
        raise LedgerCorrupt(
            [Problem(Location(path), "", f"does not rebuild document {doc_id} with this digest")]
        )
    return ApprovedVersion(document, len(approvals), approvals[-1].date)
