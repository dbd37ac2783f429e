"""The printable view of a document: numbering (1., 1.1, 1.1.1) computed, never stored.

Every renderer uses this one view, so PDF, DOCX and HTML number clauses identically.
"""

from __future__ import annotations

from dataclasses import dataclass

from jdgen.resolve.document import Clause, Document


@dataclass(frozen=True)
class NumberedClause:
    """A clause with its printed number, e.g. ``2.3`` or ``2.3.1``."""

    number: str
    clause: Clause
    items: tuple[NumberedClause, ...] = ()

    def text(self, lang: str) -> str:
        """The clause text in ``lang``."""
        return self.clause.text[lang]


@dataclass(frozen=True)
class NumberedSection:
    """A section with its printed number, e.g. ``2``."""

    number: str
    key: str
    clauses: tuple[NumberedClause, ...]


def number_document(doc: Document) -> tuple[NumberedSection, ...]:
    """The document's sections and clauses with their printed numbers."""
    sections = []
    for s_index, section in enumerate(doc.sections, start=1):
        clauses = []
        for c_index, clause in enumerate(section.clauses, start=1):
            number = f"{s_index}.{c_index}"
            items = tuple(
                NumberedClause(f"{number}.{i_index}", item)
                for i_index, item in enumerate(clause.items, start=1)
            )
            clauses.append(NumberedClause(number, clause, items))
        sections.append(NumberedSection(str(s_index), section.key, tuple(clauses)))
    return tuple(sections)
