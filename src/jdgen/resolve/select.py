"""Choosing documents by the ids a user typed: a document id, or a role with variants."""

from __future__ import annotations

from typing import TypeVar

from jdgen.errors import UnknownDocument
from jdgen.resolve.document import VARIANT_SEPARATOR, AnyDocument

D = TypeVar("D", bound=AnyDocument)


def select_documents(
    documents: list[D], ids: tuple[str, ...], hint: str = "`jdgen list` shows the ids"
) -> list[D]:
    """The documents named by ``ids`` (all when empty), in the order named, each once.

    An id is a document id, or the id of a role with variants, which names every variant's
    document (``key-account-manager`` -> ``key-account-manager--north``, ``--south``...).
    Unknown ids raise :class:`~jdgen.errors.UnknownDocument` ending with ``hint``.
    """
    if not ids:
        return list(documents)
    known = {d.id: d for d in documents}
    by_role: dict[str, list[D]] = {}
    for doc in documents:
        if VARIANT_SEPARATOR in doc.id and doc.variant_id is not None:
            by_role.setdefault(doc.role_id, []).append(doc)
    unknown = [i for i in ids if i not in known and i not in by_role]
    if unknown:
        raise UnknownDocument(f"unknown document id(s): {', '.join(unknown)}; {hint}")
    selected = [doc for i in ids for doc in ([known[i]] if i in known else by_role[i])]
    return list({doc.id: doc for doc in selected}.values())
