"""The ``unprintable`` lint: role text with a character no configured font can draw.

A build fails such a document at render time (``jdgen.render.glyphs``), naming the field
but not the file. Here every text of a role file is checked once, where it is written, so
``jdgen validate`` points at the line and column to fix before anything is rendered.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jdgen.errors import Problem
from jdgen.load.yaml_source import KeyPath, SourceFile, format_key
from jdgen.printable import describe, missing_glyphs

RULE = "unprintable"
_NAMED = 5  # characters named per text; the rest are counted


def _strings(value: Any, keypath: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    """Every string value below ``value`` (not mapping keys: those are ids and codes)."""
    pending = [(keypath, value)]
    while pending:
        here, item = pending.pop()
        if isinstance(item, str):
            yield here, item
        elif isinstance(item, dict):
            pending.extend(((*here, k), v) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            pending.extend(((*here, i), v) for i, v in reversed(list(enumerate(item))))


def unprintable(source: SourceFile, covered: frozenset[int], fonts: str) -> list[Problem]:
    """A warning for each text of ``source`` with characters outside ``covered``.

    ``source`` must still hold its values (call before they are released); ``fonts`` names
    the families for the message.
    """
    problems = []
    for keypath, text in _strings(source.data, ()):
        chars = missing_glyphs(text, covered)
        if not chars:
            continue
        named = ", ".join(describe(c) for c in chars[:_NAMED])
        more = f" and {len(chars) - _NAMED} more" if len(chars) > _NAMED else ""
        problems.append(
            Problem(
                source.loc(keypath),
                format_key(keypath),
                f"no configured font ({fonts}) can print {named}{more}; every document with this "
                "text will fail to render: replace the character(s), or add a font that has "
                "them to templates/fonts/",
                "warning",
                RULE,
            )
        )
    return problems
