"""What the approval block, approval sheet and acknowledgement sheet print.

Shared by the HTML/PDF and DOCX renderers so both fill the same blanks with the same text:
a draft prints empty lines to sign by hand; an approved document prints the signers'
names, posts and dates from the sign-off ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from jdgen.approval import ApprovalState
from jdgen.render.dates import format_date
from jdgen.resolve.document import Document

Labels = Mapping[str, Mapping[str, Any]]
LabelGetter = Callable[..., str]


@dataclass(frozen=True)
class SheetRow:
    """One signer's line: in which capacity, post, name and date ('' where still blank)."""

    role: str
    capacity: str
    post: str
    name: str
    date: str
    fingerprint: str = ""  # the verified SSH key of a signed sign-off, under the signature


@dataclass(frozen=True)
class AckRow:
    """A recorded acknowledgement on the acknowledgement sheet."""

    number: int
    name: str
    date: str
    fingerprint: str = ""


def label_getter(labels: Labels, langs: tuple[str, ...]) -> LabelGetter:
    """``label("approval.approved")`` -> ``"อนุมัติ / APPROVED"`` for the document's languages."""

    def label(key: str, sep: str = " / ") -> str:
        return sep.join(lookup(labels[lang], key, key) for lang in langs)

    return label


def lookup(table: Mapping[str, Any], key: str, default: str) -> str:
    """The label at dotted ``key`` in one labels file, or ``default``."""
    node: Any = table
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return default
        node = node[part]
    return node if isinstance(node, str) else default


@dataclass(frozen=True)
class ApproverLine:
    """The approval block's name and date ('' while the document is a draft).

    The approver's post is printed from ``doc.approver_post`` in each language."""

    name: str
    date: str


def approver_line(langs: tuple[str, ...], approval: ApprovalState) -> ApproverLine:
    """The approver's name and date once approved, dates in each of ``langs``."""
    if not approval.is_approved:
        return ApproverLine("", "")
    sig = approval.signature("approver")
    when = sig.date if sig else approval.approved_on
    date = " / ".join(format_date(when, lang) for lang in langs) if when else ""
    return ApproverLine(sig.name if sig else "", date)


def ack_row_count(labels: Labels, default: int = 5) -> int:
    """How many signature rows the acknowledgement sheet prints (first language's labels).

    ``acknowledgement.rows`` in the labels file; a project file without it gets ``default``.
    """
    first = next(iter(labels.values()), {})
    section = first.get("acknowledgement", {})
    rows = section.get("rows", default) if isinstance(section, Mapping) else default
    return int(rows)


def approval_rows(
    doc: Document, langs: tuple[str, ...], labels: Labels, approval: ApprovalState
) -> tuple[SheetRow, ...]:
    """One row per reviewer of the document (lawyer, HR, direct supervisor…)."""
    rows = []
    for role in doc.reviewers:
        capacity = " / ".join(lookup(labels[lang], f"approval.{role}", role) for lang in langs)
        sig = approval.signature(role)
        if sig is None:
            rows.append(SheetRow(role, capacity, "", "", ""))
            continue
        date = " / ".join(format_date(sig.date, lang) for lang in langs)
        post = " / ".join(dict.fromkeys(sig.post_in(lang) for lang in langs))
        rows.append(SheetRow(role, capacity, post, sig.name, date, sig.fingerprint))
    return tuple(rows)


def recorded_acks(langs: tuple[str, ...], approval: ApprovalState) -> tuple[AckRow, ...]:
    """The acknowledgements recorded for this revision, numbered from 1."""
    return tuple(
        AckRow(
            number,
            f"{a.name} ({a.employee_id})" if a.employee_id else a.name,
            " / ".join(format_date(a.date, lang) for lang in langs),
            a.fingerprint,
        )
        for number, a in enumerate(approval.acknowledgements, start=1)
    )


def blank_ack_numbers(labels: Labels, approval: ApprovalState) -> range:
    """The numbers of the blank rows after the recorded ones (up to ``ack_row_count``)."""
    done = len(approval.acknowledgements)
    return range(done + 1, max(ack_row_count(labels), done) + 1)
