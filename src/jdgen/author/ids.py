"""Clause ids made from clause text, in any of the project's scripts.

An id is the first few words of the text, lowercased and joined by ``-``. Latin letters are
kept (accents dropped); Thai is cut into words with pythainlp's dictionary tokenizer and
each word romanised by the Royal Thai General System (``royin``, rule-based and offline);
Cyrillic is transliterated letter by letter. Everything else is dropped. The same text
always gives the same id; an id already taken gets ``-2``, ``-3``, … A text with nothing
to spell gives ``clause``. Ids are made once, when a clause is written; they are never
re-derived from edited text (they are what inheritance and ``jdgen diff`` align on).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from jdgen.validate.spec import ID_RE

MAX_WORDS = 4
MAX_LENGTH = 40
FALLBACK = "clause"

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_WORD = re.compile(r"[a-z0-9]+")
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)
# Thai words that carry no meaning of their own in a clause's opening words.
_THAI_SKIP = {"การ", "ความ", "และ", "หรือ", "ของ", "ที่", "ใน", "ให้", "กับ", "เพื่อ", "โดย", "ต่อ"}
_ENGLISH_SKIP = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "by"}


def _thai_words(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize  # deferred: a second to import
    from pythainlp.transliterate import romanize

    words = []
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        if _THAI.search(token):
            stripped = token.removeprefix("การ").removeprefix("ความ") or token
            if token in _THAI_SKIP:
                continue
            words.extend(_WORD.findall(romanize(stripped, engine="royin").lower()))
        else:
            words.extend(_latin_words(token))
        if len(words) >= MAX_WORDS:
            break
    return words


def _latin_words(text: str) -> list[str]:
    spelled = "".join(
        _CYRILLIC.get(ch, ch) for ch in text.lower().replace("'", "").replace("’", "")
    )
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return [w for w in _WORD.findall(ascii_text) if w not in _ENGLISH_SKIP]


def slug(text: str) -> str:
    """The id ``text`` spells (before making it unique)."""
    words = _thai_words(text) if _THAI.search(text) else _latin_words(text)
    out = ""
    for word in words[:MAX_WORDS]:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > MAX_LENGTH:
            break
        out = candidate
    out = out or (words[0][:MAX_LENGTH] if words else "")
    return out if out and ID_RE.match(out) else FALLBACK


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, … whichever is not in ``taken`` (then taken)."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def clause_id(texts: Iterable[str], taken: set[str]) -> str:
    """A new id for a clause whose texts are ``texts`` (the first that spells anything
    wins, so give the project's languages in order), unique among ``taken``."""
    for text in texts:
        base = slug(text)
        if base != FALLBACK:
            return unique(base, taken)
    return unique(FALLBACK, taken)
