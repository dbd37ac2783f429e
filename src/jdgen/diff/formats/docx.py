"""The DOCX redline: the new document with native Word tracked changes, dressed like the
published DOCX.

It is built on the same reference document as ``jdgen build`` DOCX output (the project's
``templates/docx/reference.docx`` when it has one): its styles, page setup, header/footer
styles and embedded Sarabun, so Thai prints in Sarabun in Word and LibreOffice on any
machine. Each changed document is a Word section of its own with a running header (number,
``Redline: OLD → NEW``) and footer (document id, page X of Y), a title block (organisation,
document kind, title, a table of number, department, reports-to, approver, the versions
compared and the change counts), then purpose, sections and clauses with real Word
numbering (:mod:`jdgen.diff.formats.docx_body`).

Word-level edits are ``w:ins``/``w:del`` runs; whole clauses are inserted or deleted with
their paragraph mark; a moved clause is a ``w:moveFrom`` block where it was and a
``w:moveTo`` block where it is, each in a named range. Accepting every change gives the new
document, numbered; rejecting every change gives the old one, numbered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.section import Section

from jdgen.assets.templates import TemplateSet
from jdgen.diff.formats.common import Options
from jdgen.diff.formats.docx_body import STATUS_MARKS, BodyWriter, field_segments
from jdgen.diff.formats.docx_tracked import Tracker
from jdgen.diff.model import CHANGE_KINDS, DocumentDiff, SetDiff
from jdgen.errors import ConfigError
from jdgen.render.docx import open_reference, style_ids, text_width_mm
from jdgen.render.docx_xml import (
    add_list_numberings,
    add_page_footer,
    add_run,
    set_core_text,
    set_widths,
)
from jdgen.render.docx_zip import write_package
from jdgen.render.sheets import lookup

Labels = Mapping[str, Mapping[str, Any]]
# Header fields shown in the title block's table: (field, label key, first language only).
META_FIELDS = (
    ("number", "document.number", True),
    ("department", "document.department", False),
    ("reports_to", "document.reports_to", False),
    ("approver_post", "approval.approver", False),
)


def documents_to_write(diff: SetDiff) -> Iterator[DocumentDiff]:
    """The documents the redline shows: the changed ones (all of them if none changed)."""
    yield from diff.changed or diff.documents


def version_label(label: str, commit: str, *, short: bool = False) -> str:
    """A side's label with its short commit id when it came from git; ``short`` keeps only
    the revision of a ``REV:path`` label (for the running header)."""
    if not commit:
        return label
    if short:
        label = label.split(":", 1)[0]
    return f"{label} ({commit[:7]})"


def _labels(templates: TemplateSet, langs: tuple[str, ...]) -> dict[str, Mapping[str, Any]]:
    out: dict[str, Mapping[str, Any]] = {}
    for lang in langs:
        try:
            out[lang] = templates.labels(lang)
        except ConfigError:
            out[lang] = {}  # a language without labels: the English defaults below
    return out


META_LABEL_MM = 55  # the label column of the redline's meta table


@dataclass(frozen=True)
class Versions:
    """The compared versions as printed: in full (title block) and short (header)."""

    old: str
    new: str
    header: str


class _Pages:
    """Writes one changed document: its section, header, footer, title block and body."""

    def __init__(
        self,
        word: WordDocument,
        tracker: Tracker,
        doc: DocumentDiff,
        langs: tuple[str, ...],
        labels: Labels,
        versions: Versions,
    ) -> None:
        self.word, self.tracker, self.doc, self.langs = word, tracker, doc, langs
        self.labels, self.versions = labels, versions
        self.lang = langs[0]
        self.mark = STATUS_MARKS.get(doc.status)

    def label(self, key: str, default: str, lang: str | None = None) -> str:
        """A label in ``lang`` (default: the first language)."""
        return lookup(self.labels[lang or self.lang], key, default)

    def joined(self, key: str, default: str) -> list[tuple[str, str]]:
        """A label in every language, as (lang, text) pairs."""
        return [(lang, self.label(key, default, lang)) for lang in self.langs]

    def header_footer(self, section: Section, first: bool) -> None:
        """Header: number and ``Redline: OLD → NEW``; footer: document id, page X of Y."""
        source = self.doc.new or self.doc.old
        assert source is not None
        if not first:
            section.header.is_linked_to_previous = False
            section.footer.is_linked_to_previous = False
        head = section.header.paragraphs[0]
        add_run(head, f"{self.label('redline.title', 'Redline')}: ", self.lang)
        add_run(head, self.versions.header, "en")
        add_run(
            head, f"\t{self.label('document.number', 'Document No.')}: {source.number}", self.lang
        )
        add_page_footer(
            section.footer.paragraphs[0],
            self.doc.id,
            self.label("document.page", "Page"),
            self.label("document.of", "of"),
            self.lang,
        )

    def title_block(self) -> None:
        """Organisation, document kind, title (tracked), the redline's name, the table."""
        tracker = self.tracker
        for lang in self.langs:
            segments, mark = field_segments(self.doc, "organisation", lang)
            tracker.segments(
                tracker.paragraph("JD Organisation", mark), segments, lang, mark, bold=True
            )
        for lang in self.langs:
            kind = tracker.paragraph("JD Document Kind", self.mark)
            tracker.add(
                kind, "equal", self.label("document.kind", "Job description", lang), lang, self.mark
            )
            segments, mark = field_segments(self.doc, "title", lang)
            tracker.segments(tracker.paragraph("JD Title", mark), segments, lang, mark, bold=True)
        name = tracker.paragraph("JD Sheet Note")
        for i, (lang, text) in enumerate(self.joined("redline.title", "Redline")):
            tracker.run(name, (" / " if i else "") + text, lang, bold=True)
        self.meta_table()

    def meta_table(self) -> None:
        """Number, department, reports-to, approver (tracked), versions compared, counts."""
        rows = len(META_FIELDS) + 2
        table = self.word.add_table(rows=rows, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        set_widths(table, (META_LABEL_MM, text_width_mm(self.word) - META_LABEL_MM))
        cells = iter(table.rows)
        for name, key, first_only in META_FIELDS:
            head, value = next(cells).cells
            self._label_cell(head.paragraphs[0], key, name.replace("_", " ").capitalize())
            paragraph = self.tracker.style(value.paragraphs[0], "JD Meta")
            for i, lang in enumerate(self.langs[:1] if first_only else self.langs):
                segments, mark = field_segments(self.doc, name, lang)
                if i:
                    self.tracker.run(paragraph, " / ", lang)
                self.tracker.segments(paragraph, segments, lang, mark)
        head, value = next(cells).cells
        self._label_cell(head.paragraphs[0], "redline.compared", "Versions compared")
        compared = self.tracker.style(value.paragraphs[0], "JD Meta")
        # Labels and revisions are identifiers, not Thai text: no Thai line breaking.
        self.tracker.run(compared, self.versions.old, "en")
        compared.add_run().add_break()
        self.tracker.run(compared, f"→ {self.versions.new}", "en")
        head, value = next(cells).cells
        self._label_cell(head.paragraphs[0], "redline.changes", "Changes")
        self.tracker.run(
            self.tracker.style(value.paragraphs[0], "JD Meta"), self.counts(), self.lang
        )
        # A paragraph between the table and the body, as in the published DOCX.
        self.tracker.paragraph("JD Meta")

    def _label_cell(self, paragraph: Any, key: str, default: str) -> None:
        self.tracker.style(paragraph, "JD Meta")
        for i, (lang, text) in enumerate(self.joined(key, default)):
            self.tracker.run(paragraph, (" / " if i else "") + text, lang, bold=True)

    def counts(self) -> str:
        """``modified 3 · moved 2 · added 1`` in the first language."""
        counts = self.doc.counts()
        parts = [
            f"{self.label(f'redline.{kind}', kind)} {counts[kind]}"
            for kind in CHANGE_KINDS
            if counts[kind]
        ]
        return " · ".join(parts) or self.label("redline.none", "none")

    def end(self) -> None:
        """The closing line; it also keeps the last clause's paragraph mark deletable."""
        end = self.tracker.paragraph("JD Sheet Note")
        for i, (lang, text) in enumerate(self.joined("redline.end", "End of redline")):
            self.tracker.run(end, (" / " if i else "") + text, lang)


def write(diff: SetDiff, options: Options) -> bytes:
    """The redline DOCX of every changed document, each in its own Word section."""
    langs = options.languages(diff)
    templates = options.templates or TemplateSet(None)
    labels = _labels(templates, langs)
    word = open_reference(templates)
    docs = list(documents_to_write(diff))
    num_ids = add_list_numberings(word.part.numbering_part.element, len(docs))
    tracker = Tracker(word, options.author, options.date, style_ids(word))
    versions = Versions(
        version_label(diff.old_label, options.old_commit),
        version_label(diff.new_label, options.new_commit),
        f"{version_label(diff.old_label, options.old_commit, short=True)} → "
        f"{version_label(diff.new_label, options.new_commit, short=True)}",
    )
    for index, (doc, num_id) in enumerate(zip(docs, num_ids, strict=True)):
        section = word.sections[0] if index == 0 else word.add_section(WD_SECTION.NEW_PAGE)
        pages = _Pages(word, tracker, doc, langs, labels, versions)
        pages.header_footer(section, first=index == 0)
        pages.title_block()
        BodyWriter(tracker, doc, langs, labels, num_id, index + 1).write()
        pages.end()
    _properties(word, diff, docs, langs, options, labels, versions)
    return write_package(word.part.package)


def _properties(
    word: WordDocument,
    diff: SetDiff,
    docs: list[DocumentDiff],
    langs: tuple[str, ...],
    options: Options,
    labels: Labels,
    versions: Versions,
) -> None:
    """Core properties; lists of many documents and long labels are cut to fit."""
    props = word.core_properties
    name = lookup(labels[langs[0]], "redline.title", "Redline")
    numbers = dict.fromkeys(d.number for doc in docs if (d := doc.new or doc.old) is not None)
    set_core_text(
        props,
        author=options.author,
        last_modified_by=options.author,
        title=f"{name}: {versions.old} → {versions.new}",
        subject=lookup(labels[langs[0]], "document.kind", "Job description"),
        identifier=", ".join(doc.id for doc in docs),
        keywords=", ".join(numbers),
        comments=f"jdgen redline: {diff.old_label} → {diff.new_label}",
    )
    props.category = "redline"
    props.language = "+".join(langs)
    props.created = props.modified = options.date.replace(tzinfo=None)
    props.revision = 1
