"""Hints: the edits a lawyer must not skim past.

Each hint names its kind (the keys of :data:`HINT_KINDS`) and, where it concerns one
language, the language. Numbers, dates, money and modality are read from the *changed*
words only (deleted or inserted), so an unchanged amount elsewhere in the clause is quiet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from jdgen.diff.model import Change, Hint, Segment
from jdgen.diff.words import tokenize
from jdgen.render.dates import ENGLISH_MONTHS, THAI_MONTHS

HINT_KINDS = {
    "number": "a number changed (digits, Thai digits or number words)",
    "date": "a date, month or era marker changed",
    "money": "an amount of money or a percentage changed",
    "modality": "a may/shall-type word was inserted or deleted (obligation versus permission)",
    "negation": "a negation (not, no, never / ไม่, ห้าม) was inserted or deleted",
    "legal-section": "the change is in the rights or responsibility section",
    "bilingual-drift": "one language changed and another did not",
}
LEGAL_SECTIONS = ("rights", "responsibility")

DIGITS = re.compile(r"[0-9๐-๙]")
NUMBER_WORDS = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "million",
    "half",
    "หนึ่ง",
    "สอง",
    "สาม",
    "สี่",
    "ห้า",
    "หก",
    "เจ็ด",
    "แปด",
    "เก้า",
    "สิบ",
    "ยี่สิบ",
    "ร้อย",
    "พัน",
    "หมื่น",
    "แสน",
    "ล้าน",
    "ครึ่ง",
}
CURRENCY = {
    "บาท",
    "สตางค์",
    "thb",
    "baht",
    "฿",
    "%",
    "เปอร์เซ็นต์",
    "ร้อยละ",
    "percent",
    "usd",
    "$",
    "€",
    "eur",
    "salary",
    "เงินเดือน",
}
DATE_WORDS = {
    *(month.lower() for month in ENGLISH_MONTHS if month != "May"),  # "may" is a modal verb
    *THAI_MONTHS,
    "พ.ศ.",
    "ค.ศ.",
}
DATE_PATTERN = re.compile(r"[0-9๐-๙]{1,4}[/.\-][0-9๐-๙]{1,2}[/.\-][0-9๐-๙]{2,4}")
MODALITY = {
    "en": ("may", "shall", "must", "should", "will", "can", "cannot"),
    "th": ("อาจ", "ต้อง", "พึง", "ควร", "จะ", "สามารถ", "มีสิทธิ", "มีสิทธิ์"),
}
NEGATION = {"en": ("not", "no", "never"), "th": ("ไม่", "ห้าม")}


def _words(text: str) -> list[str]:
    return [t for t in tokenize(text) if not t.isspace()]


def _spans(tokens: list[str], longest: int = 3) -> Iterable[str]:
    """Every token and every join of up to ``longest`` neighbouring tokens."""
    for i in range(len(tokens)):
        for j in range(i + 1, min(i + longest, len(tokens)) + 1):
            yield "".join(tokens[i:j]).lower()


def _changed(segments: list[Segment], op: str) -> list[list[str]]:
    return [_words(text) for kind, text in segments if kind == op]


def _found(words: Iterable[str], vocabulary: Iterable[str]) -> Counter[str]:
    wanted = set(vocabulary)
    return Counter(w for w in words if w in wanted)


def _word_changes(
    kind: str, lang: str, segments: list[Segment], vocabulary: tuple[str, ...]
) -> list[Hint]:
    deleted = _found((s for toks in _changed(segments, "delete") for s in _spans(toks)), vocabulary)
    inserted = _found(
        (s for toks in _changed(segments, "insert") for s in _spans(toks)), vocabulary
    )
    gone, came = deleted - inserted, inserted - deleted
    if not gone and not came:
        return []
    if gone and came:
        message = f"{' '.join(sorted(gone))} → {' '.join(sorted(came))}"
    elif gone:
        message = f"'{' '.join(sorted(gone))}' deleted"
    else:
        message = f"'{' '.join(sorted(came))}' inserted"
    return [Hint(kind, f"{kind}: {message}", lang)]


def _quantities(lang: str, segments: list[Segment], whole: str) -> list[Hint]:
    changed = [toks for op in ("delete", "insert") for toks in _changed(segments, op)]
    words = [w.lower() for toks in changed for w in toks]
    spans = {s for toks in changed for s in _spans(toks, longest=4)}
    changed_text = " ".join(text for op, text in segments if op != "equal")
    hints: list[Hint] = []
    has_number = any(DIGITS.search(w) or w in NUMBER_WORDS for w in words)
    clause_words = {w.lower() for w in _words(whole)}
    if any(w in CURRENCY for w in words) or (has_number and clause_words & CURRENCY):
        hints.append(Hint("money", "money: an amount, rate or currency changed", lang))
    if DATE_PATTERN.search(changed_text) or spans & DATE_WORDS:
        hints.append(Hint("date", "date: a date or era changed", lang))
    if has_number and not hints:
        hints.append(Hint("number", "number: a figure changed", lang))
    return hints


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_FIGURE = re.compile(r"[0-9๐-๙]+(?:[.,][0-9๐-๙]+)*")


def figures(text: str) -> list[str]:
    """The figures written in digits (Thai digits read as Arabic, separators dropped)."""
    return sorted(f.translate(_THAI_DIGITS).replace(",", "") for f in _FIGURE.findall(text))


def _figure_drift(change: Change) -> list[Hint]:
    found = {lang: figures(change.text(lang, "new")) for lang in change.languages}
    written = {lang: f for lang, f in found.items() if f}
    if len(written) > 1 and len({tuple(f) for f in written.values()}) > 1:
        detail = "; ".join(f"{lang} {', '.join(f)}" for lang, f in written.items())
        return [
            Hint(
                "bilingual-drift",
                f"bilingual-drift: the figures differ between languages ({detail})",
            )
        ]
    return []


def change_hints(change: Change) -> tuple[Hint, ...]:
    """The hints of one change (empty for a moved clause whose text is unchanged)."""
    hints: list[Hint] = []
    text_changed = change.change in ("added", "removed", "modified") or change.modified
    if change.section in LEGAL_SECTIONS and text_changed:
        hints.append(
            Hint(
                "legal-section",
                f"legal-section: a clause {change.change} in a "
                "section that sets rights or liability",
            )
        )
    if text_changed:
        for lang, segments in change.languages.items():
            whole = change.text(lang, "new") + " " + change.text(lang, "old")
            hints.extend(_quantities(lang, segments, whole))
            if change.change in ("added", "removed"):
                continue  # a whole new or dropped clause is read as a whole
            family = lang.split("-")[0]
            hints.extend(_word_changes("modality", lang, segments, MODALITY.get(family, ())))
            hints.extend(_word_changes("negation", lang, segments, NEGATION.get(family, ())))
    if text_changed and change.change != "removed":
        hints.extend(_figure_drift(change))
    if change.change == "modified" or change.modified:
        edited = [
            lang for lang, segs in change.languages.items() if any(op != "equal" for op, _ in segs)
        ]
        same = [lang for lang in change.languages if lang not in edited]
        if edited and same:
            hints.append(
                Hint(
                    "bilingual-drift",
                    f"bilingual-drift: {', '.join(edited)} changed but {', '.join(same)} did not",
                )
            )
    return tuple(hints)
