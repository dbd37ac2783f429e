"""Stage 2: check loaded role files against the schema into typed :class:`RoleSpec`s."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from jdgen.bundled import (
    BUNDLED,
    BUNDLED_LANGUAGES,
    DISPLAY_PREFIX,
    bundled_paths,
    is_bundled,
)
from jdgen.errors import Location, Problem, relative
from jdgen.load.yaml_source import KeyPath, load_yaml
from jdgen.project import ProjectConfig
from jdgen.validate.library import RoleLibrary
from jdgen.validate.model import RoleSpec
from jdgen.validate.printable import unprintable
from jdgen.validate.schema import check_role

Coverage = tuple[frozenset[int], str]
"""The characters the project's fonts can draw, and the fonts' family names."""

ROLE_SUFFIXES = (".yaml", ".yml")


OVERRIDE_KEYS = ("remove", "after", "before")
"""Clause keys whose own position resolution reports (a stale override, a missing anchor)."""


def _routine_positions(spec: RoleSpec) -> Callable[[KeyPath], bool]:
    """Which positions resolution looks up: the clauses, their texts and override keys, and
    everything outside the sections (a few per file)."""
    clauses: set[KeyPath] = set()
    for clause in spec.clauses():
        clauses.add(clause.keypath)
        clauses.add((*clause.keypath, "text"))
    sections = set(spec.sections)
    return lambda keypath: (
        len(keypath) < 2
        or keypath[0] not in sections
        or keypath in clauses
        or (keypath[-1] in OVERRIDE_KEYS and keypath[:-1] in clauses)
    )


def load_role_file(
    path: Path, config: ProjectConfig, coverage: Coverage | None = None
) -> tuple[RoleSpec | None, list[Problem]]:
    """Load and check one role file: its spec (None when it has errors) and its problems.

    A file of the bundled library (:mod:`jdgen.bundled`) is checked in the
    library's languages and comes back abstract. With ``coverage`` its texts are also
    checked against the fonts (the ``unprintable`` lint).
    """
    bundled = is_bundled(path)
    display = DISPLAY_PREFIX + path.name if bundled else relative(path, config.root)
    source, loaded = load_yaml(path, display, config.max_file_bytes, config.max_nodes)
    if source is None:
        return None, loaded
    languages = BUNDLED_LANGUAGES if bundled else config.languages
    spec, found = check_role(source, path.stem, languages, config.reviewers)
    if bundled:  # a parent of the project's roles, never published itself
        spec = dataclasses.replace(spec, abstract=True)
    if coverage is not None:
        found.extend(unprintable(source, *coverage))
    # The spec holds what later stages need: its file's values go, and most positions.
    spec = dataclasses.replace(spec, source=source.compacted(_routine_positions(spec)))
    problems = [*loaded, *found]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return spec, problems


NESTED_RULE = "nested-role-file"


Unread = tuple[Path, str, str]
"""A path that looks like a role file but is not read: the path, why, and its rule."""


def role_paths(folder: Path) -> tuple[list[Path], list[Unread]]:
    """The role files in ``folder``, and what looks like one but will not be read.

    Hidden entries (editor locks and backups such as ``.#role.yaml``) are skipped. A link
    to a missing file is an error (rule ""); role files in sub-folders, which are not read,
    are a warning (:data:`NESTED_RULE`) naming the first of them.
    """
    paths: list[Path] = []
    unread: list[Unread] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        return [], [(folder, f"cannot read the folder: {err.strerror}; check its permissions", "")]
    for entry in entries:
        if entry.name.startswith("."):
            continue
        suffix = entry.suffix.lower()
        if suffix in ROLE_SUFFIXES and entry.suffix not in ROLE_SUFFIXES:
            unread.append(
                (
                    entry,
                    f"role files end in {suffix} in lowercase, so this file is "
                    f"not read; rename it to {entry.stem}{suffix}",
                    "",
                )
            )
        elif entry.is_dir():
            unread.extend(_unread_folder(folder, entry))
        elif entry.suffix in ROLE_SUFFIXES:
            if entry.is_file():
                paths.append(entry)
            else:
                unread.append(_not_a_file(entry))
    return paths, unread


def _unread_folder(roles: Path, entry: Path) -> list[Unread]:
    """What a sub-folder of ``roles`` holds that looks like role files (they are not read)."""
    if entry.suffix.lower() in ROLE_SUFFIXES:
        return [
            (
                entry,
                "a folder named like a role file; role files are files "
                "in roles/ itself: rename the folder",
                "",
            )
        ]
    try:
        nested = sorted(
            p
            for p in entry.rglob("*")
            if p.suffix in ROLE_SUFFIXES
            and not any(s.startswith(".") for s in p.relative_to(roles).parts)
        )
    except OSError as err:
        return [
            (
                entry,
                f"cannot read the folder: {err.strerror}; check its "
                "permissions or move it out of roles/",
                "",
            )
        ]
    if not nested:
        return []
    return [
        (
            nested[0],
            f"{len(nested)} role file(s) under {entry.name}/ are "
            "not read: roles are read from roles/ itself, not its "
            "sub-folders; move them into roles/ (or start the folder's name "
            "with '.')",
            NESTED_RULE,
        )
    ]


def _not_a_file(entry: Path) -> Unread:
    """Why ``entry``, named like a role file but not a regular file, is not read."""
    if entry.is_symlink() and not entry.exists():
        return (entry, "a link to a file that does not exist; fix or remove the link", "")
    return (
        entry,
        "not a regular file (a pipe, socket or device), so it "
        "is not read; replace it with the role file",
        "",
    )


def load_roles(
    config: ProjectConfig, kept: int | None = None, coverage: Coverage | None = None
) -> tuple[RoleLibrary, set[str], list[Problem]]:
    """Load and check every role file of the project.

    Returns the library of the files without errors, the ids of the files with errors
    (their children are not resolved, to avoid follow-on messages) and every problem found.
    ``kept`` bounds how many specs the library holds (see :class:`RoleLibrary`); with
    ``coverage`` every text is checked against the fonts, once per file (a spec the library
    reads again is not checked again).
    """
    roles = RoleLibrary(lambda path: load_role_file(path, config)[0], kept)
    broken: set[str] = set()
    problems: list[Problem] = []
    folder = config.roles_dir
    if not folder.is_dir():
        problems.append(
            Problem(
                Location(relative(folder, config.root)),
                "",
                "no roles/ folder; create it and add role files",
            )
        )
        return roles, broken, problems
    if config.library == BUNDLED:  # first, so that a bounded library holds them
        for path in bundled_paths():
            spec, found = load_role_file(path, config)
            problems.extend(found)
            if spec is None:
                broken.add(path.stem)
            else:
                roles.add(spec)
    paths, unread = role_paths(folder)
    problems.extend(
        Problem(
            Location(relative(path, config.root)), "", message, "warning" if rule else "error", rule
        )
        for path, message, rule in unread
    )
    for path in paths:
        spec, found = load_role_file(path, config, coverage)
        problems.extend(found)
        if spec is None:
            broken.add(path.stem)
            continue
        if spec.id in roles:
            other = roles.files[spec.id].display
            hint = (
                f' (library = "{BUNDLED}" in jdgen.toml); give this role an id of its '
                "own and extend that one"
                if other.startswith(DISPLAY_PREFIX)
                else ""
            )
            problems.append(
                Problem(
                    Location(relative(path, config.root), 1, 1),
                    "",
                    f"role id '{spec.id}' is also defined by {other}{hint}",
                )
            )
            continue
        roles.add(spec)
    return roles, broken, problems


__all__ = ["Coverage", "RoleLibrary", "RoleSpec", "load_role_file", "load_roles"]
