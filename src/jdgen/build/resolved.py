"""A cache of the resolved project, so that a no-op build does not re-run the pipeline.

Loading, validating, resolving and linting a thousand role files takes seconds; hashing
their bytes takes milliseconds. The cache (``output/.jdgen-resolved.json``, plain JSON —
never pickle, the output folder may come from a CI artifact) stores the documents and the
warnings of the last successful analysis under the sha256 of *every* input of the pipeline:
jdgen's version and its Python sources, ``jdgen.toml`` and the name and bytes of every role
file. Any change to any of them misses the cache and runs the pipeline.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from jdgen import __version__
from jdgen.build.plan import code_fingerprint
from jdgen.errors import Location, Problem, ProblemsFound
from jdgen.pipeline import analyse
from jdgen.project import CONFIG_NAME, ProjectConfig
from jdgen.resolve.document import Clause, Document, Section
from jdgen.validate import ROLE_SUFFIXES

FORMAT = 2


def inputs_key(config: ProjectConfig) -> str:
    """sha256 over jdgen's code and version, ``jdgen.toml`` and every role file."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{code_fingerprint()}\0".encode())
    digest.update(b"\1" + (config.root / CONFIG_NAME).read_bytes())
    folder = config.roles_dir
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix in ROLE_SUFFIXES and path.is_file():
                digest.update(b"\1" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _loc(loc: Location) -> list[Any]:
    return [loc.path, loc.line, loc.col]


def _clause(c: Clause) -> list[Any]:
    return [c.id, c.text, c.kind, c.function, [_clause(i) for i in c.items], _loc(c.origin)]


def _unclause(raw: list[Any]) -> Clause:
    return Clause(raw[0], raw[1], raw[2], raw[3], tuple(_unclause(i) for i in raw[4]),
                  Location(*raw[5]))


def encode_document(doc: Document) -> list[Any]:
    """A document as compact JSON-ready data: its header, its body as one JSON string
    (decoded only when a renderer reads it) and its digest."""
    body = [[s.key, [_clause(c) for c in s.clauses]] for s in doc.sections]
    return [doc.id, doc.role_id, doc.variant_id, list(doc.chain), list(doc.languages),
            doc.number, doc.organisation, doc.title, doc.department, doc.reports_to,
            doc.purpose, json.dumps(body, ensure_ascii=False, separators=(",", ":")),
            doc.approver_post, list(doc.reviewers), _loc(doc.source), doc.digest]


class CachedDocument(Document):
    """A :class:`Document` from the cache whose sections are decoded on first use.

    A no-op build needs only ids and digests; decoding every clause of a thousand documents
    would cost more than the rest of the build. Behaves exactly like a Document (equality,
    pickling to workers, renderers).
    """

    def __getattr__(self, name: str) -> Any:
        if name != "sections":
            raise AttributeError(name)
        body = self.__dict__.pop("_body")
        sections = tuple(Section(key, tuple(_unclause(c) for c in clauses))
                         for key, clauses in json.loads(body))
        self.__dict__["sections"] = sections
        return sections

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Document):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name)
                   for f in dataclasses.fields(Document) if f.compare)

    __hash__ = Document.__hash__


def decode_document(raw: list[Any]) -> Document:
    """The inverse of :func:`encode_document` (the stored digest is trusted: same key)."""
    doc = object.__new__(CachedDocument)
    doc.__dict__.update(
        id=raw[0], role_id=raw[1], variant_id=raw[2], chain=tuple(raw[3]),
        languages=tuple(raw[4]), number=raw[5], organisation=raw[6], title=raw[7],
        department=raw[8], reports_to=raw[9], purpose=raw[10], _body=raw[11],
        approver_post=raw[12], reviewers=tuple(raw[13]), source=Location(*raw[14]),
        digest=raw[15],  # pre-filled cached_property
    )
    return doc


def _problem(p: Problem) -> list[Any]:
    return [_loc(p.location), p.key, p.message, p.severity, p.rule]


def _unproblem(raw: list[Any]) -> Problem:
    return Problem(Location(*raw[0]), raw[1], raw[2], raw[3], raw[4])


def _write_cache(path: Path, key: str, problems: list[Problem],
                 documents: list[Document]) -> None:
    """Stream the cache to a temp file and rename it (no 30 MB string in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            head = json.dumps({"key": key, "problems": [_problem(p) for p in problems]},
                              ensure_ascii=False, separators=(",", ":"))
            handle.write(head[:-1] + ',"documents":[')
            for index, doc in enumerate(documents):
                handle.write(("," if index else "") + json.dumps(
                    encode_document(doc), ensure_ascii=False, separators=(",", ":")))
            handle.write("]}")
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def load_documents_cached(config: ProjectConfig, strict: bool, cache: Path | None
                          ) -> tuple[list[Document], list[Problem]]:
    """The published documents and warnings, from ``cache`` when the inputs are unchanged.

    Raises :class:`ProblemsFound` like :func:`jdgen.pipeline.load_documents`. ``cache`` None
    reads and writes no cache (``--check``).
    """
    key = inputs_key(config) if cache is not None else ""
    if cache is not None:
        with contextlib.suppress(FileNotFoundError, ValueError, KeyError, TypeError, IndexError):
            raw = json.loads(cache.read_bytes())
            if raw["key"] == key:
                problems = [_unproblem(p) for p in raw["problems"]]
                if strict and problems:
                    raise ProblemsFound(problems)
                return [decode_document(d) for d in raw["documents"]], problems
    state = analyse(config)
    if state.errors:
        raise ProblemsFound(state.problems)
    if cache is not None:
        _write_cache(cache, key, state.problems, state.documents)
    if state.failed(strict):
        raise ProblemsFound(state.problems)
    return state.documents, state.warnings
