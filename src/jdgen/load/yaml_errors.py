"""YAML syntax errors in plain words, with the likely fix.

libyaml says what its parser expected ("mapping values are not allowed in this context");
an HR author needs to hear what they wrote ("a colon inside a text") and what to do. The
line around the error tells the usual mistakes apart; anything else keeps libyaml's words.
"""

from __future__ import annotations

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


def explain(err: yaml.MarkedYAMLError, text: str) -> tuple[str, tuple[int, int] | None]:
    """The message for ``err`` and, when the mistake stands elsewhere than libyaml's mark,
    its (line, column), both from 1."""
    problem = err.problem or str(err)
    context = err.context or ""
    mark: Any = err.problem_mark
    lines = text.split("\n")
    row = mark.line if mark else 0
    line = lines[row] if row < len(lines) else ""
    col = mark.column if mark else 0
    here = line[col] if col < len(line) else ""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if here == "\t" or "\t" in indent:
        return "tab character used for indentation; indent with spaces", None
    if "exceeded maximum nesting depth" in problem:  # libyaml's own limit, met first
        return f"nested deeper than {MAX_DEPTH} levels; flatten the structure", None
    if "cannot start any token" in problem and here:
        return (f"YAML syntax error: '{here}' cannot start a text; put the text in quotes",
                None)
    if "mapping values are not allowed" in problem:
        before = line[:col]
        if ": " in before or before.rstrip().endswith(":"):
            return ("YAML syntax error: a colon inside a text (': ' starts a key); "
                    "put the text in quotes", None)
        return ("YAML syntax error: this line is indented differently from the one above; "
                "indent the keys of one mapping by the same number of spaces", None)
    if "flow mapping" in context or "flow sequence" in context:
        start: Any = err.context_mark
        opened = lines[start.line] if start and start.line < len(lines) else ""
        hash_at = _comment_in(opened[start.column:]) if start else -1
        if start and hash_at >= 0:
            return ("YAML syntax error: ' #' inside a text starts a comment, which cuts off "
                    "the rest of the line; put the text in quotes",
                    (start.line + 1, start.column + hash_at + 1))
        closing, kind = ("}", "{th: …, en: …}") if "mapping" in context else ("]", "[…]")
        where = (start.line + 1, start.column + 1) if start else None
        return (f"YAML syntax error: {kind} is not closed on its line; add '{closing}' "
                "(a text with a comma, colon, bracket or brace goes in quotes)", where)
    if "quoted scalar" in context and "end of stream" in problem:
        start = err.context_mark
        quote = text.split("\n")[start.line][start.column] if start else '"'
        return (f"YAML syntax error: the text in quotes ({quote}) is never closed; "
                f"end it with {quote}", (start.line + 1, start.column + 1) if start else None)
    if "simple key" in context and "expected ':'" in problem:
        start = err.context_mark
        return ("YAML syntax error: a line without 'key:'; indent a text that goes on "
                "over several lines under its key, or put it in quotes",
                (start.line + 1, start.column + 1) if start else None)
    if "did not find expected" in problem or "expected <block end>" in problem:
        if col > 0 and line[col - 1] in _QUOTES and line.count(line[col - 1]) > 2:
            quote = line[col - 1]
            return ("YAML syntax error: a quote inside a text in quotes ends it early; "
                    + ("write it twice ('') or quote the text with \" instead"
                       if quote == "'" else "write it as \\\" or quote the text with ' instead"),
                    (row + 1, col))
        above = _above(lines, row)
        if above is not None and _indent(above) != _indent(line):
            return ("YAML syntax error: this line is indented differently from the one above; "
                    "line it up with the key or '- ' it belongs with", None)
    described = problem if not context else f"{context}: {problem}"
    return f"YAML syntax error: {described}", None
