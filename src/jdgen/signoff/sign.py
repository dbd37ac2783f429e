"""Recording a sign-off: every rule ``jdgen sign`` enforces before it appends an entry."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from jdgen.approval import APPROVER
from jdgen.assets import Coverage
from jdgen.dates import BUDDHIST_ERA_OFFSET
from jdgen.errors import UnknownDocument, relative
from jdgen.pipeline import ProjectState
from jdgen.posts import default_posts as configured_posts
from jdgen.printable import describe, missing_glyphs
from jdgen.project import ProjectConfig
from jdgen.resolve.document import VARIANT_SEPARATOR, Document
from jdgen.signoff.allowed_signers import signoff_namespace
from jdgen.signoff.errors import SignRefused
from jdgen.signoff.ledger import DATE_RE, Entry, make_entry
from jdgen.signoff.rules import (
    CONTROL,
    MAX_FIELD,
    MAX_NOTE,
    NOTE_CONTROL,
    checked,
    date_problem,
    ledger_breaches,
    order_problem,
    text_problem,
)
from jdgen.signoff.signing import entry_signer
from jdgen.signoff.ssh_sig import SigningKey, parse_signature
from jdgen.signoff.status import DocumentStatus, document_status
from jdgen.signoff.store import append_entry, ledger_path, locked, read_ledger, store_content
from jdgen.suggest import closest


@dataclass(frozen=True)
class SignOff:
    """What ``jdgen sign`` was asked to record."""

    document: str
    role: str
    name: str
    post: str | None = None  # the post in every language (``--post TEXT``)
    date: str | None = None
    note: str | None = None
    key: SigningKey | None = None  # sign the entry with this SSH key (jdgen.signoff.signing)
    posts: tuple[tuple[str, str], ...] = ()  # the post in one language (``--post LANG=TEXT``)


@dataclass(frozen=True)
class Signed:
    """The recorded entry and the document's status after it."""

    entry: Entry
    status: DocumentStatus


def parse_date(text: str, today: dt.date) -> dt.date:
    """``YYYY-MM-DD`` as a date; a malformed, future or implausibly old date is refused."""
    date: dt.date | None = None
    if DATE_RE.fullmatch(text):
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            date = None
    if date is None:
        raise SignRefused(
            _buddhist_era(text, today)
            or f"--date '{text}' is not a date; write it as YYYY-MM-DD, for example 2024-05-31"
        )
    problem = date_problem(date, today)
    if problem:
        raise SignRefused(_buddhist_era(text, today) or f"--date {problem}")
    return date


def _buddhist_era(text: str, today: dt.date) -> str | None:
    """The message for a date written in the Buddhist Era (พ.ศ. = CE + 543), if it is one.

    Thai forms date by the Buddhist Era, so ``2569-11-29`` is a natural slip for
    2026-11-29; it is pointed out, never silently converted.
    """
    if not DATE_RE.fullmatch(text):
        return None
    year, month, day = (int(part) for part in text.split("-"))
    try:
        common = dt.date(year - BUDDHIST_ERA_OFFSET, month, day)
    except ValueError:
        return None
    if not today.year - 100 <= common.year <= today.year or common > today:
        return None
    return (
        f"--date {text} is a Buddhist-Era date (พ.ศ. {year}); jdgen records dates in "
        f"the Common Era: write --date {common.isoformat()}"
    )


def _clean(option: str, value: str, limit: int, control: re.Pattern[str]) -> str:
    text = value.strip()
    problem = text_problem(text, limit, control)  # the rule every reader applies again
    if problem:
        raise SignRefused(f"{option} {problem}")
    return text


def find_document(state: ProjectState, doc_id: str) -> Document:
    """The published document ``doc_id``; refused when unknown or when it has errors."""
    document = state.document(doc_id)
    if document is not None:
        return document
    role_id = doc_id.partition(VARIANT_SEPARATOR)[0]
    spec = state.roles.get(role_id)
    if spec is not None and spec.abstract:
        raise UnknownDocument(
            f"cannot sign {doc_id}: it is an abstract role, which is never "
            "published; sign the documents that extend it"
        )
    chain = {role_id}
    while spec is not None and spec.extends and spec.extends not in chain:
        chain.add(spec.extends)
        spec = state.roles.get(spec.extends)
    errors = [p for p in state.errors if Path(p.location.path).stem in chain]
    if errors:
        listing = "\n".join(str(p) for p in errors[:10])
        more = f"\n… and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise SignRefused(
            f"cannot sign {doc_id}: it has validation errors; fix them "
            f"(jdgen validate) and sign the corrected text\n{listing}{more}"
        )
    ids = [d.id for d in state.documents]
    close = closest(doc_id, ids, n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise UnknownDocument(
        f"cannot sign {doc_id}: no such document in this project; "
        f"{hint}`jdgen status` lists the documents"
    )


def default_posts(config: ProjectConfig, document: Document, role: str) -> dict[str, str]:
    """The post printed for a signer who gave none, in each language that has one: the
    approver -> the document's approver post; the supervisor -> the post the role reports to;
    another reviewer -> ``[approval] posts`` of jdgen.toml, else the labels' ``[posts]``."""
    if role == APPROVER:
        return dict(document.approver_post)
    if role == "supervisor":
        return dict(document.reports_to)
    return dict(configured_posts(config).get(role, {}))


def signer_posts(
    config: ProjectConfig, document: Document, request: SignOff
) -> tuple[tuple[str, str], ...]:
    """The signer's post in each of the document's languages: ``--post LANG=TEXT``, else
    ``--post TEXT``, else the default post; refused when a language has none."""
    given = dict(request.posts)
    unknown = [lang for lang in given if lang not in document.languages]
    if unknown:
        raise SignRefused(
            f"--post {unknown[0]}=…: {unknown[0]!r} is not a language of "
            f"{document.id} ({', '.join(document.languages)})"
        )
    defaults = default_posts(config, document, request.role)
    posts = []
    for lang in document.languages:
        post = given.get(lang, request.post if request.post is not None else defaults.get(lang))
        if post is None:
            example = f'--post {lang}="Legal Counsel"' if given else '--post "Legal Counsel"'
            raise SignRefused(
                f"cannot sign {document.id} as {request.role}: no default post "
                f"for {request.role} in {lang}; give the signer's post with "
                f"--post, for example {example} (or set it in [approval] posts "
                "of jdgen.toml)"
            )
        option = f"--post {lang}=" if lang in given else "--post"
        posts.append((lang, _clean(option, post, MAX_FIELD, CONTROL)))
    return tuple(posts)


def check_printable(coverage: Coverage, name: str, posts: tuple[tuple[str, str], ...]) -> None:
    """Refuse text no configured font (``coverage``) can print: every build of the document
    would fail on it, and the ledger can never drop the entry."""
    covered, fonts = coverage
    for option, text in (("--name", name), *(("--post", post) for _, post in posts)):
        chars = missing_glyphs(text, covered)
        if chars:
            named = ", ".join(describe(c) for c in chars[:5])
            raise SignRefused(
                f"{option} holds {named}, which no configured font ({fonts}) "
                "can print; every build of the document would fail: write it "
                "with other characters, or add a font that has them to "
                "templates/fonts/ first"
            )


def check_order(document: Document, entries: list[Entry], entry: Entry) -> None:
    """Refuse ``entry`` where the signing rules (:mod:`jdgen.signoff.rules`) forbid it."""
    problem = order_problem(document, entries, entry)
    if problem is not None:
        raise SignRefused(f"cannot sign {document.id} as {entry.role}: {problem}")


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
        raise SignRefused(
            f"cannot sign {document.id} as '{request.role}': the roles that sign "
            f"this document are {', '.join(roles)}"
        )
    name = _clean("--name", request.name, MAX_FIELD, CONTROL)
    posts = signer_posts(config, document, request)
    note = _clean("--note", request.note, MAX_NOTE, NOTE_CONTROL) if request.note else None
    date = parse_date(request.date, today) if request.date is not None else today
    check_printable(state.project.assets.coverage, name, posts)
    with locked(config):
        ledger = checked(read_ledger(config, document.id), document, today)
        previous = ledger.entries[-1] if ledger.entries else None
        signer = (
            None
            if request.key is None
            else entry_signer(
                config, request.key, signoff_namespace(request.role, document.id), date
            )
        )
        entry = make_entry(
            previous,
            document.id,
            document.digest,
            request.role,
            name,
            posts[0][1],
            date,
            note,
            signer,
            posts=posts,
            reviewers=document.reviewers,
        )
        check_order(document, ledger.entries, entry)
        breaches = ledger_breaches(document, [*ledger.entries, entry], today)
        assert not breaches, f"sign would write an entry verify refuses: {breaches}"
        store_content(config, document.digest, document.canonical())
        append_entry(config, ledger, entry)
    return Signed(entry, document_status(document, [*ledger.entries, entry]))


def status_line(status: DocumentStatus) -> str:
    """``am: approved, revision 1 (2024-05-03)`` or who still has to sign."""
    if status.current is not None:
        return (
            f"{status.id}: approved, revision {status.current.revision} "
            f"({status.current.date.isoformat()})"
        )
    return f"{status.id}: {status.status}; still to sign: {', '.join(status.missing)}"


def signed_lines(state: ProjectState, signed: Signed) -> tuple[str, ...]:
    """What ``jdgen sign`` (and the browser's sign-off form) says after recording: the
    entry, the key that signed it (if any), and the document's status now."""
    entry = signed.entry
    path = relative(ledger_path(state.config, entry.document), state.config.root)
    printed = " / ".join(dict.fromkeys(post for _, post in entry.posts)) or entry.post
    recorded = (
        f"signed {entry.document} as {entry.role}: {entry.name} ({printed}), "
        f"{entry.date.isoformat()}; entry {entry.seq} of {path}"
    )
    if entry.sig is None:
        return recorded, status_line(signed.status)
    return (
        recorded,
        f"signed with key {parse_signature(entry.sig).fingerprint}",
        status_line(signed.status),
    )
