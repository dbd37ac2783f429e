"""Documents held by their header alone, kept as one JSON row and decoded on demand.

A command that plans or checks a large library (``build``, ``build --check``, ``verify``)
needs a document's id, digest, languages, reviewers and source — never its clauses, rarely
its title. A :class:`HeaderDocument` keeps its header as the bytes of a compact JSON row (about
0.7 kB, against 2.6 kB decoded) and decodes it the first time anything else is asked for.
The same row is what the resolved-project cache stores per document
(:mod:`jdgen.build.resolved`), followed by where the document's body is in the cache.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Self

from jdgen.errors import Location
from jdgen.resolve.document import Document, Section

HEADER = ("id", "role_id", "variant_id", "chain", "languages", "number", "organisation",
          "title", "department", "reports_to", "purpose", "approver_post", "reviewers",
          "source", "digest")
ROW_LENGTH = len(HEADER) + 1  # the header, then the body's [offset, length, sha256] in a cache
# Decoded up front: what planning and checking need, and ``source``, whose dataclass default
# is a class attribute (a lookup would find it and never ask ``__getattr__``).
EAGER = ("id", "languages", "reviewers", "digest", "source")
LAZY = frozenset(HEADER) - set(EAGER)
NO_BODY = [0, 0, ""]  # the body's place in a row of a document that has no stored body


def header_row(doc: Document) -> list[Any]:
    """The header fields of ``doc`` as JSON values, in :data:`HEADER` order (digest last)."""
    loc = doc.source
    return [doc.id, doc.role_id, doc.variant_id, list(doc.chain), list(doc.languages),
            doc.number, doc.organisation, doc.title, doc.department, doc.reports_to,
            doc.purpose, doc.approver_post, list(doc.reviewers), [loc.path, loc.line, loc.col],
            doc.digest]


def compact_json(data: Any) -> bytes:
    """``data`` as compact UTF-8 JSON: a row, a body, the cache's warnings (one line, since
    JSON escapes every newline in a string)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def header_fields(row: Any) -> dict[str, Any]:
    """The Document fields of a decoded row, and (as ``_span``) where its body is.

    Raises ValueError (or TypeError...) if the row is malformed.
    """
    if not isinstance(row, list) or len(row) != ROW_LENGTH:
        raise ValueError("malformed document row")
    values = dict(zip(HEADER, row, strict=False))
    offset, length, sha256 = row[len(HEADER)]
    if not (isinstance(offset, int) and isinstance(length, int) and isinstance(sha256, str)):
        raise ValueError("malformed body place in a document row")
    return dict(values, chain=tuple(values["chain"]), languages=tuple(values["languages"]),
                reviewers=tuple(values["reviewers"]), source=Location(*values["source"]),
                _span=(offset, length, sha256))


class HeaderDocument(Document):
    """A :class:`Document` whose header is decoded on first use and which has no clauses.

    Equal to the document it was made from. Asking for its sections is a programming
    error (``RuntimeError``); :class:`jdgen.build.resolved.CachedDocument` is the subclass
    whose sections come from the cache.
    """

    @classmethod
    def from_row(cls, row: bytes, **state: Any) -> Self:
        """The document of a row (checked now, decoded later), with extra ``state``."""
        fields = header_fields(json.loads(row))  # the whole row is checked once, here
        doc = object.__new__(cls)
        doc.__dict__.update({name: fields[name] for name in EAGER}, _row=row, **state)
        return doc  # "digest" pre-fills the cached_property

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__
        if name in LAZY and "_row" in state:
            # Decode fully before the row goes: another thread may be asking too.
            state.update(header_fields(json.loads(state["_row"])))
            state.pop("_row", None)
            return state[name]
        if name != "sections":
            raise AttributeError(name)
        sections = self.load_sections()
        state["sections"] = sections
        return sections

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, digest={self.digest!r})"

    def load_sections(self) -> tuple[Section, ...]:
        """The document's sections, read from wherever a subclass keeps them."""
        raise RuntimeError(f"{self.id}: a header-only document has no clauses")

    def __eq__(self, other: object) -> bool:
        """Equal to a Document with the same header and digest (which covers the clauses,
        so that comparing never reads them)."""
        if not isinstance(other, Document):
            return NotImplemented
        return self.digest == other.digest and all(
            getattr(self, f.name) == getattr(other, f.name)
            for f in dataclasses.fields(Document) if f.compare and f.name != "sections")

    __hash__ = Document.__hash__


def header_document(doc: Document) -> HeaderDocument:
    """``doc`` without its clauses, its header kept as row bytes."""
    return HeaderDocument.from_row(compact_json([*header_row(doc), NO_BODY]))


def body_place(doc: HeaderDocument) -> tuple[int, int, str]:
    """Where the document's body is: the (offset, length, sha256) that ends its row."""
    state = doc.__dict__
    row = state.get("_row")
    span: tuple[int, int, str] = (
        state["_span"] if row is None else header_fields(json.loads(row))["_span"])
    return span
