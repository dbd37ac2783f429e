"""A cache of the resolved project, so that a no-op build does not re-run the pipeline.

Loading, validating, resolving and linting a thousand role files takes seconds; hashing
their bytes takes milliseconds. The cache (``output/.jdgen-resolved``, JSON inside — never
pickle, the output folder may come from a CI artifact) stores the documents and the
warnings of the last successful analysis under the sha256 of *every* input of the pipeline:
jdgen's version and its Python sources, ``jdgen.toml``, the fonts (their coverage is a lint)
and the name and bytes of every role file. Any change to any of them misses the cache and
runs the pipeline.

The cache is never trusted over the sources. Its key says only that the inputs are the
same, and anyone who can write the output folder (a CI artifact) can write a file with the
right key, invented clauses and every sha256 recomputed. So a cache hit is used as it is
only to plan (which files are up to date, the warnings): before the first file is rendered
from it, :func:`confirm` resolves the role files again, writes the cache anew and compares
the two, row by row and body by body. Equal, the build goes on; different, it raises
:class:`ResolvedCacheDisagrees` carrying the documents resolved from the sources, and the
build plans again with them. A no-op build renders nothing and stays as fast as before.

A cache hit reads only the index (ids, headers, digests); each document's clauses are read
when a renderer first needs them (:mod:`jdgen.build.resolved_store` has the file layout),
so a no-op build's memory does not grow with the documents' text. A document's header is
kept as its index row's JSON bytes and decoded only when something other than its id,
digest, languages or reviewers is asked for: the build plans, checks and renders without.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from jdgen import __version__, pipeline
from jdgen.build.outdir import LEGACY_RESOLVED_NAME
from jdgen.build.plan import code_fingerprint
from jdgen.build.resolved_store import (
    BodyStore,
    ResolvedCacheCorrupt,
    ResolvedCacheDisagrees,
    StoreWriter,
    open_store,
)
from jdgen.errors import Location, Problem, ProblemsFound
from jdgen.pipeline import analyse, analyse_each, load_documents
from jdgen.posts import default_posts
from jdgen.project import CONFIG_NAME, Project, ProjectConfig, as_project
from jdgen.resolve.document import Clause, Document, Section
from jdgen.resolve.header import HeaderDocument, body_place, compact_json, header_row
from jdgen.validate import role_paths
from jdgen.write import cannot_write

FORMAT = 4


def inputs_key(source: Project | ProjectConfig) -> str:
    """sha256 over jdgen's code and version, ``jdgen.toml``, the signers' default posts
    (from the labels), the fonts (the ``unprintable`` lint reads them) and every role file."""
    project = as_project(source)
    config = project.config
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{code_fingerprint()}\0".encode())
    digest.update(project.assets.fonts_fingerprint.encode())
    digest.update(b"\1" + (config.root / CONFIG_NAME).read_bytes())
    digest.update(b"\3" + json.dumps(default_posts(config), sort_keys=True).encode())  # labels
    folder = config.roles_dir
    if folder.is_dir():
        paths, unread = role_paths(folder)
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as err:  # the analysis reports it; the key only has to differ
                data = f"\3unreadable: {err.strerror}".encode()
            digest.update(b"\1" + path.name.encode() + b"\0" + data)
        for path, message, _ in unread:  # their warnings are cached too
            digest.update(b"\2" + str(path).encode() + b"\0" + message.encode())
    return digest.hexdigest()


def _loc(loc: Location) -> list[Any]:
    return [loc.path, loc.line, loc.col]


def _clause(c: Clause) -> list[Any]:
    return [c.id, c.text, c.kind, c.function, [_clause(i) for i in c.items], _loc(c.origin)]


def _unclause(raw: list[Any]) -> Clause:
    return Clause(raw[0], raw[1], raw[2], raw[3], tuple(_unclause(i) for i in raw[4]),
                  Location(*raw[5]))


def _body(doc: Document) -> bytes:
    """A document's sections and clauses as compact UTF-8 JSON."""
    return compact_json([[s.key, [_clause(c) for c in s.clauses]] for s in doc.sections])


def _sections(text: str) -> tuple[Section, ...]:
    return tuple(Section(key, tuple(_unclause(c) for c in clauses))
                 for key, clauses in json.loads(text))


def encode_document(doc: Document) -> tuple[list[Any], bytes]:
    """A document as an index row (everything but the sections, digest last) and a body."""
    return header_row(doc), _body(doc)


class CachedDocument(HeaderDocument):
    """A :class:`Document` from the cache whose header and sections are decoded on first use.

    A no-op build needs only ids and digests; decoding every header, let alone reading every
    clause, of ten thousand documents would cost more memory than the rest of the build. The
    header stays as its index row until a field beyond those a build needs is asked for
    (:class:`~jdgen.resolve.header.HeaderDocument`). Behaves exactly like a Document
    (equality, pickling to workers, renderers). The decoded sections must give the stored
    digest, or the cache is damaged: the parent process then takes the document from a
    fresh analysis (and drops the cache); a worker raises :class:`ResolvedCacheCorrupt`.
    """

    def load_sections(self) -> tuple[Section, ...]:
        """The sections from the body this copy carries, or from the open cache."""
        state = self.__dict__
        if "_text" not in state:
            return tuple(state["_cache"].sections(self))
        sections = _sections(state["_text"])  # a copy that carries its body (a worker, -j1)
        if _digest(self, sections) != self.digest:
            raise ResolvedCacheCorrupt(
                f"the cached clauses of {self.id} do not give its digest; the cache "
                "is discarded, run the build again")
        del state["_text"]
        return sections

    def body_text(self) -> str:
        """The document's body as stored, read from the cache (checked by its sha256)."""
        return str(self.__dict__["_cache"].text(self))

    def shipped_state(self) -> dict[str, Any]:
        """The state a copy needs away from the open cache: its body text, unless decoded.

        The header goes as it is (a row still undecoded is decoded in the copy), so that
        rendering a document does not grow the parent's copy of it.
        """
        state = {k: v for k, v in self.__dict__.items() if k not in ("_cache", "_span")}
        if "sections" not in state and "_text" not in state:
            state["_text"] = self.body_text()
        return state

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle header and body, never the open cache (workers decode the body)."""
        return (_restore, (self.shipped_state(),))


def _restore(state: dict[str, Any]) -> CachedDocument:
    doc = object.__new__(CachedDocument)
    doc.__dict__.update(state)
    return doc


def _digest(doc: Document, sections: tuple[Section, ...]) -> str:
    """The digest ``doc`` would have with ``sections``."""
    fields = {f.name: getattr(doc, f.name) for f in dataclasses.fields(Document)
              if f.name != "sections"}
    return Document(**fields, sections=sections).digest


def decode_document(row: bytes, cache: _Cache) -> CachedDocument:
    """The document of an index row, its header kept as ``row`` and its body in ``cache``.

    Raises ValueError (or KeyError, TypeError...) for a malformed row, like the whole index.
    """
    return CachedDocument.from_row(row, _cache=cache)


def portable(doc: Document) -> Document:
    """``doc`` ready to be sent to a worker: a cached document carries its body text.

    The copy, not ``doc``, holds the text, so the parent's documents stay small however
    many are rendered.
    """
    if not isinstance(doc, CachedDocument) or "_cache" not in doc.__dict__ or (
            "sections" in doc.__dict__):
        return doc
    return _restore(doc.shipped_state())


def discard_cache(doc: Document) -> None:
    """Drop the cache ``doc`` came from (a worker found it damaged)."""
    if isinstance(doc, CachedDocument) and "_cache" in doc.__dict__:
        doc.__dict__["_cache"].store.discard()


class _Cache:
    """One opened cache: its bodies, and the fresh analysis a damaged body falls back to."""

    def __init__(self, store: BodyStore, project: Project, key: str,
                 problems: list[Any]) -> None:
        self.store = store
        self._project = project
        self._key = key
        self._fresh: dict[str, Document] | None = None
        self.problems = problems
        self.rows: list[bytes] = []  # the index rows, as read
        self.confirmed = False  # True once the rows are known to be the sources' own

    def confirm(self) -> None:
        """Check the cache against the role files (resolving them again, into a new cache).

        Raises :class:`ResolvedCacheDisagrees` with the documents resolved from the role
        files when any row, body or warning differs.
        """
        if self.confirmed:
            return
        documents, warnings = _analyse_into(self._project, self.store.path, self._key)
        fresh = next((d.__dict__["_cache"] for d in documents
                      if isinstance(d, CachedDocument) and "_cache" in d.__dict__), None)
        if fresh is not None and fresh.rows == self.rows and fresh.problems == self.problems:
            self.store = fresh.store  # the same rows: bodies are read from the new file
            self.confirmed = True
            return
        raise ResolvedCacheDisagrees(self.store.path, documents, warnings)

    def text(self, doc: CachedDocument) -> str:
        """The stored body of ``doc``, or (damaged) its body from a fresh analysis."""
        try:
            return self.store.read(body_place(doc), doc.id)
        except ResolvedCacheCorrupt:
            return _body(self.fresh(doc)).decode("utf-8")

    def sections(self, doc: CachedDocument) -> tuple[Section, ...]:
        """The sections of ``doc``: decoded and checked, or from a fresh analysis."""
        with contextlib.suppress(ResolvedCacheCorrupt):
            sections = _sections(self.store.read(body_place(doc), doc.id))
            if _digest(doc, sections) == doc.digest:
                return sections
        return self.fresh(doc).sections

    def fresh(self, doc: Document) -> Document:
        """``doc`` as the pipeline resolves it now (the cache is discarded first)."""
        if self._fresh is None:
            self.store.discard()
            state = analyse(self._project)
            self._fresh = {d.id: d for d in state.documents}
        found = self._fresh.get(doc.id)
        if found is None or found.digest != doc.digest:
            raise ResolvedCacheCorrupt(
                f"{self.store.path} is damaged and the inputs changed during the build "
                f"({doc.id}); run the build again")
        return found


def _problem(p: Problem) -> list[Any]:
    return [_loc(p.location), p.key, p.message, p.severity, p.rule]


def _unproblem(raw: list[Any]) -> Problem:
    return Problem(Location(*raw[0]), raw[1], raw[2], raw[3], raw[4])


def _open_cached(project: Project, cache: Path, key: str
                 ) -> tuple[list[Document], list[Problem]] | None:
    """The documents (bodies left on disk) and warnings of the cache at ``cache``, or None."""
    found = open_store(cache, FORMAT, key)
    if found is None:
        return None
    index, store = found
    try:
        opened = _Cache(store, project, key, index.problems)
        problems = [_unproblem(p) for p in index.problems]
        documents: list[Document] = [decode_document(row, opened) for row in index.rows]
    except (ValueError, KeyError, TypeError, IndexError):
        store.close()
        return None
    opened.rows = index.rows
    return documents, problems


def confirm(documents: list[Document]) -> None:
    """Make sure the cache ``documents`` came from holds what the role files resolve to.

    To be called before anything is rendered from them; nothing to do for documents that
    came straight from the pipeline. Raises :class:`ResolvedCacheDisagrees` (with the
    documents and warnings resolved from the role files) when the cache was not theirs.
    """
    caches = {id(c): c for d in documents
              if isinstance(d, CachedDocument) and (c := d.__dict__.get("_cache")) is not None}
    for opened in caches.values():
        opened.confirm()


def load_documents_cached(source: Project | ProjectConfig, strict: bool, cache: Path | None
                          ) -> tuple[list[Document], list[Problem]]:
    """The published documents and warnings, from ``cache`` when the inputs are unchanged.

    Raises :class:`ProblemsFound` like :func:`jdgen.pipeline.load_documents`. ``cache`` None
    reads and writes no cache (``--check``) and gives headers only, without clauses
    (``jdgen.pipeline.analyse(headers_only=True)``: nothing is rendered). A missing, truncated or
    damaged cache runs the pipeline, as changed inputs do.
    """
    project = as_project(source)
    if cache is None:
        state = load_documents(project, strict, headers_only=True)
        return state.documents, state.warnings
    key = inputs_key(project)
    found = _open_cached(project, cache, key)
    if found is None:
        found = _analyse_into(project, cache, key)
    if strict and found[1]:
        raise ProblemsFound(found[1])
    return found


def _analyse_into(project: Project, cache: Path, key: str
                  ) -> tuple[list[Document], list[Problem]]:
    """Run the pipeline straight into a new cache; its documents and warnings.

    Each document is written to the cache as soon as it is resolved and linted, and the
    analysis holds a bounded number of role specs, so a cold build's memory does not grow
    with the library's text. The documents come back read from the cache (headers only,
    clauses read when rendered), as after a hit. The cache is written under ``--strict``
    too, so that a later build without it is a hit; never when there are errors.
    """
    try:
        with StoreWriter(cache, FORMAT, key) as writer:
            _, problems = analyse_each(project, lambda doc: writer.add(*encode_document(doc)),
                                       kept=pipeline.SPECS_KEPT)
            if any(p.severity == "error" for p in problems):
                raise ProblemsFound(problems)
            writer.commit([_problem(p) for p in problems])
    except OSError as err:  # the previous cache (if any) is left as it was
        raise cannot_write(cache, err) from None
    with contextlib.suppress(FileNotFoundError):
        if cache.name != LEGACY_RESOLVED_NAME:
            (cache.parent / LEGACY_RESOLVED_NAME).unlink()
    reopened = _open_cached(project, cache, key)
    if reopened is None:  # removed or replaced meanwhile: analyse in memory instead
        state = analyse(project)
        return state.documents, state.warnings
    for doc in reopened[0]:  # written just now from the role files: nothing to confirm
        if isinstance(doc, CachedDocument):
            doc.__dict__["_cache"].confirmed = True
            break
    return reopened
