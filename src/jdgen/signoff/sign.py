"""Recording a sign-off: every rule ``jdgen sign`` enforces before it appends an entry."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from jdgen.errors import UnknownDocument, relative
from jdgen.pipeline import ProjectState
from jdgen.render.dates import BUDDHIST_ERA_OFFSET
from jdgen.resolve.document import VARIANT_SEPARATOR, Document
from jdgen.signoff.allowed_signers import signoff_namespace
from jdgen.signoff.errors import SignRefused
from jdgen.signoff.ledger import APPROVER, DATE_RE, Entry, make_entry
from jdgen.signoff.signing import entry_signer
from jdgen.signoff.ssh_sig import SigningKey, parse_signature
from jdgen.signoff.status import DocumentStatus, document_status
from jdgen.signoff.store import (
    append_entry,
    intact,
    ledger_path,
    locked,
    read_ledger,
    store_content,
)

MAX_FIELD = 200
MAX_NOTE = 2000
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_NOTE_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class SignOff:
    """What ``jdgen sign`` was asked to record."""

    document: str
    role: str
    name: str
    post: str | None = None
    date: str | None = None
    note: str | None = None
    key: SigningKey | None = None  # sign the entry with this SSH key (jdgen.signoff.signing)


@dataclass(frozen=True)
class Signed:
    """The recorded entry and the document's status after it."""

    entry: Entry
    status: DocumentStatus


def parse_date(text: str, today: dt.date) -> dt.date:
    """``YYYY-MM-DD`` as a date; a malformed or future date is refused."""
    date: dt.date | None = None
    if DATE_RE.match(text):
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            date = None
    if date is None:
        raise SignRefused(_buddhist_era(text, today) or f"--date '{text}' is not a date; write "
                          "it as YYYY-MM-DD, for example 2024-05-31")
    if date > today:
        raise SignRefused(_buddhist_era(text, today) or f"--date {text} is in the future "
                          f"(today is {today.isoformat()}); a sign-off is recorded on or after "
                          "the day it is given")
    return date


def _buddhist_era(text: str, today: dt.date) -> str | None:
    """The message for a date written in the Buddhist Era (พ.ศ. = CE + 543), if it is one.

    Thai forms date by the Buddhist Era, so ``2569-11-29`` is a natural slip for
    2026-11-29; it is pointed out, never silently converted.
    """
    if not DATE_RE.match(text):
        return None
    year, month, day = (int(part) for part in text.split("-"))
    try:
        common = dt.date(year - BUDDHIST_ERA_OFFSET, month, day)
    except ValueError:
        return None
    if not today.year - 100 <= common.year <= today.year or common > today:
        return None
    return (f"--date {text} is a Buddhist-Era date (พ.ศ. {year}); jdgen records dates in "
            f"the Common Era: write --date {common.isoformat()}")


def _clean(option: str, value: str, limit: int, control: re.Pattern[str]) -> str:
    text = value.strip()
    if not text:
        raise SignRefused(f"{option} must not be empty")
    if len(text) > limit:
        raise SignRefused(f"{option} is {len(text)} characters long; the limit is {limit}")
    bad = control.search(text)
    if bad:
        raise SignRefused(f"{option} contains the control character U+{ord(bad.group()):04X}; "
                          "remove it")
    return text


def find_document(state: ProjectState, doc_id: str) -> Document:
    """The published document ``doc_id``; refused when unknown or when it has errors."""
    document = state.document(doc_id)
    if document is not None:
        return document
    role_id = doc_id.partition(VARIANT_SEPARATOR)[0]
    spec = state.roles.get(role_id)
    if spec is not None and spec.abstract:
        raise UnknownDocument(f"cannot sign {doc_id}: it is an abstract role, which is never "
                              "published; sign the documents that extend it")
    chain = {role_id}
    while spec is not None and spec.extends and spec.extends not in chain:
        chain.add(spec.extends)
        spec = state.roles.get(spec.extends)
    errors = [p for p in state.errors if Path(p.location.path).stem in chain]
    if errors:
        listing = "\n".join(str(p) for p in errors[:10])
        more = f"\n… and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise SignRefused(f"cannot sign {doc_id}: it has validation errors; fix them "
                          f"(jdgen validate) and sign the corrected text\n{listing}{more}")
    ids = [d.id for d in state.documents]
    close = difflib.get_close_matches(doc_id, ids, n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UnknownDocument(f"cannot sign {doc_id}: no such document in this project; "
                          f"{hint}`jdgen status` lists the documents")


def default_post(document: Document, role: str) -> str | None:
    """The post printed for a signer who gave none (first project language), if any."""
    lang = document.languages[0]
    if role == APPROVER:
        return document.approver_post.get(lang)
    if role == "supervisor":
        return document.reports_to.get(lang)
    return None


def check_order(status: DocumentStatus, role: str, date: dt.date) -> None:
    """Refuse a second sign-off by the same role, and an approver who signs too early."""
    doc = status.document
    done = next((e for e in status.signoffs if e.role == role), None)
    if done is not None:
        raise SignRefused(f"cannot sign {doc.id} as {role}: {role} already signed its current "
                          f"content (entry {done.seq}: {done.name}, {done.date.isoformat()})")
    if role == APPROVER:
        waiting = [r for r in status.missing if r != APPROVER]
        if waiting:
            raise SignRefused(f"cannot sign {doc.id} as approver: the approver signs last, "
                              f"after {', '.join(doc.reviewers)}; still to sign the current "
                              f"content: {', '.join(waiting)}")
        late = max(status.signoffs, key=lambda e: e.date)
        if late.date > date:
            raise SignRefused(f"cannot sign {doc.id} as approver on {date.isoformat()}: "
                              f"{late.role} signed on {late.date.isoformat()}, and the approver "
                              "signs last")


def sign(state: ProjectState, request: SignOff, today: dt.date | None = None) -> Signed:
    """Check ``request`` against every rule and append its entry to the document's ledger.

    Raises :class:`SignRefused` (or ``UnknownDocument``) with a message for the signer, and
    ``LedgerCorrupt`` when the ledger is damaged; nothing is written then.
    """
    config = state.config
    today = today or dt.date.today()
    document = find_document(state, request.document)
    roles = (*document.reviewers, APPROVER)
    if request.role not in roles:
        raise SignRefused(f"cannot sign {document.id} as '{request.role}': the roles that sign "
                          f"this document are {', '.join(roles)}")
    name = _clean("--name", request.name, MAX_FIELD, _CONTROL)
    post = request.post if request.post is not None else default_post(document,
                                                                         request.role)
    if post is None:
        raise SignRefused(f"cannot sign {document.id} as {request.role}: give the signer's "
                          "post with --post, for example --post \"Legal Counsel\"")
    post = _clean("--post", post, MAX_FIELD, _CONTROL)
    note = _clean("--note", request.note, MAX_NOTE, _NOTE_CONTROL) if request.note else None
    date = parse_date(request.date, today) if request.date is not None else today
    with locked(config):
        ledger = intact(read_ledger(config, document.id))
        check_order(document_status(document, ledger.entries), request.role, date)
        previous = ledger.entries[-1] if ledger.entries else None
        signer = None if request.key is None else entry_signer(
            config, request.key, signoff_namespace(request.role, document.id), date)
        entry = make_entry(previous, document.id, document.digest, request.role, name, post,
                           date, note, signer)
        store_content(config, document.digest, document.canonical())
        append_entry(config, ledger, entry)
    return Signed(entry, document_status(document, [*ledger.entries, entry]))


def status_line(status: DocumentStatus) -> str:
    """``am: approved, revision 1 (2024-05-03)`` or who still has to sign."""
    if status.current is not None:
        return (f"{status.id}: approved, revision {status.current.revision} "
                f"({status.current.date.isoformat()})")
    return f"{status.id}: {status.status}; still to sign: {', '.join(status.missing)}"


def signed_lines(state: ProjectState, signed: Signed) -> tuple[str, ...]:
    """What ``jdgen sign`` (and the browser's sign-off form) says after recording: the
    entry, the key that signed it (if any), and the document's status now."""
    entry = signed.entry
    path = relative(ledger_path(state.config, entry.document), state.config.root)
    recorded = (f"signed {entry.document} as {entry.role}: {entry.name} ({entry.post}), "
                f"{entry.date.isoformat()}; entry {entry.seq} of {path}")
    if entry.sig is None:
        return recorded, status_line(signed.status)
    return (recorded, f"signed with key {parse_signature(entry.sig).fingerprint}",
            status_line(signed.status))
