"""The rules of a sign-off, written once: ``jdgen sign`` enforces them before it appends an
entry, and every reader (``jdgen verify``, ``status``, ``build``) applies them again to every
entry it reads, so a ledger rewritten with recomputed hashes cannot claim what ``sign`` would
never have recorded (an approver who signed first, a date in the future, a capacity nobody
has).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from jdgen.approval import APPROVER
from jdgen.errors import Location, Problem
from jdgen.resolve.document import AnyDocument
from jdgen.signoff.errors import LedgerCorrupt
from jdgen.signoff.ledger import Entry, LedgerFile

MAX_FIELD = 200
MAX_NOTE = 2000
# The earliest sign-off date jdgen records: an older one is a typing slip (0001-01-01),
# and PDF/DOCX metadata and git cannot carry dates before the Unix epoch anyway.
MIN_DATE = dt.date(1970, 1, 1)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
NOTE_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def text_problem(value: str, limit: int, control: re.Pattern[str] = CONTROL) -> str | None:
    """Why ``value`` cannot be a name, post or note of a sign-off (``None`` when it can)."""
    if not value.strip():
        return "must not be empty"
    if value != value.strip():
        return "must not start or end with a space"
    if len(value) > limit:
        return f"is {len(value)} characters long; the limit is {limit}"
    bad = control.search(value)
    if bad:
        return f"contains the control character U+{ord(bad.group()):04X}; remove it"
    return None


def date_problem(date: dt.date, today: dt.date) -> str | None:
    """Why a sign-off cannot be dated ``date`` (``None`` when it can)."""
    if date > today:
        return (
            f"{date.isoformat()} is in the future (today is {today.isoformat()}); a "
            "sign-off is recorded on or after the day it is given"
        )
    if date < MIN_DATE:
        return (
            f"{date.isoformat()} is before {MIN_DATE.isoformat()}; a sign-off is dated "
            f"between {MIN_DATE.isoformat()} and today"
        )
    return None


def field_problems(entry: Entry, today: dt.date) -> list[str]:
    """What is wrong with the values of one entry, whatever document it belongs to."""
    found = []
    texts = [
        ("name", entry.name, MAX_FIELD, CONTROL),
        ("post", entry.post, MAX_FIELD, CONTROL),
        *((f"post ({lang})", post, MAX_FIELD, CONTROL) for lang, post in entry.posts),
    ]
    if entry.note is not None:
        texts.append(("note", entry.note, MAX_NOTE, NOTE_CONTROL))
    for what, value, limit, control in texts:
        problem = text_problem(value, limit, control)
        if problem:
            found.append(f"{what} {problem}")
    problem = date_problem(entry.date, today)
    if problem:
        found.append(f"date {problem}")
    return found


def reviewers_of(document: AnyDocument, entry: Entry) -> tuple[str, ...]:
    """The reviewers the document had when ``entry`` was signed: recorded in the entry
    (newer ledgers), else the document's reviewers now."""
    return entry.reviewers or document.reviewers


def order_problem(document: AnyDocument, earlier: Sequence[Entry], entry: Entry) -> str | None:
    """Why ``entry`` cannot follow ``earlier`` in ``document``'s ledger (``None`` when it can).

    The capacity must sign the document; a capacity signs one content once; the approver
    signs last, after every reviewer signed the same content, and not dated before them.
    """
    reviewers = reviewers_of(document, entry)
    roles = (*reviewers, APPROVER)
    if entry.role not in roles:
        return (
            f"'{entry.role}' does not sign this document; the roles that sign it are "
            f"{', '.join(roles)}"
        )
    same = [e for e in earlier if e.digest == entry.digest]
    done = next((e for e in same if e.role == entry.role), None)
    if done is not None:
        return (
            f"{entry.role} already signed this content (entry {done.seq}: {done.name}, "
            f"{done.date.isoformat()})"
        )
    if entry.role != APPROVER:
        return None
    signed = {e.role for e in same}
    waiting = [r for r in reviewers if r not in signed]
    if waiting:
        return (
            f"the approver signs last, after {', '.join(reviewers)}; still to sign this "
            f"content: {', '.join(waiting)}"
        )
    late = max((e for e in same if e.role in reviewers), key=lambda e: e.date, default=None)
    if late is not None and late.date > entry.date:
        return (
            f"{late.role} signed this content on {late.date.isoformat()}, after the "
            f"approver's date {entry.date.isoformat()}; the approver signs last"
        )
    return None


def ledger_breaches(
    document: AnyDocument | None, entries: Sequence[Entry], today: dt.date
) -> list[tuple[Entry, str]]:
    """Every entry that breaks a rule, with the rule, in ledger order (``document`` None:
    an archived ledger, whose entries are checked without the signing order)."""
    breaches: list[tuple[Entry, str]] = []
    for index, entry in enumerate(entries):
        breaches.extend((entry, problem) for problem in field_problems(entry, today))
        order = order_problem(document, entries[:index], entry) if document else None
        if order:
            breaches.append((entry, order))
    return breaches


def rule_problems(
    ledger: LedgerFile, document: AnyDocument | None, today: dt.date | None = None
) -> list[Problem]:
    """Every breach of the signing rules in ``ledger`` as a problem at its entry's line."""
    return [
        Problem(
            Location(ledger.display, entry.line, 5),
            "",
            f"document {ledger.document}, entry {entry.seq}: {message} — jdgen sign "
            "never records this, so the entry was written by hand",
        )
        for entry, message in ledger_breaches(document, ledger.entries, today or dt.date.today())
    ]


def checked(ledger: LedgerFile, document: AnyDocument, today: dt.date | None = None) -> LedgerFile:
    """``ledger`` itself when it is intact and keeps every signing rule for ``document``;
    else :class:`~jdgen.signoff.errors.LedgerCorrupt` (a damaged ledger approves nothing)."""
    problems = ledger.problems or rule_problems(ledger, document, today)
    if problems:
        raise LedgerCorrupt(problems)
    return ledger
