"""The one git adapter: every reader of git history (``diff``, ``verify --since``, the
signing key of ``sign``) runs git through here and meets one error family, :class:`GitError`.

Only read-only commands are run, with ``git -C <root>``; output is returned as bytes. A
caller may say a failure in its own words, but always with a class of this family.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from jdgen.errors import JdgenError


class GitError(JdgenError):
    """git could not answer: it is missing, there is no repository, or a command failed."""


class GitMissing(GitError):
    """git is not installed (not found on the PATH)."""


class NotARepository(GitError):
    """The folder is not inside a git work tree, so it has no revisions."""


class UnknownPath(GitError):
    """A file or project folder does not exist at the revision asked for."""


class GitFailed(GitError):
    """A git command failed; the message is the last line git wrote to stderr."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


class UnknownRevision(GitFailed):
    """A revision names no commit of the repository."""


class BadRevision(UnknownRevision):
    """A revision refused before git sees it: empty, or starting with ``-`` (an option)."""


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run ``git -C root args``; its stdout, or :class:`GitMissing` / :class:`GitFailed`."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitMissing("git is not installed") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(lines[-1] if lines else "")
    return done.stdout


def resolve_commit(root: Path, rev: str) -> str:
    """The full id of the commit ``rev`` names; :class:`UnknownRevision` if it names none.

    A revision that is empty or starts with ``-`` is refused (:class:`BadRevision`) before
    git sees it: git would take it for an option.
    """
    if not rev or rev.startswith("-"):
        raise BadRevision(f"'{rev}' is not a git revision")
    try:
        out = run_git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except GitFailed as err:
        raise UnknownRevision(err.line) from None
    return out.decode("ascii").strip()


def config_value(root: Path, name: str) -> str | None:
    """git's setting ``name`` as seen from ``root``; None when unset or git is missing."""
    try:
        value = run_git(root, "config", "--get", name).decode("utf-8", "replace").strip()
    except GitError:
        return None
    return value or None
