"""Reading ``jdgen.toml`` as text: bytes, UTF-8, TOML syntax, and strings fit to print.

Every mistake is a :class:`ConfigError` at the line (and column) where it was made, in plain
words: tomllib reports an unclosed list where it gave up (often the next line or the end
of the file), so the opening bracket is looked up; an integer Python cannot read (over
4,300 digits) is located in the text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jdgen.errors import ConfigError, Location, Problem
from jdgen.load.invisible import invisible_problems
from jdgen.load.utf8 import decode_utf8

CONFIG_NAME = "jdgen.toml"
# Characters XML 1.0 forbids, C1 controls and lone surrogates (as in role files): a
# "\u0000" escape would reach the HTML and break the DOCX writer.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PLAIN = {
    "Unclosed array": "a list [ … ] is not closed; add ']'",
    "Unclosed inline table": "a table { … } is not closed on its line; add '}' (a { … } table "
    "is written on one line)",
    "Invalid value": 'not a value; put text in quotes ("text"), or write a number, true or '
    "false, a list [ … ] or a table { … }",
    "Cannot overwrite a value": "a key is set twice; keep one of them",
    "Cannot declare": "a table is declared twice; keep one [table] header",
    "Invalid initial character for a key part": "expected a key name (letters, digits, _ "
    "and -); a { … } table is written on one line",
    "Expected '=' after a key in a key/value pair": "a key without '= value'; write key = value",
    "Illegal character '\\n'": "a text in quotes is not closed on its line; add the closing quote",
    "Unterminated string": "a text in quotes is never closed; add the closing quote",
    "Illegal character": "a control character is not allowed here; remove it",
}


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _offset(text: str, line: int, col: int) -> int:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + col - 1


def _unclosed(text: str, end: int) -> int | None:
    """The offset of the last bracket or brace opened before ``end`` and never closed
    (strings and comments skipped)."""
    stack: list[int] = []
    i = 0
    while i < end:
        char = text[i]
        if char == "#":
            i = text.find("\n", i)
            i = end if i < 0 else i
        elif char in "\"'":
            triple = text.startswith(char * 3, i)
            closing = char * 3 if triple else char
            j = i + len(closing)
            while j < end and not text.startswith(closing, j) and (triple or text[j] != "\n"):
                j += 2 if char == '"' and text[j] == "\\" else 1
            i = j + len(closing) - 1
        elif char in "[{":
            stack.append(i)
        elif char in "]}" and stack:
            stack.pop()
        i += 1
    return stack[-1] if stack else None


def _syntax_error(err: tomllib.TOMLDecodeError, text: str) -> Problem:
    message = str(err)
    match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    # No line and column: "(at end of document)".
    index = _offset(text, int(match.group(1)), int(match.group(2))) if match else len(text)
    what = re.sub(r"\s*\(at (line|end).*\)$", "", message)
    if what.startswith("Unclosed") or (
        what.startswith("Invalid initial character") and _unclosed(text, index) is not None
    ):
        opened = _unclosed(text, index)
        if opened is not None:
            index = opened
    plain = next((words for start, words in _PLAIN.items() if what.startswith(start)), what)
    return Problem(
        Location(CONFIG_NAME, *_line_col(text, min(index, len(text)))),
        "",
        f"TOML syntax error: {plain}",
    )


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of ``jdgen.toml`` and its parsed tables; :class:`ConfigError` otherwise."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ConfigError(
            [
                Problem(
                    Location(CONFIG_NAME),
                    "",
                    f"cannot read the file: {err.strerror}; check its permissions",
                )
            ]
        ) from None
    text = decode_utf8(data, CONFIG_NAME)
    if isinstance(text, Problem):
        raise ConfigError([text])
    refused = [p for p in invisible_problems(text, CONFIG_NAME) if p.severity == "error"]
    if refused:
        raise ConfigError(refused)
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError([_syntax_error(err, text)]) from None
    except ValueError:  # an integer over Python's 4,300 digits
        found = re.search(r"[0-9_]{4300,}", text)
        where = _line_col(text, found.start()) if found else (1, 1)
        raise ConfigError(
            [
                Problem(
                    Location(CONFIG_NAME, *where),
                    "",
                    "a number too long to read (over 4,300 digits); shorten it",
                )
            ]
        ) from None


def bad_strings(raw: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(dotted key, message) for each string of ``raw`` with a character no document may
    hold (a control character written as an escape, such as ``\\u0000``)."""
    pending: list[tuple[str, Any]] = list(raw.items())
    while pending:
        key, value = pending.pop()
        if isinstance(value, dict):
            pending.extend((f"{key}.{k}", v) for k, v in value.items())
        elif isinstance(value, list):
            pending.extend((key, v) for v in value)
        elif isinstance(value, str) and (bad := _BAD_CHARS.search(value)):
            yield (
                key,
                (
                    f"control character U+{ord(bad.group()):04X} (character "
                    f"{bad.start() + 1} of the text) is not allowed; remove the escape"
                ),
            )
