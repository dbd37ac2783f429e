"""JSON: ``{"documents": [{"id", "changes": [{"section", "clause", "change", "languages"}]}]}``
plus ``summary``, per-document ``status``/``title``/``hints`` and per-change ``number`` and
``old_number`` (printed numbers, ``null`` where the clause is absent or for header fields),
``modified``, ``from_section``, ``attributes``, ``origin`` and ``hints``. Only changed
documents are listed, each with all of its changes (shared ones too).
"""

from __future__ import annotations

import json
from typing import Any

from jdgen.diff.formats.common import Options, hint_counts
from jdgen.diff.formats.layout import Numbering
from jdgen.diff.model import Change, DocumentDiff, SetDiff, visible_hints


def _change(change: Change, numbering: Numbering, langs: tuple[str, ...]) -> dict[str, Any]:
    return {
        "section": change.section,
        "clause": change.clause,
        "number": numbering.new_clauses.get((change.section, change.clause)),
        "old_number": numbering.old_clauses.get(
            (change.from_section or change.section, change.clause)
        ),
        "change": change.change,
        "modified": change.modified or change.change == "modified",
        "from_section": change.from_section,
        "attributes": {k: {"old": o, "new": n} for k, (o, n) in change.attributes.items()},
        "origin": change.origin,
        "hints": [h.as_json() for h in visible_hints(change.hints, langs)],
        "languages": {
            lang: [[op, text] for op, text in change.languages[lang]]
            for lang in langs
            if lang in change.languages
        },
    }


def _document(doc: DocumentDiff, langs: tuple[str, ...]) -> dict[str, Any]:
    numbering = Numbering.of(doc)
    return {
        "id": doc.id,
        "status": doc.status,
        "title": {lang: doc.title[lang] for lang in langs if lang in doc.title},
        "summary": {"changes": doc.counts(), "sections": doc.by_section()},
        "hints": [h.as_json() for h in visible_hints(doc.hints, langs)],
        "changes": [_change(c, numbering, langs) for c in doc.changes],
    }


def as_data(diff: SetDiff, options: Options) -> dict[str, Any]:
    """The diff as JSON-ready data."""
    langs = options.languages(diff)
    return {
        "old": diff.old_label,
        "new": diff.new_label,
        "languages": list(langs),
        "summary": {
            "documents": diff.document_counts(),
            "changes": diff.counts(),
            "hints": hint_counts(diff, langs),
        },
        "documents": [_document(d, langs) for d in diff.changed],
    }


def write(diff: SetDiff, options: Options) -> bytes:
    """The JSON rendering (UTF-8, not ASCII-escaped, two-space indent)."""
    return (json.dumps(as_data(diff, options), ensure_ascii=False, indent=2) + "\n").encode()
