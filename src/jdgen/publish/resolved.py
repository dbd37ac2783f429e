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
from it, :meth:`ResolvedStore.confirm` resolves the role files again, writes the cache anew
and compares the two, row by row and body by body. Equal, the build goes on; different, it raises
:class:`ResolvedCacheDisagrees` carrying a store of what the sources resolve to, and the
build plans again with them. A no-op build renders nothing and stays as fast as before.

A cache hit reads only the index (the documents' headers); each document's clauses are
read when it is rendered (:mod:`jdgen.publish.resolved_store` has the file layout), so a
no-op build's memory does not grow with the documents' text. All of this sits behind one
:class:`ResolvedStore`, which only the build uses: plain document headers to plan
with, :meth:`ResolvedStore.body` and :meth:`ResolvedStore.document` for what is rendered.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from jdgen import __version__, pipeline
from jdgen.errors import Location, Problem, ProblemsFound
from jdgen.pipeline import analyse, analyse_each
from jdgen.posts import default_posts
from jdgen.project import CONFIG_NAME, Project, ProjectConfig, as_project
from jdgen.publish.outdir import LEGACY_RESOLVED_NAME
from jdgen.publish.plan import code_fingerprint
from jdgen.publish.resolved_store import (
    BodyStore,
    ResolvedCacheCorrupt,
    ResolvedCacheDisagrees,
    StoreWriter,
    checked_document,
    open_store,
)
from jdgen.resolve.document import Clause, Document, DocumentHeader
from jdgen.resolve.header import Span, compact_json, decode_row, header_row
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


def _body(doc: Document) -> bytes:
    """A document's sections and clauses as compact UTF-8 JSON."""
    return compact_json([[s.key, [_clause(c) for c in s.clauses]] for s in doc.sections])


def encode_document(doc: Document) -> tuple[list[Any], bytes]:
    """A document as an index row (everything but the sections, digest last) and a body."""
    return header_row(doc), _body(doc)


class ResolvedStore:
    """The documents a build works from: every header now, a body when it is rendered.

    Made from the resolved-project cache (:func:`load_store`), a body is read from the
    cache file and checked against the document's digest; a damaged one is taken from a
    fresh analysis (and the cache dropped). Made from resolved documents
    (:meth:`of_documents`), it simply holds them. Only the build uses a store.
    """

    def __init__(
        self,
        headers: list[DocumentHeader],
        cache: _Cache | None = None,
        documents: dict[str, Document] | None = None,
    ) -> None:
        self._headers = headers
        self._cache = cache
        self._documents = documents or {}

    @classmethod
    def of_documents(cls, documents: list[Document]) -> ResolvedStore:
        """A store holding ``documents`` (already resolved: nothing to confirm)."""
        return cls([d.header() for d in documents], documents={d.id: d for d in documents})

    def headers(self) -> list[DocumentHeader]:
        """Every published document's header, sorted by id."""
        return self._headers

    def document(self, header: DocumentHeader) -> Document:
        """The whole document of ``header`` (its body read, checked and decoded)."""
        held = self._documents.get(header.id)
        if held is not None:
            return held
        assert self._cache is not None, f"{header.id} is not in this store"
        return self._cache.document(header)

    def body(self, header: DocumentHeader) -> str:
        """The document's body as stored: what a worker needs, with the header, to make the
        document (:func:`~jdgen.publish.resolved_store.checked_document`)."""
        held = self._documents.get(header.id)
        if held is not None:
            return _body(held).decode("utf-8")
        assert self._cache is not None, f"{header.id} is not in this store"
        return self._cache.text(header)

    def confirm(self) -> None:
        """Make sure the cache holds what the role files resolve to, before anything is
        rendered from it; raises :class:`ResolvedCacheDisagrees` (with a store of what they
        resolve to) when it does not. Nothing to do for documents resolved just now."""
        if self._cache is not None:
            self._cache.confirm()

    def discard(self) -> None:
        """Drop the cache file (a worker found a body damaged)."""
        if self._cache is not None:
            self._cache.store.discard()


class _Cache:
    """One opened cache: its bodies, and the fresh analysis a damaged body falls back to."""

    def __init__(
        self,
        store: BodyStore,
        project: Project,
        key: str,
        problems: list[Any],
        rows: list[bytes],
        spans: dict[str, Span],
    ) -> None:
        self.store = store
        self._project = project
        self._key = key
        self._fresh: dict[str, Document] | None = None
        self.problems = problems
        self.rows = rows  # the index rows, as read
        self.spans = spans  # document id -> where its body is
        self.confirmed = False  # True once the rows are known to be the sources' own

    def confirm(self) -> None:
        """Check the cache against the role files (resolving them again, into a new cache).

        Raises :class:`ResolvedCacheDisagrees` with a store of the documents resolved from
        the role files when any row, body or warning differs.
        """
        if self.confirmed:
            return
        store, warnings = _analyse_into(self._project, self.store.path, self._key)
        fresh = store._cache
        if fresh is not None and fresh.rows == self.rows and fresh.problems == self.problems:
            self.store = fresh.store  # the same rows: bodies are read from the new file
            self.confirmed = True
            return
        raise ResolvedCacheDisagrees(self.store.path, store, warnings)

    def text(self, header: DocumentHeader) -> str:
        """The stored body of ``header``, or (damaged) its body from a fresh analysis."""
        try:
            return self.store.read(self.spans[header.id], header.id)
        except ResolvedCacheCorrupt:
            return _body(self.fresh(header)).decode("utf-8")

    def document(self, header: DocumentHeader) -> Document:
        """The document of ``header``: its body decoded and checked, or a fresh analysis's."""
        with contextlib.suppress(ResolvedCacheCorrupt):
            return checked_document(header, self.store.read(self.spans[header.id], header.id))
        return self.fresh(header)

    def fresh(self, header: DocumentHeader) -> Document:
        """``header``'s document as the pipeline resolves it now (the cache is discarded
        first)."""
        if self._fresh is None:
            self.store.discard()
            state = analyse(self._project)
            self._fresh = {d.id: d for d in state.documents}
        found = self._fresh.get(header.id)
        if found is None or found.digest != header.digest:
            raise ResolvedCacheCorrupt(
                f"{self.store.path} is damaged and the inputs changed during the build "
                f"({header.id}); run the build again"
            )
        return found


def _problem(p: Problem) -> list[Any]:
    return [_loc(p.location), p.key, p.message, p.severity, p.rule]


def _unproblem(raw: list[Any]) -> Problem:
    return Problem(Location(*raw[0]), raw[1], raw[2], raw[3], raw[4])


def _open_cached(
    project: Project, cache: Path, key: str
) -> tuple[ResolvedStore, list[Problem]] | None:
    """The store (bodies left on disk) and warnings of the cache at ``cache``, or None."""
    found = open_store(cache, FORMAT, key)
    if found is None:
        return None
    index, store = found
    try:
        problems = [_unproblem(p) for p in index.problems]
        headers: list[DocumentHeader] = []
        spans: dict[str, Span] = {}
        shared: dict[Any, Any] = {}
        for row in index.rows:
            header, span = decode_row(row, shared)
            headers.append(header)
            spans[header.id] = span
    except (ValueError, KeyError, TypeError, IndexError):
        store.close()
        return None
    opened = _Cache(store, project, key, index.problems, index.rows, spans)
    return ResolvedStore(headers, opened), problems


def load_store(
    source: Project | ProjectConfig, strict: bool, cache: Path
) -> tuple[ResolvedStore, list[Problem]]:
    """The published documents and warnings, from ``cache`` when the inputs are unchanged.

    Raises :class:`ProblemsFound` like :func:`jdgen.pipeline.load_documents`. A missing,
    truncated or damaged cache runs the pipeline, as changed inputs do.
    """
    project = as_project(source)
    key = inputs_key(project)
    found = _open_cached(project, cache, key)
    if found is None:
        found = _analyse_into(project, cache, key)
    if strict and found[1]:
        raise ProblemsFound(found[1])
    return found


def _analyse_into(project: Project, cache: Path, key: str) -> tuple[ResolvedStore, list[Problem]]:
    """Run the pipeline straight into a new cache; its store and warnings.

    Each document is written to the cache as soon as it is resolved and linted, and the
    analysis holds a bounded number of role specs, so a cold build's memory does not grow
    with the library's text. The store comes back read from the cache (headers only,
    clauses read when rendered), as after a hit. The cache is written under ``--strict``
    too, so that a later build without it is a hit; never when there are errors.
    """
    try:
        with StoreWriter(cache, FORMAT, key) as writer:
            _, problems = analyse_each(
                project, lambda doc: writer.add(*encode_document(doc)), kept=pipeline.SPECS_KEPT
            )
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
        return ResolvedStore.of_documents(state.documents), state.warnings
    opened = reopened[0]._cache
    if opened is not None:  # written just now from the role files: nothing to confirm
        opened.confirmed = True
    return reopened
