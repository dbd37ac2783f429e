"""Glyph coverage: fail the build before rendering a character no configured font has.

WeasyPrint only logs a warning and prints a box (and text extraction still shows the
character), so the check runs on the text itself against the fonts' cmaps.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jdgen.approval import ApprovalState
from jdgen.assets.fonts import template_coverage
from jdgen.assets.templates import TemplateSet
from jdgen.errors import RenderError
from jdgen.printable import describe, missing_glyphs
from jdgen.resolve.document import Document

_MAX_REPORTED = 20


def document_texts(doc: Document, langs: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    """Every printed role text as ``(where, lang, text)``; ``where`` names field or clause."""
    fields = {
        "organisation": doc.organisation,
        "title": doc.title,
        "department": doc.department,
        "reports_to": doc.reports_to,
        "purpose": doc.purpose or {},
        "approver_post": doc.approver_post,
    }
    for name, text in fields.items():
        for lang in langs:
            if lang in text:
                yield name, lang, text[lang]
    yield "number", langs[0], doc.number
    for section, clause, parent in doc.clauses():
        where = f"{section.key}.{parent.id}.{clause.id}" if parent else f"{section.key}.{clause.id}"
        origin = str(clause.origin) if clause.origin.path else ""
        label = f"{where} ({origin})" if origin else where
        for lang in langs:
            yield label, lang, clause.text[lang]


def _label_texts(labels: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    for key, value in labels.items():
        if isinstance(value, str):
            yield f"{prefix}{key}", value
        elif isinstance(value, Mapping):
            yield from _label_texts(value, f"{prefix}{key}.")


def check_glyphs(
    doc: Document,
    langs: tuple[str, ...],
    labels: Mapping[str, Mapping[str, Any]],
    approval: ApprovalState,
    covered: frozenset[int],
    font_names: str,
) -> None:
    """Raise :class:`RenderError` naming every text with a character no font can print."""
    texts = list(document_texts(doc, langs))
    for lang in langs:
        texts.extend(
            (f"labels/{lang}.toml: {key}", lang, value)
            for key, value in _label_texts(labels[lang], "")
        )
    for sig in approval.signatures:
        texts.append((f"signature of {sig.role}", langs[0], sig.name))
        texts.extend((f"signature of {sig.role}", lang, sig.post_in(lang)) for lang in langs)
    missing: list[str] = []
    for where, lang, text in texts:
        missing.extend(
            f"{doc.id}: {where} [{lang}]: {describe(char)} in {_excerpt(text, char)!r}"
            for char in missing_glyphs(text, covered)
        )
    if missing:
        more = len(missing) - _MAX_REPORTED
        lines = missing[:_MAX_REPORTED] + ([f"... and {more} more"] if more > 0 else [])
        raise RenderError(
            f"{len(missing)} character(s) have no glyph in the configured fonts "
            f"({font_names}); replace the character or add a font that has it to "
            "templates/fonts/:\n  " + "\n  ".join(lines)
        )


def check_template_glyphs(
    doc: Document, langs: tuple[str, ...], templates: TemplateSet, approval: ApprovalState
) -> None:
    """:func:`check_glyphs` against the labels and (cached) font coverage of ``templates``."""
    covered, names = template_coverage(templates)
    labels = {lang: templates.labels(lang) for lang in langs}
    check_glyphs(doc, langs, labels, approval, covered, names)


def _excerpt(text: str, char: str, width: int = 30) -> str:
    at = text.index(char)
    start = max(0, at - width)
    return (
        ("…" if start else "") + text[start : at + width] + ("…" if at + width < len(text) else "")
    )
