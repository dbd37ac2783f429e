"""A ledger entry's fields are declared once (jdgen.signoff.entry.ENTRY_FIELDS)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from jdgen.signoff.entry import ENTRY_FIELDS, KNOWN_KEYS, Entry, entry_text, make_entry


def test_the_entry_holds_exactly_the_declared_fields():
    assert {f.name for f in dataclasses.fields(Entry)} - {"line"} == KNOWN_KEYS


def test_an_entry_is_written_in_the_declared_order():
    entry = make_entry(
        None,
        "am",
        "0" * 64,
        "lawyer",
        "Somchai",
        "Counsel",
        dt.date(2026, 1, 2),
        None,
        lambda payload: "U1NIU0lH",
        posts=(("en", "Counsel"),),
        reviewers=("lawyer",),
    )
    written = [line.strip(" -").split(":")[0] for line in entry_text(entry).splitlines()]
    assert written == [f.name for f in ENTRY_FIELDS]
