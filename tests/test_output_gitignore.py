"""The output folder's ``.gitignore``: ``git add -A`` commits no cache, lock or journal."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.build_project import ALL_FILES, ROLES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


def test_git_add_all_after_a_build_commits_no_bookkeeping(make_project, run):
    root = make_project(ROLES)
    git(root, "init", "-q")
    assert run("build", "-j1", project=root).exit_code == 0
    assert run("build", "-j1", "--shard", "1/2", project=root).exit_code == 0
    out = root / "output"
    assert {p.name for p in out.glob(".jdgen-*")} >= {
        ".jdgen-lock",
        ".jdgen-cache.json",
        ".jdgen-resolved",
    }
    git(root, "add", "-A")
    staged = git(root, "diff", "--cached", "--name-only").split()
    assert sorted(n for n in staged if n.startswith("output/")) == sorted(
        ["output/.gitignore", "output/manifest.json", "output/manifest.shard-1-of-2.json"]
        + [f"output/{name}" for name in ALL_FILES]
    )


def test_a_gitignore_of_the_project_is_never_replaced(make_project, run):
    root = make_project(ROLES)
    (root / "output").mkdir()
    (root / "output" / ".gitignore").write_text("*\n", encoding="utf-8")
    assert run("build", "-j1", project=root).exit_code == 0
    assert (root / "output" / ".gitignore").read_text(encoding="utf-8") == "*\n"
