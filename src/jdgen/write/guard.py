"""The one rule for every file a user names as an output: it may never land on a source.

A command that writes where its user says (``diff -o``, ``build --report``, ``manifest merge
-o``, ``jdgen list -o``) first calls :func:`refuse_source_output`. It refuses
a path that is one of the command's inputs, or that belongs to a document project's sources
or bookkeeping: its ``jdgen.toml``, anything under ``roles/``, ``signoffs/`` or
``templates/``, and the build's own files in the output folder (``manifest*.json``,
``.jdgen-*``). Every project the path lies in counts, found by walking up from the path, so
``-o ../other-project/roles/x.yaml`` is refused as surely as ``-o roles/x.yaml``. Paths are
compared after resolving symbolic links, and an existing file is compared by identity too,
so a link or a hard link to a source is refused.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

from jdgen.errors import OutputIsSource
from jdgen.folders import ROLES, SIGNOFFS, SOURCE_FOLDERS, TEMPLATES

CONFIG_NAME = "jdgen.toml"
WHAT = {
    ROLES: "the role files",
    SIGNOFFS: "the sign-off ledger",
    TEMPLATES: "the project's templates",
}


def _output_name(root: Path) -> str:
    """The project's output folder name (``output`` when its config cannot be read)."""
    from jdgen.project import load_config

    with contextlib.suppress(Exception):  # a broken config is not this check's to report
        return load_config(root).output
    return "output"


def _is_bookkeeping(name: str, allow_manifest: bool) -> bool:
    if name.startswith(".jdgen-"):
        return True
    manifest = name.startswith("manifest") and name.endswith(".json")
    return manifest and not allow_manifest


def source_clash(
    target: Path, inputs: Iterable[Path] = (), *, allow_manifest: bool = False
) -> str | None:
    """Why ``target`` must not be written, or ``None`` when it may be.

    ``inputs`` are the files the command reads; ``allow_manifest`` lets ``manifest merge``
    write a manifest into an output folder (its job) while still refusing the rest.
    """
    path = Path(os.path.abspath(target)).resolve()
    for source in inputs:
        if path == Path(os.path.abspath(source)).resolve():
            return "it is one of this command's inputs"
    for root in path.parents:
        if not (root / CONFIG_NAME).is_file():
            continue
        if path == root / CONFIG_NAME:
            return f"it is the project's {CONFIG_NAME}"
        for folder in SOURCE_FOLDERS:
            if path.is_relative_to((root / folder).resolve()):
                return f"it is inside {folder}/, which holds {WHAT[folder]}"
        output = (root / _output_name(root)).resolve()
        if path.parent == output and _is_bookkeeping(path.name, allow_manifest):
            return f"it is one of the build's own files in {output.name}/"
    return None


def refuse_source_output(
    target: Path, inputs: Iterable[Path] = (), *, allow_manifest: bool = False, option: str = "-o"
) -> None:
    """Raise :class:`OutputIsSource` (exit 2) if ``target`` would land on a source.

    Call it before any work is done, so that a refused command writes nothing. ``option``
    names where the path came from in the message (``-o``, ``--report``...).
    """
    why = source_clash(target, inputs, allow_manifest=allow_manifest)
    if why is not None:
        raise OutputIsSource(
            f"{option} {target}: will not write there: {why}; name a file "
            "outside the project's sources (for example in output/ or /tmp)"
        )


def refuse_source_folder(folder: Path, setting: str) -> None:
    """Raise :class:`OutputIsSource` if the output ``folder`` (from ``setting``) lies in
    the sources of any project (``jdgen.toml`` already refuses its own project's)."""
    why = source_clash(folder / "manifest.json", allow_manifest=True)
    if why is None and (folder / CONFIG_NAME).is_file():
        why = "it is a project folder"
    if why is not None:
        raise OutputIsSource(
            f"{setting}: will not publish into {folder}: {why}; publish into "
            'a folder of its own, for example "output"'
        )
