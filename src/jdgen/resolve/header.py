"""A document's header as one compact JSON row, and back.

A command that plans or checks a large library (``build``, ``build --check``, ``verify``)
needs a document's header — never its clauses. The resolved-project cache
(:mod:`jdgen.publish.resolved`) stores one such row per document, followed by where the
document's body is in the cache.
"""

from __future__ import annotations

import json
from typing import Any

from jdgen.errors import Location
from jdgen.resolve.document import AnyDocument, DocumentHeader

HEADER = (
    "id",
    "role_id",
    "variant_id",
    "chain",
    "languages",
    "number",
    "organisation",
    "title",
    "department",
    "reports_to",
    "purpose",
    "approver_post",
    "reviewers",
    "source",
    "digest",
)
ROW_LENGTH = len(HEADER) + 1  # the header, then the body's [offset, length, sha256] in a cache
Span = tuple[int, int, str]  # where a body is: offset, length, sha256 of its bytes


def header_row(doc: AnyDocument) -> list[Any]:
    """The header fields of ``doc`` as JSON values, in :data:`HEADER` order (digest last)."""
    loc = doc.source
    return [
        doc.id,
        doc.role_id,
        doc.variant_id,
        list(doc.chain),
        list(doc.languages),
        doc.number,
        doc.organisation,
        doc.title,
        doc.department,
        doc.reports_to,
        doc.purpose,
        doc.approver_post,
        list(doc.reviewers),
        [loc.path, loc.line, loc.col],
        doc.digest,
    ]


def compact_json(data: Any) -> bytes:
    """``data`` as compact UTF-8 JSON: a row, a body, the cache's warnings (one line, since
    JSON escapes every newline in a string)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode_row(row: bytes, shared: dict[Any, Any] | None = None) -> tuple[DocumentHeader, Span]:
    """The header of a cache's index row, and where its body is.

    Values equal to one in ``shared`` (the organisation, languages, a department...) are
    taken from there and added to it: the headers of a library then hold each once.
    Raises ValueError (or TypeError, KeyError...) if the row is malformed.
    """
    memo: dict[Any, Any] = {} if shared is None else shared

    def once(value: Any) -> Any:
        key = tuple(value.items()) if isinstance(value, dict) else value
        return memo.setdefault(key, value)

    values = json.loads(row)
    if not isinstance(values, list) or len(values) != ROW_LENGTH:
        raise ValueError("malformed document row")
    (
        doc_id,
        role_id,
        variant_id,
        chain,
        languages,
        number,
        organisation,
        title,
        department,
        reports_to,
        purpose,
        approver_post,
        reviewers,
        source,
        digest,
        span,
    ) = values
    offset, length, sha256 = span
    if not (isinstance(offset, int) and isinstance(length, int) and isinstance(sha256, str)):
        raise ValueError("malformed body place in a document row")
    header = DocumentHeader(
        doc_id,
        role_id,
        variant_id,
        once(tuple(chain)),
        once(tuple(languages)),
        number,
        once(organisation),
        title,
        once(department),
        once(reports_to),
        None if purpose is None else once(purpose),
        once(approver_post),
        once(tuple(reviewers)),
        digest,
        Location(*source),
    )
    return header, (offset, length, sha256)
