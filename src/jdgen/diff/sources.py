"""The two sides of a diff: a role file on disk, ``REV:path`` from git, or a whole revision.

Every side is resolved through the pipeline in its own project, so ``diff`` compares what is
published, never YAML text. A git revision is materialised (``jdgen.toml``, ``roles/`` and
``templates/`` via ``git archive``) into a temporary folder that is gone once the documents
are resolved.
"""

from __future__ import annotations

import io
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from jdgen.assets import ProjectAssets
from jdgen.errors import JdgenError, Location, Problem, ProblemsFound, relative
from jdgen.folders import ROLES, TEMPLATES
from jdgen.git import (
    GitError,
    GitFailed,
    GitMissing,
    NotARepository,
    UnknownPath,
    UnknownRevision,
    resolve_commit,
    run_git,
)
from jdgen.pipeline import ProjectState, analyse
from jdgen.project import CONFIG_NAME, Project, ProjectConfig, as_project, find_project, load_config
from jdgen.resolve.document import Document
from jdgen.validate import ROLE_SUFFIXES

PROJECT_PARTS = (CONFIG_NAME, ROLES, TEMPLATES)
NULL_FILE = "/dev/null"


class NotARoleFile(JdgenError):
    """A side of the diff is not a role file of a document project."""


@dataclass(frozen=True)
class Side:
    """The published documents of one side, where they came from, and who made them.

    ``assets`` are those of the project on disk the side belongs to (for a git revision: the
    same project in the working tree): the very assets its analysis used when it was
    analysed there, so the DOCX redline takes the templates from them without loading them
    again. ``commit`` is the full commit id when the side was read from git.
    """

    label: str
    documents: tuple[Document, ...]
    role_id: str | None = None
    author: str | None = None
    date: datetime | None = None
    assets: ProjectAssets | None = None
    commit: str | None = None


GIT_MISSING = "git is not installed; revisions cannot be read"


def git(repo: Path, *args: str, binary: bool = False) -> str | bytes:
    """Run ``git args`` in ``repo``; a failure names the git command, in git's words."""
    try:
        out = run_git(repo, *args)
    except GitMissing:
        raise GitMissing(GIT_MISSING) from None
    except GitFailed as err:
        raise GitFailed(f"git {' '.join(args)}: {err.line or 'failed'}") from None
    return out if binary else out.decode("utf-8", "replace")


def repo_root(folder: Path) -> Path:
    """The top folder of the git work tree holding ``folder``."""
    try:
        return Path(str(git(folder, "rev-parse", "--show-toplevel")).strip())
    except GitFailed as err:
        if "not a git repository" not in str(err):
            raise
        raise NotARepository(
            f"{folder} is not in a git repository, so it has no revisions to "
            "compare; compare two files instead (jdgen diff OLD.yaml NEW.yaml), or "
            "commit the project to git first"
        ) from None


def commit_of(repo: Path, rev: str) -> str:
    """The full commit id ``rev`` names; :class:`UnknownRevision` if it names none."""
    try:
        return resolve_commit(repo, rev)
    except GitMissing:
        raise GitMissing(GIT_MISSING) from None
    except UnknownRevision:
        raise UnknownRevision(f"'{rev}' is not a commit in {repo}") from None


def commit_author(repo: Path, commit: str) -> tuple[str, datetime]:
    """Author name and author date of ``commit``."""
    name, stamp = str(git(repo, "log", "-1", "--format=%an%x00%at", commit)).strip().split("\0")
    return name, datetime.fromtimestamp(int(stamp), UTC)


def _exists(repo: Path, commit: str, path: str) -> bool:
    try:
        git(repo, "cat-file", "-e", f"{commit}:{path}")
    except GitError:
        return False
    return True


def _project_in_rev(repo: Path, commit: str, start: PurePosixPath, rev: str) -> PurePosixPath:
    for folder in [start, *start.parents]:
        prefix = "" if str(folder) == "." else f"{folder}/"
        if _exists(repo, commit, f"{prefix}{CONFIG_NAME}"):
            return folder
    raise UnknownPath(f"{rev}: no {CONFIG_NAME} in {start} or any folder above it at that revision")


def _relocate(problems: list[Problem], prefix: str) -> list[Problem]:
    return [
        replace(p, location=Location(f"{prefix}{p.location.path}", p.location.line, p.location.col))
        for p in problems
    ]


def _state(root: Path, shown_as: str = "") -> ProjectState:
    """Open and analyse the project at ``root``; invalid roles raise :class:`ProblemsFound`."""
    state = analyse(load_config(root))
    if state.errors:
        raise ProblemsFound(_relocate(state.errors, shown_as))
    return state


def materialise(repo: Path, commit: str, project: PurePosixPath, into: Path) -> Path:
    """Extract the project's config, roles and templates at ``commit`` below ``into``."""
    prefix = "" if str(project) == "." else f"{project}/"
    wanted = [f"{prefix}{part}" for part in PROJECT_PARTS]
    # One listing instead of a git call per part: git archive fails on a missing path.
    listed = str(git(repo, "ls-tree", "-z", "--name-only", commit, "--", *wanted))
    present = set(listed.split("\0"))
    parts = [path for path in wanted if path in present]
    blob = git(repo, "archive", "--format=tar", commit, "--", *parts, binary=True)
    assert isinstance(blob, bytes)
    try:
        with tarfile.open(fileobj=io.BytesIO(blob)) as archive:
            archive.extractall(into, filter="data")
    except tarfile.TarError as err:  # e.g. a link in roles/ pointing out of the project
        raise GitFailed(
            f"{commit[:7]}: the project's files cannot be read from git ({err})"
        ) from None
    return into / project


def _with_project_at(
    repo: Path,
    rev: str,
    commit: str,
    project: PurePosixPath,
    use: Callable[[ProjectState], tuple[Document, ...]],
) -> Side:
    author, date = commit_author(repo, commit)
    with tempfile.TemporaryDirectory(prefix="jdgen-diff-") as tmp:
        root = materialise(repo, commit, project, Path(tmp))
        prefix = "" if str(project) == "." else f"{project}/"
        state = _state(root, f"{rev}:{prefix}")
        on_disk = repo / project
        return Side(
            rev,
            use(state),
            author=author,
            date=date,
            commit=commit,
            assets=ProjectAssets(on_disk / TEMPLATES) if on_disk.is_dir() else None,
        )


def documents_of_role(state: ProjectState, role_id: str) -> tuple[Document, ...]:
    """The documents a role file publishes; for an abstract base, those of its children."""
    own = tuple(d for d in state.documents if d.role_id == role_id)
    if own:
        return own
    return tuple(d for d in state.documents if role_id in d.chain)


def _check_role_path(path: str) -> None:
    if PurePosixPath(path).suffix not in ROLE_SUFFIXES:
        raise NotARoleFile(f"{path}: not a role file (role files end in .yaml or .yml)")


def file_side(path: Path) -> Side:
    """The documents of a role file, resolved in the project found from the file's folder."""
    _check_role_path(path.name)
    if not path.is_file():
        raise NotARoleFile(f"{path}: no such file")
    root = find_project(None, start=path.parent)
    if path.resolve().parent != (root / ROLES).resolve():
        raise NotARoleFile(f"{path}: not in the roles/ folder of the project at {root}")
    state = _state(root)
    role_id = path.stem
    if role_id not in state.roles:
        raise NotARoleFile(f"{path}: not a role of the project at {root}")
    return Side(
        str(path), documents_of_role(state, role_id), role_id=role_id, assets=state.project.assets
    )


def rev_side(spec: str, cwd: Path) -> Side:
    """The documents of ``REV:path`` (path from the repository top, or ``./``-relative)."""
    rev, _, raw = spec.partition(":")
    if not rev or not raw:
        raise NotARoleFile(
            f"{spec}: give a role file or REV:path (for example HEAD~1:roles/account-manager.yaml)"
        )
    repo = repo_root(cwd)
    if raw.startswith(("./", "../")):
        raw = relative((cwd / raw).resolve(), repo)
    path = PurePosixPath(raw)
    _check_role_path(path.name)
    commit = commit_of(repo, rev)
    if not _exists(repo, commit, str(path)):
        raise UnknownPath(f"{spec}: no such file at {rev}")
    project = _project_in_rev(repo, commit, path.parent, rev)
    if path.parent != project / ROLES:
        raise NotARoleFile(f"{spec}: not in the roles/ folder of the project at {project}")
    side = _with_project_at(
        repo, rev, commit, project, lambda state: documents_of_role(state, path.stem)
    )
    return replace(side, label=spec, role_id=path.stem)


def parse_side(spec: str, cwd: Path) -> Side:
    """A role file if ``spec`` names one on disk, else ``REV:path``."""
    path = Path(spec)
    if path.exists() or ":" not in spec:
        side = file_side(path if path.is_absolute() else cwd / path)
        return replace(side, label=spec)
    return rev_side(spec, cwd)


def revision_side(project_root: Path, rev: str) -> Side:
    """Every document of the project as it was at ``rev``."""
    repo = repo_root(project_root)
    rel = PurePosixPath(relative(project_root, repo))
    if rel.is_absolute():
        raise NotARepository(f"{project_root} is not inside the git work tree at {repo}")
    commit = commit_of(repo, rev)
    prefix = "" if str(rel) == "." else f"{rel}/"
    if not _exists(repo, commit, f"{prefix}{CONFIG_NAME}"):
        raise UnknownPath(
            f"{rev}: the project {prefix or './'} did not exist at that revision "
            f"(no {prefix}{CONFIG_NAME} in commit {commit[:7]}); compare from a "
            "revision that has it"
        )
    return _with_project_at(repo, rev, commit, rel, lambda state: tuple(state.documents))


def worktree_side(project_root: Path) -> Side:
    """Every document of the project as it is on disk now."""
    state = _state(project_root)
    return Side("working tree", tuple(state.documents), assets=state.project.assets)


def external_side(project_root: Path, role_path: str, file: str, label: str) -> Side:
    """For ``git diff``'s external-diff call: the project on disk with ``role_path``
    replaced by ``file`` (git's temporary copy of one version; ``/dev/null`` if absent)."""
    _check_role_path(role_path)
    with tempfile.TemporaryDirectory(prefix="jdgen-diff-") as tmp:
        root = Path(tmp)
        for part in PROJECT_PARTS:
            source = project_root / part
            if source.is_dir():
                shutil.copytree(source, root / part)
            elif source.is_file():
                shutil.copyfile(source, root / part)
        target = root / ROLES / PurePosixPath(role_path).name
        target.unlink(missing_ok=True)
        if file != NULL_FILE:
            shutil.copyfile(file, target)
        state = _state(root, f"{label}:")
        role_id = target.stem
        return Side(
            label,
            documents_of_role(state, role_id) if file != NULL_FILE else (),
            role_id=role_id,
            assets=ProjectAssets(project_root / TEMPLATES),
        )


def since_approval_sides(
    source: Project | ProjectConfig, current: Document
) -> tuple[Side, Side] | None:
    """The last approved content of ``current`` (from the ledger) and ``current`` itself, as
    the two sides of ``jdgen diff --since-approval``; None if it was never approved."""
    from jdgen.signoff.approved import approved_version

    project = as_project(source)
    version = approved_version(project.config, current.id)
    if version is None:
        return None
    old = Side(
        f"{current.id} approved revision {version.revision} ({version.date.isoformat()})",
        (version.document,),
        assets=project.assets,
    )
    return old, Side(f"{current.id} (current)", (current,), assets=project.assets)
