"""Running git: one runner for every reader of git history (``diff``, ``verify --since``).

Only read-only plumbing is run, with ``git -C <root>``; output is returned as bytes. Callers
translate :class:`GitMissing` and :class:`GitFailed` into their own errors and messages.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from jdgen.errors import JdgenError


class GitMissing(JdgenError):
    """git is not installed (not found on the PATH)."""


class GitFailed(JdgenError):
    """A git command failed; the message is the last line git wrote to stderr."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


class BadRevision(GitFailed):
    """A revision refused before git sees it: empty, or starting with ``-`` (an option)."""


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run ``git -C root args``; its stdout, or :class:`GitMissing` / :class:`GitFailed`."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitMissing("git is not installed") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(lines[-1] if lines else "")
    return done.stdout


def resolve_commit(root: Path, rev: str) -> str:
    """The full id of the commit ``rev`` names; :class:`GitFailed` if it names none.

    A revision that is empty or starts with ``-`` is refused (:class:`BadRevision`) before
    git sees it: git would take it for an option.
    """
    if not rev or rev.startswith("-"):
        raise BadRevision(f"'{rev}' is not a git revision")
    out = run_git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    return out.decode("ascii").strip()
