"""Blocks -> the parts of a job description: header fields, sections, clauses, sub-clauses.

Sections start at a heading the vocabulary knows (in Thai, English or Russian, numbered or
not). Inside a section, the shallowest numbering (Word's list level, or a number typed as
text: ``1.``, ``1.1``, ``1.1.1``) makes clauses and anything deeper (or a bullet) makes
sub-clauses of the clause before it. Header fields come from ``label: value`` paragraphs or
two-cell table rows. The text ends at a signature sheet. Everything else that holds text
is kept as *unplaced*, with where it stands and why, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jdgen.importer.blocks import Block
from jdgen.importer.vocabulary import (
    approval_words,
    end_words,
    field_words,
    kind_words,
    normal,
    numbering,
    section_words,
)
from jdgen.validate.schema import normalize_text

HEADING_STYLES = ("heading", "title", "jd heading", "заголовок")
MAX_HEADING = 80  # characters: longer text is a clause that happens to start like a heading


@dataclass
class ImportedClause:
    """A clause's text and the texts of its sub-clauses."""

    text: str
    items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Unplaced:
    """Text the importer could not place, where it stands, and why."""

    where: str
    text: str
    why: str


@dataclass
class ImportedDocument:
    """What one file says, in its own language."""

    fields: dict[str, str] = field(default_factory=dict)
    purpose: list[str] = field(default_factory=list)
    sections: dict[str, list[ImportedClause]] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)
    ended_at: str | None = None  # where the signature sheets begin, if found

    def counts(self) -> tuple[int, int]:
        """(clauses, sub-clauses)."""
        clauses = [c for cs in self.sections.values() for c in cs]
        return len(clauses), sum(len(c.items) for c in clauses)


class _Reader:
    def __init__(self) -> None:
        self.doc = ImportedDocument()
        self.section: str | None = None  # a section key, "purpose", or None (the header)
        self.unknown: str | None = None  # the text of an unknown heading being skipped
        self.base: int | None = None  # the depth of the section's clauses
        self.after_kind = False
        self.in_approval = False

    def field_row(self, block: Block) -> bool:
        cells = [c for c in block.cells if c]
        if len(cells) == 2 and (key := field_words().get(normal(cells[0]))) is not None:
            if key and key not in self.doc.fields:
                self.doc.fields[key] = normalize_text(cells[1])
            return True
        return False

    def field_line(self, text: str) -> bool:
        label, sep, value = text.partition(":")
        if sep and value.strip() and len(label) < 40:
            key = field_words().get(normal(label))
            if key is not None:
                if key:
                    self.doc.fields.setdefault(key, normalize_text(value))
                return True
        words = text.split()
        for n in range(min(4, len(words) - 1), 0, -1):  # "Reports to Head of Sales" (PDF)
            key = field_words().get(normal(" ".join(words[:n])))
            if key is not None and len(" ".join(words[:n])) > 3:
                if key:
                    self.doc.fields.setdefault(key, " ".join(words[n:]))
                return True
        return False

    def heading(self, block: Block, text: str) -> str | None:
        key = section_words().get(normal(text))
        if key is None or len(text) > MAX_HEADING:
            return None
        return key

    def is_heading_style(self, block: Block) -> bool:
        return block.style.startswith(HEADING_STYLES) and not block.style.startswith("title")

    def clause(self, block: Block, text: str) -> None:
        depth, bullet, rest = numbering(text)
        if block.level is not None:
            depth = block.level
        clauses = self.doc.sections.setdefault(str(self.section), [])
        if not rest:
            return
        if bullet and clauses:
            clauses[-1].items.append(rest)
            return
        if depth is None or self.base is None or depth <= self.base or not clauses:
            if depth is not None and (self.base is None or depth < self.base):
                self.base = depth
            clauses.append(ImportedClause(rest))
            return
        if depth > self.base + 1:
            self.doc.unplaced.append(
                Unplaced(
                    block.where,
                    rest,
                    "numbered deeper than a "
                    "sub-clause; kept as a sub-clause of the "
                    "clause before it",
                )
            )
        clauses[-1].items.append(rest)

    def read(self, block: Block) -> bool:
        """Take one block; False once the signature sheets begin."""
        text = normalize_text(block.text)
        if not text or (block.cells and self.table_row(block)):
            return True
        if normal(text) in end_words():
            self.doc.ended_at = block.where
            return False
        if self.section_heading(block, text):
            return True
        return self.body(block, text)

    def table_row(self, block: Block) -> bool:
        """Take a table row that is a header field or part of an approval block (True), or
        leave it to be read as text (False)."""
        if self.field_row(block):
            return True
        # an approval block: organisation, APPROVED, post, signature
        return any(
            normal(line) in approval_words() for cell in block.cells for line in cell.splitlines()
        )

    def section_heading(self, block: Block, text: str) -> bool:
        """Start a section at a heading (True): one the vocabulary knows, or an unknown one,
        whose text and what follows it are kept as unplaced."""
        key = self.heading(block, text)
        if key is not None:
            self.section, self.unknown, self.base = key, None, None
            return True
        if self.is_heading_style(block) and len(text) <= MAX_HEADING:
            self.section, self.unknown, self.base = None, text, None
            self.doc.unplaced.append(
                Unplaced(
                    block.where,
                    text,
                    "a heading jdgen does not know as a section; its text follows",
                )
            )
            return True
        return False

    def body(self, block: Block, text: str) -> bool:
        """Take a text that is not a heading: under an unknown heading, the purpose, a
        clause of the current section, or the header before the first section."""
        if self.unknown is not None:
            self.doc.unplaced.append(
                Unplaced(block.where, text, f"under the heading '{self.unknown}'")
            )
            return True
        if self.section == "purpose":
            self.doc.purpose.append(numbering(text)[2])
            return True
        if self.section is not None:
            self.clause(block, text)
            return True
        return self.header(block, text)

    def header(self, block: Block, text: str) -> bool:
        if normal(text) in kind_words():
            self.after_kind, self.in_approval = True, False
            return True
        if self.in_approval or approval_words() & set(normal(text).split()):
            self.in_approval = True  # an approval block as lines (PDF): until the title
            return True
        if self.field_line(text):
            return True
        if (
            block.style.startswith(("title", "jd title")) or self.after_kind
        ) and "title" not in self.doc.fields:
            self.doc.fields["title"] = text
            self.after_kind = False
            return True
        self.doc.unplaced.append(Unplaced(block.where, text, "before the first section"))
        return True


def structure(blocks: list[Block]) -> ImportedDocument:
    """The job description that ``blocks`` spell."""
    reader = _Reader()
    for block in blocks:
        if not reader.read(block):
            break
    doc = reader.doc
    doc.sections = {k: v for k, v in doc.sections.items() if v}
    return doc
