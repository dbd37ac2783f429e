"""Stage 5: write outputs atomically (temporary name, fsync, rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from jdgen.errors import CannotWrite


def public_mode() -> int:
    """The mode of a newly published file: what ``open()`` would give under the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_temp(folder: Path, name: str, data: bytes | Iterable[bytes]) -> Path:
    """``data`` in ``folder/.<name>.XXXXXXXX.tmp``, flushed to disk, mode as a new file's.

    ``data`` may be given in chunks, so a large file need never be whole in memory. The
    caller renames the file into place (``os.replace``) or removes it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, public_mode())  # mkstemp alone gives 0600
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return Path(temp)


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half.

    Raises :class:`CannotWrite` when the system refuses; ``path`` is then unchanged.
    """
    try:
        temp = write_temp(path.parent, path.name, data)
        try:
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise
    except OSError as err:
        raise cannot_write(path, err) from None


def cannot_write(path: Path, err: OSError) -> CannotWrite:
    """The error for ``path`` refused with ``err``, saying why in a person's words."""
    return CannotWrite(f"cannot write {path}: {_obstacle(path) or _reason(err)}")


def cannot_lock(path: Path, err: OSError) -> CannotWrite:
    """The error for the lock file ``path`` that could not be created or opened."""
    if path.is_dir():
        return CannotWrite(
            f"cannot write {path}: it is a folder where jdgen keeps a lock file; remove the folder"
        )
    return cannot_write(path, err)


def check_writable(path: Path) -> None:
    """Raise :class:`CannotWrite` now if ``path`` plainly cannot be written later.

    For outputs written after long work (a build's report): a folder in the way, a file
    where a folder should be, or a folder without write permission is reported up front.
    """
    obstacle = _obstacle(path)
    if obstacle is None:
        folder = next((p for p in path.parents if p.exists()), None)
        if folder is not None and not os.access(folder, os.W_OK | os.X_OK):
            obstacle = f"the folder {folder} is not writable"
    if obstacle is not None:
        raise CannotWrite(f"cannot write {path}: {obstacle}")


def _obstacle(path: Path) -> str | None:
    """What stands where ``path`` or one of its folders should be, if anything."""
    if path.is_dir():
        return "it is a folder; give a file name"
    for folder in path.parents:
        if folder.exists():
            return None if folder.is_dir() else f"{folder} is a file, not a folder"
    return None


def _reason(err: OSError) -> str:
    where = f" ({err.filename})" if err.filename else ""
    return (
        f"{err.strerror or err}{where}; check that the folder exists, that you may write "
        "to it, and that the disk has room"
    )
