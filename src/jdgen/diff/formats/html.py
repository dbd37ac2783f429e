"""A standalone HTML page a lawyer can open: summary, hints, one section per changed
document, word diffs as ``<del>``/``<ins>``. Everything from role files is escaped; the page
loads nothing from anywhere (inline CSS, no scripts)."""

from __future__ import annotations

import html

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
from jdgen.diff.model import CHANGE_KINDS, Change, SetDiff

STYLE = """
body { font-family: "Sarabun", "TH Sarabun New", "Noto Sans Thai", "Segoe UI", sans-serif;
       max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.6; color: #1a1a1a; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 2px solid #444; }
h3 { margin-top: 1.4em; color: #333; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #bbb; padding: .2em .6em; text-align: left; }
td.n { text-align: right; }
del { background: #fde2e2; color: #9b1c1c; text-decoration: line-through; }
ins { background: #dcf5dc; color: #11632a; text-decoration: underline; }
.change { margin: .6em 0 1em 0; padding: .3em .8em; border-left: 4px solid #999; }
.change.added { border-color: #2e8b57; } .change.removed { border-color: #b22222; }
.change.modified { border-color: #d98c00; } .change.moved { border-color: #3b6fd6; }
.kind { font-weight: bold; text-transform: uppercase; font-size: .8em; letter-spacing: .05em; }
.id { font-family: monospace; }
.lang { color: #666; font-family: monospace; margin-right: .5em; }
.unchanged { color: #777; }
.hints { background: #fff7d6; border: 1px solid #e6c200; padding: .4em 1em; }
.hint { color: #7a5a00; }
"""


def esc(text: str) -> str:
    """Role text escaped for HTML."""
    return html.escape(text, quote=True)


def _change(change: Change, langs: tuple[str, ...]) -> list[str]:
    name = change_name(change)
    out = [f'<div class="change {change.change}">',
           f'<div><span class="kind">{esc(change_label(change))}</span> '
           f'<span class="id">{esc(name)}</span></div>']
    for attr, (old, new) in change.attributes.items():
        out.append(f"<div>{esc(attr)}: <del>{esc(old or '-')}</del> "
                   f"<ins>{esc(new or '-')}</ins></div>")
    for lang in langs:
        segments = change.languages.get(lang)
        if segments is None:
            continue
        if change.change == "moved" and not change.modified:
            body = esc(change.text(lang, "new"))
        elif all(op == "equal" for op, _ in segments):
            body = '<span class="unchanged">(unchanged)</span>'
        else:
            body = tagged_segments(segments, esc)
        out.append(f'<p lang="{esc(lang)}"><span class="lang">{esc(lang)}</span>{body}</p>')
    for hint in change.hints:
        if hint.lang is None or hint.lang in langs:
            out.append(f'<div class="hint">⚠ {esc(hint.message)}</div>')
    out.append("</div>")
    return out


def render(diff: SetDiff, options: Options) -> str:
    """The whole diff as one HTML page."""
    langs = options.languages(diff)
    title = f"jdgen diff: {diff.old_label} → {diff.new_label}"
    out = ["<!DOCTYPE html>", f'<html lang="{esc(langs[0] if langs else "en")}">', "<head>",
           '<meta charset="utf-8">', f"<title>{esc(title)}</title>",
           f"<style>{STYLE}</style>", "</head>", "<body>", f"<h1>{esc(title)}</h1>",
           f"<p><strong>Summary:</strong> {esc(summary_line(diff))}</p>"]
    hints = hint_counts(diff, langs)
    if hints:
        out.append('<p class="hints"><strong>Hints:</strong> '
                   + esc(", ".join(f"{n} {k}" for k, n in hints.items())) + "</p>")
    if diff.changed:
        out.append("<table><tr><th>document</th><th>status</th>"
                   + "".join(f"<th>{k}</th>" for k in CHANGE_KINDS) + "</tr>")
        for doc in diff.changed:
            counts = doc.counts()
            out.append(f'<tr><td><a href="#doc-{esc(doc.id)}">{esc(doc.id)}</a></td>'
                       f"<td>{esc(doc.status)}</td>"
                       + "".join(f'<td class="n">{counts[k]}</td>' for k in CHANGE_KINDS)
                       + "</tr>")
        out.append("</table>")
    for doc in diff.changed:
        out += [f'<section id="doc-{esc(doc.id)}">',
                f"<h2>{esc(doc.id)} — {esc(doc_title(doc, langs))}</h2>",
                f"<p><em>{esc(doc.status)}:</em> {esc(doc_summary(doc))}</p>"]
        listed = all_hints(doc, langs)
        if listed:
            out.append('<ul class="hints">')
            for change, hint in listed:
                where = f" ({change.section}/{change.clause})" if change else ""
                out.append(f"<li>⚠ {esc(hint.message + where)}</li>")
            out.append("</ul>")
        section = None
        for change in doc.changes:
            if change.section != section:
                section = change.section
                out.append(f"<h3>{esc(section_name(section))}</h3>")
            out.extend(_change(change, langs))
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write(diff: SetDiff, options: Options) -> bytes:
    """The HTML page as UTF-8 bytes."""
    return render(diff, options).encode("utf-8")
