"""The DOCX redline: the new document with native Word tracked changes.

Word-level edits are ``w:ins``/``w:del`` runs; whole clauses are inserted or deleted with
their paragraph mark (``w:pPr/w:rPr/w:ins|w:del``), so accepting a deletion leaves no empty
line; a moved clause is a ``w:moveFrom`` block where it was and a ``w:moveTo`` block where it
is, each wrapped in a named range (``w:moveFromRangeStart/End``, ``w:moveToRangeStart/End``).
Accepting every change gives the new text, rejecting every change gives the old.

A moved clause whose wording also changed carries its old wording at the origin and its new
wording at the destination with inserted words marked; deleted words are visible at the
origin (the whole old wording) and in the md/html/json reports. Clause numbers are plain
text (new numbers on current text, old numbers on deleted and moved-away text), so after
*rejecting* all changes the surviving clauses still show their new numbers.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree  # type: ignore[import-untyped]

from jdgen.diff.align import Entry, SectionPlan, plan_document
from jdgen.diff.formats import Options, labels, section_name
from jdgen.diff.model import HEADER, HEADER_FIELDS, DocumentDiff, Segment, SetDiff
from jdgen.resolve.document import Document

FONT = "Sarabun"
LANG_TAGS = {"th": "th-TH", "en": "en-US", "ru": "ru-RU"}
STYLES = {"clause": "JdClause", "item": "JdSubclause", "heading": "JdSection",
          "title": "JdTitle", "field": "JdField", "note": "JdNote"}
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Paragraph mark and run wrapper for each kind of tracked paragraph.
Mark = str | None  # None, "ins", "del", "moveFrom", "moveTo"


def _el(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(qn(tag))
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


class Redline:
    """Builds the body of the redline: paragraphs with tracked runs and unique ids."""

    def __init__(self, body: etree._Element, author: str, date: datetime) -> None:
        self.body = body
        self.author = author
        self.date = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 0
        self.sect_pr = body.find(qn("w:sectPr"))

    def rev(self, tag: str, **attrs: str) -> etree._Element:
        """A revision element with a fresh id, the author and the date."""
        self.next_id += 1
        return _el(tag, id=str(self.next_id), author=self.author, date=self.date, **attrs)

    def run(self, text: str, lang: str, deleted: bool = False) -> etree._Element:
        """A run of ``text`` in ``lang`` (``w:delText`` when deleted)."""
        run = _el("w:r")
        props = etree.SubElement(run, qn("w:rPr"))
        fonts = etree.SubElement(props, qn("w:rFonts"))
        for attr in ("ascii", "hAnsi", "cs"):
            fonts.set(qn(f"w:{attr}"), FONT)
        tag = LANG_TAGS.get(lang, lang)
        language = etree.SubElement(props, qn("w:lang"))
        language.set(qn("w:val"), tag)
        if lang == "th":
            language.set(qn("w:bidi"), tag)
        node = etree.SubElement(run, qn("w:delText" if deleted else "w:t"))
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        node.text = _XML_INVALID.sub("", text)
        return run

    def paragraph(self, style: str, mark: Mark = None) -> etree._Element:
        """An empty paragraph of ``style``, its mark tracked as ``mark``, placed in the body."""
        para = _el("w:p")
        props = etree.SubElement(para, qn("w:pPr"))
        etree.SubElement(props, qn("w:pStyle")).set(qn("w:val"), STYLES[style])
        if mark is not None:
            etree.SubElement(props, qn("w:rPr")).append(self.rev(f"w:{mark}"))
        if self.sect_pr is not None:
            self.sect_pr.addprevious(para)
        else:
            self.body.append(para)
        return para

    def add(self, para: etree._Element, op: str, text: str, lang: str, context: Mark) -> None:
        """Append a segment: ``op`` is equal/delete/insert; ``context`` the paragraph's mark."""
        if not text:
            return
        if context in ("ins", "del", "moveFrom"):
            wrapper = {"ins": "w:ins", "del": "w:del", "moveFrom": "w:moveFrom"}[context]
            holder = self.rev(wrapper)
            holder.append(self.run(text, lang, deleted=context == "del"))
            para.append(holder)
        elif context == "moveTo":
            if op == "delete":
                return  # the old wording is in the moveFrom block
            holder = self.rev("w:ins" if op == "insert" else "w:moveTo")
            holder.append(self.run(text, lang))
            para.append(holder)
        elif op == "equal":
            para.append(self.run(text, lang))
        else:
            holder = self.rev("w:ins" if op == "insert" else "w:del")
            holder.append(self.run(text, lang, deleted=op == "delete"))
            para.append(holder)

    def page_break(self) -> None:
        """A plain paragraph holding a page break."""
        para = self.paragraph("note")
        run = etree.SubElement(para, qn("w:r"))
        etree.SubElement(run, qn("w:br")).set(qn("w:type"), "page")


def _numbers(doc: Document | None) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    if doc is None:
        return out
    for s, section in enumerate(doc.sections, 1):
        out[(section.key, "")] = str(s)
        for c, clause in enumerate(section.clauses, 1):
            out[(section.key, clause.id)] = f"{s}.{c}"
            for i, item in enumerate(clause.items, 1):
                out[(section.key, f"{clause.id}.{item.id}")] = f"{s}.{c}.{i}"
    return out


def _doc_plan(doc: DocumentDiff) -> list[SectionPlan]:
    if doc.old is not None and doc.new is not None:
        return plan_document(doc.old, doc.new)
    source = doc.new or doc.old
    assert source is not None
    op = "added" if doc.new is not None else "removed"
    status = "added" if doc.new is not None else "removed"

    def entry(section: str, clause: object) -> Entry:
        pair = (None, clause) if op == "added" else (clause, None)
        return Entry(op, section, *pair)  # type: ignore[arg-type]

    plans = []
    for section in source.sections:
        entries = []
        for clause in section.clauses:
            e = entry(section.key, clause)
            e.items = [entry(section.key, item) for item in clause.items]
            entries.append(e)
        plans.append(SectionPlan(section.key, status, entries))  # type: ignore[arg-type]
    return plans


class _DocumentWriter:
    """Writes one document's redline into a :class:`Redline`."""

    def __init__(self, red: Redline, doc: DocumentDiff, langs: tuple[str, ...],
                 index: int) -> None:
        self.red = red
        self.index = index
        self.doc = doc
        self.langs = langs
        self.old_numbers = _numbers(doc.old)
        self.new_numbers = _numbers(doc.new)
        self.moves: dict[tuple[str, int], str] = {}

    def text(self, style: str, mark: Mark, prefix: tuple[str, str] | None,
             segments: list[Segment], lang: str) -> etree._Element:
        para = self.red.paragraph(style, mark)
        if prefix:
            op, number = prefix
            self.red.add(para, op, number + " ", lang, mark)
        for op, text in segments:
            self.red.add(para, op, text, lang, mark)
        return para

    def header(self) -> None:
        changes = {c.clause: c for c in self.doc.changes if c.section == HEADER}
        for name in HEADER_FIELDS:
            change = changes.get(name)
            source = self.doc.new or self.doc.old
            assert source is not None
            if change is None:
                value: dict[str, str] | None = (
                    dict.fromkeys(self.langs, source.number) if name == "number"
                    else getattr(source, name))
                if value is None:
                    continue
                per_lang: dict[str, list[Segment]] = {
                    lang: [("equal", value.get(lang, ""))] for lang in self.langs}
                mark: Mark = None
            else:
                per_lang = change.languages
                mark = {"added": "ins", "removed": "del"}.get(change.change)
            langs = self.langs[:1] if name == "number" else self.langs
            for lang in langs:
                segments = per_lang.get(lang, [])
                label = _field_label(name, lang)
                style = "title" if name == "title" else "field"
                para = self.red.paragraph(style, mark)
                if label:
                    self.red.add(para, "equal", f"{label}: ", lang, mark)
                for op, text in segments:
                    self.red.add(para, op, text, lang, mark)

    def section(self, plan: SectionPlan) -> None:
        mark: Mark = {"added": "ins", "removed": "del"}.get(plan.status)
        numbers = self.old_numbers if plan.status == "removed" else self.new_numbers
        number = numbers.get((plan.key, ""), "")
        title = " / ".join(section_name(plan.key, lang) for lang in self.langs)
        self.text("heading", mark, None, [("equal", f"{number}. {title}")], self.langs[0])
        for entry in plan.entries:
            self.entry(entry, "")

    def _key(self, entry: Entry, parent: str) -> tuple[str, str]:
        return (entry.section, f"{parent}.{entry.id}" if parent else entry.id)

    def _range(self, kind: str, move: int, para: etree._Element, start: bool) -> None:
        if start:
            name = f"jdgen-move-{self.index}-{move}"
            element = self.red.rev(f"w:{kind}RangeStart", name=name)
            self.moves[(kind, move)] = element.get(qn("w:id")) or ""
            props = para.find(qn("w:pPr"))
            if props is not None:
                props.addnext(element)
            else:
                para.insert(0, element)
        else:
            range_id = self.moves[(kind, move)]
            para.append(_el(f"w:{kind}RangeEnd", id=range_id))

    def entry(self, entry: Entry, parent: str, context: Mark = None) -> None:
        """Write one clause (and its items); ``context`` is the mark of an enclosing move."""
        style = "item" if parent else "clause"
        key = self._key(entry, parent)
        op = entry.op
        mark: Mark
        if context == "moveTo":
            if op in ("removed", "move_from"):
                return  # the old item is inside the moveFrom block at the origin
            mark = "ins" if op == "added" else "moveTo"
        elif context == "moveFrom" or op == "move_from":
            mark = "moveFrom"
        elif op == "added":
            mark = "ins"
        elif op == "removed":
            mark = "del"
        elif op == "move_to":
            mark = "moveTo"
        else:
            mark = None
        old_side = mark in ("del", "moveFrom")
        number = (self.old_numbers if old_side else self.new_numbers).get(key, "")
        clause = entry.old if old_side else entry.new
        assert clause is not None
        first_para = last_para = None
        for i, lang in enumerate(self.langs):
            if mark in ("ins", "del", "moveFrom") or op == "same":
                segments: list[Segment] = [("equal", clause.text.get(lang, ""))]
            else:
                from jdgen.diff.words import diff_words

                assert entry.old is not None and entry.new is not None
                segments = diff_words(entry.old.text.get(lang, ""), entry.new.text.get(lang, ""))
            prefix = ("equal", number) if i == 0 and number else None
            para = self.text(style, mark, prefix, segments, lang)
            first_para = first_para if first_para is not None else para
            last_para = para
        inner: Mark = mark if mark in ("moveFrom", "moveTo") else (
            mark if mark in ("ins", "del") else None)
        item_parent = f"{parent}.{entry.id}" if parent else entry.id
        for item in entry.items:
            before = len(self.red.body)
            self.entry(item, item_parent, inner)
            if len(self.red.body) > before:
                last_para = self.red.sect_pr.getprevious() if self.red.sect_pr is not None \
                    else self.red.body[-1]
        if op in ("move_from", "move_to") and context is None and first_para is not None:
            kind = "moveFrom" if op == "move_from" else "moveTo"
            self._range(kind, entry.move, first_para, start=True)
            assert last_para is not None
            self._range(kind, entry.move, last_para, start=False)

    def write(self) -> None:
        self.header()
        for plan in _doc_plan(self.doc):
            self.section(plan)


def _field_label(name: str, lang: str) -> str:
    doc_labels = labels(lang).get("document", {})
    approval = labels(lang).get("approval", {})
    found = {"number": doc_labels.get("number"), "department": doc_labels.get("department"),
             "reports_to": doc_labels.get("reports_to"), "purpose": doc_labels.get("purpose"),
             "approver_post": approval.get("approver")}.get(name)
    return str(found) if found else ""


def _styles(document: docx.document.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    assert fonts is not None
    fonts.set(qn("w:cs"), FONT)
    etree.SubElement(r_pr, qn("w:szCs")).set(qn("w:val"), "28")
    specs = {"JdTitle": (16, True, 0), "JdSection": (13, True, 0), "JdField": (12, False, 0),
             "JdClause": (12, False, 0.3), "JdSubclause": (12, False, 0.6),
             "JdNote": (9, False, 0)}
    for name, (size, bold, indent) in specs.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        # Thai (complex script) runs use szCs; Sarabun's Thai reads well one size up.
        style_rpr = style.element.get_or_add_rPr()
        etree.SubElement(style_rpr, qn("w:szCs")).set(qn("w:val"), str(size * 2 + 2))
        if bold:
            etree.SubElement(style_rpr, qn("w:bCs"))
        style.paragraph_format.space_after = Pt(4)
        if indent:
            style.paragraph_format.left_indent = docx.shared.Inches(indent)
        if name in ("JdTitle", "JdSection"):
            style.paragraph_format.space_before = Pt(10)
            style.paragraph_format.keep_with_next = True


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so equal inputs give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def documents_to_write(diff: SetDiff) -> Iterator[DocumentDiff]:
    """The documents the redline shows: the changed ones (all of them if none changed)."""
    yield from diff.changed or diff.documents


def write(diff: SetDiff, options: Options) -> bytes:
    """The redline DOCX of every changed document, one after another."""
    langs = options.languages(diff)
    document = docx.Document()
    _styles(document)
    props = document.core_properties
    props.author = props.last_modified_by = options.author
    props.title = f"jdgen redline: {diff.old_label} → {diff.new_label}"
    naive = options.date.replace(tzinfo=None)
    props.created = props.modified = naive
    props.revision = 1
    red = Redline(document.element.body, options.author, options.date)
    for i, doc in enumerate(documents_to_write(diff)):
        if i:
            red.page_break()
        _DocumentWriter(red, doc, langs, i + 1).write()
    note = red.paragraph("note")
    note.append(red.run(f"jdgen redline: {diff.old_label} → {diff.new_label}", "en"))
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())
