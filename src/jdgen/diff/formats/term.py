"""Terminal output: colour on a tty (red struck-out deletions, green insertions), otherwise
git's plain word-diff markers ``[-deleted-]`` and ``{+inserted+}``."""

from __future__ import annotations

from jdgen.diff.formats import (
    Options,
    change_label,
    change_name,
    doc_summary,
    doc_title,
    hint_counts,
    section_name,
    summary_line,
    visible_hints,
)
from jdgen.diff.model import Change, Segment, SetDiff

RED, GREEN, BOLD, DIM, YELLOW, RESET = ("\x1b[31;9m", "\x1b[32m", "\x1b[1m", "\x1b[2m",
                                        "\x1b[33m", "\x1b[0m")


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


def _change_lines(change: Change, langs: tuple[str, ...], color: bool) -> list[str]:
    name = change_name(change)
    lines = [f"    {_paint(change_label(change).ljust(9), BOLD, color)} {name}"]
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
        lines.append("      " + _paint(f"! {hint.message}" + (f" ({hint.lang})" if hint.lang
                                                             else ""), YELLOW, color))
    return lines


def render(diff: SetDiff, options: Options) -> str:
    """The whole diff as terminal text."""
    langs = options.languages(diff)
    color = options.color
    lines = [_paint(f"jdgen diff {diff.old_label} -> {diff.new_label}", BOLD, color),
             summary_line(diff)]
    hints = hint_counts(diff, langs)
    if hints:
        lines.append("hints: " + ", ".join(f"{n} {k}" for k, n in hints.items()))
    for doc in diff.changed:
        lines += ["", _paint(f"=== {doc.id} ({doc.status}) {doc_title(doc, langs)}", BOLD,
                             color), f"  {doc_summary(doc)}"]
        for hint in visible_hints(doc.hints, langs):
            lines.append("  " + _paint(f"! {hint.message}", YELLOW, color))
        section = None
        for change in doc.changes:
            if change.section != section:
                section = change.section
                lines.append(f"  {section_name(section)}")
            lines.extend(_change_lines(change, langs, color))
    return "\n".join(lines) + "\n"


def write(diff: SetDiff, options: Options) -> bytes:
    """The terminal rendering as UTF-8 bytes."""
    return render(diff, options).encode("utf-8")
