"""Stage 3b: lint rules over resolved documents (warnings; errors under ``--strict``).

Each rule has an id that ``[lint] disable = [...]`` in ``jdgen.toml`` can switch off; the
table of rules is :mod:`jdgen.lint_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from jdgen.errors import Problem
from jdgen.lint.duplicates import DuplicateFinder
from jdgen.lint.placeholders import placeholder_text
from jdgen.lint_rules import RULES as RULES
from jdgen.resolve.document import Clause, Document

# Answers remembered per text by the pattern rules. Texts a base role passes down recur in
# every document and stay in the cache; each entry keeps its text alive, so more would only
# hold the texts of documents already done.
MATCHES_KEPT = 4096

_FOREIGN = re.compile(
    r"foreign|international|overseas|expatriate|ต่างประเทศ|ต่างชาติ|นานาชาติ|иностран|зарубеж",
    re.IGNORECASE,
)
# A foreign language named in a requirement: "foreign language" or a language by name.
# Thai itself (the working language) and figures of speech ("body language") do not count.
_LANGUAGES_EN = (
    "english|chinese|mandarin|japanese|korean|french|german|russian|lao|burmese|"
    "khmer|vietnamese|malay|indonesian|arabic|spanish|hindi"
)
_LANGUAGES_TH = (
    "อังกฤษ|จีน|ญี่ปุ่น|เกาหลี|ฝรั่งเศส|เยอรมัน|รัสเซีย|ลาว|พม่า|เขมร|เวียดนาม|มลายู|"
    "อินโดนีเซีย|อาหรับ|สเปน|ฮินดี|ต่างประเทศ|ต่างชาติ"
)
_LANGUAGE_SKILL = re.compile(
    rf"foreign languages?|\b(?:{_LANGUAGES_EN})\b|ภาษา(?:{_LANGUAGES_TH})"
    r"|иностранн\w* язык|английск|китайск|японск",
    re.IGNORECASE,
)


def _warning(clause: Clause, key: str, rule: str, message: str) -> Problem:
    return Problem(clause.origin, key, message, "warning", rule)


def _matcher(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """``pattern.search`` as a yes/no answer, remembered per text (texts repeat a lot)."""
    return lru_cache(maxsize=MATCHES_KEPT)(lambda text: pattern.search(text) is not None)


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
    foreign = [
        (key, c)
        for key in ("functions", "duties")
        for c, text in _texts(_section_clauses(doc, key))
        if _mentions_foreign(text)
    ]
    if not foreign:
        return []
    stated = any(
        _mentions_language(text)
        for _, text in _texts(_section_clauses(doc, "requirements", "general_provisions"))
    )
    if stated:
        return []
    section, clause = foreign[0]
    return [
        _warning(
            clause,
            f"{section}.{clause.id}",
            "foreign-language",
            f"'{clause.id}' involves foreign clients but no requirement names a "
            "foreign language; add one to requirements (kind: skills)",
        )
    ]


def uncovered_function(doc: Document) -> list[Problem]:
    """Every function has at least one duty that names it, when both sections exist."""
    duties = doc.section("duties")
    functions = doc.section("functions")
    if duties is None or functions is None:
        return []
    covered = {c.function for c in duties.clauses}
    return [
        _warning(
            c,
            f"functions.{c.id}",
            "uncovered-function",
            f"function '{c.id}' has no duty; add a duty with function: {c.id}",
        )
        for c in functions.clauses
        if c.id not in covered
    ]


CHECKS: dict[str, Callable[[Document], list[Problem]]] = {
    "foreign-language": foreign_language,
    "uncovered-function": uncovered_function,
    "placeholder-text": placeholder_text,
}


class Linter:
    """Every rule not disabled, applied one document at a time."""

    def __init__(self, disabled: frozenset[str], sample: Iterable[str]) -> None:
        self.checks = [check for rule, check in CHECKS.items() if rule not in disabled]
        self.finder = DuplicateFinder(sample) if "duplicate-clause" not in disabled else None
        if self.finder is not None:
            self.checks.append(self.finder)

    def __call__(self, doc: Document) -> list[Problem]:
        """Every warning for ``doc``."""
        return [problem for check in self.checks for problem in check(doc)]

    def release(self) -> None:
        """Free the rules' caches (the linter is done)."""
        if self.finder is not None:
            self.finder.release()


def drop_disabled(problems: Iterable[Problem], disabled: frozenset[str]) -> list[Problem]:
    """``problems`` without warnings of disabled rules."""
    return [p for p in problems if not (p.severity == "warning" and p.rule in disabled)]
