"""The fast ledger reader (jdgen.signoff.ledger_fast) reads exactly what the YAML path reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from jdgen.signoff import ledger_fast
from jdgen.signoff.ledger import entry_text, header_text, make_entry, parse_ledger

PATH = Path("signoffs/am.yaml")
names = st.text(min_size=1, max_size=20)


def both(data: bytes):
    fast = parse_ledger(PATH, "signoffs/am.yaml", "am", data)
    with mock.patch.object(ledger_fast, "parse_exact", lambda ledger, text: False):
        slow = parse_ledger(PATH, "signoffs/am.yaml", "am", data)
    return fast, slow


def build(people: list[str], signed: list[bool]) -> str:
    text, last = header_text("am"), None
    for name, sig in zip(people, signed, strict=False):
        last = make_entry(
            last,
            "am",
            "a" * 64,
            "lawyer",
            name,
            "Post",
            dt.date(2024, 5, 1),
            None,
            (lambda p: "U1NIU0lH") if sig else None,
        )
        text += entry_text(last)
    return text


@settings(max_examples=150, deadline=None)
@given(
    st.lists(names, min_size=1, max_size=4),
    st.lists(st.booleans(), min_size=4, max_size=4),
    st.integers(min_value=0),
    st.sampled_from(["", "x", "\n", '"', "\\"]),
)
def test_fast_and_yaml_paths_agree(people, signed, where, insert):
    text = build(people, signed)
    data = text.encode("utf-8")
    at = where % (len(data) + 1)
    damaged = data[:at] + insert.encode() + data[at:]
    fast, slow = both(damaged)
    assert fast.entries == slow.entries
    assert [e.line for e in fast.entries] == [e.line for e in slow.entries]
    assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]


def test_the_fast_path_is_taken_for_jdgen_files():
    text = build(["Somchai", "สมชาย ใจดี"], [True, False])
    with mock.patch.object(
        ledger_fast, "LedgerChecker", wraps=ledger_fast.LedgerChecker
    ) as checker:
        ledger = parse_ledger(PATH, "signoffs/am.yaml", "am", text.encode())
    assert checker.called and not ledger.problems and len(ledger.entries) == 2
    assert ledger.entries[0].sig == "U1NIU0lH" and ledger.entries[1].sig is None
