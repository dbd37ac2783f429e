"""Imported documents (one per language) -> the text of a role file.

Clause ids are made from the text (:mod:`jdgen.author.ids`); a language no file gave is
filled with ``TODO: translate:`` and the text of the first language, a required section or
header the document lacks gets a ``jdgen new`` placeholder, so ``jdgen validate`` warns
(``placeholder-text``) until a person has looked. Unplaced text goes into a marked comment
block at the end of the file.
"""

from __future__ import annotations

from typing import Any

from jdgen.author.ids import clause_id
from jdgen.author.new import placeholder
from jdgen.author.yamlout import role_yaml
from jdgen.errors import CannotImport
from jdgen.importer.structure import ImportedClause, ImportedDocument, Unplaced
from jdgen.lint.placeholders import MARK
from jdgen.validate.model import REQUIRED_SECTIONS, SECTION_ORDER, Text

UNPLACED_BANNER = "# ==== NOT PLACED by jdgen import "


def _escape(text: str) -> str:
    return text.replace("${", "$${")  # role text is data: a literal ${ stays literal


def _text(values: dict[str, str], languages: tuple[str, ...]) -> Text:
    first = next(iter(values.values()))
    return {
        lang: _escape(values[lang]) if lang in values else f"{MARK} translate: {_escape(first)}"
        for lang in languages
    }


def check_same_shape(docs: dict[str, ImportedDocument]) -> None:
    """Raise :class:`CannotImport` unless the documents have the same sections, clauses and
    sub-clauses (the translations of one document)."""
    (lang, first), *others = docs.items()
    for other_lang, other in others:
        problems = []
        if list(first.sections) != list(other.sections):
            problems.append(
                f"sections {', '.join(first.sections)} ({lang}) against "
                f"{', '.join(other.sections)} ({other_lang})"
            )
        else:
            for key, clauses in first.sections.items():
                theirs = other.sections[key]
                if len(clauses) != len(theirs):
                    problems.append(
                        f"{key} has {len(clauses)} clauses in {lang}, {len(theirs)} in {other_lang}"
                    )
                    continue
                for n, (a, b) in enumerate(zip(clauses, theirs, strict=True), start=1):
                    if len(a.items) != len(b.items):
                        problems.append(
                            f"{key} clause {n} has {len(a.items)} sub-clauses "
                            f"in {lang}, {len(b.items)} in {other_lang}"
                        )
        if problems:
            raise CannotImport("the two files are not the same document: " + "; ".join(problems))


def _clauses(
    per_lang: dict[str, list[ImportedClause]], languages: tuple[str, ...], order: tuple[str, ...]
) -> list[dict[str, Any]]:
    first = next(iter(per_lang.values()))
    taken: set[str] = set()
    out = []
    for n, clause in enumerate(first):
        texts = {lang: clauses[n].text for lang, clauses in per_lang.items()}
        entry: dict[str, Any] = {
            "id": clause_id(_ordered(texts, order), taken),
            "text": _text(texts, languages),
        }
        if clause.items:
            item_ids: set[str] = set()
            entry["items"] = []
            for m in range(len(clause.items)):
                item_texts = {lang: clauses[n].items[m] for lang, clauses in per_lang.items()}
                entry["items"].append(
                    {
                        "id": clause_id(_ordered(item_texts, order), item_ids),
                        "text": _text(item_texts, languages),
                    }
                )
        out.append(entry)
    return out


def _ordered(texts: dict[str, str], order: tuple[str, ...]) -> list[str]:
    return [texts[lang] for lang in order if lang in texts]


ID_ORDER = ("en", "ru", "th")  # ids read best spelled from English, then the others


def role_data(
    docs: dict[str, ImportedDocument], languages: tuple[str, ...], approver_known: bool
) -> dict[str, Any]:
    """The role file's content from ``docs`` (language -> what its file says)."""
    order = (*[lang for lang in ID_ORDER if lang in docs], *docs)
    first = next(iter(docs.values()))
    data: dict[str, Any] = {}
    if "number" in first.fields:
        data["number"] = first.fields["number"]
    for key in ("title", "department", "reports_to"):
        values = {lang: doc.fields[key] for lang, doc in docs.items() if key in doc.fields}
        data[key] = _text(values, languages) if values else placeholder(key, languages)
    purposes = {lang: " ".join(doc.purpose) for lang, doc in docs.items() if doc.purpose}
    if purposes:
        data["purpose"] = _text(purposes, languages)
    for key in SECTION_ORDER:
        if key in first.sections:
            data[key] = _clauses(
                {lang: doc.sections[key] for lang, doc in docs.items()}, languages, order
            )
        elif key in REQUIRED_SECTIONS:
            data[key] = [{"id": f"{key.replace('_', '-')}-1", "text": placeholder(key, languages)}]
    if not approver_known:
        data["approval"] = {"approver": {"post": placeholder("approver", languages)}}
    return data


def unplaced_block(unplaced: list[tuple[str, Unplaced]]) -> str:
    """The marked comment block listing what was not placed (file, where, why, text)."""
    if not unplaced:
        return ""
    lines = [
        UNPLACED_BANNER + "=" * 40,
        "# jdgen import found this text but could not place it in a section. Move what",
        "# belongs to the job description into its section, then delete this block.",
        "#",
    ]
    for source, item in unplaced:
        lines.append(f"# {source}, {item.where} ({item.why}):")
        lines.extend(f"#   {line}" for line in item.text.splitlines() or [""])
    lines.append("# " + "=" * 78)
    return "\n" + "\n".join(lines) + "\n"


def role_text(
    docs: dict[str, ImportedDocument],
    sources: dict[str, str],
    languages: tuple[str, ...],
    approver_known: bool,
) -> str:
    """The whole role file: a header comment, the role, the unplaced block."""
    header = (
        "# Imported by jdgen import from "
        + " and ".join(f"{name} ({lang})" for lang, name in sources.items())
        + ".\n"
        "# Check every clause against the original; texts starting with TODO: need "
        "you\n# (jdgen validate lists them). Then delete this comment.\n"
    )
    unplaced = [(sources[lang], item) for lang, doc in docs.items() for item in doc.unplaced]
    return role_yaml(role_data(docs, languages, approver_known), header) + unplaced_block(unplaced)
