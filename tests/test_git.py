"""jdgen.git: the one git runner of diff and verify --since."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpers.git_repo import git
from jdgen.errors import JdgenError
from jdgen.git import BadRevision, GitFailed, GitMissing, resolve_commit, run_git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "first")
    return tmp_path


def test_resolve_commit_gives_the_full_id(repo):
    head = run_git(repo, "rev-parse", "HEAD").decode().strip()
    assert resolve_commit(repo, "HEAD") == head and len(head) == 40


@pytest.mark.parametrize("rev", ["", "-all", "--output=/tmp/x"])
def test_option_like_revisions_are_refused_before_git_runs(repo, rev, monkeypatch):
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("git was run"))
    with pytest.raises(BadRevision, match="is not a git revision"):
        resolve_commit(repo, rev)


def test_failure_carries_git_s_last_stderr_line(repo):
    with pytest.raises(GitFailed) as caught:
        run_git(repo, "cat-file", "-t", "no-such-object")
    assert caught.value.line and "\n" not in caught.value.line
    assert str(caught.value) == caught.value.line
    with pytest.raises(GitFailed):
        resolve_commit(repo, "no-such-branch")


def test_git_missing(repo, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    with pytest.raises(GitMissing):
        run_git(repo, "status")
    assert issubclass(GitMissing, JdgenError) and issubclass(GitFailed, JdgenError)
