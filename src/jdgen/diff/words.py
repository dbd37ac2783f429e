"""Word-level diff of one text, in any of the project's languages.

Text is split into tokens first: Thai runs with PyThaiNLP's dictionary segmenter (``newmm``;
Thai writes no spaces between words, so splitting on spaces would make one changed word mark
a whole sentence), every other run by ``\\w+|\\s+|[^\\w\\s]``. Whitespace is kept as tokens,
so joining the tokens gives the text back exactly. The token sequences are diffed with
diff-match-patch (each distinct token mapped to one private-use character, the "lines to
chars" trick), then cleaned up semantically so that edits read as whole phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

from jdgen.diff.model import Op, Segment

THAI_RUN = re.compile(r"([\u0e00-\u0e7f]+)")
OTHER_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_OPS: dict[int, Op] = {0: "equal", -1: "delete", 1: "insert"}


@lru_cache(maxsize=1)
def _thai_segmenter() -> Callable[[str], list[str]]:
    """PyThaiNLP's newmm segmenter, imported on first use (its dictionary takes ~0.4 s)."""
    from pythainlp.tokenize import word_tokenize

    def segment(text: str) -> list[str]:
        return list(word_tokenize(text, engine="newmm", keep_whitespace=True))

    return segment


@lru_cache(maxsize=65536)
def _thai_words(run: str) -> tuple[str, ...]:
    return tuple(_thai_segmenter()(run))


def tokenize(text: str) -> list[str]:
    """Words, whitespace and punctuation of ``text``; ``"".join(tokenize(t)) == t``."""
    tokens: list[str] = []
    for i, part in enumerate(THAI_RUN.split(text)):
        if not part:
            continue
        if i % 2:  # a run of Thai script
            tokens.extend(_thai_words(part))
        else:
            tokens.extend(OTHER_TOKEN.findall(part))
    return tokens


def _encode(tokens: list[str], table: dict[str, str]) -> str:
    out = []
    for token in tokens:
        code = table.get(token)
        if code is None:
            n = len(table)
            # Private-use characters: never letters or spaces, so dmp's cleanup treats
            # every token alike and never shifts an edit into the middle of a word.
            code = chr(0xE000 + n) if n < 6400 else chr(0xF0000 + n - 6400)
            table[token] = code
        out.append(code)
    return "".join(out)


def _coalesce(segments: list[Segment]) -> list[Segment]:
    """Merge neighbouring segments of the same kind; deletions before insertions."""
    out: list[Segment] = []
    for op, text in segments:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    # Between two equal runs, show "delete then insert" in one order only.
    fixed: list[Segment] = []
    i = 0
    while i < len(out):
        if out[i][0] != "equal":
            j = i
            while j < len(out) and out[j][0] != "equal":
                j += 1
            dels = "".join(t for op, t in out[i:j] if op == "delete")
            ins = "".join(t for op, t in out[i:j] if op == "insert")
            if dels:
                fixed.append(("delete", dels))
            if ins:
                fixed.append(("insert", ins))
            i = j
        else:
            fixed.append(out[i])
            i += 1
    return fixed


def diff_words(old: str, new: str) -> list[Segment]:
    """The word diff of ``old`` -> ``new`` as ``(op, text)`` segments.

    Joining the non-``insert`` texts gives ``old``; joining the non-``delete`` texts gives
    ``new``. Equal texts give one ``equal`` segment (or none for two empty texts).
    """
    if old == new:
        return [("equal", old)] if old else []
    if not old or not new:
        return [("delete", old)] if old else [("insert", new)]
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    table: dict[str, str] = {}
    a, b = _encode(old_tokens, table), _encode(new_tokens, table)
    decode = {code: token for token, code in table.items()}
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # no time limit: the result must not depend on machine speed
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    segments: list[Segment] = [(_OPS[op], "".join(decode[c] for c in chars)) for op, chars in diffs]
    return _coalesce(segments)
