"""git and pre-commit around a project made by ``jdgen init``: the diff driver and hooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pre_commit.clientlib import load_config, load_manifest

from conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
NAMES = ("--organisation-th", "บริษัท ทดลอง จำกัด", "--organisation-en", "Trial Co., Ltd.")


def git(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture
def project(run, tmp_path, monkeypatch):
    """A project made by jdgen init, committed to a fresh git repository; a ``jdgen`` on
    PATH that runs this worktree's code."""
    folder = tmp_path / "hr"
    assert run("init", str(folder), *NAMES).exit_code == 0
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "jdgen"
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m jdgen "$@"\n')
    shim.chmod(0o755)
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "GIT_AUTHOR_NAME": "HR",
        "GIT_AUTHOR_EMAIL": "hr@example.com",
        "GIT_COMMITTER_NAME": "HR",
        "GIT_COMMITTER_EMAIL": "hr@example.com",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
        "PRE_COMMIT_HOME": str(tmp_path / "pc"),
        "HOME": str(tmp_path),
    }
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "init")):
        assert git(folder, *args, env=env).returncode == 0
    return folder, env


def test_git_diff_shows_the_clause_redline_with_the_driver_init_set_up(project):
    folder, env = project
    assert "roles/*.yaml diff=jdgen" in (folder / ".gitattributes").read_text()
    assert (
        git(folder, "config", "diff.jdgen.command", "jdgen diff --git-external", env=env).returncode
        == 0
    )
    role = folder / "roles" / "sales-manager.yaml"
    role.write_text(role.read_text().replace("Finding new clients", "Finding new key clients"))
    done = git(folder, "diff", env=env)
    assert done.returncode == 0, done.stderr
    assert "jdgen diff a/roles/sales-manager.yaml -> b/roles/sales-manager.yaml" in done.stdout
    assert "{+key +}" in done.stdout


def test_the_projects_pre_commit_hooks_run_and_stop_a_placeholder(project, run):
    folder, env = project
    config = load_config(str(folder / ".pre-commit-config.yaml"))
    assert [h["id"] for h in config["repos"][0]["hooks"]] == [
        "jdgen-validate",
        "jdgen-verify",
        "jdgen-ids",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert run("new", "draft", project=folder).exit_code == 0
    git(folder, "add", "-A", env=env)
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert "warning[placeholder-text]" in done.stdout


def test_this_repository_offers_the_hooks_to_projects():
    hooks = {h["id"]: h for h in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert sorted(hooks) == ["jdgen-ids", "jdgen-validate", "jdgen-verify"]
    assert hooks["jdgen-validate"]["entry"] == "jdgen validate --strict"
    assert hooks["jdgen-verify"]["entry"] == "jdgen verify"
    assert all(not h["pass_filenames"] for h in hooks.values())
