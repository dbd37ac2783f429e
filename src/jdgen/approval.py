"""The approval state a document is rendered with: produced by sign-off, read by renderers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["draft", "in-review", "approved"]
APPROVER = "approver"
# The one definition of a signing capacity (a reviewer role or the approver), used by
# jdgen.toml's approval.reviewers, role files, `jdgen sign --as` and the ledger reader alike.
CAPACITY_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
MAX_CAPACITY = 40


def capacity_problem(name: object) -> str | None:
    """Why ``name`` cannot be a signing capacity (``None`` when it can)."""
    if not isinstance(name, str) or not CAPACITY_RE.fullmatch(name) or len(name) > MAX_CAPACITY:
        return (
            f"{name!r} is not a capacity name: lowercase letters, digits, '-' and '_', "
            f'starting with a letter, at most {MAX_CAPACITY} characters (like "lawyer")'
        )
    return None


def reviewers_problem(names: Iterable[object]) -> str | None:
    """Why ``names`` cannot be a document's reviewer set (``None`` when it can)."""
    names = list(names)
    if not names:
        return "must name at least one reviewer"
    for name in names:
        found = capacity_problem(name)
        if found:
            return found
    if APPROVER in names:
        return f"'{APPROVER}' signs last and is not a reviewer; remove it from the list"
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice is not None:
        return f"names reviewer {twice!r} twice"
    return None


@dataclass(frozen=True)
class Signature:
    """One recorded sign-off as printed: who, in which capacity, when."""

    role: str  # lawyer | hr | supervisor | approver (or a project-configured reviewer role)
    name: str
    post: str
    date: dt.date
    posts: tuple[tuple[str, str], ...] = ()  # (language, post); empty in older ledgers
    fingerprint: str = ""  # the verified SSH key (SHA256:…) of a signed sign-off, else ""

    def post_in(self, lang: str) -> str:
        """The post as printed in ``lang``: its own text, else the one recorded ``post``."""
        return dict(self.posts).get(lang, self.post)


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
