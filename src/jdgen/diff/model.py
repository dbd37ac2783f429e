"""What a diff says: changes per clause, per document, per document set.

A :class:`Change` is one clause, sub-clause or header field that differs. ``change`` is one of
``added``, ``removed``, ``modified`` or ``moved``; a clause that moved *and* whose text
changed is ``moved`` with ``modified=True`` and a word diff in ``languages`` (a moved clause
whose text did not change has only ``equal`` segments). Numbering is never part of a change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from jdgen.diff.align import SectionPlan
from jdgen.resolve.document import Document

Op = Literal["equal", "delete", "insert"]
Segment = tuple[Op, str]
ChangeKind = Literal["added", "removed", "modified", "moved"]
DocumentStatus = Literal["added", "removed", "modified", "unchanged"]
CHANGE_KINDS: tuple[ChangeKind, ...] = ("added", "removed", "modified", "moved")
HEADER = "header"
HEADER_FIELDS = (
    "organisation",
    "number",
    "title",
    "department",
    "reports_to",
    "purpose",
    "approver_post",
)


@dataclass(frozen=True)
class Hint:
    """A change a lawyer should look at twice (a number, a modality word, drift...)."""

    kind: str
    message: str
    lang: str | None = None

    def as_json(self) -> dict[str, object]:
        """The hint as a JSON-ready mapping."""
        return {"kind": self.kind, "lang": self.lang, "message": self.message}


def visible_hints(hints: tuple[Hint, ...], langs: tuple[str, ...]) -> list[Hint]:
    """The hints that concern a shown language (or no language in particular)."""
    return [h for h in hints if h.lang is None or h.lang in langs]


@dataclass(frozen=True)
class Change:
    """One clause, sub-clause (``clause`` dotted ``parent.item``) or header field that differs.

    ``languages`` maps each language to the word diff of the text (``equal``/``delete``/
    ``insert`` segments). ``from_section`` is set when a clause moved between sections.
    ``attributes`` lists other fields that changed (``function``, ``kind``) as (old, new).
    ``origin`` is the role file the new (or, for removals, the old) text comes from.
    """

    section: str
    clause: str
    change: ChangeKind
    languages: dict[str, list[Segment]]
    modified: bool = False
    from_section: str | None = None
    attributes: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    origin: str = ""
    hints: tuple[Hint, ...] = ()

    @property
    def is_subclause(self) -> bool:
        """Whether this is a sub-clause (an item of a clause)."""
        return self.section != HEADER and "." in self.clause

    def text(self, lang: str, side: Literal["old", "new"]) -> str:
        """The old or the new text in ``lang`` rebuilt from the segments."""
        skip = "insert" if side == "old" else "delete"
        return "".join(t for op, t in self.languages.get(lang, []) if op != skip)


@dataclass(frozen=True)
class DocumentDiff:
    """The differences between two versions of one document.

    ``status`` is ``added``, ``removed``, ``modified`` or ``unchanged``. ``old``/``new`` are
    the compared documents (one is ``None`` for an added or removed document). ``plan`` is
    the merged section plan the changes were taken from (for an added or removed document:
    every clause added or removed); the DOCX redline walks it.
    """

    id: str
    status: DocumentStatus
    changes: tuple[Change, ...]
    old: Document | None
    new: Document | None
    plan: tuple[SectionPlan, ...] = field(compare=False, repr=False)
    hints: tuple[Hint, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the document differs at all."""
        return self.status != "unchanged"

    @property
    def title(self) -> dict[str, str]:
        """The (new, else old) document title per language."""
        doc = self.new or self.old
        return dict(doc.title) if doc else {}

    def counts(self) -> dict[str, int]:
        """Number of changes per change kind (every kind present, zero included)."""
        out: dict[str, int] = dict.fromkeys(CHANGE_KINDS, 0)
        for change in self.changes:
            out[change.change] += 1
        return out

    def by_section(self) -> dict[str, int]:
        """Number of changes per section, in document order."""
        out: dict[str, int] = {}
        for change in self.changes:
            out[change.section] = out.get(change.section, 0) + 1
        return out


@dataclass(frozen=True)
class SetDiff:
    """The differences between two sets of documents (two project versions)."""

    documents: tuple[DocumentDiff, ...]
    old_label: str = "old"
    new_label: str = "new"
    languages: tuple[str, ...] = ()

    @property
    def changed(self) -> tuple[DocumentDiff, ...]:
        """The documents that differ, in id order."""
        return tuple(d for d in self.documents if d.changed)

    def counts(self) -> dict[str, int]:
        """Change counts over every document, plus document-level counts."""
        out: dict[str, int] = dict.fromkeys(CHANGE_KINDS, 0)
        for doc in self.documents:
            for kind, n in doc.counts().items():
                out[kind] += n
        return out

    def document_counts(self) -> dict[str, int]:
        """How many documents were added, removed, modified, unchanged."""
        out = {"added": 0, "removed": 0, "modified": 0, "unchanged": 0}
        for doc in self.documents:
            out[doc.status] += 1
        return out
