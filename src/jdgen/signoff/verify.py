"""``jdgen verify``: the ledger is intact, names only known documents, and (optionally)
every published document is approved for its current content and nothing the ledger held
at a git revision was dropped (:mod:`jdgen.signoff.since`) — the CI gate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jdgen.errors import Location, Problem, relative, sort_problems
from jdgen.pipeline import HeaderState, ProjectState
from jdgen.resolve.document import AnyDocument
from jdgen.signoff.history import Snapshot
from jdgen.signoff.ledger import LedgerFile
from jdgen.signoff.rules import rule_problems
from jdgen.signoff.since import SinceReport, check_since
from jdgen.signoff.since_chains import check_chains_since
from jdgen.signoff.status import DocumentStatus, document_status
from jdgen.signoff.store import (
    check_content,
    content_path,
    ledger_files,
    load_content,
    read_ledger,
)
from jdgen.signoff.trust import TrustReport, check_trust


@dataclass(frozen=True)
class Head:
    """The newest entry of an intact ledger file: the hash that pins its whole chain."""

    document: str
    seq: int
    hash: str
    archived: bool

    def __str__(self) -> str:
        retired = " (archived)" if self.archived else ""
        return f"head {self.document}{retired}: entry {self.seq} {self.hash}"


@dataclass
class VerifyReport:
    """What ``jdgen verify`` found."""

    ledgers: int = 0
    entries: int = 0
    documents: int = 0
    approved: int = 0
    problems: list[Problem] = field(default_factory=list)
    heads: list[Head] = field(default_factory=list)
    since: SinceReport | None = None
    trust: TrustReport | None = None  # the SSH signatures (jdgen.signoff.trust)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def summary(self, require_approved: bool) -> str:
        """One line for the end of the run."""
        head = "ok" if self.ok else f"{len(self.problems)} problem(s)"
        gate = " (all required)" if require_approved else ""
        since = f"; {self.since.summary()}" if self.since is not None else ""
        return (
            f"{head}: {self.ledgers} ledger file(s), {self.entries} entries checked; "
            f"{self.approved} of {self.documents} document(s) approved for their current "
            f"content{gate}{since}"
        )


def _content_problems(
    state: HeaderState | ProjectState, ledger: LedgerFile, intact: set[str]
) -> list[Problem]:
    """Every digest the ledger names must be in the content store, intact, of this document.

    Adds every digest found intact to ``intact``.
    """
    problems: list[Problem] = []
    seen: set[str] = set()
    for entry in ledger.entries:
        if entry.digest in seen:
            continue
        seen.add(entry.digest)
        message = None
        content = load_content(state.config, entry.digest)
        if content is None:
            found = check_content(state.config, entry.digest)
            message = found.message if found else None
        else:
            intact.add(entry.digest)
        if content is not None and content.get("id") != ledger.document:
            message = f"holds document {content.get('id')!r}, not {ledger.document!r}"
        if message is not None:
            store = relative(content_path(state.config, entry.digest), state.config.root)
            problems.append(
                Problem(
                    Location(ledger.display, entry.line, 5),
                    "",
                    f"document {ledger.document}, entry {entry.seq}: its signed content {store} "
                    f"{message}",
                )
            )
    return problems


def not_approved_message(status: DocumentStatus) -> str:
    """Why a document fails ``--require-approved``."""
    waiting = ", ".join(status.missing)
    text = (
        f"document {status.id} is not approved for its current content "
        f"({status.status}; still to sign: {waiting})"
    )
    last = status.last_approval
    if status.stale and last is not None:
        text += (
            f"; its text changed since revision {last.revision}, approved "
            f"{last.date.isoformat()} (jdgen diff --since-approval {status.id})"
        )
    return text


def verify(
    state: HeaderState | ProjectState,
    require_approved: bool = False,
    since: Snapshot | None = None,
    require_signatures: bool = False,
) -> VerifyReport:
    """Check every ledger file and the content store; with ``require_approved`` also that
    every published document is approved for its current content; with ``since`` (the
    ledger at a git revision, :func:`jdgen.signoff.history.read_snapshot`) also that every
    ledger file and content file of that revision is still there, its entries first. Every
    SSH signature present is checked (:mod:`jdgen.signoff.trust`); with
    ``require_signatures`` (or ``require_signatures = true`` in jdgen.toml) every sign-off
    must be signed by a key allowed for its capacity."""
    report = VerifyReport()
    known = {d.id: d for d in state.documents}
    ledgers = _check_ledgers(state, known, report)
    _check_documents(state, ledgers, require_approved, report)
    report.trust = check_trust(
        state.config, ledgers.read.values(), require_signatures or state.config.require_signatures
    )
    report.problems.extend(report.trust.problems)
    if since is not None:
        report.since = check_since(state.config, since, ledgers.read, ledgers.intact_content)
        report.problems.extend(report.since.problems)
        report.problems.extend(check_chains_since(state.config, since))
    report.problems = sort_problems(report.problems)
    return report


@dataclass
class _Ledgers:
    """What reading every ledger file found, for the checks that follow."""

    read: dict[Path, LedgerFile] = field(default_factory=dict)  # every ledger file
    intact: dict[str, LedgerFile] = field(default_factory=dict)  # published, undamaged
    damaged: set[str] = field(default_factory=set)  # documents whose ledger is damaged
    intact_content: set[str] = field(default_factory=set)  # digests found intact


def _check_ledgers(
    state: HeaderState | ProjectState, known: dict[str, AnyDocument], report: VerifyReport
) -> _Ledgers:
    """Read and check every ledger file (its entries, the rules, its content files) into
    ``report``: its counts, heads and problems."""
    ledgers = _Ledgers()
    today = dt.date.today()
    for document, path, archived in ledger_files(state.config):
        ledger = ledgers.read[path] = read_ledger(state.config, document, path)
        report.ledgers += 1
        report.entries += len(ledger.entries)
        if not ledger.problems:  # the rules sign enforces, applied to every entry again
            ledger.problems.extend(
                rule_problems(ledger, None if archived else known.get(document), today)
            )
        report.problems.extend(ledger.problems)
        if ledger.problems and not archived:
            ledgers.damaged.add(document)
        if not ledger.problems and ledger.entries:
            last = ledger.entries[-1]
            report.heads.append(Head(document, last.seq, last.hash, archived))
        report.problems.extend(_content_problems(state, ledger, ledgers.intact_content))
        if not archived and document not in known:
            report.problems.append(_unpublished(ledger, document))
        elif not archived and not ledger.problems:
            ledgers.intact[document] = ledger
    return ledgers


def _unpublished(ledger: LedgerFile, document: str) -> Problem:
    """The problem of a live ledger file that names a document the project does not publish."""
    line = ledger.entries[0].line if ledger.entries else 1
    return Problem(
        Location(ledger.display, line, 5),
        "",
        f"document {document}, entry 1: names document '{document}', which this "
        "project does not publish (renamed or retired?); if it was retired, move "
        f"the file to signoffs/archive/",
    )


def _check_documents(
    state: HeaderState | ProjectState,
    ledgers: _Ledgers,
    require_approved: bool,
    report: VerifyReport,
) -> None:
    """Count the published documents and those approved for their current content; with
    ``require_approved``, a problem for each of the others (a damaged ledger approves
    nothing and was reported already)."""
    for doc in state.documents:
        report.documents += 1
        if doc.id in ledgers.damaged:
            continue
        kept = ledgers.intact.get(doc.id)
        status = document_status(doc, kept.entries if kept else [])
        if status.status == "approved":
            report.approved += 1
        elif require_approved:
            report.problems.append(Problem(doc.source, "", not_approved_message(status)))
