"""Which characters a page must draw, and how a message names one.

Shared by the role-file check (``jdgen validate`` points at the text) and the render-time
check (which also covers labels and signatures).
"""

from __future__ import annotations

import unicodedata

# Characters that are never drawn: layout controls and default-ignorable code points.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def needs_glyph(char: str) -> bool:
    """Whether ``char`` is drawn (so a font must have it); spaces and controls are not."""
    return char != " " and unicodedata.category(char) not in INVISIBLE_CATEGORIES


def missing_glyphs(text: str, covered: frozenset[int]) -> list[str]:
    """The characters of ``text`` no font in ``covered`` can draw, each once, in order."""
    if covered.issuperset(map(ord, text)):
        return []
    return [c for c in dict.fromkeys(text) if ord(c) not in covered and needs_glyph(c)]


def describe(char: str) -> str:
    """``U+6F22 CJK UNIFIED IDEOGRAPH-6F22 ('漢')``: a character as messages name it."""
    name = unicodedata.name(char, "unnamed character")
    return f"U+{ord(char):04X} {name} ({char!r})"
