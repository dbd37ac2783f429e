"""Markdown: summary table, then one section per changed document; deletions and insertions
as ``<del>``/``<ins>`` (rendered by GitHub, GitLab and pandoc), role text escaped."""

from __future__ import annotations

import html
import re

from jdgen.diff.formats import (
    Options,
    all_hints,
    change_label,
    change_name,
    doc_summary,
    doc_title,
    hint_counts,
    section_name,
    summary_line,
    tagged_segments,
)
from jdgen.diff.model import CHANGE_KINDS, SetDiff

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def escape(text: str) -> str:
    """Role text made inert in Markdown: HTML escaped, Markdown punctuation backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def render(diff: SetDiff, options: Options) -> str:
    """The whole diff as Markdown."""
    langs = options.languages(diff)
    out = [f"# jdgen diff: `{diff.old_label}` → `{diff.new_label}`", "",
           f"**Summary:** {escape(summary_line(diff))}", ""]
    hints = hint_counts(diff, langs)
    if hints:
        out += ["**Hints:** " + ", ".join(f"{n} {k}" for k, n in hints.items()), ""]
    if diff.changed:
        out += ["| document | status | " + " | ".join(CHANGE_KINDS) + " |",
                "|---|---|" + "---:|" * len(CHANGE_KINDS)]
        for doc in diff.changed:
            counts = doc.counts()
            out.append(f"| `{doc.id}` | {doc.status} | "
                       + " | ".join(str(counts[k]) for k in CHANGE_KINDS) + " |")
        out.append("")
    for doc in diff.changed:
        out += [f"## `{doc.id}` — {escape(doc_title(doc, langs))}", "",
                f"*{doc.status}:* {escape(doc_summary(doc))}", ""]
        listed = all_hints(doc, langs)
        if listed:
            for change, hint in listed:
                where = f" (`{change.section}/{change.clause}`)" if change else ""
                lang = f" [{hint.lang}]" if hint.lang else ""
                out.append(f"- ⚠ {escape(hint.message)}{lang}{where}")
            out.append("")
        section = None
        for change in doc.changes:
            if change.section != section:
                section = change.section
                out += [f"### {escape(section_name(section))}", ""]
            name = change_name(change)
            out.append(f"#### `{name}` — {change_label(change)}")
            out.append("")
            for attr, (old, new) in change.attributes.items():
                out.append(f"- *{attr}:* `{old or '-'}` → `{new or '-'}`")
            for lang in langs:
                segments = change.languages.get(lang)
                if segments is not None:
                    out.append(f"- **{lang}:** {tagged_segments(segments, escape)}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def write(diff: SetDiff, options: Options) -> bytes:
    """The Markdown rendering as UTF-8 bytes."""
    return render(diff, options).encode("utf-8")
