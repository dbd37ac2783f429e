"""The resolved document: what every renderer, ``diff`` and ``sign`` consume.

A :class:`Document` is one published job description (a role, or one variant of it) with
inheritance merged, placeholders filled and every text present in every project language.
Its :attr:`Document.digest` is the sha256 of a canonical serialisation of its content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jdgen.errors import Location

Text = dict[str, str]
VARIANT_SEPARATOR = "--"
"""Joins a role id and a variant id into a document id: ``role--variant``."""
NOWHERE = Location("")


@dataclass(frozen=True, slots=True)
class Clause:
    """A numbered clause; ``items`` are its sub-clauses (one level)."""

    id: str
    text: Text
    kind: str | None = None
    function: str | None = None
    items: tuple[Clause, ...] = ()
    origin: Location = field(default=Location(""), compare=False)

    @classmethod
    def from_canonical(cls, data: dict[str, Any], origin: Location = NOWHERE) -> Clause:
        """The clause that :meth:`canonical` turned into ``data``."""
        return cls(
            id=data["id"],
            text=dict(data["text"]),
            kind=data.get("kind"),
            function=data.get("function"),
            items=tuple(cls.from_canonical(i, origin) for i in data.get("items", ())),
            origin=origin,
        )

    def canonical(self) -> dict[str, Any]:
        """The clause's content as plain data (no source positions)."""
        out: dict[str, Any] = {"id": self.id, "text": self.text}
        if self.kind:
            out["kind"] = self.kind
        if self.function:
            out["function"] = self.function
        if self.items:
            out["items"] = [item.canonical() for item in self.items]
        return out


@dataclass(frozen=True, slots=True)
class Section:
    """A section (``functions``, ``rights``…) with its clauses in published order."""

    key: str
    clauses: tuple[Clause, ...]

    @classmethod
    def from_canonical(cls, data: dict[str, Any], origin: Location = NOWHERE) -> Section:
        """The section that :meth:`canonical` turned into ``data``."""
        return cls(
            key=data["key"],
            clauses=tuple(Clause.from_canonical(c, origin) for c in data["clauses"]),
        )

    def canonical(self) -> dict[str, Any]:
        """The section's content as plain data."""
        return {"key": self.key, "clauses": [c.canonical() for c in self.clauses]}


def canonical_digest(data: Any) -> str:
    """sha256 of ``data`` as canonical JSON (sorted keys, UTF-8, no spaces)."""
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class DocumentHeader:
    """Everything a document says but its sections, and its digest (which covers them).

    What planning, checking and sign-off need; a build reads the sections only for the
    documents it renders (:meth:`Document.from_header`).
    """

    id: str
    role_id: str
    variant_id: str | None
    chain: tuple[str, ...]
    languages: tuple[str, ...]
    number: str
    organisation: Text
    title: Text
    department: Text
    reports_to: Text
    purpose: Text | None
    approver_post: Text
    reviewers: tuple[str, ...]
    digest: str
    source: Location = field(default=NOWHERE, compare=False)


class _DigestMemo:
    """The slot in which a :class:`Document` keeps its digest once it has been asked for."""

    __slots__ = ("_digest",)
    _digest: str


@dataclass(frozen=True, slots=True)
class Document(_DigestMemo):
    """One published job description, fully resolved.

    :attr:`digest` is derived from the content on first use and kept: checking a library
    (``jdgen validate``) never needs it, while planning, signing and rendering do.
    """

    id: str
    role_id: str
    variant_id: str | None
    chain: tuple[str, ...]
    languages: tuple[str, ...]
    number: str
    organisation: Text
    title: Text
    department: Text
    reports_to: Text
    purpose: Text | None
    sections: tuple[Section, ...]
    approver_post: Text
    reviewers: tuple[str, ...]
    source: Location = field(default=NOWHERE, compare=False)

    @property
    def digest(self) -> str:
        """sha256 of the canonical content; ignores YAML formatting, changes with any text."""
        try:
            return self._digest
        except AttributeError:
            # A pure function of the frozen fields, so keeping it cannot go stale.
            digest = canonical_digest(self.canonical())
            object.__setattr__(self, "_digest", digest)
            return digest

    @classmethod
    def from_header(cls, header: DocumentHeader, sections: tuple[Section, ...]) -> Document:
        """The document of ``header`` with ``sections`` (compare the digests to check them)."""
        return cls(
            header.id,
            header.role_id,
            header.variant_id,
            header.chain,
            header.languages,
            header.number,
            header.organisation,
            header.title,
            header.department,
            header.reports_to,
            header.purpose,
            sections,
            header.approver_post,
            header.reviewers,
            header.source,
        )

    def header(self) -> DocumentHeader:
        """The document without its sections."""
        return DocumentHeader(
            self.id,
            self.role_id,
            self.variant_id,
            self.chain,
            self.languages,
            self.number,
            self.organisation,
            self.title,
            self.department,
            self.reports_to,
            self.purpose,
            self.approver_post,
            self.reviewers,
            self.digest,
            self.source,
        )

    @classmethod
    def from_canonical(
        cls, data: dict[str, Any], *, reviewers: tuple[str, ...] = (), source: Location = NOWHERE
    ) -> Document:
        """The document whose :meth:`canonical` is ``data`` (same digest, byte for byte).

        ``canonical`` keeps only what the document says; the role and variant ids are
        derived from the id (``role--variant``), the inheritance chain is the role alone.
        """
        doc_id = data["id"]
        role_id, _, variant_id = doc_id.partition(VARIANT_SEPARATOR)
        return cls(
            id=doc_id,
            role_id=role_id,
            variant_id=variant_id or None,
            chain=(role_id,),
            languages=tuple(data["languages"]),
            number=data["number"],
            organisation=dict(data["organisation"]),
            title=dict(data["title"]),
            department=dict(data["department"]),
            reports_to=dict(data["reports_to"]),
            purpose=dict(data["purpose"]) if data["purpose"] is not None else None,
            sections=tuple(Section.from_canonical(s, source) for s in data["sections"]),
            approver_post=dict(data["approver_post"]),
            reviewers=reviewers,
            source=source,
        )

    def canonical(self) -> dict[str, Any]:
        """Everything the document says, as plain data: the input of the digest."""
        return {
            "id": self.id,
            "number": self.number,
            "languages": list(self.languages),
            "organisation": self.organisation,
            "title": self.title,
            "department": self.department,
            "reports_to": self.reports_to,
            "purpose": self.purpose,
            "sections": [s.canonical() for s in self.sections],
            "approver_post": self.approver_post,
        }

    def section(self, key: str) -> Section | None:
        """The section named ``key``, if the document has it."""
        for section in self.sections:
            if section.key == key:
                return section
        return None

    def clauses(self) -> Iterator[tuple[Section, Clause, Clause | None]]:
        """Every clause and sub-clause as ``(section, clause, parent-or-None)``."""
        for section in self.sections:
            for clause in section.clauses:
                yield section, clause, None
                for item in clause.items:
                    yield section, item, clause


AnyDocument = DocumentHeader | Document
"""What knows a document's header: the header alone, or the whole document."""
