"""Compare resolved documents: :func:`diff_documents` for one pair, :func:`diff_sets` for two
project versions. Both work on :class:`~jdgen.resolve.document.Document` values only, so any
source of documents (a file, a git revision, an approved version) can be compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from jdgen.diff.align import Entry, clause_differs, plan_document
from jdgen.diff.hints import change_hints
from jdgen.diff.model import (
    HEADER,
    HEADER_FIELDS,
    Change,
    ChangeKind,
    DocumentDiff,
    DocumentStatus,
    Hint,
    Segment,
    SetDiff,
)
from jdgen.diff.words import diff_words
from jdgen.resolve.document import Clause, Document, Text


def _languages(old: Document | None, new: Document | None) -> tuple[str, ...]:
    langs = [*(new.languages if new else ()), *(old.languages if old else ())]
    return tuple(dict.fromkeys(langs))


def _texts(old: Text | None, new: Text | None, langs: Sequence[str]) -> dict[str, list[Segment]]:
    return {
        lang: diff_words((old or {}).get(lang, ""), (new or {}).get(lang, "")) for lang in langs
    }


def _attributes(old: Clause | None, new: Clause | None) -> dict[str, tuple[str | None, str | None]]:
    out: dict[str, tuple[str | None, str | None]] = {}
    if old is None or new is None:
        return out
    for name in ("kind", "function"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            out[name] = (before, after)
    return out


def _change(
    section: str,
    clause_id: str,
    kind: ChangeKind,
    old: Clause | None,
    new: Clause | None,
    langs: Sequence[str],
    **extra: object,
) -> Change:
    source = new or old
    assert source is not None
    change = Change(
        section=section,
        clause=clause_id,
        change=kind,
        languages=_texts(old.text if old else None, new.text if new else None, langs),
        attributes=_attributes(old, new),
        origin=source.origin.path,
        **extra,  # type: ignore[arg-type]
    )
    return replace(change, hints=change_hints(change))


def _entry_changes(entry: Entry, langs: Sequence[str], parent: str = "") -> Iterable[Change]:
    clause_id = entry.key(parent)
    section = entry.section
    if entry.op == "modified":
        yield _change(section, clause_id, "modified", entry.old, entry.new, langs)
    elif entry.op in ("added", "removed"):
        kind: ChangeKind = "added" if entry.op == "added" else "removed"
        yield _change(section, clause_id, kind, entry.old, entry.new, langs)
    elif entry.op == "move_to":
        assert entry.old is not None and entry.new is not None
        yield _change(
            section,
            clause_id,
            "moved",
            entry.old,
            entry.new,
            langs,
            modified=clause_differs(entry.old, entry.new),
            from_section=entry.from_section,
        )
    if entry.op != "move_from":
        for item in entry.items:
            yield from _entry_changes(item, langs, clause_id)


def _header(doc: Document | None, name: str) -> Text | None:
    if doc is None:
        return None
    if name == "number":
        return dict.fromkeys(doc.languages, doc.number)
    value: Text | None = getattr(doc, name)
    return dict(value) if value is not None else None


def _header_changes(
    old: Document | None, new: Document | None, langs: Sequence[str]
) -> Iterable[Change]:
    for name in HEADER_FIELDS:
        before, after = _header(old, name), _header(new, name)
        if before == after:
            continue
        kind: ChangeKind = "modified" if before and after else ("added" if after else "removed")
        source = new or old
        change = Change(
            HEADER,
            name,
            kind,
            _texts(before, after, langs),
            origin=source.source.path if source else "",
        )
        yield replace(change, hints=change_hints(change))


def _document_hints(doc: DocumentDiff) -> tuple[Hint, ...]:
    either = doc.new or doc.old
    source = either.source.path if either else ""
    origins = sorted({c.origin for c in doc.changes if c.section != HEADER and c.origin})
    if (
        doc.status == "modified"
        and origins
        and source not in origins
        and all(c.section != HEADER or c.origin != source for c in doc.changes)
    ):
        return (Hint("inherited", "inherited: changed only through " + ", ".join(origins)),)
    return ()


def diff_documents(old: Document | None, new: Document | None) -> DocumentDiff:
    """The clause-level diff of two versions of a document (either may be ``None``)."""
    if old is None and new is None:
        raise ValueError("diff_documents needs at least one document")
    langs = _languages(old, new)
    changes: list[Change] = list(_header_changes(old, new, langs))
    plans = tuple(plan_document(old, new))
    for plan in plans:
        for entry in plan.entries:
            changes.extend(_entry_changes(entry, langs))
    status: DocumentStatus = (
        "added"
        if old is None
        else "removed"
        if new is None
        else "modified"
        if changes
        else "unchanged"
    )
    either = new or old
    assert either is not None
    doc_id = either.id
    if old is not None and new is not None and old.id != new.id:
        doc_id = f"{old.id} → {new.id}"
    result = DocumentDiff(doc_id, status, tuple(changes), old, new, plan=plans)
    return replace(result, hints=_document_hints(result))


def pair_documents(
    old: Sequence[Document], new: Sequence[Document], by_variant: bool = False
) -> list[tuple[Document | None, Document | None]]:
    """Pairs to compare, in id order: by document id, or by variant id when ``by_variant``
    (two different role files compared with each other)."""

    def key(doc: Document) -> str:
        return (doc.variant_id or "") if by_variant else doc.id

    olds = {key(d): d for d in old}
    news = {key(d): d for d in new}
    return [(olds.get(k), news.get(k)) for k in sorted(set(olds) | set(news))]


def diff_sets(
    old: Sequence[Document],
    new: Sequence[Document],
    old_label: str = "old",
    new_label: str = "new",
    by_variant: bool = False,
) -> SetDiff:
    """Compare two sets of documents; added and removed documents are listed too."""
    docs = tuple(diff_documents(o, n) for o, n in pair_documents(old, new, by_variant))
    langs = tuple(dict.fromkeys(lang for d in [*new, *old] for lang in d.languages))
    return SetDiff(docs, old_label, new_label, langs)
