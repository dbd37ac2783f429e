"""Stage 2: check loaded role files against the schema into typed :class:`RoleSpec`s."""

from __future__ import annotations

from collections.abc import Callable

from jdgen.errors import Location, Problem, relative
from jdgen.load.yaml_source import KeyPath, load_yaml
from jdgen.project import ProjectConfig
from jdgen.validate.model import RoleSpec
from jdgen.validate.schema import check_role

ROLE_SUFFIXES = (".yaml", ".yml")


def _routine_positions(spec: RoleSpec) -> Callable[[KeyPath], bool]:
    """Which positions resolution looks up for every role: the clauses and their texts, and
    everything outside the sections (a few per file). Others are re-read on demand."""
    clauses: set[KeyPath] = set()
    pending = [c for section in spec.sections.values() for c in section]
    while pending:
        clause = pending.pop()
        clauses.add(clause.keypath)
        clauses.add((*clause.keypath, "text"))
        pending.extend(clause.items or ())
    sections = set(spec.sections)
    return lambda keypath: (len(keypath) < 2 or keypath[0] not in sections
                            or keypath in clauses)


def load_roles(config: ProjectConfig) -> tuple[dict[str, RoleSpec], set[str], list[Problem]]:
    """Load and check every role file of the project.

    Returns the specs of the files without errors, the ids of the files with errors (their
    children are not resolved, to avoid follow-on messages) and every problem found.
    """
    roles: dict[str, RoleSpec] = {}
    broken: set[str] = set()
    problems: list[Problem] = []
    folder = config.roles_dir
    if not folder.is_dir():
        problems.append(Problem(Location(relative(folder, config.root)), "",
                                "no roles/ folder; create it and add role files"))
        return roles, broken, problems
    # Hidden files (editor locks and backups such as .#role.yaml) are not role files.
    paths = sorted(p for p in folder.iterdir()
                   if p.suffix in ROLE_SUFFIXES and not p.name.startswith(".") and p.is_file())
    for path in paths:
        display = relative(path, config.root)
        source, loaded = load_yaml(path, display, config.max_file_bytes, config.max_nodes)
        problems.extend(loaded)
        if source is None:
            broken.add(path.stem)
            continue
        spec, found = check_role(source, path.stem, config.languages, config.reviewers)
        source.data = {}  # the spec holds what later stages need
        source.compact(_routine_positions(spec))
        problems.extend(found)
        if any(p.severity == "error" for p in (*loaded, *found)):
            broken.add(path.stem)
            continue
        if spec.id in roles:
            other = roles[spec.id].source.display
            problems.append(Problem(Location(display, 1, 1), "",
                                    f"role id '{spec.id}' is also defined by {other}"))
            continue
        roles[spec.id] = spec
    return roles, broken, problems


__all__ = ["RoleSpec", "load_roles"]
