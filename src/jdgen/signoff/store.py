"""Ledger files and the content store on disk: reading, locking, appending safely.

Layout under ``signoffs/``::

    <document-id>.yaml        the ledger of one document (see :mod:`jdgen.signoff.ledger`)
    content/<digest>.json     the canonical content that digest names, stored once
    archive/<document>.yaml   ledgers of retired documents (checked, never required)
    .lock                     the writers' lock (git-ignored)

An append writes the whole new file beside the old one and renames it into place under the
lock, so a reader or a crash sees the old ledger or the new one, never half an entry; the new
bytes always start with the old bytes (checked before the rename).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from jdgen.errors import CannotWrite, Location, Problem, relative
from jdgen.project import ProjectConfig
from jdgen.resolve.document import canonical_digest
from jdgen.signoff.errors import LedgerCorrupt, LedgerLocked, LedgerWriteFailed
from jdgen.signoff.ledger import (
    Entry,
    LedgerFile,
    entry_text,
    header_text,
    parse_ledger,
)
from jdgen.write import cannot_lock, write_atomic

LEDGER_SUFFIX = ".yaml"
CONTENT_DIR = "content"
ARCHIVE_DIR = "archive"
LOCK_NAME = ".lock"
LOCK_TIMEOUT = 120.0
GITIGNORE = "# written by jdgen: the sign-off lock and interrupted writes\n.lock\n.*.tmp\n"


def ledger_path(config: ProjectConfig, document: str) -> Path:
    """``signoffs/<document>.yaml``."""
    return config.signoffs_dir / f"{document}{LEDGER_SUFFIX}"


def content_path(config: ProjectConfig, digest: str) -> Path:
    """``signoffs/content/<digest>.json``."""
    return config.signoffs_dir / CONTENT_DIR / f"{digest}.json"


def read_ledger(config: ProjectConfig, document: str, path: Path | None = None) -> LedgerFile:
    """The checked ledger of ``document`` (empty when it has no ledger file yet)."""
    path = path or ledger_path(config, document)
    display = relative(path, config.root)
    try:
        if path.exists() and not path.is_file():  # a folder, or a FIFO that would block
            raise IsADirectoryError(0, "not a regular file")
        data = path.read_bytes()
    except FileNotFoundError:
        return LedgerFile(path, display, document)
    except OSError as err:
        return LedgerFile(
            path,
            display,
            document,
            problems=[
                Problem(
                    Location(display),
                    "",
                    f"document {document}: the ledger file cannot be read "
                    f"({err.strerror or err}); make it a readable file (restore it from git)",
                )
            ],
        )
    return parse_ledger(path, display, document, data)


def ledger_files(config: ProjectConfig) -> Iterator[tuple[str, Path, bool]]:
    """Every ledger file as ``(document, path, archived)``, in name order."""
    for folder, archived in (
        (config.signoffs_dir, False),
        (config.signoffs_dir / ARCHIVE_DIR, True),
    ):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix == LEDGER_SUFFIX and path.is_file():
                    yield path.stem, path, archived


def intact(ledger: LedgerFile) -> LedgerFile:
    """``ledger`` itself, or :class:`LedgerCorrupt` when it has any problem."""
    if ledger.problems:
        raise LedgerCorrupt(ledger.problems)
    return ledger


@contextlib.contextmanager
def locked(config: ProjectConfig, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the writers' lock of the ledger (one writer at a time, across processes)."""
    folder = config.signoffs_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise LedgerWriteFailed(
            f"{relative(folder, config.root)} cannot be made a folder "
            f"({err.strerror or err}); nothing was recorded"
        ) from None
    ignore = folder / ".gitignore"
    if not ignore.exists():
        _write_replace(ignore, GITIGNORE.encode("utf-8"))
    lock = FileLock(str(folder / LOCK_NAME), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise LedgerLocked(
            f"{relative(folder / LOCK_NAME, config.root)} is held by another "
            f"jdgen sign for over {timeout:g} s; try again"
        ) from None
    except OSError as err:  # no room, a read-only folder, a folder where the lock goes
        raise LedgerWriteFailed(
            f"{cannot_lock(folder / LOCK_NAME, err)}; nothing was recorded, the ledger is as it was"
        ) from None
    try:
        yield
    finally:
        lock.release()


def append_entry(config: ProjectConfig, ledger: LedgerFile, entry: Entry) -> None:
    """Add ``entry`` at the end of ``ledger``'s file; the caller holds :func:`locked`.

    The file is re-read first: it must still be byte for byte what ``ledger`` was checked
    from, so an entry written meanwhile is never lost.
    """
    path = ledger.path
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = b""
    if parse_ledger(path, ledger.display, ledger.document, old).entries != ledger.entries:
        raise LedgerCorrupt(
            [
                Problem(
                    Location(ledger.display),
                    "",
                    f"document {ledger.document}: the ledger changed while "
                    "jdgen was signing; sign again",
                )
            ]
        )
    start = old if old else header_text(ledger.document).encode("utf-8")
    new = start + entry_text(entry).encode("utf-8")
    assert new.startswith(old), "an append never rewrites earlier bytes"
    _write_replace(path, new)


def store_content(config: ProjectConfig, digest: str, canonical: dict[str, Any]) -> None:
    """Keep ``canonical`` under its digest (once); an existing copy must match it."""
    path = content_path(config, digest)
    if path.exists():
        problem = check_content(config, digest)
        if problem:
            raise LedgerCorrupt([problem])
        return
    _write_replace(path, content_bytes(canonical))


def content_bytes(canonical: dict[str, Any]) -> bytes:
    """The stored form of a document's canonical content: readable, sorted JSON."""
    return (json.dumps(canonical, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode(
        "utf-8"
    )


def load_content(config: ProjectConfig, digest: str) -> dict[str, Any] | None:
    """The canonical content stored for ``digest``, or None when missing or not matching."""
    path = content_path(config, digest)
    try:
        if not path.is_file():  # missing, a folder, or a FIFO that would block
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or canonical_digest(data) != digest:
        return None
    return data


def check_content(config: ProjectConfig, digest: str) -> Problem | None:
    """A problem when the content store has no intact copy of ``digest``."""
    path = content_path(config, digest)
    display = relative(path, config.root)
    if not path.exists():
        return Problem(
            Location(display),
            "",
            "missing: the signed content of this digest is "
            "not in the content store; restore it from git",
        )
    try:
        if not path.is_file():
            raise IsADirectoryError(0, "not a regular file")
        with path.open("rb"):
            pass
    except OSError as err:
        return Problem(
            Location(display),
            "",
            f"cannot be read ({err.strerror or err}); make "
            "it a readable file (restore it from git)",
        )
    if load_content(config, digest) is None:
        return Problem(
            Location(display),
            "",
            "does not match its digest: the stored content was edited; restore it from git",
        )
    return None


def _write_replace(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path``, fsync, rename over ``path``, fsync the folder.

    Raises :class:`LedgerWriteFailed` when the system refuses: before the rename ``path`` is
    unchanged; after it, the new file is in place but perhaps not yet safe on disk.
    """
    try:
        write_atomic(path, data)
    except CannotWrite as err:
        raise LedgerWriteFailed(f"{err}; nothing was recorded, the ledger is as it was") from None
    try:
        _sync_folder(path.parent)
    except OSError as err:
        raise LedgerWriteFailed(
            f"{path} was written, but its folder could not be synced to "
            f"disk ({err.strerror or err}); check the disk, then run "
            "jdgen verify"
        ) from None


def _sync_folder(folder: Path) -> None:
    """fsync ``folder``, so that a rename in it survives a power cut."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
