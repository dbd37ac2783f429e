"""Small hash-chained YAML ledgers besides the sign-off ledgers: the changes of
``allowed_signers`` (``signoffs/signers/changes.yaml``) and employees' acknowledgements
(``signoffs/acknowledgements/<document>.yaml``).

They follow the sign-off ledger's rules (:mod:`jdgen.signoff.ledger`): every entry has
``seq``, its own fields, ``prev`` (the previous entry's hash), an optional ``sig`` (an SSH
signature of the entry) and ``hash`` = sha256 of the canonical JSON of every other field
(``sig`` included when present). What a key signs is the canonical JSON of every field but
``sig`` and ``hash`` (:func:`signed_message`). Appends happen under the ledger lock, by
writing the new file beside the old one and renaming it into place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdgen.errors import Location, Problem, relative
from jdgen.load.yaml_source import SourceFile, parse_yaml
from jdgen.project import ProjectConfig
from jdgen.resolve.document import canonical_digest
from jdgen.signoff.errors import LedgerCorrupt
from jdgen.signoff.ledger import DATE_RE, DIGEST_RE, MAX_LEDGER_NODES, quote
from jdgen.signoff.store import _write_replace

CHAIN_VERSION = 1
SIG_RE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
# field kinds: "text" (non-empty), "text?" (or null), "int" (positive), "list" (of text),
# "date" (YYYY-MM-DD), "digest" (sha256 hex)
Spec = dict[str, str]


def signed_message(fields: dict[str, Any]) -> bytes:
    """The canonical bytes a key signs for an entry: its fields as sorted, compact JSON."""
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class Record:
    """One entry: its fields (``seq`` and ``prev`` included), signature and hash."""

    fields: dict[str, Any]
    sig: str | None
    hash: str
    line: int = field(default=0, compare=False)

    @property
    def seq(self) -> int:
        """The entry's number, from 1."""
        return int(self.fields["seq"])

    def hashed(self) -> dict[str, Any]:
        """What ``hash`` covers."""
        return {**self.fields, "sig": self.sig} if self.sig is not None else dict(self.fields)


def make_record(values: dict[str, Any], sig: str | None) -> Record:
    """The record holding ``values`` (from :func:`fields_for`) and signature ``sig``."""
    hashed = {**values, "sig": sig} if sig is not None else values
    return Record(values, sig, canonical_digest(hashed))


def fields_for(previous: Record | None, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with the ``seq`` and ``prev`` of the entry after ``previous``."""
    return {
        "seq": previous.seq + 1 if previous else 1,
        **values,
        "prev": previous.hash if previous else None,
    }


@dataclass
class Chain:
    """One chained ledger file: its checked records and the problems found."""

    path: Path
    display: str
    kind: str
    spec: Spec
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str, seq: int | None = None) -> None:
        """Record a problem at ``line``."""
        where = f"{self.kind}, entry {seq}: " if seq is not None else f"{self.kind}: "
        self.problems.append(Problem(Location(self.display, line, 1), "", where + message))


def _header(kind: str, title: str) -> str:
    return (
        f"# {title} (jdgen).\n"
        "# Append-only and hash-chained like the sign-off ledgers: never edit, reorder or\n"
        "# delete an entry. See docs/signoff.md.\n"
        f"ledger: {CHAIN_VERSION}\nkind: {quote(kind)}\nentries:\n"
    )


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(quote(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return quote(value)


def record_text(record: Record) -> str:
    """The YAML lines of one entry."""
    lines = [f"  - seq: {record.seq}\n"]
    lines += [f"    {k}: {_value_text(v)}\n" for k, v in record.fields.items() if k != "seq"]
    if record.sig is not None:
        lines.append(f"    sig: {quote(record.sig)}\n")
    lines.append(f"    hash: {quote(record.hash)}\n")
    return "".join(lines)


def _bad_value(kind: str, value: Any) -> bool:
    if kind == "int":
        return not isinstance(value, int) or isinstance(value, bool) or value < 1
    if kind == "list":
        return not isinstance(value, list) or not all(isinstance(v, str) and v for v in value)
    if kind == "text?":
        return value is not None and not (isinstance(value, str) and value)
    if not isinstance(value, str) or not value:
        return True
    if kind == "date":
        return DATE_RE.match(value) is None
    if kind == "digest":
        return DIGEST_RE.match(value) is None
    return False


def parse_chain(
    path: Path, display: str, kind: str, spec: Spec, data: bytes | None = None
) -> Chain:
    """Read and check the chained ledger at ``path`` (empty when there is no file), or
    ``data`` as that file's bytes (its text at a git revision)."""
    chain = Chain(path, display, kind, spec)
    source = _parsed(chain, data)
    if source is not None:
        _check_entries(chain, source)
    return chain


def _parsed(chain: Chain, data: bytes | None) -> SourceFile | None:
    """The chain's file (or ``data``) parsed, with a valid header; None without a file or
    (with a problem) when it is unreadable or its header is wrong."""
    try:
        text = (chain.path.read_bytes() if data is None else data).decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        chain.problem(1, "not valid UTF-8; restore the file from git")
        return None
    source, problems = parse_yaml(text, chain.path, chain.display, MAX_LEDGER_NODES)
    if source is None or problems:
        first = problems[0] if problems else None
        chain.problem(
            first.location.line if first else 1,
            f"not a valid ledger file ({first.message if first else 'unreadable'}); "
            "restore it from git",
        )
        return None
    parsed = source.data
    if (
        not isinstance(parsed, dict)
        or set(parsed) != {"ledger", "kind", "entries"}
        or parsed["ledger"] != CHAIN_VERSION
        or parsed["kind"] != chain.kind
        or not isinstance(parsed["entries"], list)
    ):
        chain.problem(
            1,
            f"the header must be ledger: {CHAIN_VERSION}, kind: {chain.kind!r} "
            "and a list of entries",
        )
        return None
    return source


def _check_entries(chain: Chain, source: SourceFile) -> None:
    """Add the entries of ``source`` to ``chain``'s records, up to the first malformed one,
    with a problem for each that breaks the chain."""
    previous: Record | None = None
    expected = ["seq", *chain.spec, "prev"]
    for index, item in enumerate(source.data["entries"]):
        line = source.loc(("entries", index)).line
        seq = index + 1
        record = _record(chain, item, expected, line, seq)
        if record is None:
            return
        if record.seq != seq:
            chain.problem(
                line,
                f"seq is {record.seq}, expected {seq}: an entry was removed, inserted or reordered",
                seq,
            )
        if record.fields["prev"] != (previous.hash if previous else None):
            chain.problem(
                line,
                "prev does not match the hash of the entry before it: an entry "
                "was removed, inserted, reordered or edited",
                seq,
            )
        if canonical_digest(record.hashed()) != record.hash:
            chain.problem(
                line,
                "hash does not match the entry's fields: the entry was edited "
                "after it was recorded",
                seq,
            )
        chain.records.append(record)
        previous = record


def _record(chain: Chain, item: Any, expected: list[str], line: int, seq: int) -> Record | None:
    """Entry number ``seq`` as a record, or None (and a problem) when its keys or a field's
    value are wrong."""
    if (
        not isinstance(item, dict)
        or [k for k in item if k not in ("sig", "hash")] != expected
        or "hash" not in item
    ):
        chain.problem(
            line,
            f"an entry holds exactly {', '.join(expected)}, sig (when "
            "signed) and hash, in that order",
            seq,
        )
        return None
    kinds = {"seq": "int", **chain.spec, "prev": "text?"}
    bad = [k for k in expected if _bad_value(kinds[k], item[k])]
    sig = item.get("sig")
    if sig is not None and (not isinstance(sig, str) or not sig or not set(sig) <= SIG_RE_CHARS):
        bad.append("sig")
    if bad or not isinstance(item["hash"], str):
        chain.problem(line, f"malformed field(s): {', '.join(bad) or 'hash'}", seq)
        return None
    return Record({k: item[k] for k in expected}, sig, item["hash"], line)


def read_chain(config: ProjectConfig, path: Path, kind: str, spec: Spec) -> Chain:
    """The checked chain at ``path`` of the project ``config``."""
    return parse_chain(path, relative(path, config.root), kind, spec)


def append_record(chain: Chain, record: Record, title: str) -> None:
    """Append ``record`` to ``chain``'s file; the caller holds the ledger lock.

    The file must still hold exactly the records ``chain`` was read with.
    """
    again = parse_chain(chain.path, chain.display, chain.kind, chain.spec)
    if again.problems or again.records != chain.records:
        raise LedgerCorrupt(
            again.problems
            or [
                Problem(
                    Location(chain.display),
                    "",
                    f"{chain.kind}: the file changed while jdgen was writing; try again",
                )
            ]
        )
    try:
        old = chain.path.read_bytes()
    except FileNotFoundError:
        old = _header(chain.kind, title).encode("utf-8")
    chain.path.parent.mkdir(parents=True, exist_ok=True)
    _write_replace(chain.path, old + record_text(record).encode("utf-8"))
    chain.records.append(record)
