"""Reading a DOCX or PDF file into a flat list of text blocks, in reading order.

A block is a paragraph (with its Word list level and style, when the file has them) or a
table row (its cells' texts). Nothing is interpreted here; :mod:`.structure` does that.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jdgen.errors import CannotImport


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph or table row of the source document."""

    text: str
    where: str
    level: int | None = None  # Word's list level (w:ilvl) of a numbered paragraph
    style: str = ""  # the paragraph style's name, lowercase
    cells: tuple[str, ...] = ()  # the row's cells, for a table row


def read_blocks(path: Path) -> list[Block]:
    """The blocks of ``path`` (``.docx`` or ``.pdf``); :class:`CannotImport` if unreadable."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise CannotImport(f"{path}: no such file")
    if suffix == ".docx":
        return _docx_blocks(path)
    if suffix == ".pdf":
        return _pdf_blocks(path)
    raise CannotImport(f"{path}: not a .docx or .pdf file; save it from Word as .docx first")


def _docx_blocks(path: Path) -> list[Block]:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CannotImport(
            f"{path}: not a Word document jdgen can read ({err}); open it in "
            "Word and save it again as .docx"
        ) from None
    except OSError as err:
        raise CannotImport(f"{path}: cannot be read ({err.strerror or err})") from None
    return list(_body_blocks(document))


def _body_blocks(document: Any) -> Iterator[Block]:
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraphs += 1
            paragraph = Paragraph(element, document)
            style = _style_name(paragraph)
            yield Block(
                paragraph.text,
                f"paragraph {paragraphs}",
                _list_level(element) if _list_level(element) is not None else _style_level(style),
                style,
            )
        elif element.tag == qn("w:tbl"):
            tables += 1
            for number, row in enumerate(Table(element, document).rows, start=1):
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:  # merged cells repeat; keep each once
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell.text.strip())
                yield Block(
                    " ".join(c for c in cells if c),
                    f"table {tables}, row {number}",
                    cells=tuple(cells),
                )


def _list_level(element: Any) -> int | None:
    from docx.oxml.ns import qn

    properties = element.find(qn("w:pPr"))
    numbering = properties.find(qn("w:numPr")) if properties is not None else None
    if numbering is None:
        return None
    level = numbering.find(qn("w:ilvl"))
    number = numbering.find(qn("w:numId"))
    if number is not None and number.get(qn("w:val")) == "0":
        return None  # numbering switched off
    try:
        return int(level.get(qn("w:val"))) if level is not None else 0
    except (TypeError, ValueError):
        return 0


_LIST_STYLE = re.compile(r"^list (?:number|bullet|continue|paragraph)(?: (\d))?$")


def _style_level(style: str) -> int | None:
    """The list level Word's built-in list styles stand for ("List Number 2": level 1)."""
    match = _LIST_STYLE.match(style)
    return int(match.group(1) or 1) - 1 if match else None


def _style_name(paragraph: Any) -> str:
    try:
        return str(paragraph.style.name or "").lower()
    except (KeyError, ValueError, AttributeError):
        return ""


def _pdf_blocks(path: Path) -> list[Block]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        raise CannotImport(
            f"{path}: reading PDF needs pypdf: pip install 'jdgen[import]'"
        ) from None
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as err:
        raise CannotImport(
            f"{path}: not a PDF jdgen can read ({err}); export it again, or import the Word file"
        ) from None
    except OSError as err:
        raise CannotImport(f"{path}: cannot be read ({err.strerror or err})") from None
    if not any(text.strip() for text in pages):
        raise CannotImport(
            f"{path}: the PDF has no text layer (a scan?); import the Word file, or run OCR first"
        )
    return _pdf_paragraphs(pages)


def _pdf_paragraphs(pages: list[str]) -> list[Block]:
    """A PDF's lines joined into paragraphs: a line continues the previous one unless it
    starts with a number, a bullet or a heading, or the previous line stopped short."""
    from jdgen.importer.vocabulary import end_words, normal, numbering, section_words

    blocks: list[Block] = []
    current: list[str] = []
    where = ""

    def flush() -> None:
        if current:
            blocks.append(Block(" ".join(current), where))
            current.clear()

    headings = {*section_words(), *end_words()}  # a sheet may follow the body on its page
    furniture = _page_furniture(pages)
    width = max((len(line.strip()) for text in pages for line in text.splitlines()), default=1)
    for page_number, text in enumerate(pages, start=1):
        for line_number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or _DIGITS.sub("#", line) in furniture:
                continue
            depth, bullet, _ = numbering(line)
            starts = depth is not None or bullet or normal(line) in headings
            if starts or not current or normal(" ".join(current)) in headings:
                flush()
                where = f"page {page_number}, line {line_number}"
            if current and current[-1].endswith("-") and line[:1].islower():
                current[-1] += line  # a word broken at its hyphen
            else:
                current.append(line)
            if len(line) < SHORT * width:
                flush()  # a line that stops short ends its paragraph
        flush()
    return blocks


_DIGITS = re.compile(r"[0-9๐-๙]+")
SHORT = 0.6  # of the longest line: shorter lines end a paragraph


def _page_furniture(pages: list[str]) -> set[str]:
    """Lines at the top or bottom of most pages (running headers, footers, page numbers,
    digits ignored): not the document's text."""
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for text in pages:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line in {*lines[:2], *lines[-2:]}:
            key = _DIGITS.sub("#", line)
            seen[key] = seen.get(key, 0) + 1
    return {line for line, count in seen.items() if count >= max(2, len(pages) // 2 + 1)}
