"""The body of one document in the redline: purpose, numbered sections, clauses, moves.

Sections, clauses and sub-clauses are numbered by Word (``w:numPr`` at levels 0, 1, 2 of the
document's own list), never typed: a removed clause is a numbered paragraph whose mark is
deleted, an added one a numbered paragraph whose mark is inserted, so accepting every change
numbers the new document and rejecting every change numbers the old one. In a bilingual
redline the first language's paragraph carries the number and each further language follows
as an unnumbered paragraph indented to the text (as in a bilingual contract).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docx.text.paragraph import Paragraph

from jdgen.diff.align import Entry, SectionPlan
from jdgen.diff.formats.docx_tracked import Mark, Tracker
from jdgen.diff.model import HEADER, Change, DocumentDiff, Segment
from jdgen.render.docx_xml import text_indent
from jdgen.render.sheets import lookup

STATUS_MARKS: dict[str, Mark] = {"added": "ins", "removed": "del"}


def header_change(doc: DocumentDiff, name: str) -> Change | None:
    """The change of header field ``name`` (``title``, ``purpose``…), if it changed."""
    return next((c for c in doc.changes if c.section == HEADER and c.clause == name), None)


def field_segments(doc: DocumentDiff, name: str, lang: str) -> tuple[list[Segment], Mark]:
    """The word diff of a header field in ``lang`` and the revision of the whole field
    (``ins`` when it is new, ``del`` when it is gone, else None)."""
    change = header_change(doc, name)
    if change is not None:
        return change.languages.get(lang, []), STATUS_MARKS.get(change.change)
    source = doc.new or doc.old
    assert source is not None
    if name == "number":
        return [("equal", source.number)], None
    value: Mapping[str, str] | None = getattr(source, name)
    return ([("equal", value.get(lang, ""))] if value else []), None


class BodyWriter:
    """Writes purpose, sections and clauses of one document through a :class:`Tracker`."""

    def __init__(
        self,
        tracker: Tracker,
        doc: DocumentDiff,
        langs: tuple[str, ...],
        labels: Mapping[str, Mapping[str, Any]],
        num_id: int,
        index: int,
    ) -> None:
        self.tracker, self.doc, self.langs, self.labels = tracker, doc, langs, labels
        self.num_id = num_id
        self.index = index
        self.move_ids: dict[tuple[str, int], str] = {}
        self.changes = {(c.section, c.clause): c for c in doc.changes if c.section != HEADER}

    def write(self) -> None:
        """Purpose, then every section of the merged plan."""
        self.purpose()
        for plan in self.doc.plan:
            self.section(plan)

    def purpose(self) -> None:
        """The unnumbered purpose heading and text (as in the published DOCX)."""
        doc = self.doc
        if (doc.old is None or doc.old.purpose is None) and (
            doc.new is None or doc.new.purpose is None
        ):
            return
        _, mark = field_segments(doc, "purpose", self.langs[0])
        heading = self.tracker.paragraph("JD Heading", mark)
        self._joined(heading, "document.purpose", "purpose", mark)
        for lang in self.langs:
            segments, _ = field_segments(doc, "purpose", lang)
            self.tracker.segments(self.tracker.paragraph("JD Clause", mark), segments, lang, mark)

    def _joined(self, paragraph: Paragraph, key: str, default: str, mark: Mark) -> None:
        for i, lang in enumerate(self.langs):
            if i:
                self.tracker.add(paragraph, "equal", " / ", lang, mark, bold=True)
            self.tracker.add(
                paragraph, "equal", lookup(self.labels[lang], key, default), lang, mark, bold=True
            )

    def section(self, plan: SectionPlan) -> None:
        """A numbered section heading (level 0), then its clauses."""
        mark = STATUS_MARKS.get(plan.status)
        heading = self.tracker.paragraph("JD Heading", mark, number=(self.num_id, 0))
        self._joined(heading, f"sections.{plan.key}", plan.key.replace("_", " ").capitalize(), mark)
        for entry in plan.entries:
            self.entry(entry, 1)

    def _range(self, kind: str, move: int, first: Paragraph, last: Paragraph) -> None:
        """Wrap the paragraphs of a moved clause in a named move range."""
        start = self.tracker.range_mark(
            f"w:{kind}RangeStart", name=f"jdgen-move-{self.index}-{move}"
        )
        props = first._p.pPr
        if props is not None:
            props.addnext(start)
        else:
            first._p.insert(0, start)
        last._p.append(self.tracker.range_mark(f"w:{kind}RangeEnd", id=start.get(_W_ID) or ""))

    def entry(self, entry: Entry, level: int, context: Mark = None, parent: str = "") -> None:
        """One clause (level 1) or sub-clause (level 2) in every language, then its items;
        ``context`` is the mark of an enclosing moved clause, ``parent`` the clause id of
        a sub-clause's clause."""
        op = entry.op
        clause_id = entry.key(parent)
        mark: Mark
        if context == "moveTo":
            if op in ("removed", "move_from"):
                return  # the old item is inside the moveFrom block at the origin
            mark = "ins" if op == "added" else "moveTo"
        elif context == "moveFrom" or op == "move_from":
            mark = "moveFrom"
        elif op == "move_to":
            mark = "moveTo"
        else:
            mark = STATUS_MARKS.get(op)
        old_side = mark in ("del", "moveFrom")
        clause = entry.old if old_side else entry.new
        assert clause is not None
        style = "JD Clause" if level == 1 else "JD Item"
        first: Paragraph | None = None
        for i, lang in enumerate(self.langs):
            if mark in ("ins", "del", "moveFrom") or op == "same":
                segments: list[Segment] = [("equal", clause.text.get(lang, ""))]
            else:
                segments = self._word_diff(entry, clause_id, lang)
            if i == 0:
                para = self.tracker.paragraph(style, mark, number=(self.num_id, level))
            else:
                para = self.tracker.paragraph(style, mark, indent=text_indent(level))
            self.tracker.segments(para, segments, lang, mark)
            first = first or para
        inner: Mark = mark if mark in ("ins", "del", "moveFrom", "moveTo") else None
        for item in entry.items:
            self.entry(item, level + 1, inner, clause_id)
        if op in ("move_from", "move_to") and context is None:
            assert first is not None and self.tracker.last is not None
            self._range(
                "moveFrom" if op == "move_from" else "moveTo", entry.move, first, self.tracker.last
            )

    def _word_diff(self, entry: Entry, clause_id: str, lang: str) -> list[Segment]:
        """The word diff of a kept or moved clause, as :func:`diff_documents` computed it."""
        return self.changes[(entry.section, clause_id)].languages.get(lang, [])


_W_ID = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id"
