"""The ``duplicate-clause`` rule: two clauses of one document say the same or nearly the
same thing (character-trigram Jaccard similarity >= NEAR_DUPLICATE, case and punctuation
ignored). The answer is exactly that of comparing every pair of clauses of the document.

It runs one document at a time and keeps nothing per document, so that a build can lint
a library it never holds whole. Two ideas keep it fast on a large library:

* A prefix filter: under one fixed order of trigrams, two sets with Jaccard >= t share one
  of their first ``len - ceil(t*len) + 1`` trigrams, so only texts sharing such a trigram
  are ever compared; within one file the texts are joined in order of size (PPJoin: a
  shorter indexed prefix, a size filter, and a bound on the places two texts can still
  share), so 10,000 clauses of one file cost seconds, not minutes. Any fixed order is
  exact; rarest-first makes the prefixes selective.
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
from jdgen.resolve.document import Clause, Document

NEAR_DUPLICATE = 0.85
RANK_SAMPLE = 1024  # texts whose trigram frequencies fix the filter's order
GROUPS_KEPT = 256  # per-group indexes and within-group answers kept...
PREFIXES_KEPT = 16384  # ...and texts' trigram places...
SETS_KEPT = 1024  # ...and full trigram sets
_NOT_WORD = re.compile(r"[\W_]+")
_SLACK = 1e-9  # the filters' bounds err on the side of comparing a pair
Group = frozenset[str]
# A group's prefix index: place -> (text number, position); the texts, their place sets
# and sizes by number.
_Index = tuple[dict[int, list[tuple[int, int]]], list[str], list[frozenset[int]], list[int]]
_Groups = dict[str, dict[str, list[int]]]  # origin -> text -> positions in the document


def _probe_length(size: int) -> int:
    """How many of a text's first places another text with Jaccard >= t must share one of."""
    return size - math.ceil(NEAR_DUPLICATE * size - _SLACK) + 1


def _index_length(size: int) -> int:
    """The shorter prefix that suffices for a text probed only by texts at least as large."""
    return size - math.ceil(2 * NEAR_DUPLICATE / (1 + NEAR_DUPLICATE) * size - _SLACK) + 1


def _near(a: frozenset[int], b: frozenset[int]) -> bool:
    common = len(a & b)
    return common >= NEAR_DUPLICATE * (len(a) + len(b) - common)


def _probe(
    places: tuple[int, ...],
    prefix: int,
    index: dict[int, list[tuple[int, int]]],
    sizes: list[int],
    *,
    longer_too: bool,
) -> list[int]:
    """The indexed texts that may be similar to a text with ``places``: those sharing one of
    its first ``prefix`` places, of a size that allows it (larger ones only if
    ``longer_too``), and that can still share enough places from where they first met."""
    size = len(places)
    smallest = NEAR_DUPLICATE * size - _SLACK
    largest = size / NEAR_DUPLICATE + _SLACK if longer_too else size
    share = NEAR_DUPLICATE / (1 + NEAR_DUPLICATE)
    overlap: dict[int, int] = {}  # candidate -> places shared so far, -1 once ruled out
    for i in range(prefix):
        for other, j in index.get(places[i], ()):
            seen = overlap.get(other, 0)
            if seen < 0:
                continue
            other_size = sizes[other]
            if not smallest <= other_size <= largest:
                overlap[other] = -1
                continue
            needed = math.ceil(share * (size + other_size) - _SLACK)
            can_share = seen + 1 + min(size - i - 1, other_size - j - 1)
            overlap[other] = seen + 1 if can_share >= needed else -1
    return [other for other, seen in overlap.items() if seen > 0]


def trigrams(text: str) -> frozenset[str]:
    """The text's character trigrams, case and punctuation ignored."""
    flat = _NOT_WORD.sub("", text.casefold())
    return frozenset([flat[i : i + 3] for i in range(max(1, len(flat) - 2))])


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
        self._places = lru_cache(maxsize=PREFIXES_KEPT)(self._make_places)
        self._set = lru_cache(maxsize=SETS_KEPT)(trigrams)
        self._index = lru_cache(maxsize=groups_kept)(self._make_index)
        self._within = lru_cache(maxsize=groups_kept)(self._make_within)

    def release(self) -> None:
        """Drop every cache (they refer back to the finder: free them now, not at a gc)."""
        for cache in (self._places, self._set, self._index, self._within):
            cache.cache_clear()
        self.order.clear()

    def _make_places(self, text: str) -> tuple[int, ...]:
        """The text's trigrams as their places in the filter's order, rarest first."""
        order = self.order
        places = []
        for gram in self._set(text):
            place = order.get(gram)
            if place is None:  # not in the sample: rare, and numbered once for good
                place = order[gram] = -len(order) - 1
            places.append(place)
        places.sort()
        return tuple(places)

    def _make_index(self, group: Group) -> _Index:
        """Each place in the texts' prefixes -> (text number, position), and the texts."""
        texts = sorted(group)
        sets, sizes = [], []
        index: dict[int, list[tuple[int, int]]] = {}
        for number, text in enumerate(texts):
            places = self._places(text)
            sets.append(frozenset(places))
            sizes.append(len(places))
            for position in range(_probe_length(len(places))):
                index.setdefault(places[position], []).append((number, position))
        return index, texts, sets, sizes

    def _candidates(self, text: str, group: Group) -> list[str]:
        """The texts of ``group`` similar to ``text`` (verified, not just candidates)."""
        index, texts, sets, sizes = self._index(group)
        places = self._places(text)
        mine = frozenset(places)
        return [
            texts[other]
            for other in _probe(places, _probe_length(len(places)), index, sizes, longer_too=True)
            if _near(mine, sets[other])
        ]

    def _make_within(self, group: Group) -> dict[str, set[str]]:
        """Text -> the other texts of ``group`` that it is similar to.

        An all-pairs similarity join (PPJoin): texts in order of size, each probing the
        prefixes of the texts before it, candidates pruned by size and by how many places
        they can still share; only the survivors are compared.
        """
        records = sorted(
            ((self._places(text), text) for text in group),
            key=lambda record: (len(record[0]), record[1]),
        )
        sizes = [len(places) for places, _ in records]
        sets: list[frozenset[int]] = []
        index: dict[int, list[tuple[int, int]]] = {}
        found: dict[str, set[str]] = {}
        for number, (places, text) in enumerate(records):
            mine = frozenset(places)
            sets.append(mine)
            for other in _probe(places, _probe_length(len(places)), index, sizes, longer_too=False):
                if _near(mine, sets[other]):
                    found.setdefault(text, set()).add(records[other][1])
                    found.setdefault(records[other][1], set()).add(text)
            for position in range(_index_length(len(places))):
                index.setdefault(places[position], []).append((number, position))
        return found

    def __call__(self, doc: Document) -> list[Problem]:
        """The document's duplicate-clause warnings, each on the later clause of a pair."""
        lang = doc.languages[0]
        order = [
            (f"{section.key}.{clause.id}", clause, clause.text[lang], clause.origin.path)
            for section, clause, _ in doc.clauses()
        ]  # (key, clause, text, origin)
        groups: _Groups = {}
        for position, (_, _, text, origin) in enumerate(order):
            groups.setdefault(origin, {}).setdefault(text, []).append(position)
        texts = {origin: Group(mine) for origin, mine in groups.items()}
        earliest: dict[int, int] = {}  # position -> earliest earlier similar position
        self._pair_within(groups, texts, earliest)
        self._pair_across(groups, texts, earliest)
        return _warnings(order, earliest)

    def _pair_within(
        self, groups: _Groups, texts: dict[str, Group], earliest: dict[int, int]
    ) -> None:
        """Note the similar clauses of each file: repeats of one text, and the texts that
        the file's remembered within-group answer pairs."""
        for origin, mine in groups.items():
            within = self._within(texts[origin])
            for text, positions in mine.items():
                for i in positions[1:]:
                    _note_pair(earliest, positions[0], i)
                for other in within.get(text, ()):
                    for i in positions:
                        for j in mine[other]:
                            _note_pair(earliest, i, j)

    def _pair_across(
        self, groups: _Groups, texts: dict[str, Group], earliest: dict[int, int]
    ) -> None:
        """Note the similar clauses of two files, for every pair of files: the texts of the
        one with fewer probe the other's index."""
        names = sorted(groups)
        for a, first in enumerate(names):
            for second in names[a + 1 :]:
                probe, target = sorted((first, second), key=lambda o: len(groups[o]))
                theirs = groups[target]
                for text, positions in groups[probe].items():
                    for other in self._candidates(text, texts[target]):
                        for i in positions:
                            for j in theirs[other]:
                                _note_pair(earliest, i, j)


def _note_pair(earliest: dict[int, int], i: int, j: int) -> None:
    """Clauses ``i`` and ``j`` are similar: keep the earliest similar clause of the later."""
    first, second = min(i, j), max(i, j)
    if first != second and earliest.get(second, second) > first:
        earliest[second] = first


def _warnings(order: list[tuple[str, Clause, str, str]], earliest: dict[int, int]) -> list[Problem]:
    """One warning per clause that repeats an earlier one, in the document's order."""
    warnings = []
    for position in sorted(earliest):
        key, clause, _, _ = order[position]
        first_key = order[earliest[position]][0]
        warnings.append(
            Problem(
                clause.origin,
                key,
                f"clause '{clause.id}' repeats {first_key}; merge or reword them",
                "warning",
                "duplicate-clause",
            )
        )
    return warnings
