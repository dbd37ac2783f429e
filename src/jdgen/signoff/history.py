"""The sign-off folder as it was at a git revision (for ``jdgen verify --since REV``).

Only git's plumbing is used, read-only: ``rev-parse`` finds the project's place in the
repository and the commit, ``ls-tree`` lists ``signoffs/`` at that commit and
``cat-file --batch`` reads the ledger files in one call. Nothing is checked out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from jdgen.git import (
    BadRevision,
    GitFailed,
    GitMissing,
    NotARepository,
    UnknownRevision,
    run_git,
)
from jdgen.git import resolve_commit as git_resolve_commit
from jdgen.project import ProjectConfig
from jdgen.signoff.store import ARCHIVE_DIR, CONTENT_DIR, LEDGER_SUFFIX

GIT_MISSING = (
    "git is not installed; `jdgen verify --since` needs it to read the ledger at a revision"
)
SHALLOW_HINT = "; in CI fetch it first (`git fetch origin main`, or a checkout with fetch-depth: 0)"


@dataclass(frozen=True)
class Snapshot:
    """The ledger files and content-store names under ``signoffs/`` at one commit."""

    rev: str
    commit: str
    prefix: str  # the project folder inside the repository: "" or "hr/jd/"
    exists: bool  # False when the revision had no signoffs/ folder yet
    ledgers: dict[str, bytes] = field(default_factory=dict)  # "am.yaml", "archive/x.yaml"
    content: tuple[str, ...] = ()  # file names in content/, such as "<digest>.json"

    def git_path(self, relpath: str) -> str:
        """``REV:path`` naming ``signoffs/<relpath>`` at the revision (for ``git show``)."""
        return f"{self.rev}:{self.prefix}signoffs/{relpath}"


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run ``git -C root args``; a failure says which git command failed, in git's words."""
    try:
        return run_git(root, *args, stdin=stdin)
    except GitMissing:
        raise GitMissing(GIT_MISSING) from None
    except GitFailed as err:
        raise GitFailed(f"git {args[0]} failed: {err.line or 'no message'}") from None


def project_prefix(root: Path) -> str:
    """The project folder relative to the top of its git work tree (``""`` at the top)."""
    try:
        out = _git(root, "rev-parse", "--is-inside-work-tree", "--show-prefix")
    except GitFailed:
        raise NotARepository(
            f"{root} is not inside a git work tree; `--since` compares "
            "the ledger with a git revision"
        ) from None
    lines = out.decode("utf-8", "surrogateescape").splitlines()
    if not lines or lines[0] != "true":
        raise NotARepository(
            f"{root} is not inside a git work tree; `--since` compares "
            "the ledger with a git revision"
        )
    return lines[1] if len(lines) > 1 else ""


def resolve_commit(root: Path, rev: str) -> str:
    """The full id of the commit ``rev`` names, or :class:`UnknownRevision`."""
    try:
        return git_resolve_commit(root, rev)
    except BadRevision:
        raise UnknownRevision(f"'{rev}' is not a git revision") from None
    except GitMissing:
        raise GitMissing(GIT_MISSING) from None
    except UnknownRevision:
        raise UnknownRevision(
            f"'{rev}' is not a commit of the git repository holding {root}" + SHALLOW_HINT
        ) from None


def _tree_entries(root: Path, tree: str) -> list[tuple[str, str, str]]:
    """``(type, object id, path)`` of every file below ``tree`` (``commit:path``)."""
    out = _git(root, "ls-tree", "-r", "-z", "--full-tree", tree)  # not limited to the cwd
    entries = []
    for record in out.decode("utf-8", "surrogateescape").split("\0"):
        if record:
            meta, _, path = record.partition("\t")
            _mode, kind, oid = meta.split(" ")
            entries.append((kind, oid, path))
    return entries


def _read_blobs(root: Path, oids: list[str]) -> list[bytes]:
    """The contents of the blobs ``oids``, in order, read by one ``git cat-file --batch``."""
    if not oids:
        return []
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    blobs, pos = [], 0
    for oid in oids:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode("ascii").split(" ")
        if len(header) != 3 or header[0] != oid:
            raise GitFailed(f"git cat-file: unexpected answer for {oid}")
        size = int(header[2])
        blobs.append(out[end + 1 : end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


def _is_ledger(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return path.endswith(LEDGER_SUFFIX) and (
        len(parts) == 1 or (len(parts) == 2 and parts[0] == ARCHIVE_DIR)
    )


def read_snapshot(config: ProjectConfig, rev: str) -> Snapshot:
    """The ledger files and content names of the project's ``signoffs/`` at ``rev``.

    Raises a :class:`~jdgen.git.GitError` subclass when git is missing, the
    project is not in a git work tree or ``rev`` names no commit. A revision from before the
    first sign-off (no ``signoffs/`` folder) gives an empty snapshot.
    """
    root = config.root
    prefix = project_prefix(root)
    commit = resolve_commit(root, rev)
    tree = f"{commit}:{prefix}signoffs"
    try:
        kind = _git(root, "cat-file", "-t", tree).decode("ascii").strip()
    except GitFailed:
        kind = ""
    if kind != "tree":
        return Snapshot(rev, commit, prefix, exists=False)
    files = [(oid, path) for kind, oid, path in _tree_entries(root, tree) if kind == "blob"]
    ledger_files = [(oid, path) for oid, path in files if _is_ledger(path)]
    blobs = _read_blobs(root, [oid for oid, _ in ledger_files])
    content = tuple(
        sorted(
            PurePosixPath(path).name
            for _, path in files
            if PurePosixPath(path).parent == PurePosixPath(CONTENT_DIR)
        )
    )
    return Snapshot(
        rev,
        commit,
        prefix,
        True,
        {path: blob for (_, path), blob in zip(ledger_files, blobs, strict=True)},
        content,
    )
