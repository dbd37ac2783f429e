"""Where a document stands: draft, in review or approved, for its current content.

Only entries for the document's current digest count towards its status; approvals of
other content are its history (revisions) and make it *stale* when its text changed since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from jdgen.approval import APPROVER, DRAFT, ApprovalState, Signature, Status
from jdgen.project import ProjectConfig
from jdgen.resolve.document import AnyDocument
from jdgen.signoff.errors import LedgerCorrupt
from jdgen.signoff.ledger import Entry
from jdgen.signoff.rules import checked
from jdgen.signoff.store import check_content, load_content, read_ledger


@dataclass(frozen=True)
class Approval:
    """One approval in the document's history: revision number, content, date."""

    revision: int
    digest: str
    date: dt.date
    entry: Entry


@dataclass(frozen=True)
class DocumentStatus:
    """A document's sign-off status for its current content, and its approval history."""

    document: AnyDocument
    status: Status
    signoffs: tuple[Entry, ...]
    missing: tuple[str, ...]
    approvals: tuple[Approval, ...]
    current: Approval | None
    head: Entry | None = None  # the newest entry of the ledger: its hash pins the chain

    @property
    def id(self) -> str:
        """The document id."""
        return self.document.id

    @property
    def roles(self) -> tuple[str, ...]:
        """Who signs this document, in order: its reviewers, then the approver."""
        return (*self.document.reviewers, APPROVER)

    @property
    def last_approval(self) -> Approval | None:
        """The most recent approval of any content of this document."""
        return self.approvals[-1] if self.approvals else None

    @property
    def stale(self) -> bool:
        """True when some content was approved but the current content is not."""
        return self.current is None and bool(self.approvals)

    def approval_state(self) -> ApprovalState:
        """What the renderers print: the state of the current content only."""
        signatures = tuple(
            Signature(
                role=e.role,
                name=e.name,
                post=e.post,
                date=e.date,
                posts=e.posts or _legacy_posts(self.document, e),
            )
            for e in sorted(self.signoffs, key=lambda e: self.roles.index(e.role))
        )
        head = self.head.hash if self.head else ""
        if self.current is None:
            state = ApprovalState(status=self.status, signatures=signatures, ledger_head=head)
            return DRAFT if state == DRAFT else state  # most documents: share one
        return ApprovalState(
            status="approved",
            revision=self.current.revision,
            approved_on=self.current.date,
            signatures=signatures,
            ledger_head=head,
        )


def _legacy_posts(document: AnyDocument, entry: Entry) -> tuple[tuple[str, str], ...]:
    """The posts of an entry from before posts were recorded per language: the default post
    it was given in the first language stands for the default in every language."""
    defaults = {APPROVER: document.approver_post, "supervisor": document.reports_to}
    default = defaults.get(entry.role, {})
    if document.languages and default.get(document.languages[0]) == entry.post:
        return tuple((lang, default[lang]) for lang in document.languages if lang in default)
    return ()


def document_status(document: AnyDocument, entries: Iterable[Entry]) -> DocumentStatus:
    """The status of ``document`` given the entries of its ledger (in ledger order)."""
    entries = list(entries)
    roles = (*document.reviewers, APPROVER)
    approvals = tuple(
        Approval(i + 1, e.digest, e.date, e)
        for i, e in enumerate(x for x in entries if x.role == APPROVER)
    )
    mine: dict[str, Entry] = {}
    for entry in entries:
        if entry.digest == document.digest and entry.role in roles:
            mine.setdefault(entry.role, entry)
    signoffs = tuple(mine[r] for r in roles if r in mine)
    missing = tuple(r for r in roles if r not in mine)
    current = next((a for a in approvals if a.digest == document.digest), None)
    status: Status
    if current is not None and not missing:
        status = "approved"
    elif signoffs:
        status = "in-review"
        current = None
    else:
        status = "draft"
        current = None
    return DocumentStatus(
        document, status, signoffs, missing, approvals, current, entries[-1] if entries else None
    )


def document_statuses(
    config: ProjectConfig, documents: Iterable[AnyDocument]
) -> dict[str, DocumentStatus]:
    """The status of every document, each ledger file read once.

    Raises :class:`~jdgen.signoff.errors.LedgerCorrupt` when a ledger is damaged, breaks a
    signing rule, or an approved document's signed content is missing from the content
    store or edited there: a damaged ledger never yields "approved".
    """
    today = dt.date.today()
    statuses = {}
    for doc in documents:
        status = document_status(doc, checked(read_ledger(config, doc.id), doc, today).entries)
        if status.status == "approved" and load_content(config, doc.digest) is None:
            problem = check_content(config, doc.digest)  # why: missing, unreadable, edited
            raise LedgerCorrupt([problem] if problem else [])
        statuses[doc.id] = status
    return statuses


def approval_states(
    config: ProjectConfig, documents: Iterable[AnyDocument]
) -> dict[str, ApprovalState]:
    """``{document id: ApprovalState}`` for many documents (what ``jdgen build`` prints)."""
    return {
        doc_id: status.approval_state()
        for doc_id, status in document_statuses(config, documents).items()
    }


def approval_state(config: ProjectConfig, document: AnyDocument) -> ApprovalState:
    """The :class:`ApprovalState` of one document's current content."""
    return approval_states(config, [document])[document.id]
