"""Did-you-mean: the nearest known word to one that was not found.

Every "did you mean …?" in jdgen's messages comes from here, so an unknown key, role,
clause, placeholder or document is matched the same way everywhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

CUTOFF = 0.6
"""How alike (0 to 1, :class:`difflib.SequenceMatcher` ratio) a known word must be."""


def closest(word: str, known: Iterable[str], n: int = 1) -> list[str]:
    """Up to ``n`` known words nearest to ``word``, nearest first (none close enough: [])."""
    return difflib.get_close_matches(word, list(known), n=n, cutoff=CUTOFF)


def _quoted(word: str) -> str:
    return f"'{word}'"


def suggest(word: str, known: Iterable[str], show: Callable[[str], str] = _quoted) -> str:
    """``did you mean 'x'?`` for the known word nearest to ``word``, or ``""`` when none is
    close; ``show`` writes the suggestion (quoted by default)."""
    found = closest(word, known)
    return f"did you mean {show(found[0])}?" if found else ""


def unknown_key(key: str, known: Iterable[str]) -> str:
    """The message for a key that is not one of ``known``: the nearest known key, or the
    list of them when none is close."""
    known = list(known)
    hint = suggest(key, known)
    return f"unknown key '{key}'; {hint or 'known keys: ' + ', '.join(known)}"
