"""The ``duplicate-clause`` rule: two clauses of one document say the same or nearly the
same thing (character-trigram Jaccard similarity >= NEAR_DUPLICATE, case and punctuation
ignored). The answer is exactly that of comparing every pair of clauses of the document.

It runs one document at a time and keeps nothing per document, so that a build can lint
a library it never holds whole. Two ideas keep it fast on a large library:

* A prefix filter: under one fixed order of trigrams, two sets with Jaccard >= t share one
  of their first ``len - ceil(t*len) + 1`` trigrams, so only texts sharing such a trigram
  are ever compared. Any fixed order is exact; rarest-first makes the prefixes selective.
  The order is fixed up front from a sample of the library's texts; trigrams the sample
  lacks come first (rare), numbered as they are first met.
* Clauses are grouped by the file they were written in (their origin). A base role's
  clauses reappear in every child, so the similar pairs *within* a group of texts are
  looked up once and remembered (for the most recent groups); per document only pairs
  *across* files are probed, the smaller group against the other's index.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from jdgen.errors import Problem
from jdgen.resolve.document import Document

NEAR_DUPLICATE = 0.85
RANK_SAMPLE = 1024  # texts whose trigram frequencies fix the filter's order
GROUPS_KEPT = 256  # per-group indexes and within-group answers kept...
PREFIXES_KEPT = 16384  # ...and text prefixes...
SETS_KEPT = 1024  # ...and full trigram sets...
SIMILAR_KEPT = 16384  # ...and answers for pairs of texts
_NOT_WORD = re.compile(r"[\W_]+")
Group = frozenset[str]


def trigrams(text: str) -> frozenset[str]:
    """The text's character trigrams, case and punctuation ignored."""
    flat = _NOT_WORD.sub("", text.casefold())
    return frozenset([flat[i:i + 3] for i in range(max(1, len(flat) - 2))])


def rarity_order(sample: Iterable[str]) -> dict[str, int]:
    """Trigram -> its place, rarest first, over at most RANK_SAMPLE distinct texts."""
    frequency: dict[str, int] = {}
    seen: set[str] = set()
    for text in sample:
        if text in seen:
            continue
        seen.add(text)
        for gram in trigrams(text):
            frequency[gram] = frequency.get(gram, 0) + 1
        if len(seen) >= RANK_SAMPLE:
            break
    ordered = sorted(frequency.items(), key=lambda item: (item[1], item[0]))
    return {gram: place for place, (gram, _) in enumerate(ordered)}


class DuplicateFinder:
    """Finds same or nearly the same clauses in each document it is called with."""

    def __init__(self, sample: Iterable[str], groups_kept: int = GROUPS_KEPT) -> None:
        self.order = rarity_order(sample)
        self._prefix = lru_cache(maxsize=PREFIXES_KEPT)(self._make_prefix)
        self._set = lru_cache(maxsize=SETS_KEPT)(trigrams)
        self._similar = lru_cache(maxsize=SIMILAR_KEPT)(self._compare)
        self._index = lru_cache(maxsize=groups_kept)(self._make_index)
        self._within = lru_cache(maxsize=groups_kept)(self._make_within)

    def release(self) -> None:
        """Drop every cache (they refer back to the finder: free them now, not at a gc)."""
        for cache in (self._prefix, self._set, self._similar, self._index, self._within):
            cache.cache_clear()
        self.order.clear()

    def _make_prefix(self, text: str) -> tuple[int, ...]:
        order = self.order
        places = []
        for gram in self._set(text):  # the set is likely compared next: make it once
            place = order.get(gram)
            if place is None:  # not in the sample: rare, and numbered once for good
                place = order[gram] = -len(order) - 1
            places.append(place)
        places.sort()
        return tuple(places[:len(places) - math.ceil(NEAR_DUPLICATE * len(places)) + 1])

    def _compare(self, a: str, b: str) -> bool:
        grams, other = self._set(a), self._set(b)
        common = len(grams & other)
        return common >= NEAR_DUPLICATE * (len(grams) + len(other) - common)

    def similar(self, a: str, b: str) -> bool:
        """Whether texts ``a`` and ``b`` are the same or nearly the same (cached)."""
        if a == b:
            return True
        return bool(self._similar(a, b) if a < b else self._similar(b, a))

    def _make_index(self, group: Group) -> dict[int, list[str]]:
        index: dict[int, list[str]] = {}
        for text in sorted(group):
            for place in self._prefix(text):
                index.setdefault(place, []).append(text)
        return index

    def _candidates(self, text: str, group: Group) -> set[str]:
        index = self._index(group)
        return {other for place in self._prefix(text) for other in index.get(place, ())}

    def _make_within(self, group: Group) -> dict[str, set[str]]:
        """Text -> the other texts of ``group`` that it is similar to."""
        found: dict[str, set[str]] = {}
        for text in group:
            for other in self._candidates(text, group):
                if other != text and self.similar(text, other):
                    found.setdefault(text, set()).add(other)
        return found

    def __call__(self, doc: Document) -> list[Problem]:
        """The document's duplicate-clause warnings, each on the later clause of a pair."""
        lang = doc.languages[0]
        order = [(f"{section.key}.{clause.id}", clause, clause.text[lang], clause.origin.path)
                 for section, clause, _ in doc.clauses()]  # (key, clause, text, origin)
        groups: dict[str, dict[str, list[int]]] = {}  # origin -> text -> positions
        for position, (_, _, text, origin) in enumerate(order):
            groups.setdefault(origin, {}).setdefault(text, []).append(position)
        texts = {origin: Group(mine) for origin, mine in groups.items()}
        earliest: dict[int, int] = {}  # position -> earliest earlier similar position

        def pair(i: int, j: int) -> None:
            first, second = min(i, j), max(i, j)
            if first != second and earliest.get(second, second) > first:
                earliest[second] = first

        for origin, mine in groups.items():
            within = self._within(texts[origin])
            for text, positions in mine.items():
                for i in positions[1:]:
                    pair(positions[0], i)
                for other in within.get(text, ()):
                    for i in positions:
                        for j in mine[other]:
                            pair(i, j)
        names = sorted(groups)
        for a, first in enumerate(names):
            for second in names[a + 1:]:
                probe, target = sorted((first, second), key=lambda o: len(groups[o]))
                theirs = groups[target]
                for text, positions in groups[probe].items():
                    for other in self._candidates(text, texts[target]):
                        if self.similar(text, other):
                            for i in positions:
                                for j in theirs[other]:
                                    pair(i, j)
        warnings = []
        for position in sorted(earliest):
            key, clause, _, _ = order[position]
            first_key = order[earliest[position]][0]
            warnings.append(Problem(clause.origin, key, f"clause '{clause.id}' repeats "
                                    f"{first_key}; merge or reword them", "warning",
                                    "duplicate-clause"))
        return warnings
