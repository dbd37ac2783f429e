"""The ``placeholder-text`` rule: text that ``jdgen new`` wrote for the author to replace.

Placeholders start with :data:`MARK` in every language, so that a role nobody finished is a
warning in ``jdgen validate`` and an error under ``--strict`` (CI), never a published
document that says "TODO".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jdgen.errors import Problem
from jdgen.resolve.document import Document

RULE = "placeholder-text"
MARK = "TODO:"
HEADER_KEYS = ("title", "department", "reports_to", "purpose")
_MARK = re.compile(r"(?<![A-Za-z])TODO(?![A-Za-z])")


def is_placeholder(text: str) -> bool:
    """Whether ``text`` holds the placeholder mark."""
    return "TODO" in text and _MARK.search(text) is not None  # `in` is the fast filter


def _texts(doc: Document) -> Iterator[str]:
    for key in HEADER_KEYS:
        yield from (getattr(doc, key) or {}).values()
    pending = [c for section in doc.sections for c in section.clauses]
    while pending:
        clause = pending.pop()
        yield from clause.text.values()
        pending.extend(clause.items)


def placeholder_text(doc: Document) -> list[Problem]:
    """A warning for every header text and clause of ``doc`` that is still a placeholder."""
    if not is_placeholder("\n".join(_texts(doc))):
        return []  # the common case: one search over the whole document
    problems = []
    for key in HEADER_KEYS:
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
