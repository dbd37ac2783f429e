"""Stage 3b: lint rules over resolved documents (warnings; errors under ``--strict``).

Each rule has an id that ``[lint] disable = [...]`` in ``jdgen.toml`` can switch off.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

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
_LANGUAGE_SKILL = re.compile(r"language|ภาษา(?!ไทย)|язык", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
NEAR_DUPLICATE = 0.85


def _warning(clause: Clause, key: str, rule: str, message: str) -> Problem:
    return Problem(clause.origin, key, message, "warning", rule)


def _texts(clauses: Iterable[Clause]) -> Iterable[tuple[Clause, str]]:
    for clause in clauses:
        yield clause, " ".join(clause.text.values())
        for item in clause.items:
            yield item, " ".join(item.text.values())


def _section_clauses(doc: Document, *keys: str) -> list[Clause]:
    return [c for key in keys if (s := doc.section(key)) for c in s.clauses]


def foreign_language(doc: Document) -> list[Problem]:
    """Duties with foreign clients need a foreign-language skill (the source text's example)."""
    foreign = [c for c, text in _texts(_section_clauses(doc, "functions", "duties"))
               if _FOREIGN.search(text)]
    if not foreign:
        return []
    stated = any(_LANGUAGE_SKILL.search(text)
                 for _, text in _texts(_section_clauses(doc, "requirements",
                                                        "general_provisions")))
    if stated:
        return []
    clause = foreign[0]
    return [_warning(clause, clause.id, "foreign-language",
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
    flat = _NOT_WORD.sub("", text.casefold())
    return frozenset(flat[i:i + 3] for i in range(max(1, len(flat) - 2)))


class DuplicateFinder:
    """Finds same or nearly the same clauses (trigram Jaccard >= NEAR_DUPLICATE).

    A prefix filter keeps it fast: under one fixed order of trigrams (rarest first across
    the project), two similar sets share one of their first ``len - ceil(t*len) + 1``
    trigrams, so only pairs sharing such a rare trigram are compared. Signatures are cached
    per text, because clauses inherited from a base repeat in every child.
    """

    def __init__(self, documents: list[Document]) -> None:
        texts = {c.text[d.languages[0]] for d in documents for _, c, _ in d.clauses()}
        self.grams = {text: _trigrams(text) for text in texts}
        self.frequency: dict[str, int] = {}
        for grams in self.grams.values():
            for gram in grams:
                self.frequency[gram] = self.frequency.get(gram, 0) + 1
        self.prefixes: dict[str, tuple[str, ...]] = {}
        self.pairs: dict[tuple[str, str], bool] = {}

    def _similar(self, a: str, b: str) -> bool:
        known = self.pairs.get((a, b))
        if known is None:
            grams, other = self.grams[a], self.grams[b]
            common = len(grams & other)
            known = common >= NEAR_DUPLICATE * (len(grams) + len(other) - common)
            self.pairs[(a, b)] = known
        return known

    def _prefix(self, text: str) -> tuple[str, ...]:
        prefix = self.prefixes.get(text)
        if prefix is None:
            ordered = sorted(self.grams[text], key=lambda g: (self.frequency[g], g))
            keep = len(ordered) - math.ceil(NEAR_DUPLICATE * len(ordered)) + 1
            prefix = self.prefixes[text] = tuple(ordered[:keep])
        return prefix

    def __call__(self, doc: Document) -> list[Problem]:
        lang = doc.languages[0]
        index: dict[str, list[int]] = {}
        seen: list[tuple[str, str]] = []
        problems: list[Problem] = []
        for section in doc.sections:
            for clause in (c for top in section.clauses for c in (top, *top.items)):
                key = f"{section.key}.{clause.id}"
                text = clause.text[lang]
                prefix = self._prefix(text)
                candidates = sorted({i for gram in prefix for i in index.get(gram, ())})
                for i in candidates:
                    other_key, other = seen[i]
                    if self._similar(text, other):
                        problems.append(_warning(
                            clause, key, "duplicate-clause",
                            f"clause '{clause.id}' repeats {other_key}; merge or reword them"))
                        break
                for gram in prefix:
                    index.setdefault(gram, []).append(len(seen))
                seen.append((key, text))
        return problems


CHECKS: dict[str, Callable[[Document], list[Problem]]] = {
    "foreign-language": foreign_language,
    "uncovered-function": uncovered_function,
}


def lint_documents(documents: Iterable[Document], disabled: frozenset[str]) -> list[Problem]:
    """Every lint warning for ``documents``, rules in ``disabled`` skipped."""
    documents = list(documents)
    checks = {rule: check for rule, check in CHECKS.items() if rule not in disabled}
    if "duplicate-clause" not in disabled:
        checks["duplicate-clause"] = DuplicateFinder(documents)
    problems: list[Problem] = []
    for doc in documents:
        for check in checks.values():
            problems.extend(check(doc))
    return problems


def drop_disabled(problems: Iterable[Problem], disabled: frozenset[str]) -> list[Problem]:
    """``problems`` without warnings of disabled rules."""
    return [p for p in problems if not (p.severity == "warning" and p.rule in disabled)]
