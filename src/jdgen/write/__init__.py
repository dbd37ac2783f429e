"""Stage 5: write outputs atomically (temporary name, fsync, rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


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
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    temp = write_temp(path.parent, path.name, data)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
