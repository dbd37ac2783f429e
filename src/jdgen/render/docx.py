"""DOCX rendering with python-docx: a document a lawyer can edit in Word.

Sections and clauses use real Word numbering (``numbering.xml`` multilevel list, ``w:numPr``
on each paragraph), the footer has PAGE/NUMPAGES fields, styles come from the (overridable)
``templates/docx/reference.docx``, and Thai runs carry complex-script font and language.
Bytes are reproducible: fixed core properties and zip entry times, no random ids.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from jdgen.assets.fonts import template_coverage
from jdgen.assets.templates import TemplateSet
from jdgen.render.dates import UNDATED
from jdgen.render.docx_reference import REFERENCE_NAME
from jdgen.render.docx_xml import (
    add_list_numberings,
    add_page_footer,
    add_run,
    set_core_text,
    set_numbering,
    set_widths,
    watermark_xml,
)
from jdgen.render.docx_zip import write_package
from jdgen.render.fonts import font_stack
from jdgen.render.glyphs import check_template_glyphs
from jdgen.render.html import RenderContext
from jdgen.render.sheets import (
    Labels,
    ack_row_count,
    approval_rows,
    approver_line,
    label_getter,
    lookup,
    recorded_acks,
)
from jdgen.render.view import number_document
from jdgen.resolve.document import Document

Container = WordDocument | _Cell
_REFERENCES: dict[Path, bytes] = {}


def reference_bytes(templates: TemplateSet) -> bytes:
    """The reference document of ``templates`` (the project's if it has one), read once."""
    path = templates.find(REFERENCE_NAME)
    data = _REFERENCES.get(path)
    if data is None:
        data = _REFERENCES[path] = path.read_bytes()
    return data


def open_reference(templates: TemplateSet) -> WordDocument:
    """A new Word document made from the reference document, its body emptied.

    Styles, numbering, page setup, header/footer styles and embedded fonts all come from the
    reference (the project's ``templates/docx/reference.docx`` when it has one).
    """
    word = docx.Document(io.BytesIO(reference_bytes(templates)))
    body = word.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return word


def style_ids(word: WordDocument) -> dict[str, str]:
    """Style name -> style id for every style of ``word`` (``JD Clause`` -> ``JDClause``)."""
    return {
        name.get(qn("w:val")): style.get(qn("w:styleId"))
        for style in word.styles.element.findall(qn("w:style"))
        if (name := style.find(qn("w:name"))) is not None
    }


def warm_up_docx(templates: TemplateSet) -> None:
    """Read the reference document and the font cmaps now (for pool workers)."""
    docx.Document(io.BytesIO(reference_bytes(templates)))
    template_coverage(templates)


class BodyLine(NamedTuple):
    """One line of the body: its style, numbering level (None: unnumbered), text per language.

    Headings are bold.
    """

    style: str
    level: int | None
    texts: dict[str, str]

    def write(self, paragraph: Paragraph, lang: str, num_id: int) -> None:
        """Number ``paragraph`` (already styled) with list ``num_id`` and add the text."""
        if self.level is not None:
            set_numbering(paragraph, num_id, self.level)
        add_run(paragraph, self.texts[lang], lang, bold=self.style == "JD Heading")


# The approval block's cell beside the organisation: the PDF's block is 40% of the text
# width (67 mm); the cell's padding (about 2 mm a side) leaves its text about as wide.
APPROVAL_BLOCK_MM = 72


def text_width_mm(word: WordDocument) -> float:
    """The width between the margins of ``word``'s first section: a project's reference
    document may set other margins (A4 with jdgen's 25/18 mm where it sets none)."""
    page = word.sections[0]
    width = page.page_width if page.page_width is not None else Mm(210)
    left = page.left_margin if page.left_margin is not None else Mm(25)
    right = page.right_margin if page.right_margin is not None else Mm(18)
    return int(width - left - right) / Mm(1)


class _Writer:
    """Builds one Word document; one method per printed part."""

    def __init__(
        self, doc: Document, langs: tuple[str, ...], ctx: RenderContext, labels: Labels
    ) -> None:
        self.doc, self.langs, self.ctx, self.labels = doc, langs, ctx, labels
        self.lang = langs[0]
        self.word = open_reference(ctx.templates)
        numbering = self.word.part.numbering_part.element
        self.num_ids = add_list_numberings(numbering, len(langs))
        self.style_ids = style_ids(self.word)
        self.text_width_mm = text_width_mm(self.word)
        self.joined = label_getter(labels, langs)
        self.approver = approver_line(langs, ctx.approval)

    # -- helpers ------------------------------------------------------------------------
    def para(self, where: Container, style: str | None = None) -> Paragraph:
        """A new paragraph in ``where`` with ``style`` when the reference defines it."""
        paragraph = where.add_paragraph()
        if style:
            self.set_style(paragraph, style)
        return paragraph

    def set_style(self, paragraph: Paragraph, style: str) -> None:
        """Give ``paragraph`` the reference's style named ``style``, if it has one.

        Sets ``w:pStyle`` directly: python-docx's ``paragraph.style`` setter looks the
        style up by scanning every style, which dominated DOCX render time.
        """
        style_id = self.style_ids.get(style)
        if style_id:
            paragraph._p.style = style_id

    def text(self, key: str, lang: str | None = None) -> str:
        """The label at ``key`` in ``lang`` (the document's first language), or ''."""
        return lookup(self.labels[lang or self.lang], key, "")

    def label(self, key: str) -> list[tuple[str, str]]:
        """A label in every language of the document, as (lang, text) pairs."""
        return [(lang, lookup(self.labels[lang], key, key)) for lang in self.langs]

    @staticmethod
    def write(
        paragraph: Paragraph,
        parts: Sequence[tuple[str, str]],
        *,
        bold: bool = False,
        sep: str = " / ",
    ) -> Paragraph:
        """Append each (lang, text) as its own run, joined by ``sep``."""
        for index, (lang, text) in enumerate(parts):
            if index:
                add_run(paragraph, sep, lang, bold=bold)
            add_run(paragraph, text, lang, bold=bold)
        return paragraph

    def table(
        self,
        where: WordDocument,
        rows: int,
        cols: int,
        *,
        grid: bool,
        widths_mm: Sequence[float] = (),
    ) -> Table:
        """A table; ``grid`` draws borders (the reference's "Table Grid" style).

        ``widths_mm`` sets the column grid (what LibreOffice lays out by) and every cell.
        """
        table: Table = where.add_table(rows=rows, cols=cols)
        set_widths(table, widths_mm)
        grid_id = self.style_ids.get("Table Grid")
        if grid and grid_id:
            table._tbl.tblStyle_val = grid_id
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        return table

    # -- parts ---------------------------------------------------------------------------
    def header_footer(self) -> None:
        """Running header (number, revision, watermark) and footer (id, page X of Y)."""
        section = self.word.sections[0]
        approved = self.ctx.approval.is_approved
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # The same text as the PDF's running header (labels of every language, joined);
        # each label is a run tagged with its own language, so Word proofs it as such.
        if not approved:
            draft = self.joined("document.draft", " · ")
            head._p.append(parse_xml(watermark_xml(draft, font_stack(self.lang)[0])))
        self.write(head, self.label("document.number"))
        add_run(head, f": {self.doc.number} · ", self.lang)
        self.write(head, self.label("document.revision"))
        add_run(head, f" {self.ctx.approval.revision}", self.lang)
        if not approved:
            add_run(head, " (", self.lang)
            self.write(head, self.label("document.draft"))
            add_run(head, ")", self.lang)
        foot = section.footer.paragraphs[0]
        add_page_footer(
            foot, self.doc.id, self.text("document.page"), self.text("document.of"), self.lang
        )

    def title_block(self) -> None:
        """Organisation, approval block, document kind and title, the document's data."""
        word, doc, langs = self.word, self.doc, self.langs
        top = self.table(
            word,
            1,
            2,
            grid=False,
            widths_mm=(self.text_width_mm - APPROVAL_BLOCK_MM, APPROVAL_BLOCK_MM),
        )
        left, right = top.rows[0].cells
        self.set_style(left.paragraphs[0], "JD Organisation")
        for index, lang in enumerate(langs):
            paragraph = left.paragraphs[0] if index == 0 else self.para(left, "JD Organisation")
            add_run(paragraph, doc.organisation[lang], lang, bold=True)
        approver = self.approver
        heading = right.paragraphs[0]
        self.set_style(heading, "JD Approval Heading")
        self.write(heading, self.label("approval.approved"), bold=True)
        for lang in langs:
            add_run(self.para(right, "JD Approval"), doc.approver_post[lang], lang)
        sign = self.para(right, "JD Approval")
        sign.paragraph_format.space_before = Mm(6)
        add_run(sign, "_" * 30, self.lang)
        name = self.para(right, "JD Approval")
        add_run(name, f"({approver.name})" if approver.name else "(" + "_" * 26 + ")", self.lang)
        date = self.para(right, "JD Approval")
        add_run(date, approver.date or self.text("approval.date_blank"), self.lang)
        for lang in langs:
            add_run(self.para(word, "JD Document Kind"), self.text("document.kind", lang), lang)
            add_run(self.para(word, "JD Title"), doc.title[lang], lang, bold=True)
        self.meta_table()

    def meta_table(self) -> None:
        """Number, revision, effective date, department, reports-to."""
        doc, approval = self.doc, self.ctx.approval
        revision = str(approval.revision)
        if not approval.is_approved:
            revision = f"{revision} ({self.joined('document.draft')})"
        approver = self.approver
        effective = (
            approver.date
            if approval.is_approved and approver.date
            else self.joined("document.effective_pending")
        )
        rows: list[tuple[str, list[tuple[str, str]]]] = [
            ("document.number", [(self.lang, doc.number)]),
            ("document.revision", [(self.lang, revision)]),
            ("document.effective", [(self.lang, effective)]),
            ("document.department", [(lang, doc.department[lang]) for lang in self.langs]),
            ("document.reports_to", [(lang, doc.reports_to[lang]) for lang in self.langs]),
        ]
        label_width = 35 if len(self.langs) == 1 else 55
        table = self.table(
            self.word,
            len(rows),
            2,
            grid=False,
            widths_mm=(label_width, self.text_width_mm - label_width),
        )
        for row, (key, value) in zip(table.rows, rows, strict=True):
            head, cell = row.cells
            for paragraph in (head.paragraphs[0], cell.paragraphs[0]):
                self.set_style(paragraph, "JD Meta")
            self.write(head.paragraphs[0], self.label(key), bold=True)
            self.write(cell.paragraphs[0], value)
        # A paragraph between tables keeps Word from merging them into one.
        self.para(self.word, "JD Meta")

    def body_lines(self) -> list[BodyLine]:
        """Purpose, then the numbered sections and clauses, as printed lines."""
        doc, langs = self.doc, self.langs
        lines = []
        if doc.purpose:
            lines += [
                BodyLine(
                    "JD Heading",
                    None,
                    {lang: self.text("document.purpose", lang) for lang in langs},
                ),
                BodyLine("JD Clause", None, {lang: doc.purpose[lang] for lang in langs}),
            ]
        for section in number_document(doc):
            lines.append(
                BodyLine(
                    "JD Heading",
                    0,
                    {
                        lang: lookup(self.labels[lang], f"sections.{section.key}", section.key)
                        for lang in langs
                    },
                )
            )
            for clause in section.clauses:
                lines.append(BodyLine("JD Clause", 1, {lang: clause.text(lang) for lang in langs}))
                lines.extend(
                    BodyLine("JD Item", 2, {lang: item.text(lang) for lang in langs})
                    for item in clause.items
                )
        return lines

    def body(self) -> None:
        """The body lines (Word numbering): paragraphs in one language, else a table with a
        column per language and a row per line."""
        lines = self.body_lines()
        if len(self.langs) == 1:
            for line in lines:
                line.write(self.para(self.word, line.style), self.lang, self.num_ids[0])
            return
        table = self.table(self.word, 1 + len(lines), len(self.langs), grid=False)
        header, *rows = table.rows
        for cell, lang in zip(header.cells, self.langs, strict=True):
            add_run(
                cell.paragraphs[0], self.labels[lang].get("language_name", lang), lang, bold=True
            )
        for row, line in zip(rows, lines, strict=True):
            for cell, lang, num_id in zip(row.cells, self.langs, self.num_ids, strict=True):
                line.write(self._cell_para(cell, line.style), lang, num_id)

    def _cell_para(self, cell: _Cell, style: str) -> Paragraph:
        paragraph: Paragraph = cell.paragraphs[0]
        self.set_style(paragraph, style)
        return paragraph

    def approval_sheet(self) -> None:
        """Reviewers' post, signature, name and date (filled from the ledger when signed)."""
        self._sheet_title("approval.sheet")
        keys = (
            "approval.capacity",
            "approval.post",
            "approval.signature",
            "approval.name",
            "approval.date",
        )
        reviewers = approval_rows(self.doc, self.langs, self.labels, self.ctx.approval)
        table = self.table(self.word, 1 + len(reviewers), len(keys), grid=True)
        for cell, key in zip(table.rows[0].cells, keys, strict=True):
            self._table_text(cell, self.label(key), bold=True)
        for row, signer in zip(table.rows[1:], reviewers, strict=True):
            values = (signer.capacity, signer.post, signer.fingerprint, signer.name, signer.date)
            for cell, value in zip(row.cells, values, strict=True):
                self._table_text(cell, [(self.lang, value)])
            row.height = Mm(13)

    def acknowledgement_sheet(self) -> None:
        """The employee's statement and rows to sign: number, name, date, signature."""
        self._sheet_title("acknowledgement.title")
        statement = self.para(self.word, "JD Clause")
        self.write(statement, self.label("acknowledgement.statement"), sep=" ")
        keys = (
            "acknowledgement.number",
            "acknowledgement.name",
            "acknowledgement.date",
            "acknowledgement.signature",
        )
        recorded = recorded_acks(self.langs, self.ctx.approval)
        count = max(ack_row_count(self.labels), len(recorded))
        table = self.table(self.word, 1 + count, len(keys), grid=True)
        for cell, key in zip(table.rows[0].cells, keys, strict=True):
            self._table_text(cell, self.label(key), bold=True)
        for number, row in enumerate(table.rows[1:], start=1):
            self._table_text(row.cells[0], [(self.lang, str(number))])
            if number <= len(recorded):
                ack = recorded[number - 1]
                for cell, value in zip(
                    row.cells[1:], (ack.name, ack.date, ack.fingerprint), strict=True
                ):
                    self._table_text(cell, [(self.lang, value)])
            row.height = Mm(13)

    def _sheet_title(self, key: str) -> None:
        title = self.para(self.word, "JD Sheet Title")
        title.paragraph_format.page_break_before = True
        self.write(title, self.label(key), bold=True)
        note = self.para(self.word, "JD Sheet Note")
        parts = [
            (lang, f"{self.text('document.for_document', lang)} «{self.doc.title[lang]}»")
            for lang in self.langs
        ]
        self.write(note, [*parts, (self.lang, self.doc.number)])

    def _table_text(
        self, cell: _Cell, parts: Sequence[tuple[str, str]], *, bold: bool = False
    ) -> None:
        paragraph = self._cell_para(cell, "JD Table")
        self.write(paragraph, [p for p in parts if p[1]], bold=bold)

    def properties(self) -> None:
        """Core properties from the document, dates from approval or SOURCE_DATE_EPOCH."""
        props = self.word.core_properties
        approval = self.ctx.approval
        moment = self.ctx.moment
        organisation = self.doc.organisation[self.lang]
        set_core_text(
            props,
            title=self.doc.title[self.lang],
            subject=self.text("document.kind"),
            author=organisation,
            last_modified_by=organisation,
            identifier=self.doc.id,
            keywords=self.doc.number,
            comments=f"jdgen {self.doc.id} sha256:{self.doc.digest}",
        )
        props.category = approval.status
        props.language = "+".join(self.langs)
        props.created = props.modified = (moment or UNDATED).replace(tzinfo=None)
        props.revision = max(1, approval.revision)

    def save(self) -> bytes:
        """The finished package, normalised for byte-identical output."""
        return write_package(self.word.part.package)


def render_docx(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> bytes:
    """The document as DOCX bytes."""
    check_template_glyphs(doc, langs, ctx.templates, ctx.approval)
    labels = {lang: ctx.templates.labels(lang) for lang in langs}
    writer = _Writer(doc, langs, ctx, labels)
    writer.header_footer()
    writer.title_block()
    writer.body()
    writer.approval_sheet()
    writer.acknowledgement_sheet()
    writer.properties()
    return writer.save()


__all__ = ["open_reference", "reference_bytes", "render_docx", "style_ids", "warm_up_docx"]
