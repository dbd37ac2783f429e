"""What every diff writer shares: the options, hint counting, summary lines and titles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jdgen.diff.model import Change, DocumentDiff, Hint, Segment, SetDiff, visible_hints

if TYPE_CHECKING:
    from jdgen.assets.templates import TemplateSet
    from jdgen.diff.formats.layout import Names

FIXED_DATE = datetime(1980, 1, 1, tzinfo=UTC)
DEFAULT_AUTHOR = "jdgen"


@dataclass(frozen=True)
class Options:
    """How to write a diff: languages shown, colour, and for the DOCX redline the revision
    author and date, the templates (reference document, labels) and the compared commits."""

    langs: tuple[str, ...] = ()
    color: bool = False
    author: str = DEFAULT_AUTHOR
    date: datetime = FIXED_DATE
    templates: TemplateSet | None = None
    old_commit: str = ""
    new_commit: str = ""

    def languages(self, diff: SetDiff) -> tuple[str, ...]:
        """The languages to show: the chosen ones, else every language of the diff."""
        return self.langs or diff.languages


def tagged_segments(segments: list[Segment], escape: Callable[[str], str]) -> str:
    """A word diff as markup: deletions in ``<del>``, insertions in ``<ins>``, every text
    passed through ``escape``."""
    out = []
    for op, text in segments:
        body = escape(text)
        out.append(body if op == "equal" else f"<{op[:3]}>{body}</{op[:3]}>")
    return "".join(out)


def all_hints(doc: DocumentDiff, langs: tuple[str, ...]) -> list[tuple[Change | None, Hint]]:
    """Document-level hints, then every change's hints, with the change they belong to."""
    out: list[tuple[Change | None, Hint]] = [(None, h) for h in visible_hints(doc.hints, langs)]
    for change in doc.changes:
        out.extend((change, h) for h in visible_hints(change.hints, langs))
    return out


def hint_counts(diff: SetDiff, langs: tuple[str, ...]) -> dict[str, int]:
    """How many hints of each kind, over every changed document."""
    out: dict[str, int] = {}
    for doc in diff.changed:
        for _change, hint in all_hints(doc, langs):
            out[hint.kind] = out.get(hint.kind, 0) + 1
    return dict(sorted(out.items()))


def summary_line(diff: SetDiff) -> str:
    """``2 documents changed (1 modified, 1 added); changes: 3 modified, 1 moved``."""
    docs = diff.document_counts()
    changed = len(diff.changed)
    parts = [f"{n} {k}" for k, n in docs.items() if n and k != "unchanged"]
    counts = ", ".join(f"{n} {k}" for k, n in diff.counts().items() if n) or "none"
    head = f"{changed} document{'s' if changed != 1 else ''} changed"
    if parts:
        head += f" ({', '.join(parts)})"
    if docs["unchanged"]:
        head += f", {docs['unchanged']} unchanged"
    return f"{head}; changes: {counts}"


def doc_summary(doc: DocumentDiff, names: Names) -> str:
    """``2 modified, 1 moved · by section: ส่วนหัวเอกสาร 1, ภารกิจหลัก 2`` (section titles in
    the first shown language)."""
    counts = ", ".join(f"{n} {k}" for k, n in doc.counts().items() if n) or "no changes"
    sections = ", ".join(
        f"{names.section(k, first_only=True)} {n}" for k, n in doc.by_section().items()
    )
    return f"{counts} · by section: {sections}" if sections else counts


def doc_title(doc: DocumentDiff, langs: tuple[str, ...]) -> str:
    """The document's title in the shown languages, joined by `` / ``."""
    title = doc.title
    return " / ".join(title[lang] for lang in langs if lang in title)
