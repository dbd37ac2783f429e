"""The file behind the resolved-project cache: a small index, and clause bodies read on demand.

Layout of ``output/.jdgen-resolved`` (one file, so one rename commits it)::

    header   HEADER_SIZE bytes: "jdgen-resolved <format> <inputs key> <index offset> <index
             length> <sha256 of the index>\\n" (offset and length as 16 hex digits)
    bodies   each document's sections and clauses as UTF-8 JSON, one after the other
    index    UTF-8 JSON: {"problems": [...], "documents": [[header fields..., digest,
             [body offset, body length, sha256 of the body bytes]], ...]}; it ends the file.
             The problems and each document row sit on a line of their own, so a reader
             can keep each row as bytes and decode it only when needed

A no-op build reads the header (a key mismatch stops there), then the index, which it checks
against its sha256; it never reads a body. A body is read when a document's sections are
first needed, through the handle the index was read from (so a cache that another build
replaces meanwhile cannot mix into this one), and is checked against its sha256 before it
is decoded. The file is written to a temp name, fsynced and renamed, like every output: a
killed writer leaves the previous cache (or none); a truncated or damaged file fails the
size or sha256 check and is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from jdgen.errors import JdgenError, Location
from jdgen.resolve.document import Clause, Document, DocumentHeader, Section
from jdgen.resolve.header import Span, compact_json
from jdgen.write import public_mode

MAGIC = "jdgen-resolved"
HEADER_SIZE = len(f"{MAGIC} 0 {'0' * 64} {0:016x} {0:016x} {'0' * 64}\n")


class ResolvedCacheCorrupt(JdgenError):
    """The resolved-project cache does not hold what its index says (damaged file)."""


class ResolvedCacheDisagrees(ResolvedCacheCorrupt):
    """The cache does not hold what the role files resolve to; it has been replaced."""

    def __init__(self, path: Path, store: Any, warnings: list[Any]) -> None:
        self.store, self.warnings = store, warnings
        super().__init__(
            f"{path} did not hold what the role files resolve to (changed "
            "outside jdgen?); it was replaced by the documents resolved from "
            "the role files"
        )


def _unclause(raw: list[Any]) -> Clause:
    return Clause(
        raw[0], raw[1], raw[2], raw[3], tuple(_unclause(i) for i in raw[4]), Location(*raw[5])
    )


def decode_sections(text: str) -> tuple[Section, ...]:
    """The sections of a stored body (raises ValueError... when it is malformed)."""
    return tuple(
        Section(key, tuple(_unclause(c) for c in clauses)) for key, clauses in json.loads(text)
    )


def checked_document(header: DocumentHeader, body: str) -> Document:
    """The document of ``header`` with the sections of ``body``, which must give its digest;
    raises :class:`ResolvedCacheCorrupt` otherwise."""
    try:
        document = Document.from_header(header, decode_sections(body))
    except (ValueError, TypeError, KeyError, IndexError):
        document = None
    if document is None or document.digest != header.digest:
        raise ResolvedCacheCorrupt(
            f"the cached clauses of {header.id} do not give its digest; the cache "
            "is discarded, run the build again"
        )
    return document


_INDEX_HEAD = b'{"problems":'
_ROWS_HEAD = b',"documents":['
_INDEX_TAIL = b"\n]}"


class StoreIndex(NamedTuple):
    """A cache's index: the warnings (decoded) and one JSON row per document (as bytes)."""

    problems: list[Any]
    rows: list[bytes]


def _header(fmt: int, key: str, index_offset: int, index_length: int, sha256: str) -> bytes:
    line = (f"{MAGIC} {fmt} {key} {index_offset:016x} {index_length:016x} {sha256}\n").encode(
        "ascii"
    )
    if len(line) != HEADER_SIZE:
        raise ValueError(f"cache header of {len(line)} bytes; expected {HEADER_SIZE}")
    return line


class StoreWriter:
    """Writes a cache atomically, one document at a time: bodies are streamed to a temp file
    as they come; :meth:`commit` appends the index (rows sorted by document id) and renames
    the file into place. Leaving the ``with`` block without a commit removes the temp file.
    """

    def __init__(self, path: Path, fmt: int, key: str) -> None:
        self.path, self.fmt, self.key = path, fmt, key
        # Folders made for the cache go again if it is never committed (bad input writes
        # nothing, not even an empty output folder).
        self.made = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, public_mode())
            self.handle = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self._discard()
            raise
        self.handle.write(b"\0" * HEADER_SIZE)
        self.offset = HEADER_SIZE
        # Index rows kept as their JSON bytes (a third of the memory of the lists).
        self.rows: list[tuple[str, bytes]] = []
        self.committed = False

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()
        if not self.committed:
            self._discard()

    def _discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temp)
        for folder in self.made:
            with contextlib.suppress(OSError):
                folder.rmdir()

    def add(self, row: list[Any], body: bytes) -> None:
        """One document: its index row (the document id first) and its encoded body."""
        self.handle.write(body)
        span = [self.offset, len(body), hashlib.sha256(body).hexdigest()]
        self.rows.append((str(row[0]), compact_json([*row, span])))
        self.offset += len(body)

    def commit(self, problems: list[Any]) -> None:
        """Write the index and the header, sync, and rename the file into place."""
        rows, self.rows = self.rows, []
        rows.sort(key=lambda row: row[0])
        digest, length = hashlib.sha256(), 0
        for piece in _index_pieces(problems, rows):
            digest.update(piece)
            self.handle.write(piece)
            length += len(piece)
        self.handle.seek(0)
        self.handle.write(_header(self.fmt, self.key, self.offset, length, digest.hexdigest()))
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.temp, self.path)
        self.committed = True


def _index_pieces(problems: list[Any], rows: list[tuple[str, bytes]]) -> Iterator[bytes]:
    """The index's bytes a row at a time, letting go of each row once it is out (``rows``
    ends empty): the index is never in memory twice."""
    yield _INDEX_HEAD + compact_json(problems) + _ROWS_HEAD
    rows.reverse()
    while rows:
        _, row = rows.pop()
        yield b"\n" + row + (b"," if rows else b"")
    yield _INDEX_TAIL


def open_store(path: Path, fmt: int, key: str) -> tuple[StoreIndex, BodyStore] | None:
    """The index of the cache at ``path`` and a store for its bodies, or None.

    None when the file is missing, unreadable, of another format, written for other inputs
    (``key``), truncated or damaged — every case in which the pipeline must run instead.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - kept open by the BodyStore
    except OSError:
        return None
    try:
        index = _read_index(handle, fmt, key)
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        index = None
    if index is None:
        handle.close()
        return None
    return index, BodyStore(path, handle)


def _read_index(handle: IO[bytes], fmt: int, key: str) -> StoreIndex | None:
    fields = handle.read(HEADER_SIZE).decode("ascii").split()
    if len(fields) != 6 or fields[0] != MAGIC or fields[1] != str(fmt) or fields[2] != key:
        return None
    index_offset, index_length = int(fields[3], 16), int(fields[4], 16)
    if os.fstat(handle.fileno()).st_size != index_offset + index_length:
        return None  # truncated, or appended to
    handle.seek(index_offset)
    data = handle.read(index_length)
    if hashlib.sha256(data).hexdigest() != fields[5]:
        return None
    lines = data.split(b"\n")
    del data
    head, tail = lines[0], lines[-1]
    if (
        len(lines) < 2
        or not head.startswith(_INDEX_HEAD)
        or not head.endswith(_ROWS_HEAD)
        or b"\n" + tail != _INDEX_TAIL
    ):
        return None
    problems = json.loads(head[len(_INDEX_HEAD) : -len(_ROWS_HEAD)])
    rows = lines[1:-1]
    del lines
    for i in range(len(rows) - 1):
        if not rows[i].endswith(b","):
            return None
        rows[i] = rows[i][:-1]
    if not isinstance(problems, list):
        return None
    return StoreIndex(problems, rows)


class BodyStore:
    """The bodies of one cache file, read on demand through the handle its index came from.

    Reads are positioned and locked, so threads (a pool's feeder thread pickling a
    document) may read concurrently. After damage is found, :meth:`discard` removes the
    file — if it is still the one this store reads — so that the next build analyses anew.
    """

    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.path = path
        self._handle = handle
        self._lock = threading.Lock()
        weakref.finalize(self, handle.close)  # closed with the last document that needs it

    def read(self, span: Span, what: str) -> str:
        """The body at ``span``, checked against its sha256; raises ResolvedCacheCorrupt."""
        offset, length, sha256 = span
        with self._lock:
            self._handle.seek(offset)
            data = self._handle.read(length)
        if len(data) != length or hashlib.sha256(data).hexdigest() != sha256:
            raise ResolvedCacheCorrupt(f"{self.path}: the clauses of {what} are damaged")
        return data.decode("utf-8")

    def discard(self) -> None:
        """Remove the cache file, unless another build has already replaced it."""
        with contextlib.suppress(OSError):
            mine = os.fstat(self._handle.fileno())
            there = os.stat(self.path)
            if (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino):
                os.unlink(self.path)

    def close(self) -> None:
        """Close the file (documents not yet decoded can no longer be)."""
        self._handle.close()
