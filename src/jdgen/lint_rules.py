"""The lint rules: their ids, what each checks, and how severe a finding is.

The table is read by :mod:`jdgen.project` (``[lint] disable`` may only name these ids) and
by :mod:`jdgen.lint`, which runs the rules; it imports nothing of jdgen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class LintRule:
    """One lint rule: the id ``[lint] disable`` names, and what it finds."""

    id: str
    description: str
    severity: Literal["warning", "error"] = "warning"  # an error under --strict anyway


LINT_RULES: tuple[LintRule, ...] = (
    LintRule("foreign-language", "duties with foreign clients need a foreign-language requirement"),
    LintRule("uncovered-function", "every function is covered by a duty when both sections exist"),
    LintRule(
        "duplicate-clause", "two clauses of one document say the same or nearly the same thing"
    ),
    LintRule("empty-section", "a section is present but has no clauses"),
    LintRule("unprintable", "a text has a character no configured font can print"),
    LintRule("nested-role-file", "a role file in a sub-folder of roles/, which is not read"),
    LintRule("placeholder-text", "a text jdgen new wrote as a placeholder (TODO:) is still there"),
    LintRule(
        "invisible-character", "a joiner or direction mark nobody can see in the printed text"
    ),
    LintRule("single-language-text", "one text in Thai for every language of the project"),
    LintRule("ambiguous-scalar", "an unquoted value other YAML tools read as a number or a date"),
)
RULES: dict[str, str] = {rule.id: rule.description for rule in LINT_RULES}
"""Rule id -> what it checks, in the table's order."""
