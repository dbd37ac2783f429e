"""Word tracked changes on a python-docx document: revision runs and paragraph marks.

A paragraph whose whole content is new, gone or moved carries the revision on its paragraph
mark too (``w:pPr/w:rPr/w:ins|w:del|w:moveFrom|w:moveTo``), so accepting or rejecting it
removes the paragraph, not just its text, and Word renumbers the list it belongs to. Runs
are made by the published renderer's :func:`~jdgen.render.docx_xml.add_run` (script fonts,
``w:lang``/``w:bidi``) and then wrapped in their revision element.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from jdgen.render.docx_xml import add_run, set_numbering

# The revision on a paragraph (and on all its runs): None, "ins", "del", "moveFrom", "moveTo".
Mark = str | None
_WRAPPERS = {"ins": "w:ins", "del": "w:del", "moveFrom": "w:moveFrom"}


class Tracker:
    """Makes paragraphs and runs with revisions; every revision gets the next id."""

    def __init__(
        self, word: WordDocument, author: str, date: datetime, style_ids: dict[str, str]
    ) -> None:
        self.word = word
        self.author = author
        self.date = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        self.style_ids = style_ids
        self.next_id = 0
        self.last: Paragraph | None = None

    def rev(self, tag: str, **attrs: str) -> BaseOxmlElement:
        """A revision element with a fresh id, the author and the date."""
        self.next_id += 1
        element = OxmlElement(tag)
        for key, value in {
            "id": str(self.next_id),
            "author": self.author,
            "date": self.date,
            **attrs,
        }.items():
            element.set(qn(f"w:{key}"), value)
        return element

    def range_mark(self, tag: str, **attrs: str) -> BaseOxmlElement:
        """A move range start (fresh id, author, date, name) or end (``id`` given)."""
        if "id" in attrs:
            element = OxmlElement(tag)
            element.set(qn("w:id"), attrs["id"])
            return element
        return self.rev(tag, **attrs)

    def style(self, paragraph: Paragraph, name: str) -> Paragraph:
        """Give ``paragraph`` the reference's style ``name`` (if the reference has it)."""
        style_id = self.style_ids.get(name)
        if style_id:
            paragraph._p.style = style_id
        return paragraph

    def paragraph(
        self,
        style: str,
        mark: Mark = None,
        *,
        number: tuple[int, int] | None = None,
        indent: int | None = None,
    ) -> Paragraph:
        """A new body paragraph of the reference's ``style``.

        ``number`` is (numId, level) for Word numbering; ``indent`` a left indent in twips;
        ``mark`` the revision on the paragraph mark.
        """
        paragraph = self.style(self.word.add_paragraph(), style)
        if number is not None:
            set_numbering(paragraph, *number)
        if indent is not None:
            paragraph.paragraph_format.left_indent = Twips(indent)
        if mark is not None:
            props = OxmlElement("w:rPr")
            props.append(self.rev(f"w:{mark}"))
            paragraph._p.get_or_add_pPr().append(props)
        self.last = paragraph
        return paragraph

    def run(
        self,
        paragraph: Paragraph,
        text: str,
        lang: str,
        wrapper: str | None = None,
        *,
        bold: bool = False,
    ) -> None:
        """Append ``text`` as a run, inside a new ``wrapper`` revision (``w:ins``…) if given;
        deleted text (``w:del``) is ``w:delText``."""
        if not text:
            return
        element = add_run(paragraph, text, lang, bold=bold)._r
        if wrapper is None:
            return
        holder = self.rev(wrapper)
        element.addprevious(holder)
        holder.append(element)
        if wrapper == "w:del":
            for node in element.iter(qn("w:t")):
                node.tag = qn("w:delText")

    def add(
        self,
        paragraph: Paragraph,
        op: str,
        text: str,
        lang: str,
        context: Mark,
        *,
        bold: bool = False,
    ) -> None:
        """Append one word-diff segment (``op`` equal/delete/insert) to a paragraph whose
        mark is ``context``: inside a wholly inserted, deleted or moved-away paragraph every
        run takes the paragraph's revision; at a move's destination the deleted words are
        left out (they are in the old wording at the origin)."""
        if context in _WRAPPERS:
            self.run(paragraph, text, lang, _WRAPPERS[context], bold=bold)
        elif context == "moveTo":
            if op != "delete":
                self.run(
                    paragraph, text, lang, "w:ins" if op == "insert" else "w:moveTo", bold=bold
                )
        elif op == "equal":
            self.run(paragraph, text, lang, bold=bold)
        else:
            self.run(paragraph, text, lang, "w:ins" if op == "insert" else "w:del", bold=bold)

    def segments(
        self,
        paragraph: Paragraph,
        segments: Sequence[tuple[str, str]],
        lang: str,
        context: Mark,
        *,
        bold: bool = False,
    ) -> None:
        """Append every segment of a word diff."""
        for op, text in segments:
            self.add(paragraph, op, text, lang, context, bold=bold)
