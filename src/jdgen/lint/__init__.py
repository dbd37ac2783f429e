"""Stage 3b: lint rules over resolved documents (warnings; errors under ``--strict``).

Each rule has an id that ``[lint] disable = [...]`` in ``jdgen.toml`` can switch off.
"""

from __future__ import annotations

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


def _shingles(text: str) -> frozenset[str]:
    flat = _NOT_WORD.sub("", text.casefold())
    return frozenset(flat[i:i + 3] for i in range(max(1, len(flat) - 2)))


def duplicate_clause(doc: Document) -> list[Problem]:
    """Two clauses of the document whose text is the same or nearly the same."""
    problems: list[Problem] = []
    lang = doc.languages[0]
    seen: list[tuple[str, frozenset[str]]] = []
    for section in doc.sections:
        for clause in (c for top in section.clauses for c in (top, *top.items)):
            shingles = _shingles(clause.text[lang])
            size = len(shingles)
            for other_key, other_shingles in seen:
                other_size = len(other_shingles)
                if min(size, other_size) < NEAR_DUPLICATE * max(size, other_size):
                    continue
                common = len(shingles & other_shingles)
                if common >= NEAR_DUPLICATE * (size + other_size - common):
                    problems.append(_warning(
                        clause, f"{section.key}.{clause.id}", "duplicate-clause",
                        f"clause '{clause.id}' repeats {other_key}; merge or reword them"))
                    break
            seen.append((f"{section.key}.{clause.id}", shingles))
    return problems


CHECKS: dict[str, Callable[[Document], list[Problem]]] = {
    "foreign-language": foreign_language,
    "uncovered-function": uncovered_function,
    "duplicate-clause": duplicate_clause,
}


def lint_documents(documents: Iterable[Document], disabled: frozenset[str]) -> list[Problem]:
    """Every lint warning for ``documents``, rules in ``disabled`` skipped."""
    problems: list[Problem] = []
    for doc in documents:
        for rule, check in CHECKS.items():
            if rule not in disabled:
                problems.extend(check(doc))
    return problems


def drop_disabled(problems: Iterable[Problem], disabled: frozenset[str]) -> list[Problem]:
    """``problems`` without warnings of disabled rules."""
    return [p for p in problems if not (p.severity == "warning" and p.rule in disabled)]
