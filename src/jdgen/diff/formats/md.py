"""Markdown: summary table, then one section per changed document; deletions and insertions
as ``<del>``/``<ins>`` (rendered by GitHub, GitLab and pandoc), role text escaped."""

from __future__ import annotations

import html
import re

from jdgen.diff.formats.common import (
    Options,
    doc_summary,
    doc_title,
    hint_counts,
    summary_line,
    tagged_segments,
)
from jdgen.diff.formats.layout import (
    Block,
    Names,
    block_hints,
    by_section,
    change_ref,
    document_hints,
    move_label,
    section_title,
    shared_note,
    split_shared,
)
from jdgen.diff.model import CHANGE_KINDS, Change, Hint, SetDiff

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Role text made inert in Markdown: HTML escaped, Markdown punctuation backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def _change(change: Change, ref: str, langs: tuple[str, ...]) -> list[str]:
    out = [f"#### {escape(ref)} — {move_label(change)}", ""]
    for attr, (old, new) in change.attributes.items():
        out.append(f"- *{attr}:* `{old or '-'}` → `{new or '-'}`")
    for lang in langs:
        segments = change.languages.get(lang)
        if segments is not None:
            out.append(f"- **{lang}:** {tagged_segments(segments, escape)}")
    return [*out, ""]


def _hint_lines(listed: list[tuple[str, Hint]]) -> list[str]:
    out = []
    for ref, hint in listed:
        where = f" ({escape(ref)})" if ref else ""
        lang = f" [{hint.lang}]" if hint.lang else ""
        out.append(f"- ⚠ {escape(hint.message)}{lang}{where}")
    return [*out, ""] if out else []


def _shared(block: Block, names: Names, langs: tuple[str, ...]) -> list[str]:
    ids = ", ".join(f"`{d.id}`" for d in block.documents)
    out = [f"## Shared: the same changes in {ids} (from `{escape(block.origin)}`)", ""]
    out += _hint_lines(block_hints(block, names, langs))
    for run in by_section(block.items, lambda item: item.change.section):
        out += [f"### {escape(run[0].section_title(names))}", ""]
        for item in run:
            out += _change(item.change, item.ref(names), langs)
    return out


def render(diff: SetDiff, options: Options) -> str:
    """The whole diff as Markdown: changes shared by several documents once, then each
    changed document's own changes."""
    langs = options.languages(diff)
    names = Names(options.templates, langs)
    layout = split_shared(diff)
    out = [
        f"# jdgen diff: `{diff.old_label}` → `{diff.new_label}`",
        "",
        f"**Summary:** {escape(summary_line(diff))}",
        "",
    ]
    hints = hint_counts(diff, langs)
    if hints:
        out += ["**Hints:** " + ", ".join(f"{n} {k}" for k, n in hints.items()), ""]
    if diff.changed:
        out += [
            "| document | status | " + " | ".join(CHANGE_KINDS) + " |",
            "|---|---|" + "---:|" * len(CHANGE_KINDS),
        ]
        for doc in diff.changed:
            counts = doc.counts()
            out.append(
                f"| `{doc.id}` | {doc.status} | "
                + " | ".join(str(counts[k]) for k in CHANGE_KINDS)
                + " |"
            )
        out.append("")
    for block in layout.blocks:
        out += _shared(block, names, langs)
    for doc in diff.changed:
        numbering = layout.numbering[doc.id]
        own = layout.own[doc.id]
        out += [
            f"## `{doc.id}` — {escape(doc_title(doc, langs))}",
            "",
            f"*{doc.status}:* {escape(doc_summary(doc, names))}",
            "",
        ]
        out += _hint_lines(document_hints(doc, layout, names, langs))
        for origin, count in layout.shared_count(doc).items():
            out += [f"*{shared_note(count, f'`{escape(origin)}`')}*", ""]
        for run in by_section(own, lambda change: change.section):
            out += [f"### {escape(section_title(run[0].section, numbering, names))}", ""]
            for change in run:
                out += _change(change, change_ref(change, numbering, names), langs)
    return "\n".join(out).rstrip("\n") + "\n"


def write(diff: SetDiff, options: Options) -> bytes:
    """The Markdown rendering as UTF-8 bytes."""
    return render(diff, options).encode("utf-8")
