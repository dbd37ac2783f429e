"""What the text redlines (term, md, html) call things, and which changes they show once.

A lawyer reads a printed document, so a change is named by the clause's **printed number**
(``3.1``; a removed clause by its old number, a moved one ``3.1, was 2.4``) and sections and
header fields by their titles in the shown languages (``ภารกิจหลัก / Functions``), taken from
the project's locale labels. The clause id follows in parentheses for the person who edits
the YAML. Numbers come from :func:`jdgen.render.view.number_document`, the numbering every
renderer prints.

A change made in a base role (or in a role with variants) repeats, identically, in every
document that inherits it. :func:`split_shared` finds such changes — same origin file, same
clause, same word diff — and the writers show each once, with the documents it affects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from jdgen.diff.model import HEADER, Change, DocumentDiff, Hint, SetDiff, visible_hints
from jdgen.render.view import number_document
from jdgen.resolve.document import Document

if TYPE_CHECKING:
    from jdgen.assets.templates import TemplateSet

T = TypeVar("T")

# Header fields: (labels key, English default); the labels files have no key for the title,
# the organisation or the header itself, so these few words are given here per language.
FIELD_LABELS = {
    "number": ("document.number", "Document No."),
    "department": ("document.department", "Department"),
    "reports_to": ("document.reports_to", "Reports to"),
    "purpose": ("document.purpose", "Purpose"),
    "approver_post": ("approval.approver", "Approver"),
}
BUILTIN = {
    "title": {"th": "ชื่อตำแหน่ง", "en": "Title", "ru": "Должность"},
    "organisation": {"th": "องค์กร", "en": "Organisation", "ru": "Организация"},
    HEADER: {"th": "ส่วนหัวเอกสาร", "en": "Header", "ru": "Реквизиты документа"},
}


def _lookup(labels: Mapping[str, Any], dotted: str) -> str | None:
    value: Any = labels
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return str(value) if isinstance(value, str | int) else None


class Names:
    """Section and header-field titles in the shown languages, from the locale labels."""

    def __init__(self, templates: TemplateSet | None, langs: tuple[str, ...]) -> None:
        from jdgen.assets.templates import TemplateSet
        from jdgen.errors import ConfigError

        self.langs = langs or ("en",)
        source = templates or TemplateSet(None)
        self.labels: dict[str, Mapping[str, Any]] = {}
        for lang in self.langs:
            try:
                self.labels[lang] = source.labels(lang)
            except ConfigError:  # a language without labels: English words
                self.labels[lang] = {}

    def _one(self, key: str, lang: str) -> str:
        if key in BUILTIN:
            words = BUILTIN[key]
            return words.get(lang, words["en"])
        if key in FIELD_LABELS:
            dotted, default = FIELD_LABELS[key]
            return _lookup(self.labels[lang], dotted) or default
        return _lookup(self.labels[lang], f"sections.{key}") or key.replace("_", " ").capitalize()

    def section(self, key: str, first_only: bool = False) -> str:
        """A section's (or the header's) title, ``ภารกิจหลัก / Functions``."""
        langs = self.langs[:1] if first_only else self.langs
        return " / ".join(dict.fromkeys(self._one(key, lang) for lang in langs))

    def field(self, name: str) -> str:
        """A header field's label, ``ชื่อตำแหน่ง / Title``."""
        return self.section(name)


def _numbers(doc: Document | None) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Section number per key, clause number per (section, ``id`` or ``parent.item``)."""
    sections: dict[str, str] = {}
    clauses: dict[tuple[str, str], str] = {}
    for section in number_document(doc) if doc else ():
        sections[section.key] = section.number
        for clause in section.clauses:
            clauses[(section.key, clause.clause.id)] = clause.number
            for item in clause.items:
                clauses[(section.key, f"{clause.clause.id}.{item.clause.id}")] = item.number
    return sections, clauses


@dataclass(frozen=True)
class Numbering:
    """The printed numbers of one document pair, old and new."""

    new_sections: dict[str, str]
    new_clauses: dict[tuple[str, str], str]
    old_sections: dict[str, str]
    old_clauses: dict[tuple[str, str], str]

    @classmethod
    def of(cls, doc: DocumentDiff) -> Numbering:
        """The numbering of ``doc``'s two versions."""
        return cls(*_numbers(doc.new), *_numbers(doc.old))

    def section(self, key: str) -> str:
        """``3.`` (the new number; a removed section's old one); empty for the header."""
        if key == HEADER:
            return ""
        number = self.new_sections.get(key) or self.old_sections.get(key)
        return f"{number}." if number else ""

    def clause(self, change: Change) -> str:
        """``3.1``; ``2.4`` for a removed clause; ``3.1, was 2.4`` for a moved one."""
        new = self.new_clauses.get((change.section, change.clause))
        old = self.old_clauses.get((change.from_section or change.section, change.clause))
        if change.change == "removed" or new is None:
            return old or ""
        if change.change == "moved" and old and old != new:
            return f"{new}, was {old}"
        return new


def change_ref(change: Change, numbering: Numbering, names: Names, *, with_id: bool = True) -> str:
    """How a change is named: ``3.1 (id reporting)`` (``3.1`` without ``with_id``), or a
    header field's title."""
    if change.section == HEADER:
        return names.field(change.clause)
    return _with_id(numbering.clause(change), change, with_id)


def _with_id(number: str, change: Change, with_id: bool) -> str:
    if not number:
        return change.clause
    return f"{number} (id {change.clause})" if with_id else number


def _signature(change: Change) -> str:
    """Everything that makes two changes the same change (hints follow from it)."""
    return json.dumps(
        [
            change.section,
            change.clause,
            change.change,
            change.modified,
            change.from_section,
            sorted(change.attributes.items()),
            change.origin,
            sorted(change.languages.items()),
        ],
        ensure_ascii=False,
    )


@dataclass
class Shared:
    """One change that appears, identically, in several documents (with their numbering)."""

    change: Change
    documents: list[DocumentDiff] = field(default_factory=list)
    numberings: list[Numbering] = field(default_factory=list)

    def ref(self, names: Names, *, with_id: bool = True) -> str:
        """The change's number when every document prints it alike, else which documents
        print which: ``2.2 in archivist; 2.1 in receptionist--bangkok, … (id phones)``."""
        change = self.change
        if change.section == HEADER:
            return names.field(change.clause)
        by_number: dict[str, list[str]] = {}
        for doc, numbering in zip(self.documents, self.numberings, strict=True):
            by_number.setdefault(numbering.clause(change), []).append(doc.id)
        if len(by_number) == 1:
            number = next(iter(by_number))
        else:
            number = "; ".join(f"{n} in {', '.join(ids)}" for n, ids in by_number.items())
        return _with_id(number, change, with_id)

    def section_title(self, names: Names) -> str:
        """The section's number and title, the number only when it is the same everywhere."""
        numbers = {n.section(self.change.section) for n in self.numberings}
        number = numbers.pop() if len(numbers) == 1 else ""
        return f"{number} {names.section(self.change.section)}".strip()


@dataclass(frozen=True)
class Block:
    """Shared changes from one origin file that affect the same documents."""

    origin: str
    documents: tuple[DocumentDiff, ...]
    items: tuple[Shared, ...]


@dataclass
class Layout:
    """The changes a text redline shows: shared ones once, then each document's own."""

    blocks: list[Block]
    own: dict[str, list[Change]]
    numbering: dict[str, Numbering]

    def shared_count(self, doc: DocumentDiff) -> dict[str, int]:
        """How many shared changes concern ``doc``, per origin file."""
        out: dict[str, int] = {}
        for block in self.blocks:
            if any(d is doc for d in block.documents):
                out[block.origin] = out.get(block.origin, 0) + len(block.items)
        return out


def split_shared(diff: SetDiff) -> Layout:
    """Group the changes that repeat in two or more changed documents; keep the rest.

    Shared changes are grouped into blocks by origin file and the documents they affect,
    in the order they first appear.
    """
    numbering = {doc.id: Numbering.of(doc) for doc in diff.changed}
    groups: dict[str, Shared] = {}
    for doc in diff.changed:
        for change in doc.changes:
            group = groups.setdefault(_signature(change), Shared(change))
            group.documents.append(doc)
            group.numberings.append(numbering[doc.id])
    shared = [g for g in groups.values() if len(g.documents) > 1]
    repeated = {_signature(g.change) for g in shared}
    own = {
        doc.id: [c for c in doc.changes if _signature(c) not in repeated] for doc in diff.changed
    }
    blocks: dict[tuple[str, tuple[str, ...]], list[Shared]] = {}
    for item in shared:
        blocks.setdefault((item.change.origin, tuple(d.id for d in item.documents)), []).append(
            item
        )
    return Layout(
        [
            Block(origin, tuple(items[0].documents), tuple(items))
            for (origin, _ids), items in blocks.items()
        ],
        own,
        numbering,
    )


def section_title(key: str, numbering: Numbering, names: Names) -> str:
    """``3. ภารกิจหลัก / Functions`` (the header has no number)."""
    return f"{numbering.section(key)} {names.section(key)}".strip()


def by_section(changes: Iterable[T], section_of: Callable[[T], str]) -> list[list[T]]:
    """Consecutive runs of ``changes`` in the same section."""
    runs: list[list[T]] = []
    last: str | None = None
    for change in changes:
        key = section_of(change)
        if not runs or key != last:
            runs.append([])
            last = key
        runs[-1].append(change)
    return runs


def move_label(change: Change) -> str:
    """``moved``, ``moved+modified``, ``added``… (where a clause moved from is in its
    number: ``3.1, was 2.4``)."""
    if change.change == "moved" and change.modified:
        return "moved+modified"
    return change.change


def block_hints(block: Block, names: Names, langs: tuple[str, ...]) -> list[tuple[str, Hint]]:
    """The hints of a shared block's changes, each with its change's reference."""
    return [
        (item.ref(names, with_id=False), hint)
        for item in block.items
        for hint in visible_hints(item.change.hints, langs)
    ]


def document_hints(
    doc: DocumentDiff, layout: Layout, names: Names, langs: tuple[str, ...]
) -> list[tuple[str, Hint]]:
    """The document's own hints (no reference), then the hints of the changes shown under
    it, each with its change's reference."""
    numbering = layout.numbering[doc.id]
    return [("", hint) for hint in visible_hints(doc.hints, langs)] + [
        (change_ref(change, numbering, names, with_id=False), hint)
        for change in layout.own[doc.id]
        for hint in visible_hints(change.hints, langs)
    ]


def shared_note(count: int, origin: str) -> str:
    """The sentence under a document that points to its changes shown in a shared block
    (``origin`` already marked up by the writer)."""
    changes, verb = ("change", "is") if count == 1 else ("changes", "are")
    return f"The {count} shared {changes} from {origin} {verb} listed above."
