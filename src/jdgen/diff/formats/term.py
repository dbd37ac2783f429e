"""Terminal output: colour on a tty (red struck-out deletions, green insertions), otherwise
git's plain word-diff markers ``[-deleted-]`` and ``{+inserted+}``."""

from __future__ import annotations

from jdgen.diff.formats.common import (
    Options,
    doc_summary,
    doc_title,
    hint_counts,
    summary_line,
)
from jdgen.diff.formats.layout import (
    Block,
    Names,
    by_section,
    change_ref,
    move_label,
    section_title,
    split_shared,
)
from jdgen.diff.model import Change, Segment, SetDiff, visible_hints

RED, GREEN, BOLD, DIM, YELLOW, RESET = (
    "\x1b[31;9m",
    "\x1b[32m",
    "\x1b[1m",
    "\x1b[2m",
    "\x1b[33m",
    "\x1b[0m",
)


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{RESET}" if color and text else text


def render_segments(segments: list[Segment], color: bool) -> str:
    """One language's word diff as a line of text."""
    out = []
    for op, text in segments:
        if op == "equal":
            out.append(text)
        elif op == "delete":
            out.append(_paint(text, RED, True) if color else f"[-{text}-]")
        else:
            out.append(_paint(text, GREEN, True) if color else f"{{+{text}+}}")
    return "".join(out)


def _change_lines(change: Change, ref: str, langs: tuple[str, ...], color: bool) -> list[str]:
    lines = [f"    {_paint(move_label(change).ljust(9), BOLD, color)} {ref}"]
    for attr, (old, new) in change.attributes.items():
        lines.append(f"      {attr}: {old or '-'} -> {new or '-'}")
    unchanged_move = change.change == "moved" and not change.modified
    for lang in langs:
        segments = change.languages.get(lang)
        if segments is None:
            continue
        if unchanged_move:
            body = _paint(change.text(lang, "new"), DIM, color)
        elif all(op == "equal" for op, _ in segments):
            body = _paint("(unchanged)", DIM, color)
        else:
            body = render_segments(segments, color)
        lines.append(f"      {lang}: {body}")
    for hint in visible_hints(change.hints, langs):
        lines.append(
            "      "
            + _paint(f"! {hint.message}" + (f" ({hint.lang})" if hint.lang else ""), YELLOW, color)
        )
    return lines


def _shared_lines(block: Block, names: Names, langs: tuple[str, ...], color: bool) -> list[str]:
    ids = ", ".join(d.id for d in block.documents)
    lines = [
        "",
        _paint(
            f"=== the same {_changes(len(block.items))} in {len(block.documents)} "
            f"documents ({ids}), from {block.origin}",
            BOLD,
            color,
        ),
    ]
    for run in by_section(block.items, lambda item: item.change.section):
        lines.append(f"  {run[0].section_title(names)}")
        for item in run:
            lines.extend(_change_lines(item.change, item.ref(names), langs, color))
    return lines


def _changes(n: int) -> str:
    return f"{n} change{'s' if n != 1 else ''}"


def render(diff: SetDiff, options: Options) -> str:
    """The whole diff as terminal text: changes shared by several documents once, then
    each changed document's own changes."""
    langs = options.languages(diff)
    names = Names(options.templates, langs)
    layout = split_shared(diff)
    color = options.color
    lines = [
        _paint(f"jdgen diff {diff.old_label} -> {diff.new_label}", BOLD, color),
        summary_line(diff),
    ]
    hints = hint_counts(diff, langs)
    if hints:
        lines.append("hints: " + ", ".join(f"{n} {k}" for k, n in hints.items()))
    for block in layout.blocks:
        lines.extend(_shared_lines(block, names, langs, color))
    for doc in diff.changed:
        numbering = layout.numbering[doc.id]
        lines += [
            "",
            _paint(f"=== {doc.id} ({doc.status}) {doc_title(doc, langs)}", BOLD, color),
            f"  {doc_summary(doc, names)}",
        ]
        for hint in visible_hints(doc.hints, langs):
            lines.append("  " + _paint(f"! {hint.message}", YELLOW, color))
        for origin, count in layout.shared_count(doc).items():
            lines.append(
                f"  + the {count} shared {_changes(count).split(' ', 1)[1]} from "
                f"{origin}, shown above"
            )
        for run in by_section(layout.own[doc.id], lambda change: change.section):
            lines.append(f"  {section_title(run[0].section, numbering, names)}")
            for change in run:
                lines.extend(
                    _change_lines(change, change_ref(change, numbering, names), langs, color)
                )
    return "\n".join(lines) + "\n"


def write(diff: SetDiff, options: Options) -> bytes:
    """The terminal rendering as UTF-8 bytes."""
    return render(diff, options).encode("utf-8")
