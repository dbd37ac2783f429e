"""The ledger format: one YAML file per document, its entries chained by sha256.

``signoffs/<document-id>.yaml`` holds a header (``ledger``, ``document``) and the list
``entries``. Every entry carries ``prev`` (the hash of the entry before it, ``null`` for the
first) and ``hash`` (sha256 of the entry's other fields as canonical JSON), so an edited,
removed or reordered entry breaks the chain. An entry's fields and text are
:mod:`jdgen.signoff.entry`, the checks :mod:`jdgen.signoff.ledger_check`; this module reads
the bytes of one file (the fast path first); reading and writing files is
:mod:`jdgen.signoff.store`.
"""

from __future__ import annotations

from pathlib import Path

from jdgen.errors import Location, Problem
from jdgen.signoff.entry import DATE_RE as DATE_RE
from jdgen.signoff.entry import DIGEST_RE as DIGEST_RE
from jdgen.signoff.entry import ENTRY_KEYS as ENTRY_KEYS
from jdgen.signoff.entry import OPTIONAL_KEYS as OPTIONAL_KEYS
from jdgen.signoff.entry import ROLE_RE as ROLE_RE
from jdgen.signoff.entry import SIG_KEY as SIG_KEY
from jdgen.signoff.entry import Entry as Entry
from jdgen.signoff.entry import entry_hash as entry_hash
from jdgen.signoff.entry import entry_payload as entry_payload
from jdgen.signoff.entry import entry_text as entry_text
from jdgen.signoff.entry import header_text as header_text
from jdgen.signoff.entry import make_entry as make_entry
from jdgen.signoff.entry import quote as quote
from jdgen.signoff.ledger_check import MAX_LEDGER_NODES as MAX_LEDGER_NODES
from jdgen.signoff.ledger_check import LedgerChecker
from jdgen.signoff.ledger_check import LedgerFile as LedgerFile
from jdgen.signoff.ledger_fast import parse_exact


def parse_ledger(path: Path, display: str, document: str, data: bytes) -> LedgerFile:
    """Check the bytes of ledger file ``path`` of ``document``; never raises for bad input."""
    ledger = LedgerFile(path, display, document)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.end == len(data) and "unexpected end" in str(err.reason):
            # cut inside a multi-byte character: the write stopped mid-entry
            checker = LedgerChecker(ledger, data[: err.start].decode("utf-8", errors="replace"))
            checker.torn()
            return ledger
        line = data.count(b"\n", 0, err.start) + 1
        ledger.problems.append(
            Problem(Location(display, line), "", f"document {document}: not valid UTF-8")
        )
        return ledger
    if not parse_exact(ledger, text):  # a file exactly as jdgen wrote it reads fast
        LedgerChecker(ledger, text).check()
    return ledger
