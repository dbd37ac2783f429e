"""Which two sides ``jdgen diff`` compares: OLD NEW, --from/--to, --since-approval or the
7 arguments git passes to an external diff."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jdgen.diff.errors import BadGitArguments, ConflictingVersions, MissingVersion, NeverApproved
from jdgen.diff.sources import (
    Side,
    external_side,
    parse_side,
    revision_side,
    since_approval_sides,
    worktree_side,
)
from jdgen.errors import UnknownDocument
from jdgen.project import Project, find_project, load_project

# path old-file old-hex old-mode new-file new-hex new-mode, and for a rename new-path score
GIT_ARGUMENT_COUNTS = (7, 9)


@dataclass(frozen=True)
class Versions:
    """What the user asked to compare (``jdgen diff``'s arguments and options)."""

    project: Path | None  # --project; None: found from the current folder
    sides: tuple[str, ...] = ()  # OLD NEW, or git's arguments with git_external
    from_rev: str | None = None
    to_rev: str | None = None
    since_approval: str | None = None
    git_external: bool = False

    def input_files(self) -> list[Path]:
        """The files on disk the diff reads: OLD and NEW when they are files, or git's two
        temporary copies in ``--git-external`` mode."""
        sides = self.sides
        named = [sides[1], sides[4]] if self.git_external and self.from_git() else list(sides)
        return [Path(name) for name in named if Path(name).exists()]

    def from_git(self) -> bool:
        """Whether the arguments are git's external-diff arguments, as git passes them."""
        return self.git_external and len(self.sides) in GIT_ARGUMENT_COUNTS


@dataclass(frozen=True)
class Pair:
    """The old and new side, and whether their documents pair by variant (two role files)."""

    old: Side
    new: Side
    by_variant: bool = False


def choose_sides(versions: Versions) -> Pair:
    """The two sides ``versions`` names, resolved through the pipeline."""
    if versions.git_external:
        return _external(versions)
    if versions.since_approval is not None:
        if versions.sides or versions.from_rev or versions.to_rev:
            raise ConflictingVersions(
                "--since-approval ID compares one document; give no other versions"
            )
        return _since_approval(versions.project, versions.since_approval)
    return _named(versions)


def _since_approval(project: Path | None, doc_id: str) -> Pair:
    """The last approved content of ``doc_id`` (from the ledger) and its current content."""
    from jdgen.pipeline import load_documents

    opened = Project.of(load_project(project))
    current = load_documents(opened).document(doc_id)
    if current is None:
        raise UnknownDocument(f"unknown document '{doc_id}'; `jdgen list` shows the ids")
    sides = since_approval_sides(opened, current)
    if sides is None:
        raise NeverApproved(
            f"{doc_id} has never been approved; there is no approved text to "
            "compare with (`jdgen status` shows who has signed)"
        )
    return Pair(*sides)


def _named(versions: Versions) -> Pair:
    """OLD NEW (role files or ``REV:path``), or the project at --from and --to."""
    sides, from_rev, to_rev = versions.sides, versions.from_rev, versions.to_rev
    if from_rev is None and to_rev is not None:
        raise MissingVersion("--to needs --from")
    if from_rev is not None:
        if sides:
            raise ConflictingVersions("give either OLD NEW or --from REV [--to REV], not both")
        root = find_project(versions.project)
        old = revision_side(root, from_rev)
        new = revision_side(root, to_rev) if to_rev else worktree_side(root)
        return Pair(old, new)
    if len(sides) != 2:
        raise MissingVersion("give two versions: OLD NEW (role files or REV:path), or --from REV")
    cwd = Path.cwd()
    old, new = parse_side(sides[0], cwd), parse_side(sides[1], cwd)
    return Pair(old, new, old.role_id != new.role_id)


def _external(versions: Versions) -> Pair:
    """git's two temporary copies of a role file, each in the project on disk."""
    args = versions.sides
    if not versions.from_git():
        raise BadGitArguments(
            "--git-external expects git's 7 arguments: path old-file "
            "old-hex old-mode new-file new-hex new-mode"
        )
    path, old_file, new_file = args[0], args[1], args[4]
    new_path = args[7] if len(args) == 9 else path
    root = find_project(versions.project, start=(Path.cwd() / new_path).parent)
    old = external_side(root, path, old_file, f"a/{path}")
    new = external_side(root, new_path, new_file, f"b/{new_path}")
    return Pair(old, new)
