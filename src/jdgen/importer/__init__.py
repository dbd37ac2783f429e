"""``jdgen import``: an existing job description (DOCX or PDF) -> a role file.

:func:`import_role` reads one file (and optionally the same document in another language),
finds its sections, clauses, sub-clauses and header fields (:mod:`.structure`), and writes
``roles/<id>.yaml`` (:mod:`.role`). What it cannot place is listed in the file and in the
report, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jdgen.author.ids import slug
from jdgen.errors import CannotImport, FileInTheWay, UsageError, relative
from jdgen.importer.blocks import read_blocks
from jdgen.importer.role import check_same_shape, role_text
from jdgen.importer.structure import ImportedDocument, Unplaced, structure
from jdgen.project import ProjectConfig
from jdgen.validate.spec import ROLE_ID_RE
from jdgen.write import cannot_write, write_atomic

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def detect_language(doc: ImportedDocument) -> str:
    """th, ru or en: the script most of the document's clause text is written in."""
    text = " ".join(c.text for cs in doc.sections.values() for c in cs) or " ".join(
        doc.fields.values()
    )
    thai, cyrillic = len(_THAI.findall(text)), len(_CYRILLIC.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    best = max((thai, "th"), (cyrillic, "ru"), (latin, "en"))
    return best[1]


@dataclass(frozen=True)
class ImportResult:
    """What one import wrote and what it could not place."""

    path: Path
    role_id: str
    languages: tuple[str, ...]
    sections: int
    clauses: int
    items: int
    unplaced: tuple[tuple[str, Unplaced], ...]


def _read(path: Path) -> ImportedDocument:
    doc = structure(read_blocks(path))
    if not doc.sections and not doc.fields:
        raise CannotImport(
            f"{path}: no section of a job description found (headings such "
            "as General provisions / บททั่วไป / Общие положения)"
        )
    return doc


def import_role(
    config: ProjectConfig,
    source: Path,
    *,
    other: Path | None = None,
    language: str | None = None,
    role_id: str | None = None,
    output: Path | None = None,
    force: bool = False,
) -> ImportResult:
    """Import ``source`` (and ``other``, the same document in another language) as a role
    of the project; write it to ``output`` (default ``roles/<id>.yaml``).

    Raises :class:`CannotImport` for a file that cannot be read or two files that are not
    one document, :class:`UsageError` for a language the project lacks or a bad id, and
    :class:`FileInTheWay` when the role file exists and ``force`` is not given.
    """
    main = _read(source)
    docs = {language or detect_language(main): main}
    sources = {next(iter(docs)): source.name}
    if other is not None:
        second = _read(other)
        other_lang = detect_language(second)
        if other_lang in docs:
            raise CannotImport(
                f"{other}: is in {other_lang}, like {source}; --other-language "
                "takes the same document in another language"
            )
        docs[other_lang] = second
        sources[other_lang] = other.name
        check_same_shape(docs)
    foreign = [lang for lang in docs if lang not in config.languages]
    if foreign:
        raise UsageError(
            f"{sources[foreign[0]]} is in {foreign[0]}, which is not among the "
            f"project's languages ({', '.join(config.languages)}); pass --lang "
            "if it is detected wrongly"
        )
    docs = {lang: docs[lang] for lang in config.languages if lang in docs}  # project order
    if role_id is None:
        titles = [
            d.fields["title"]
            for lang in ("en", "ru", "th")
            if (d := docs.get(lang)) and "title" in d.fields
        ]
        role_id = slug(titles[0]) if titles else slug(source.stem)
    if not ROLE_ID_RE.match(role_id):
        raise UsageError(f"'{role_id}' is not a role id; pass --id")
    path = output or config.roles_dir / f"{role_id}.yaml"
    if path.exists() and not force:
        raise FileInTheWay(
            f"{relative(path, config.root)} already exists; nothing was "
            "written (pass --force to replace it, or --id to choose another)"
        )
    text = role_text(docs, sources, config.languages, bool(config.approver_post))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise cannot_write(path, err) from None
    write_atomic(path, text.encode("utf-8"))
    first = next(iter(docs.values()))
    clauses, items = first.counts()
    return ImportResult(
        path,
        role_id,
        tuple(docs),
        len(first.sections),
        clauses,
        items,
        tuple((sources[lang], u) for lang, doc in docs.items() for u in doc.unplaced),
    )
