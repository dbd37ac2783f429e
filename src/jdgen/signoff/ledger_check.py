"""Checking the parsed entries of one ledger file: their fields and their chain."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jdgen.errors import Location, Problem
from jdgen.load.yaml_source import parse_yaml
from jdgen.signoff.entry import (
    HASH_LINE_RE,
    HEADER_KEYS,
    LEDGER_VERSION,
    Entry,
    entry_from,
    entry_hash,
    field_problem,
    keys_problem,
)

MAX_LEDGER_NODES = 5_000_000


@dataclass
class LedgerFile:
    """The entries of one ledger file that passed every check, and the problems found."""

    path: Path
    display: str
    document: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class LedgerChecker:
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

    def problem(
        self, line: int, message: str, entry: int | None = None, col: int | None = None
    ) -> None:
        col = col if col is not None else (self.col if entry is not None else 1)
        where = f"document {self.ledger.document}"
        if entry is not None:
            where += f", entry {entry}"
        self.ledger.problems.append(
            Problem(Location(self.ledger.display, line, col), "", f"{where}: {message}")
        )

    def torn(self) -> None:
        """Report the entry after the last complete one as cut short."""
        self.problem(
            self.tail_line,
            "incomplete: the file ends in the middle of this entry (an "
            "interrupted write?); restore the file from git, for example "
            f"`git checkout -- {self.ledger.display}`",
            self.complete + 1,
            col=5,
        )

    def check(self) -> None:
        if self.text and not self.text.endswith("\n"):
            self.torn()
            return
        source, problems = parse_yaml(
            self.text, self.ledger.path, self.ledger.display, MAX_LEDGER_NODES
        )
        if source is None or problems:
            first = problems[0] if problems else None
            line = first.location.line if first else 1
            if line >= self.tail_line:
                self.torn()
            elif first is not None:
                self.problem(
                    line, f"not a valid ledger file: {first.message}", col=first.location.col
                )
            return
        data = source.data
        unknown = [k for k in data if k not in HEADER_KEYS]
        if unknown or data.get("ledger") != LEDGER_VERSION:
            self.problem(
                1,
                f"header must hold exactly {', '.join(HEADER_KEYS)} with ledger: {LEDGER_VERSION}",
            )
            return
        if data.get("document") != self.ledger.document:
            line = source.loc(("document",)).line
            self.problem(
                line,
                f"the header names document {data.get('document')!r} but the "
                f"file is {self.ledger.display}; a ledger file is named after "
                "its document",
            )
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

    def entry(
        self, item: Any, number: int, line: int, previous: Entry | None, last: bool
    ) -> Entry | None:
        """The checked entry ``item`` (the ``number``-th, at ``line``), or None when it
        cannot be read; problems of its chain are reported and the entry still returned."""
        if not isinstance(item, dict):
            self.problem(line, "is not a mapping of entry fields", number)
            return None
        if last and "hash" not in item:  # cut short while it was written
            self.torn()
            return None
        bad = keys_problem(item) or field_problem(item)
        if bad:
            self.problem(line, bad, number)
            return None
        entry = entry_from(item, line)
        for message in self.chain_problems(entry, previous):
            self.problem(line, message, number)
        return entry

    def chain_problems(self, entry: Entry, previous: Entry | None) -> Iterator[str]:
        """What breaks the chain between ``previous`` and ``entry``."""
        expected_seq = previous.seq + 1 if previous else 1
        if entry.seq != expected_seq:
            yield (
                f"seq is {entry.seq}, expected {expected_seq}: an entry was removed, "
                "inserted or reordered"
            )
        expected_prev = previous.hash if previous else None
        if entry.prev != expected_prev:
            yield (
                "prev does not match the hash of the entry before it: an entry was "
                "removed, inserted, reordered or edited"
            )
        if entry.document != self.ledger.document:
            yield (
                f"names document {entry.document!r}, but this is the ledger of "
                f"{self.ledger.document!r}"
            )
        if entry_hash(entry.hashed()) != entry.hash:
            yield (
                "hash does not match the entry's fields: the entry was edited after it was recorded"
            )
