"""The ``placeholder-text`` rule: text that ``jdgen new`` wrote for the author to replace.

Placeholders start with :data:`MARK` in every language, so that a role nobody finished is a
warning in ``jdgen validate`` and an error under ``--strict`` (CI), never a published
document that says "TODO".
"""

from __future__ import annotations

import re

from jdgen.errors import Problem
from jdgen.resolve.document import Document

RULE = "placeholder-text"
MARK = "TODO:"
_MARK = re.compile(r"(?<![A-Za-z])TODO(?![A-Za-z])")


def is_placeholder(text: str) -> bool:
    """Whether ``text`` holds the placeholder mark."""
    return _MARK.search(text) is not None


def placeholder_text(doc: Document) -> list[Problem]:
    """A warning for every header text and clause of ``doc`` that is still a placeholder."""
    problems = []
    for key in ("title", "department", "reports_to", "purpose"):
        text = getattr(doc, key)
        if text and any(is_placeholder(t) for t in text.values()):
            problems.append(
                Problem(
                    doc.source,
                    key,
                    f"{key} is still placeholder text ({MARK}); write it",
                    "warning",
                    RULE,
                )
            )
    for section in doc.sections:
        pending = [(f"{section.key}.{c.id}", c) for c in section.clauses]
        while pending:
            key, clause = pending.pop(0)
            if any(is_placeholder(t) for t in clause.text.values()):
                problems.append(
                    Problem(
                        clause.origin,
                        key,
                        f"clause '{clause.id}' is still "
                        f"placeholder text ({MARK}); write the clause or "
                        "remove it",
                        "warning",
                        RULE,
                    )
                )
            pending.extend((f"{key}.{item.id}", item) for item in clause.items)
    return problems
