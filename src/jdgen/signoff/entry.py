"""One sign-off entry of a ledger: its fields, declared once, their checks, and its text.

:data:`ENTRY_FIELDS` names every field of an entry in the order jdgen writes them, and
whether an entry may leave it out; :data:`ENTRY_KEYS` (the fields every entry has) and
:data:`OPTIONAL_KEYS` come from it. The YAML reader (:mod:`jdgen.signoff.ledger_check`),
the fast reader (:mod:`jdgen.signoff.ledger_fast`) and :func:`entry_text` read them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from jdgen.approval import capacity_problem, reviewers_problem
from jdgen.resolve.document import canonical_digest

LEDGER_VERSION = 1
HEADER_KEYS = ("ledger", "document", "entries")


@dataclass(frozen=True, slots=True)
class EntryField:
    """One field of a ledger entry. ``required`` fields are in every entry; ``optional``
    ones are written by newer jdgen, absent from older entries, and hashed only when present;
    the ``signature`` is hashed but not signed."""

    name: str
    presence: Literal["required", "optional", "signature"] = "required"


ENTRY_FIELDS: tuple[EntryField, ...] = (
    EntryField("seq"),
    EntryField("document"),
    EntryField("digest"),
    EntryField("role"),
    EntryField("reviewers", "optional"),  # the document's reviewers when it was signed
    EntryField("name"),
    EntryField("post"),
    EntryField("posts", "optional"),  # the post in each language
    EntryField("date"),
    EntryField("note"),
    EntryField("prev"),
    EntryField("sig", "signature"),  # an SSH signature of the entry (jdgen.signoff.signing)
    EntryField("hash"),
)
ENTRY_KEYS = tuple(f.name for f in ENTRY_FIELDS if f.presence == "required")
OPTIONAL_KEYS = tuple(f.name for f in ENTRY_FIELDS if f.presence == "optional")
SIG_KEY = next(f.name for f in ENTRY_FIELDS if f.presence == "signature")
KNOWN_KEYS = frozenset(f.name for f in ENTRY_FIELDS)

LANG_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_SIG_CHARS = re.compile(r"^[A-Za-z0-9+/=]+$")
DIGEST_RE = re.compile(r"\A[0-9a-f]{64}\Z")
DATE_RE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
ROLE_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
# The last line of every complete entry; what follows the last one is an entry being written.
HASH_LINE_RE = re.compile(r'^    hash: "[0-9a-f]{64}"\n', re.MULTILINE)
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
        return entry_payload(
            self.seq,
            self.document,
            self.digest,
            self.role,
            self.name,
            self.post,
            self.date,
            self.note,
            self.prev,
            posts=self.posts,
            reviewers=self.reviewers,
        )

    def hashed(self) -> dict[str, Any]:
        """The fields the hash covers: the payload, and ``sig`` when the entry is signed."""
        payload = self.payload()
        return {**payload, SIG_KEY: self.sig} if self.sig is not None else payload


def entry_payload(
    seq: int,
    document: str,
    digest: str,
    role: str,
    name: str,
    post: str,
    date: dt.date,
    note: str | None,
    prev: str | None,
    *,
    posts: tuple[tuple[str, str], ...] = (),
    reviewers: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The hashed fields of an entry as plain data (optional fields only when given, so an
    older entry hashes as it always did)."""
    payload: dict[str, Any] = {
        "seq": seq,
        "document": document,
        "digest": digest,
        "role": role,
        "name": name,
        "post": post,
        "date": date.isoformat(),
        "note": note,
        "prev": prev,
    }
    if posts:
        payload["posts"] = dict(posts)
    if reviewers:
        payload["reviewers"] = list(reviewers)
    return payload


def entry_hash(payload: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of ``payload``, as document digests are made."""
    return canonical_digest(payload)


def make_entry(
    previous: Entry | None,
    document: str,
    digest: str,
    role: str,
    name: str,
    post: str,
    date: dt.date,
    note: str | None,
    signer: Callable[[dict[str, Any]], str] | None = None,
    *,
    posts: tuple[tuple[str, str], ...] = (),
    reviewers: tuple[str, ...] = (),
) -> Entry:
    """The next entry of a chain whose last entry is ``previous``, signed by ``signer``
    (which returns the signature of the payload) when one is given."""
    seq = previous.seq + 1 if previous else 1
    prev = previous.hash if previous else None
    payload = entry_payload(
        seq, document, digest, role, name, post, date, note, prev, posts=posts, reviewers=reviewers
    )
    sig = signer(payload) if signer is not None else None
    hashed = {**payload, SIG_KEY: sig} if sig is not None else payload
    return Entry(
        seq,
        document,
        digest,
        role,
        name,
        post,
        date,
        note,
        prev,
        entry_hash(hashed),
        sig=sig,
        posts=posts,
        reviewers=reviewers,
    )


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


# -- the checks of an entry's fields, in the order their problems are reported ----------


def _seq(item: dict[str, Any]) -> str | None:
    seq = item["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        return f"seq {seq!r} is not a positive whole number"
    return None


def _texts(item: dict[str, Any]) -> str | None:
    for key in ("document", "role", "name", "post", "date", "hash", "digest"):
        if not isinstance(item[key], str) or not item[key]:
            return f"{key} must be non-empty text"
    for key in ("note", "prev"):
        if item[key] is not None and not isinstance(item[key], str):
            return f"{key} must be text or null"
    return None


def _digests(item: dict[str, Any]) -> str | None:
    for key in ("digest", "hash"):
        if not DIGEST_RE.fullmatch(item[key]):
            return f"{key} {item[key]!r} is not a sha256 hex digest"
    if item["prev"] is not None and not DIGEST_RE.fullmatch(item["prev"]):
        return f"prev {item['prev']!r} is not a sha256 hex digest"
    return None


def _role(item: dict[str, Any]) -> str | None:
    bad_role = capacity_problem(item["role"])
    return f"role {bad_role}" if bad_role else None


def _sig(item: dict[str, Any]) -> str | None:
    sig = item.get(SIG_KEY)
    if sig is not None and not (isinstance(sig, str) and _SIG_CHARS.match(sig)):
        return "sig must be the base64 text of an SSH signature"
    return None


def _posts(item: dict[str, Any]) -> str | None:
    if "posts" not in item:
        return None
    posts = item["posts"]
    if (
        not isinstance(posts, dict)
        or not posts
        or not all(
            isinstance(lang, str) and LANG_RE.fullmatch(lang) and isinstance(post, str) and post
            for lang, post in posts.items()
        )
    ):
        return "posts must be a non-empty mapping of language code to non-empty text"
    return None


def _reviewers(item: dict[str, Any]) -> str | None:
    if "reviewers" not in item:
        return None
    reviewers = item["reviewers"]
    bad = "must be a list" if not isinstance(reviewers, list) else reviewers_problem(reviewers)
    return f"reviewers {bad}" if bad else None


def _date(item: dict[str, Any]) -> str | None:
    if not DATE_RE.fullmatch(item["date"]):
        return f"date {item['date']!r} is not a date YYYY-MM-DD"
    try:
        dt.date.fromisoformat(item["date"])
    except ValueError:
        return f"date {item['date']!r} is not a date YYYY-MM-DD"
    return None


_CHECKS: tuple[Callable[[dict[str, Any]], str | None], ...] = (
    _seq,
    _texts,
    _digests,
    _role,
    _sig,
    _posts,
    _reviewers,
    _date,
)


def field_problem(item: dict[str, Any]) -> str | None:
    """The first thing wrong with the values of an entry that has every required field."""
    return next((found for check in _CHECKS if (found := check(item))), None)


def keys_problem(item: dict[str, Any]) -> str | None:
    """What the entry's fields lack or have too many of (None when they are right)."""
    missing = [k for k in ENTRY_KEYS if k not in item]
    unknown = [k for k in item if k not in KNOWN_KEYS]
    what = []
    if missing:
        what.append(f"missing {', '.join(missing)}")
    if unknown:
        what.append(f"unknown field(s) {', '.join(unknown)}")
    return "; ".join(what) or None


def entry_from(item: dict[str, Any], line: int) -> Entry:
    """The entry of checked fields ``item``, written at ``line``."""
    return Entry(
        item["seq"],
        item["document"],
        item["digest"],
        item["role"],
        item["name"],
        item["post"],
        dt.date.fromisoformat(item["date"]),
        item["note"],
        item["prev"],
        item["hash"],
        line,
        item.get(SIG_KEY),
        posts=tuple(item.get("posts", {}).items()),
        reviewers=tuple(item.get("reviewers", ())),
    )
