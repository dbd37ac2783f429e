"""Employees' acknowledgements: "I have read this exact content" (``jdgen acknowledge``).

``signoffs/acknowledgements/<document>.yaml`` is a chained ledger (:mod:`.chain`) of who
acknowledged which approved content (digest and revision) of the document, and when;
signed with the employee's SSH key (namespace ``jdgen-ack:<document>``) when one is given.
Only an approved text can be acknowledged. After a change, everyone who acknowledged an
earlier revision only must acknowledge again (:func:`acknowledgement_report`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from jdgen.approval import APPROVER
from jdgen.pipeline import ProjectState
from jdgen.project import ProjectConfig
from jdgen.signoff.allowed_signers import ack_namespace
from jdgen.signoff.chain import (
    Chain,
    Record,
    append_record,
    fields_for,
    make_record,
    read_chain,
)
from jdgen.signoff.errors import AcknowledgeRefused, LedgerCorrupt
from jdgen.signoff.ledger import Entry
from jdgen.signoff.rules import CONTROL, MAX_FIELD
from jdgen.signoff.sign import find_document, parse_date
from jdgen.signoff.signing import entry_signer
from jdgen.signoff.ssh_sig import SigningKey
from jdgen.signoff.status import DocumentStatus, document_status
from jdgen.signoff.store import intact, locked, read_ledger

FOLDER = "acknowledgements"
KIND = "acknowledgements"
TITLE = "Employees' acknowledgements"
SPEC = {
    "document": "text",
    "digest": "digest",
    "revision": "int",
    "name": "text",
    "employee_id": "text?",
    "date": "date",
}


@dataclass(frozen=True)
class AckRequest:
    """What ``jdgen acknowledge`` was asked to record."""

    document: str
    name: str
    employee_id: str | None = None
    date: str | None = None
    key: SigningKey | None = None


def ack_path(config: ProjectConfig, document: str) -> Path:
    """``signoffs/acknowledgements/<document>.yaml``."""
    return config.signoffs_dir / FOLDER / f"{document}.yaml"


def read_acknowledgements(config: ProjectConfig, document: str, path: Path | None = None) -> Chain:
    """The checked acknowledgements of ``document`` (empty without a file)."""
    return read_chain(config, path or ack_path(config, document), KIND, SPEC)


def ack_files(config: ProjectConfig) -> Iterator[tuple[str, Path]]:
    """Every acknowledgements file as ``(document, path)``, in name order."""
    folder = config.signoffs_dir / FOLDER
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            yield path.stem, path


def person(record: Record) -> str:
    """Who acknowledged: the employee id when given, else the name."""
    return str(record.fields["employee_id"] or record.fields["name"])


def _clean(option: str, value: str) -> str:
    text = value.strip()
    if not text or len(text) > MAX_FIELD or CONTROL.search(text):
        raise AcknowledgeRefused(
            f"{option} must be one line of 1 to {MAX_FIELD} printable characters"
        )
    return text


def acknowledge(
    state: ProjectState, request: AckRequest, today: dt.date | None = None
) -> tuple[Record, DocumentStatus]:
    """Record that an employee read the current, approved content of a document.

    Raises :class:`AcknowledgeRefused` when the document is not approved for its current
    content, the same person already acknowledged it, or the input is bad; nothing is
    written then.
    """
    config = state.config
    today = today or dt.date.today()
    document = find_document(state, request.document)
    name = _clean("--name", request.name)
    employee = _clean("--employee-id", request.employee_id) if request.employee_id else None
    date = parse_date(request.date, today) if request.date is not None else today
    with locked(config):
        status = document_status(document, intact(read_ledger(config, document.id)).entries)
        if status.current is None:
            raise AcknowledgeRefused(
                f"cannot acknowledge {document.id}: its current content is "
                f"not approved ({status.status}); employees acknowledge "
                "the approved text"
            )
        if date < status.current.date:
            raise AcknowledgeRefused(
                f"cannot acknowledge {document.id} on {date.isoformat()}: "
                "revision {} was approved on {}".format(
                    status.current.revision, status.current.date.isoformat()
                )
            )
        chain = read_acknowledgements(config, document.id)
        if chain.problems:
            raise LedgerCorrupt(chain.problems)
        who = employee or name
        for record in chain.records:
            if record.fields["digest"] == document.digest and person(record) == who:
                raise AcknowledgeRefused(
                    f"{who} already acknowledged revision "
                    f"{status.current.revision} of {document.id} "
                    f"(entry {record.seq}, {record.fields['date']})"
                )
        previous = chain.records[-1] if chain.records else None
        fields = fields_for(
            previous,
            {
                "document": document.id,
                "digest": document.digest,
                "revision": status.current.revision,
                "name": name,
                "employee_id": employee,
                "date": date.isoformat(),
            },
        )
        sig = None
        if request.key is not None:
            sig = entry_signer(config, request.key, ack_namespace(document.id), date)(fields)
        record = make_record(fields, sig)
        append_record(chain, record, TITLE)
    return record, status


@dataclass(frozen=True)
class AckReport:
    """Acknowledgements of a document's current content, and who must acknowledge again."""

    current: tuple[Record, ...]
    again: tuple[Record, ...]  # each person's latest acknowledgement, of older content only


def acknowledgement_report(status: DocumentStatus, records: Iterable[Record]) -> AckReport:
    """Split ``records`` into acknowledgements of the current content and stale ones."""
    records = list(records)
    digest = status.document.digest if status.current is not None else None
    current = tuple(r for r in records if r.fields["digest"] == digest)
    done = {person(r) for r in current}
    latest: dict[str, Record] = {}
    for record in records:
        if person(record) not in done:
            latest[person(record)] = record
    return AckReport(current, tuple(latest.values()))


def approved_revisions(entries: Iterable[Entry]) -> dict[str, int]:
    """``{digest: revision}`` of every approval in a document's ledger."""
    approvals = [e for e in entries if e.role == APPROVER]
    return {e.digest: i + 1 for i, e in reversed(list(enumerate(approvals)))}
