"""A standalone HTML page a lawyer can open: summary, hints, one section per changed
document, word diffs as ``<del>``/``<ins>``. Everything from role files is escaped; the page
loads nothing from anywhere (inline CSS, no scripts) and carries its fonts as ``data:``
URLs, like the HTML preview, so Thai shows on a machine without a Thai font."""

from __future__ import annotations

import html

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
from jdgen.diff.model import CHANGE_KINDS, Change, Hint, SetDiff, visible_hints

STYLE = """
body { font-family: "Sarabun", "PT Sans", sans-serif;
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
.ref { font-weight: bold; }
.note { color: #555; font-style: italic; }
.shared { border: 1px solid #bbb; padding: 0 1em 1em 1em; margin-top: 2em; }
.lang { color: #666; font-family: monospace; margin-right: .5em; }
.unchanged { color: #777; }
.hints { background: #fff7d6; border: 1px solid #e6c200; padding: .4em 1em; }
.hint { color: #7a5a00; }
[lang="ru"] { font-family: "PT Sans", "Sarabun", sans-serif; }
"""


def font_css(options: Options, langs: tuple[str, ...]) -> str:
    """``@font-face`` rules with the fonts of the shown languages inside (the project's
    templates' fonts where it has its own, else the packaged ones), as the preview has."""
    from jdgen.assets.templates import TemplateSet
    from jdgen.render.fonts import embedded_font_css

    return embedded_font_css(options.templates or TemplateSet(None), langs or ("en",))


def esc(text: str) -> str:
    """Role text escaped for HTML."""
    return html.escape(text, quote=True)


def _change(change: Change, ref: str, langs: tuple[str, ...]) -> list[str]:
    out = [
        f'<div class="change {change.change}">',
        f'<div><span class="kind">{esc(move_label(change))}</span> '
        f'<span class="ref">{esc(ref)}</span></div>',
    ]
    for attr, (old, new) in change.attributes.items():
        out.append(
            f"<div>{esc(attr)}: <del>{esc(old or '-')}</del> <ins>{esc(new or '-')}</ins></div>"
        )
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
    for hint in visible_hints(change.hints, langs):
        out.append(f'<div class="hint">⚠ {esc(_hint_text(hint))}</div>')
    out.append("</div>")
    return out


def _hint_text(hint: Hint) -> str:
    return hint.message + (f" [{hint.lang}]" if hint.lang else "")


def _hint_list(listed: list[tuple[str, Hint]]) -> list[str]:
    if not listed:
        return []
    items = [
        f"<li>⚠ {esc(_hint_text(hint) + (f' ({ref})' if ref else ''))}</li>" for ref, hint in listed
    ]
    return ['<ul class="hints">', *items, "</ul>"]


def _shared(block: Block, names: Names, langs: tuple[str, ...]) -> list[str]:
    links = ", ".join(f'<a href="#doc-{esc(d.id)}">{esc(d.id)}</a>' for d in block.documents)
    out = [
        '<section class="shared">',
        f"<h2>Shared: the same changes in {links} (from {esc(block.origin)})</h2>",
    ]
    out += _hint_list(block_hints(block, names, langs))
    for run in by_section(block.items, lambda item: item.change.section):
        out.append(f"<h3>{esc(run[0].section_title(names))}</h3>")
        for item in run:
            out.extend(_change(item.change, item.ref(names), langs))
    return [*out, "</section>"]


def render(diff: SetDiff, options: Options) -> str:
    """The whole diff as one HTML page: changes shared by several documents once, then
    each changed document's own changes."""
    langs = options.languages(diff)
    names = Names(options.templates, langs)
    layout = split_shared(diff)
    title = f"jdgen diff: {diff.old_label} → {diff.new_label}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(langs[0] if langs else "en")}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}</title>",
        f'<style class="fonts">{font_css(options, langs)}</style>',
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        f"<p><strong>Summary:</strong> {esc(summary_line(diff))}</p>",
    ]
    hints = hint_counts(diff, langs)
    if hints:
        out.append(
            '<p class="hints"><strong>Hints:</strong> '
            + esc(", ".join(f"{n} {k}" for k, n in hints.items()))
            + "</p>"
        )
    if diff.changed:
        out.append(
            "<table><tr><th>document</th><th>status</th>"
            + "".join(f"<th>{k}</th>" for k in CHANGE_KINDS)
            + "</tr>"
        )
        for doc in diff.changed:
            counts = doc.counts()
            out.append(
                f'<tr><td><a href="#doc-{esc(doc.id)}">{esc(doc.id)}</a></td>'
                f"<td>{esc(doc.status)}</td>"
                + "".join(f'<td class="n">{counts[k]}</td>' for k in CHANGE_KINDS)
                + "</tr>"
            )
        out.append("</table>")
    for block in layout.blocks:
        out.extend(_shared(block, names, langs))
    for doc in diff.changed:
        numbering = layout.numbering[doc.id]
        own = layout.own[doc.id]
        out += [
            f'<section id="doc-{esc(doc.id)}">',
            f"<h2>{esc(doc.id)} — {esc(doc_title(doc, langs))}</h2>",
            f"<p><em>{esc(doc.status)}:</em> {esc(doc_summary(doc, names))}</p>",
        ]
        out += _hint_list(document_hints(doc, layout, names, langs))
        for origin, count in layout.shared_count(doc).items():
            out.append(f'<p class="note">{shared_note(count, esc(origin))}</p>')
        for run in by_section(own, lambda change: change.section):
            out.append(f"<h3>{esc(section_title(run[0].section, numbering, names))}</h3>")
            for change in run:
                out.extend(_change(change, change_ref(change, numbering, names), langs))
        out.append("</section>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def write(diff: SetDiff, options: Options) -> bytes:
    """The HTML page as UTF-8 bytes."""
    return render(diff, options).encode("utf-8")
