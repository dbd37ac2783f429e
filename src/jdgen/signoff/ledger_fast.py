"""A fast reader for ledger files exactly as jdgen writes them (10,000 entries in well under
a second instead of several seconds through the YAML loader).

A ledger file jdgen wrote is its fixed header and entries of fixed lines whose values are
``quote``d scalars (:func:`jdgen.signoff.entry.quote`). When a file is *exactly* that — every
line as :func:`~jdgen.signoff.entry.entry_text` would write it, every value re-quoting to
the same bytes — its YAML reading is known, so the values are read with ``json.loads`` and go
through the same checks as the YAML path (:class:`jdgen.signoff.ledger_check.LedgerChecker`).
Anything else (a hand edit, a comment, a torn file, an unusual escape) takes the YAML path,
which reports problems with their lines.
"""

from __future__ import annotations

import json
import re
from typing import Any

from jdgen.signoff.entry import ENTRY_KEYS, SIG_KEY, Entry, header_text, quote
from jdgen.signoff.ledger_check import LedgerChecker, LedgerFile

# what the YAML loader refuses even when escaped: such a file takes the YAML path
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_VALUE = r'(null|"(?:[^"\\\n]|\\.)*")'
_FIELDS = [k for k in ENTRY_KEYS if k != "seq"]
_ENTRY_RE = re.compile(
    r"  - seq: ([1-9][0-9]{0,17})\n"
    + "".join(
        f"    {k}: {_VALUE}\n" + (f"(?:    {SIG_KEY}: {_VALUE}\n)?" if k == "prev" else "")
        for k in _FIELDS
    )
)
_KEYS = [*_FIELDS[:-1], SIG_KEY, _FIELDS[-1]]  # the groups after seq, in order
LINES_PER_ENTRY = len(ENTRY_KEYS)


def _decode(token: str | None) -> tuple[bool, Any]:
    """``(exact, value)``: the value of a quoted token, and whether it re-quotes the same."""
    if token is None:
        return True, None
    if token == "null":
        return True, None
    try:
        value = json.loads(token)
    except ValueError:
        return False, None
    exact = isinstance(value, str) and quote(value) == token and not _BAD_CHARS.search(value)
    return exact, value


def parse_exact(ledger: LedgerFile, text: str) -> bool:
    """Check ``text`` through the fast path; False (nothing recorded) when it is not exactly
    jdgen's format and the YAML path must read it."""
    header = header_text(ledger.document)
    if not text.startswith(header) or len(text) == len(header):
        return False
    items: list[tuple[dict[str, Any], int]] = []
    pos, line = len(header), header.count("\n") + 1
    while pos < len(text):
        match = _ENTRY_RE.match(text, pos)
        if match is None:
            return False
        item: dict[str, Any] = {"seq": int(match.group(1))}
        for key, token in zip(_KEYS, match.groups()[1:], strict=True):
            exact, value = _decode(token)
            if not exact:
                return False
            if key != SIG_KEY or token is not None:
                item[key] = value
        if item.get(SIG_KEY, "") is None:
            return False  # "sig: null" is not what jdgen writes
        items.append((item, line))
        line += LINES_PER_ENTRY + (1 if SIG_KEY in item else 0)
        pos = match.end()
    checker = LedgerChecker(ledger, text)
    checker.col = 5
    previous: Entry | None = None
    for number, (item, at) in enumerate(items, start=1):
        entry = checker.entry(item, number, at, previous, number == len(items))
        if entry is None:
            return True  # reported, as the YAML path would
        ledger.entries.append(entry)
        previous = entry
    return True
