"""The ledger format: one YAML file per document, its entries chained by sha256.

``signoffs/<document-id>.yaml`` holds a header (``ledger``, ``document``) and the list
``entries``. Every entry carries ``prev`` (the hash of the entry before it, ``null`` for the
first) and ``hash`` (sha256 of the entry's other fields as canonical JSON), so an edited,
removed or reordered entry breaks the chain. This module turns entries into text and text
back into checked entries; reading and writing files is :mod:`jdgen.signoff.store`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdgen.approval import capacity_problem, reviewers_problem
from jdgen.errors import Location, Problem
from jdgen.load.yaml_source import parse_yaml
from jdgen.resolve.document import canonical_digest

LEDGER_VERSION = 1
ENTRY_KEYS = ("seq", "document", "digest", "role", "name", "post", "date", "note", "prev",
              "hash")
# Written by newer jdgen, absent from older entries (hashed only when present):
# posts - the post in each language; reviewers - the document's reviewers when it was signed
# (the approver signs after all of them).
OPTIONAL_KEYS = ("posts", "reviewers")
LANG_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
HEADER_KEYS = ("ledger", "document", "entries")
SIG_KEY = "sig"  # optional: an SSH signature of the entry (jdgen.signoff.signing)
_SIG_CHARS = re.compile(r"^[A-Za-z0-9+/=]+$")
DIGEST_RE = re.compile(r"\A[0-9a-f]{64}\Z")
DATE_RE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
ROLE_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
# The last line of every complete entry; what follows the last one is an entry being written.
HASH_LINE_RE = re.compile(r'^    hash: "[0-9a-f]{64}"\n', re.MULTILINE)
MAX_LEDGER_NODES = 5_000_000
# Characters YAML would fold or reject inside a double-quoted scalar; written as escapes.
_YAML_UNSAFE = {"\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


@dataclass(frozen=True)
class Entry:
    """One sign-off: who signed which content of which document, in which capacity, when."""

    seq: int
    document: str
    digest: str
    role: str
    name: str
    post: str
    date: dt.date
    note: str | None
    prev: str | None
    hash: str
    line: int = field(default=0, compare=False)
    sig: str | None = None
    posts: tuple[tuple[str, str], ...] = ()  # (language, post); () in older entries
    reviewers: tuple[str, ...] = ()  # the document's reviewers then; () in older entries

    def payload(self) -> dict[str, Any]:
        """The fields that are signed (everything but ``sig`` and ``hash``)."""
        return entry_payload(self.seq, self.document, self.digest, self.role, self.name,
                             self.post, self.date, self.note, self.prev, posts=self.posts,
                             reviewers=self.reviewers)

    def hashed(self) -> dict[str, Any]:
        """The fields the hash covers: the payload, and ``sig`` when the entry is signed."""
        payload = self.payload()
        return {**payload, SIG_KEY: self.sig} if self.sig is not None else payload


def entry_payload(seq: int, document: str, digest: str, role: str, name: str, post: str,
                  date: dt.date, note: str | None, prev: str | None, *,
                  posts: tuple[tuple[str, str], ...] = (),
                  reviewers: tuple[str, ...] = ()) -> dict[str, Any]:
    """The hashed fields of an entry as plain data (optional fields only when given, so an
    older entry hashes as it always did)."""
    payload: dict[str, Any] = {
        "seq": seq, "document": document, "digest": digest, "role": role, "name": name,
        "post": post, "date": date.isoformat(), "note": note, "prev": prev}
    if posts:
        payload["posts"] = dict(posts)
    if reviewers:
        payload["reviewers"] = list(reviewers)
    return payload


def entry_hash(payload: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of ``payload``, as document digests are made."""
    return canonical_digest(payload)


def make_entry(previous: Entry | None, document: str, digest: str, role: str, name: str,
               post: str, date: dt.date, note: str | None,
               signer: Callable[[dict[str, Any]], str] | None = None, *,
               posts: tuple[tuple[str, str], ...] = (),
               reviewers: tuple[str, ...] = ()) -> Entry:
    """The next entry of a chain whose last entry is ``previous``, signed by ``signer``
    (which returns the signature of the payload) when one is given."""
    seq = previous.seq + 1 if previous else 1
    prev = previous.hash if previous else None
    payload = entry_payload(seq, document, digest, role, name, post, date, note, prev,
                            posts=posts, reviewers=reviewers)
    sig = signer(payload) if signer is not None else None
    hashed = {**payload, SIG_KEY: sig} if sig is not None else payload
    return Entry(seq, document, digest, role, name, post, date, note, prev,
                 entry_hash(hashed), sig=sig, posts=posts, reviewers=reviewers)


def quote(value: str | None) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``value`` (``null`` for None)."""
    if value is None:
        return "null"
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in _YAML_UNSAFE.items():
        text = text.replace(char, escape)
    return text


def header_text(document: str) -> str:
    """The first lines of a new ledger file."""
    return (
        f"# Sign-off ledger of document {document} (jdgen). Append-only: `jdgen sign` adds\n"
        "# entries and `jdgen verify` checks them. Never edit, reorder or delete an entry:\n"
        "# each one is chained to the entry before it by its hash. See docs/signoff.md.\n"
        f"ledger: {LEDGER_VERSION}\n"
        f"document: {quote(document)}\n"
        "entries:\n"
    )


def entry_text(entry: Entry) -> str:
    """The YAML lines of one entry, ending with its ``hash`` line and a newline."""
    reviewers = ", ".join(quote(r) for r in entry.reviewers)
    posts = ", ".join(f"{quote(lang)}: {quote(post)}" for lang, post in entry.posts)
    return (
        f"  - seq: {entry.seq}\n"
        f"    document: {quote(entry.document)}\n"
        f"    digest: {quote(entry.digest)}\n"
        f"    role: {quote(entry.role)}\n"
        + (f"    reviewers: [{reviewers}]\n" if entry.reviewers else "")
        + f"    name: {quote(entry.name)}\n"
        f"    post: {quote(entry.post)}\n"
        + (f"    posts: {{{posts}}}\n" if entry.posts else "")
        + f"    date: {quote(entry.date.isoformat())}\n"
        f"    note: {quote(entry.note)}\n"
        f"    prev: {quote(entry.prev)}\n"
        + (f"    sig: {quote(entry.sig)}\n" if entry.sig is not None else "")
        + f"    hash: {quote(entry.hash)}\n"
    )


@dataclass
class LedgerFile:
    """The entries of one ledger file that passed every check, and the problems found."""

    path: Path
    display: str
    document: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Checker:
    """Checks the parsed data of one ledger file and gathers problems."""

    def __init__(self, ledger: LedgerFile, text: str) -> None:
        self.ledger = ledger
        self.text = text
        ends = [m.end() for m in HASH_LINE_RE.finditer(text)]
        self.complete = len(ends)
        # the first line after the last complete entry (after "entries:" when there is none)
        header_end = text.find("\nentries:\n")
        tail = ends[-1] if ends else (header_end + 10 if header_end >= 0 else len(text))
        self.tail_line = text.count("\n", 0, tail) + 1
        self.col = 1

    def problem(self, line: int, message: str, entry: int | None = None,
                col: int | None = None) -> None:
        col = col if col is not None else (self.col if entry is not None else 1)
        where = f"document {self.ledger.document}"
        if entry is not None:
            where += f", entry {entry}"
        self.ledger.problems.append(
            Problem(Location(self.ledger.display, line, col), "", f"{where}: {message}"))

    def torn(self) -> None:
        """Report the entry after the last complete one as cut short."""
        self.problem(self.tail_line, "incomplete: the file ends in the middle of this entry (an "
                           "interrupted write?); restore the file from git, for example "
                           f"`git checkout -- {self.ledger.display}`", self.complete + 1,
                     col=5)

    def check(self) -> None:
        if self.text and not self.text.endswith("\n"):
            self.torn()
            return
        source, problems = parse_yaml(self.text, self.ledger.path, self.ledger.display,
                                      MAX_LEDGER_NODES)
        if source is None or problems:
            first = problems[0] if problems else None
            line = first.location.line if first else 1
            if line >= self.tail_line:
                self.torn()
            elif first is not None:
                self.problem(line, f"not a valid ledger file: {first.message}", col=first
                             .location.col)
            return
        data = source.data
        unknown = [k for k in data if k not in HEADER_KEYS]
        if unknown or data.get("ledger") != LEDGER_VERSION:
            self.problem(1, f"header must hold exactly {', '.join(HEADER_KEYS)} with "
                            f"ledger: {LEDGER_VERSION}")
            return
        if data.get("document") != self.ledger.document:
            line = source.loc(("document",)).line
            self.problem(line, f"the header names document {data.get('document')!r} but the "
                               f"file is {self.ledger.display}; a ledger file is named after "
                               "its document")
            return
        raw = data.get("entries")
        if not isinstance(raw, list) or not raw:
            self.problem(source.loc(("entries",)).line, "'entries' must be a non-empty list")
            return
        previous: Entry | None = None
        for index, item in enumerate(raw):
            where = source.loc(("entries", index))
            self.col = where.col
            last = index == len(raw) - 1
            entry = self.entry(item, index + 1, where.line, previous, last)
            if entry is None:
                return  # the chain cannot be followed past an unreadable entry
            self.ledger.entries.append(entry)
            previous = entry

    def entry(self, item: Any, number: int, line: int, previous: Entry | None,
              last: bool) -> Entry | None:
        if not isinstance(item, dict):
            self.problem(line, "is not a mapping of entry fields", number)
            return None
        missing = [k for k in ENTRY_KEYS if k not in item]
        if missing and last and "hash" in missing:
            self.torn()
            return None
        unknown = [k for k in item if k not in ENTRY_KEYS and k not in OPTIONAL_KEYS
                   and k != SIG_KEY]
        if missing or unknown:
            what = []
            if missing:
                what.append(f"missing {', '.join(missing)}")
            if unknown:
                what.append(f"unknown field(s) {', '.join(unknown)}")
            self.problem(line, "; ".join(what), number)
            return None
        bad = self.types(item)
        if bad:
            self.problem(line, bad, number)
            return None
        entry = Entry(item["seq"], item["document"], item["digest"], item["role"], item["name"],
                      item["post"], dt.date.fromisoformat(item["date"]), item["note"],
                      item["prev"], item["hash"], line, item.get(SIG_KEY),
                      posts=tuple(item.get("posts", {}).items()),
                      reviewers=tuple(item.get("reviewers", ())))
        expected_seq = previous.seq + 1 if previous else 1
        if entry.seq != expected_seq:
            self.problem(line, f"seq is {entry.seq}, expected {expected_seq}: an entry was "
                               "removed, inserted or reordered", number)
        expected_prev = previous.hash if previous else None
        if entry.prev != expected_prev:
            self.problem(line, "prev does not match the hash of the entry before it: an entry "
                               "was removed, inserted, reordered or edited", number)
        if entry.document != self.ledger.document:
            self.problem(line, f"names document {entry.document!r}, but this is the ledger of "
                               f"{self.ledger.document!r}", number)
        if entry_hash(entry.hashed()) != entry.hash:
            self.problem(line, "hash does not match the entry's fields: the entry was edited "
                               "after it was recorded", number)
        return entry

    @staticmethod
    def types(item: dict[str, Any]) -> str | None:
        seq = item["seq"]
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
            return f"seq {seq!r} is not a positive whole number"
        for key in ("document", "role", "name", "post", "date", "hash", "digest"):
            if not isinstance(item[key], str) or not item[key]:
                return f"{key} must be non-empty text"
        for key in ("note", "prev"):
            if item[key] is not None and not isinstance(item[key], str):
                return f"{key} must be text or null"
        for key in ("digest", "hash"):
            if not DIGEST_RE.fullmatch(item[key]):
                return f"{key} {item[key]!r} is not a sha256 hex digest"
        if item["prev"] is not None and not DIGEST_RE.fullmatch(item["prev"]):
            return f"prev {item['prev']!r} is not a sha256 hex digest"
        bad_role = capacity_problem(item["role"])
        if bad_role:
            return f"role {bad_role}"
        sig = item.get(SIG_KEY)
        if sig is not None and not (isinstance(sig, str) and _SIG_CHARS.match(sig)):
            return "sig must be the base64 text of an SSH signature"
        posts = item.get("posts")
        if "posts" in item and (not isinstance(posts, dict) or not posts or not all(
                isinstance(lang, str) and LANG_RE.fullmatch(lang) and isinstance(post, str)
                and post for lang, post in posts.items())):
            return "posts must be a non-empty mapping of language code to non-empty text"
        if "reviewers" in item:
            reviewers = item["reviewers"]
            bad = "must be a list" if not isinstance(reviewers, list) else \
                reviewers_problem(reviewers)
            if bad:
                return f"reviewers {bad}"
        if not DATE_RE.fullmatch(item["date"]):
            return f"date {item['date']!r} is not a date YYYY-MM-DD"
        try:
            dt.date.fromisoformat(item["date"])
        except ValueError:
            return f"date {item['date']!r} is not a date YYYY-MM-DD"
        return None


def parse_ledger(path: Path, display: str, document: str, data: bytes) -> LedgerFile:
    """Check the bytes of ledger file ``path`` of ``document``; never raises for bad input."""
    ledger = LedgerFile(path, display, document)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.end == len(data) and "unexpected end" in str(err.reason):
            # cut inside a multi-byte character: the write stopped mid-entry
            checker = _Checker(ledger, data[:err.start].decode("utf-8", errors="replace"))
            checker.torn()
            return ledger
        line = data.count(b"\n", 0, err.start) + 1
        ledger.problems.append(Problem(Location(display, line), "",
                                       f"document {document}: not valid UTF-8"))
        return ledger
    from jdgen.signoff.ledger_fast import parse_exact  # imports this module

    if not parse_exact(ledger, text):  # a file exactly as jdgen wrote it reads fast
        _Checker(ledger, text).check()
    return ledger
