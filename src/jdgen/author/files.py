"""Writing a set of new files at once, without touching what the user already has.

Files are staged in a temporary folder beside their destination and moved into place one
by one, ``first_last`` (the file that makes a folder a project) last, so that a folder is
either not a project or holds every file; if a move fails, what was moved is taken back.
A new destination folder is made by renaming the staging folder: all or nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from jdgen.errors import CannotWrite, FileInTheWay
from jdgen.write import cannot_write


def _umask_dir_mode() -> int:
    """The mode of a new folder under the umask (``mkdtemp`` makes it 0700)."""
    return 0o777 & ~_umask()


def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def files_in_the_way(folder: Path, files: dict[str, bytes]) -> list[str]:
    """The names in ``files`` that already exist under ``folder``."""
    return [name for name in files if os.path.lexists(folder / name)]


def write_new_files(
    folder: Path, files: dict[str, bytes], *, force: bool = False, last: str | None = None
) -> None:
    """Create ``files`` (relative POSIX path -> bytes) under ``folder``.

    Raises :class:`FileInTheWay` naming every file that exists, unless ``force`` (which
    replaces them), and :class:`CannotWrite` when the system refuses; nothing is left
    half-written either way.
    """
    if folder.exists() and not folder.is_dir():
        raise CannotWrite(f"cannot write into {folder}: it is a file, not a folder")
    existing = files_in_the_way(folder, files)
    if existing and not force:
        raise FileInTheWay(
            f"{folder}: {', '.join(existing)} already exist(s); nothing was "
            "written (pass --force to replace them)"
        )
    blocked = [name for name in existing if (folder / name).is_dir()]
    if blocked:
        raise FileInTheWay(
            f"{folder}: {', '.join(blocked)} is a folder where a file belongs; nothing was written"
        )
    parent = folder if folder.exists() else folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".jdgen-new.", dir=parent))
    except OSError as err:
        raise cannot_write(folder, err) from None
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if not folder.exists():
            for sub in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
                sub.chmod(_umask_dir_mode())
            os.rename(staging, folder)
            return
        _move_in(staging, folder, [n for n in files if n != last] + ([last] if last else []))
    except OSError as err:
        raise cannot_write(folder, err) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _move_in(staging: Path, folder: Path, order: list[str]) -> None:
    """Move the staged files into ``folder``; on failure remove the ones moved so far
    (files replaced under ``--force`` stay replaced)."""
    made: list[Path] = []
    try:
        for name in order:
            target = folder / name
            for ancestor in reversed(
                [p for p in target.parents if p != folder and p.is_relative_to(folder)]
            ):
                if not ancestor.exists():
                    ancestor.mkdir()
                    made.append(ancestor)
            fresh = not target.exists()
            os.replace(staging / name, target)
            if fresh:
                made.append(target)
    except BaseException:
        for path in reversed(made):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        raise
