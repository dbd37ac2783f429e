"""Characters that make a text show something other than what it says.

The trojan-source advisories (CVE-2021-42574) for code apply to a clause that people sign:
a bidi override makes "10,000 USD" print while the file, the diff and the extracted text
say "000,01"; a tag character or an invisible operator hides text from every reader. Such
characters are refused wherever they stand in a file (a comment that reorders the line in
an editor or a code review misleads as much as a clause). Characters with honest uses in
some scripts (joiners, direction marks) are a lint warning instead. The characters that
only hint at line breaks (zero-width space, word joiner, a BOM inside a text) are removed
by :func:`normalize`, together with the NFC normalisation that makes composed and
decomposed twins one text (Thai written in the usual order is NFC already and stays
byte for byte the same).
"""

from __future__ import annotations

import re
import unicodedata

from jdgen.errors import Location, Problem, Severity

RULE = "invisible-character"

# Refused: they reorder or hide text (bidi embeddings, overrides and isolates; tag
# characters; invisible mathematical operators; deprecated format controls; interlinear
# annotation) or break a line where YAML and the documents disagree (U+2028, U+2029).
_REFUSED = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u2028\u2029\u2061-\u2064\u206a-\u206f"
    "\ufff9-\ufffb\U000e0000-\U000e007f]"
)
# Flagged: invisible, but used honestly in some scripts (joiners in emoji and Indic
# scripts, direction marks in Arabic and Hebrew).
_FLAGGED = re.compile("[\u200c\u200d\u200e\u200f\u061c\u180e]")
# Removed by normalize(): break hints only; nothing printed changes.
_REMOVED = re.compile("[\u200b\u2060\ufeff]")
_SHOWN = 20  # problems per file and kind; the rest are counted in the last message


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def invisible_problems(text: str, display: str) -> list[Problem]:
    """An error for each refused character of ``text`` and a warning for each flagged one,
    at its line and column."""
    problems: list[Problem] = []
    kinds: tuple[tuple[re.Pattern[str], Severity], ...] = (
        (_REFUSED, "error"),
        (_FLAGGED, "warning"),
    )
    for pattern, severity in kinds:
        found = list(pattern.finditer(text)) if pattern.search(text) else []
        for number, match in enumerate(found[:_SHOWN]):
            char = match.group()
            more = (
                f" ({len(found) - _SHOWN} more in this file)"
                if number == _SHOWN - 1 and len(found) > _SHOWN
                else ""
            )
            if severity == "error":
                message = (
                    f"invisible character {_name(char)} can make a text show something "
                    f"other than what it says; remove it{more}"
                )
            else:
                message = (
                    f"invisible character {_name(char)}: readers of the document and "
                    f"of its redline cannot see it; remove it unless the script needs "
                    f"it{more}"
                )
            problems.append(
                Problem(
                    Location(display, *_line_col(text, match.start())),
                    "",
                    message,
                    severity,
                    "" if severity == "error" else RULE,
                )
            )
    return problems


def normalize(text: str) -> str:
    """``text`` in NFC without zero-width spaces, word joiners or BOMs (none is printed)."""
    if text.isascii():
        return text
    if _REMOVED.search(text):
        text = _REMOVED.sub("", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
