"""Stage 3b: lint rules over resolved documents (warnings; errors under ``--strict``).

Each rule has an id that ``[lint] disable = [...]`` in ``jdgen.toml`` can switch off.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from jdgen.errors import Problem
from jdgen.resolve.document import Clause, Document

RULES: dict[str, str] = {
    "foreign-language": "duties with foreign clients need a foreign-language requirement",
    "uncovered-function": "every function is covered by a duty when both sections exist",
    "duplicate-clause": "two clauses of one document say the same or nearly the same thing",
    "empty-section": "a section is present but has no clauses",
}

_FOREIGN = re.compile(
    r"foreign|international|overseas|expatriate|ต่างประเทศ|ต่างชาติ|นานาชาติ|иностран|зарубеж",
    re.IGNORECASE,
)
# A foreign language named in a requirement: "foreign language" or a language by name.
# Thai itself (the working language) and figures of speech ("body language") do not count.
_LANGUAGES_EN = ("english|chinese|mandarin|japanese|korean|french|german|russian|lao|burmese|"
                 "khmer|vietnamese|malay|indonesian|arabic|spanish|hindi")
_LANGUAGES_TH = ("อังกฤษ|จีน|ญี่ปุ่น|เกาหลี|ฝรั่งเศส|เยอรมัน|รัสเซีย|ลาว|พม่า|เขมร|เวียดนาม|มลายู|"
                 "อินโดนีเซีย|อาหรับ|สเปน|ฮินดี|ต่างประเทศ|ต่างชาติ")
_LANGUAGE_SKILL = re.compile(
    rf"foreign languages?|\b(?:{_LANGUAGES_EN})\b|ภาษา(?:{_LANGUAGES_TH})"
    r"|иностранн\w* язык|английск|китайск|японск",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"[\W_]+")
NEAR_DUPLICATE = 0.85
INDEXES_KEPT = 64  # per-file trigram indexes kept by the duplicate finder...
SETS_KEPT = 1024  # ...and full trigram sets...
SIMILAR_KEPT = 16384  # ...and answers for pairs of texts
K = TypeVar("K")
V = TypeVar("V")


def _warning(clause: Clause, key: str, rule: str, message: str) -> Problem:
    return Problem(clause.origin, key, message, "warning", rule)


def _matcher(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """``pattern.search`` as a yes/no answer, remembered per text (texts repeat a lot)."""
    return lru_cache(maxsize=65536)(lambda text: pattern.search(text) is not None)


_mentions_foreign = _matcher(_FOREIGN)
_mentions_language = _matcher(_LANGUAGE_SKILL)


def _texts(clauses: Iterable[Clause]) -> Iterable[tuple[Clause, str]]:
    """Each clause and sub-clause with each of its texts (the library's own strings, so the
    matchers' caches hold no copies)."""
    for clause in clauses:
        for text in clause.text.values():
            yield clause, text
        for item in clause.items:
            for text in item.text.values():
                yield item, text


def _section_clauses(doc: Document, *keys: str) -> list[Clause]:
    return [c for key in keys if (s := doc.section(key)) for c in s.clauses]


def foreign_language(doc: Document) -> list[Problem]:
    """Duties with foreign clients need a foreign-language skill (the source text's example)."""
    foreign = [(key, c) for key in ("functions", "duties")
               for c, text in _texts(_section_clauses(doc, key)) if _mentions_foreign(text)]
    if not foreign:
        return []
    stated = any(_mentions_language(text)
                 for _, text in _texts(_section_clauses(doc, "requirements",
                                                        "general_provisions")))
    if stated:
        return []
    section, clause = foreign[0]
    return [_warning(clause, f"{section}.{clause.id}", "foreign-language",
                     f"'{clause.id}' involves foreign clients but no requirement names a "
                     "foreign language; add one to requirements (kind: skills)")]


def uncovered_function(doc: Document) -> list[Problem]:
    """Every function has at least one duty that names it, when both sections exist."""
    duties = doc.section("duties")
    functions = doc.section("functions")
    if duties is None or functions is None:
        return []
    covered = {c.function for c in duties.clauses}
    return [_warning(c, f"functions.{c.id}", "uncovered-function",
                     f"function '{c.id}' has no duty; add a duty with function: {c.id}")
            for c in functions.clauses if c.id not in covered]


def _trigrams(text: str) -> frozenset[str]:
    """The text's character trigrams, case and punctuation ignored."""
    flat = _NOT_WORD.sub("", text.casefold())
    return frozenset([flat[i:i + 3] for i in range(max(1, len(flat) - 2))])


def _numbered_trigrams(texts: Iterable[str]) -> tuple[dict[str, array[int]], array[int]]:
    """Each text's trigrams as numbers, and each number's place in rarest-first order.

    Numbers in an array cost 4 bytes a trigram, against 8 for a reference to a string.
    """
    numbers: dict[str, int] = {}  # trigram -> its number, in order of first sight
    frequency: list[int] = []  # number -> how many texts have it
    grams: dict[str, array[int]] = {}
    for text in texts:
        mine = grams[text] = array("I", [numbers.setdefault(g, len(numbers))
                                         for g in _trigrams(text)])
        frequency.extend([0] * (len(numbers) - len(frequency)))
        for number in mine:
            frequency[number] += 1
    spelled = list(numbers)  # number -> trigram
    rank = array("I", bytes(4 * len(spelled)))
    by_rarity = sorted(range(len(spelled)), key=lambda n: (frequency[n], spelled[n]))
    for place, number in enumerate(by_rarity):
        rank[number] = place
    return grams, rank


class _Recent(OrderedDict[K, V]):
    """A dict that keeps only its ``limit`` most recently used entries."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get_or_make(self, key: K, make: Callable[[K], V]) -> V:
        """The value for ``key``, made (and the least recently used dropped) when absent."""
        try:
            self.move_to_end(key)
            return self[key]
        except KeyError:
            value = self[key] = make(key)
            if len(self) > self.limit:
                self.popitem(last=False)
            return value


class DuplicateFinder:
    """Finds same or nearly the same clauses (trigram Jaccard >= NEAR_DUPLICATE).

    Two ideas keep it fast on a large library:

    * A prefix filter: under one fixed order of trigrams (rarest first across the project),
      two sets with Jaccard >= t share one of their first ``len - ceil(t*len) + 1``
      trigrams, so only texts sharing such a trigram are ever compared.
    * Clauses are grouped by the file they were written in (their origin). A base role's
      clauses reappear in every child, so the similar pairs *within* one file's texts are
      found once per file; per document only pairs *across* files are looked up, probing
      the smaller group against the other file's trigram index.

    Memory: per text, its trigrams are kept as an array of trigram numbers and its prefix
    as an array of ranks (4 bytes each); sets are built only for the pairs the filter lets
    through (the most recent kept), and per-file indexes are kept for the most recently
    used files only (documents come file by file). ``release()`` frees it all at once.
    The result is exactly that of comparing every pair of clauses in each document.
    """

    def __init__(self, documents: list[Document], indexes_kept: int = INDEXES_KEPT) -> None:
        texts: dict[str, set[str]] = {}  # origin file -> texts written there
        for doc in documents:
            lang = doc.languages[0]
            for _, clause, _ in doc.clauses():
                texts.setdefault(clause.origin.path, set()).add(clause.text[lang])
        grams, rank = _numbered_trigrams(set().union(*texts.values()))
        self.prefixes: dict[str, array[int]] = {}
        for text, numbers in grams.items():
            ordered = sorted([rank[n] for n in numbers])
            keep = len(ordered) - math.ceil(NEAR_DUPLICATE * len(ordered)) + 1
            self.prefixes[text] = array("I", ordered[:keep])
        self.grams = grams
        self.texts = texts
        self.indexes: _Recent[str, dict[int, list[str]]] = _Recent(indexes_kept)
        self.within: dict[str, dict[str, set[str]]] = {}
        self._set = lru_cache(maxsize=SETS_KEPT)(lambda text: frozenset(grams[text]))
        self._similar_cached = lru_cache(maxsize=SIMILAR_KEPT)(self._similar)

    def release(self) -> None:
        """Drop every cache and index (the finder is done)."""
        self._similar_cached.cache_clear()
        self._set.cache_clear()
        self.indexes.clear()
        self.within.clear()
        self.prefixes.clear()
        self.grams.clear()
        self.texts.clear()

    def _similar(self, a: str, b: str) -> bool:
        if a == b:
            return True
        grams, other = self._set(a), self._set(b)
        common = len(grams & other)
        return common >= NEAR_DUPLICATE * (len(grams) + len(other) - common)

    def similar(self, a: str, b: str) -> bool:
        """Whether texts ``a`` and ``b`` are the same or nearly the same (cached)."""
        return self._similar_cached(a, b) if a <= b else self._similar_cached(b, a)

    def _build_index(self, origin: str) -> dict[int, list[str]]:
        index: dict[int, list[str]] = {}
        for text in sorted(self.texts[origin]):
            for gram in self.prefixes[text]:
                index.setdefault(gram, []).append(text)
        return index

    def _candidates(self, text: str, origin: str) -> set[str]:
        index = self.indexes.get_or_make(origin, self._build_index)
        return {other for gram in self.prefixes[text] for other in index.get(gram, ())}

    def _within(self, origin: str) -> dict[str, set[str]]:
        """Text -> the other texts of the same origin that it is similar to."""
        found = self.within.get(origin)
        if found is None:
            found = self.within[origin] = {}
            for text in self.texts[origin]:
                for other in self._candidates(text, origin):
                    if other != text and self.similar(text, other):
                        found.setdefault(text, set()).add(other)
        return found

    def __call__(self, doc: Document) -> list[Problem]:
        lang = doc.languages[0]
        order = [(f"{section.key}.{clause.id}", clause, clause.text[lang], clause.origin.path)
                 for section, clause, _ in doc.clauses()]  # (key, clause, text, origin)
        groups: dict[str, dict[str, list[int]]] = {}  # origin -> text -> positions
        for position, (_, _, text, origin) in enumerate(order):
            groups.setdefault(origin, {}).setdefault(text, []).append(position)
        earliest: dict[int, int] = {}  # position -> earliest earlier similar position

        def pair(i: int, j: int) -> None:
            first, second = min(i, j), max(i, j)
            if first != second and earliest.get(second, second) > first:
                earliest[second] = first

        for origin, mine in groups.items():
            within = self._within(origin)
            for text, positions in mine.items():
                for i in positions[1:]:
                    pair(positions[0], i)
                for other in within.get(text, ()):
                    for i in positions:
                        for j in mine.get(other, ()):
                            pair(i, j)
        names = sorted(groups)
        for a, first in enumerate(names):
            for second in names[a + 1:]:
                probe, target = sorted((first, second), key=lambda o: len(groups[o]))
                theirs = groups[target]
                for text, positions in groups[probe].items():
                    for other in self._candidates(text, target):
                        if other in theirs and self.similar(text, other):
                            for i in positions:
                                for j in theirs[other]:
                                    pair(i, j)
        problems: list[Problem] = []
        for position in sorted(earliest):
            key, clause, _, _ = order[position]
            problems.append(_warning(
                clause, key, "duplicate-clause",
                f"clause '{clause.id}' repeats {order[earliest[position]][0]}; "
                "merge or reword them"))
        return problems


CHECKS: dict[str, Callable[[Document], list[Problem]]] = {
    "foreign-language": foreign_language,
    "uncovered-function": uncovered_function,
}


def lint_documents(documents: Iterable[Document], disabled: frozenset[str]) -> list[Problem]:
    """Every lint warning for ``documents``, rules in ``disabled`` skipped."""
    documents = list(documents)
    checks = [check for rule, check in CHECKS.items() if rule not in disabled]
    finder = DuplicateFinder(documents) if "duplicate-clause" not in disabled else None
    if finder is not None:
        checks.append(finder)
    problems: list[Problem] = []
    try:
        for doc in documents:
            for check in checks:
                problems.extend(check(doc))
    finally:
        if finder is not None:
            finder.release()  # its caches refer back to it: free them now, not at a gc
    return problems


def drop_disabled(problems: Iterable[Problem], disabled: frozenset[str]) -> list[Problem]:
    """``problems`` without warnings of disabled rules."""
    return [p for p in problems if not (p.severity == "warning" and p.rule in disabled)]
