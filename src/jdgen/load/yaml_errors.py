"""YAML syntax errors in plain words, with the likely fix.

libyaml says what its parser expected ("mapping values are not allowed in this context");
an HR author needs to hear what they wrote ("a colon inside a text") and what to do. The
line around the error tells the usual mistakes apart; anything else keeps libyaml's words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 64  # also the loader's own limit (jdgen.load.yaml_source)
_QUOTES = "'\""


def _indent(line: str) -> int:
    """Where the line's key stands: its spaces plus any ``- `` that opens a list item."""
    rest = line.lstrip(" ")
    width = len(line) - len(rest)
    while rest.startswith("- "):
        stripped = rest[2:].lstrip(" ")
        width += len(rest) - len(stripped)
        rest = stripped
    return width


def _above(lines: list[str], index: int) -> str | None:
    """The nearest line above ``index`` that holds something other than a comment."""
    for line in reversed(lines[:index]):
        if line.strip() and not line.lstrip().startswith("#"):
            return line
    return None


def _comment_in(line: str) -> int:
    """The column (from 0) of a `` #`` that starts a comment in ``line``, or -1."""
    at = line.find(" #")
    return at + 1 if at >= 0 else -1


Explanation = tuple[str, tuple[int, int] | None]  # a message, and where the mistake stands


@dataclass(frozen=True)
class _Scene:
    """A syntax error and the line around libyaml's mark (``row`` and ``col`` from 0)."""

    err: yaml.MarkedYAMLError
    problem: str
    context: str
    lines: list[str]
    row: int
    col: int
    line: str
    here: str  # the character at the mark ("" past the end of the line)
    indent: str

    @classmethod
    def of(cls, err: yaml.MarkedYAMLError, text: str) -> _Scene:
        """The scene of ``err`` in ``text``."""
        mark: Any = err.problem_mark
        lines = text.split("\n")
        row = mark.line if mark else 0
        line = lines[row] if row < len(lines) else ""
        col = mark.column if mark else 0
        here = line[col] if col < len(line) else ""
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        return cls(
            err, err.problem or str(err), err.context or "", lines, row, col, line, here, indent
        )

    @property
    def start(self) -> Any:
        """libyaml's mark of where the unfinished thing began (None without one)."""
        return self.err.context_mark


def _from_1(mark: Any) -> tuple[int, int] | None:
    """``mark``'s (line, column), both from 1, or None without a mark."""
    return (mark.line + 1, mark.column + 1) if mark else None


def _tab(scene: _Scene) -> Explanation | None:
    """A tab in the indentation (YAML allows only spaces)."""
    if scene.here == "\t" or "\t" in scene.indent:
        return "tab character used for indentation; indent with spaces", None
    return None


def _too_deep(scene: _Scene) -> Explanation | None:
    """More levels of nesting than libyaml takes."""
    if "exceeded maximum nesting depth" in scene.problem:  # libyaml's own limit, met first
        return f"nested deeper than {MAX_DEPTH} levels; flatten the structure", None
    return None


def _bad_start(scene: _Scene) -> Explanation | None:
    """A text that starts with a character YAML reserves (``@``, a backtick, ``%``…)."""
    if "cannot start any token" in scene.problem and scene.here:
        return (
            f"YAML syntax error: '{scene.here}' cannot start a text; put the text in quotes",
            None,
        )
    return None


def _colon(scene: _Scene) -> Explanation | None:
    """``: `` inside a text, or a key indented unlike its neighbours."""
    if "mapping values are not allowed" not in scene.problem:
        return None
    before = scene.line[: scene.col]
    if ": " in before or before.rstrip().endswith(":"):
        return (
            "YAML syntax error: a colon inside a text (': ' starts a key); put the text in quotes",
            None,
        )
    return (
        "YAML syntax error: this line is indented differently from the one above; "
        "indent the keys of one mapping by the same number of spaces",
        None,
    )


def _unclosed_flow(scene: _Scene) -> Explanation | None:
    """A ``{…}`` or ``[…]`` not closed on its line, or cut off by `` #``."""
    context = scene.context
    if "flow mapping" not in context and "flow sequence" not in context:
        return None
    start = scene.start
    opened = scene.lines[start.line] if start and start.line < len(scene.lines) else ""
    hash_at = _comment_in(opened[start.column :]) if start else -1
    if start and hash_at >= 0:
        return (
            "YAML syntax error: ' #' inside a text starts a comment, which cuts off "
            "the rest of the line; put the text in quotes",
            (start.line + 1, start.column + hash_at + 1),
        )
    closing, kind = ("}", "{th: …, en: …}") if "mapping" in context else ("]", "[…]")
    return (
        f"YAML syntax error: {kind} is not closed on its line; add '{closing}' "
        "(a text with a comma, colon, bracket or brace goes in quotes)",
        _from_1(start),
    )


def _unclosed_quote(scene: _Scene) -> Explanation | None:
    """A text in quotes that the file never closes."""
    if "quoted scalar" not in scene.context or "end of stream" not in scene.problem:
        return None
    start = scene.start
    quote = scene.lines[start.line][start.column] if start else '"'
    return (
        f"YAML syntax error: the text in quotes ({quote}) is never closed; end it with {quote}",
        _from_1(start),
    )


def _no_colon(scene: _Scene) -> Explanation | None:
    """A line of text that goes on without being indented under its key."""
    if "simple key" not in scene.context or "expected ':'" not in scene.problem:
        return None
    return (
        "YAML syntax error: a line without 'key:'; indent a text that goes on "
        "over several lines under its key, or put it in quotes",
        _from_1(scene.start),
    )


def _ended_early(scene: _Scene) -> bool:
    """libyaml met the end of a block or flow before what it expected."""
    return "did not find expected" in scene.problem or "expected <block end>" in scene.problem


def _quote_in_quotes(scene: _Scene) -> Explanation | None:
    """The text's own quote character inside it, which ends it early."""
    line, col = scene.line, scene.col
    if not _ended_early(scene) or not (
        col > 0 and line[col - 1] in _QUOTES and line.count(line[col - 1]) > 2
    ):
        return None
    quote = line[col - 1]
    return (
        "YAML syntax error: a quote inside a text in quotes ends it early; "
        + (
            "write it twice ('') or quote the text with \" instead"
            if quote == "'"
            else "write it as \\\" or quote the text with ' instead"
        ),
        (scene.row + 1, col),
    )


def _misaligned(scene: _Scene) -> Explanation | None:
    """A line indented unlike the line above it, where libyaml expected more."""
    if not _ended_early(scene):
        return None
    above = _above(scene.lines, scene.row)
    if above is not None and _indent(above) != _indent(scene.line):
        return (
            "YAML syntax error: this line is indented differently from the one above; "
            "line it up with the key or '- ' it belongs with",
            None,
        )
    return None


# The usual mistakes, in the order they are told apart: the first rule that knows one wins.
_RULES: tuple[Callable[[_Scene], Explanation | None], ...] = (
    _tab,
    _too_deep,
    _bad_start,
    _colon,
    _unclosed_flow,
    _unclosed_quote,
    _no_colon,
    _quote_in_quotes,
    _misaligned,
)


def explain(err: yaml.MarkedYAMLError, text: str) -> Explanation:
    """The message for ``err`` and, when the mistake stands elsewhere than libyaml's mark,
    its (line, column), both from 1."""
    scene = _Scene.of(err, text)
    for rule in _RULES:
        found = rule(scene)
        if found is not None:
            return found
    described = scene.problem if not scene.context else f"{scene.context}: {scene.problem}"
    return f"YAML syntax error: {described}", None
