"""``jdgen diff`` on the command line: files, git revisions, formats, exit codes, git diff."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from helpers.template_sets import count_template_sets
from jdgen.cli import main

FIXTURES = REPO / "tests" / "fixtures" / "diff"
GOLDEN = REPO / "tests" / "golden" / "diff"
OLD = "tests/fixtures/diff/old/roles/clerk.yaml"
NEW = "tests/fixtures/diff/new/roles/clerk.yaml"


def jdgen(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("fmt", ["md", "json", "term"])
@pytest.mark.parametrize("role", ["clerk", "office-base"])
def test_golden_output_of_the_fixture_pair(in_repo, fmt, role):
    """clerk: one document; office-base: an abstract base whose changes repeat in three
    documents (two variants and a child that numbers them differently)."""
    result = jdgen("diff", OLD.replace("clerk", role), NEW.replace("clerk", role), "--format", fmt)
    assert result.exit_code == 1, result.stderr
    golden = GOLDEN / f"{role}.{fmt}"
    if os.environ.get("JDGEN_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_json_contract(in_repo):
    data = json.loads(jdgen("diff", OLD, NEW, "--format", "json").stdout)
    (doc,) = data["documents"]
    assert doc["id"] == "clerk"
    changes = {c["clause"]: c for c in doc["changes"]}
    assert changes["reporting"]["change"] == "modified"
    assert changes["reporting"]["languages"]["th"] == [
        ["equal", "เจ้าหน้าที่ธุรการขึ้นตรงต่อ"],
        ["delete", "หัวหน้า"],
        ["insert", "ผู้อำนวยการ"],
        ["equal", "ฝ่ายบริหาร"],
    ]
    assert changes["supplies"]["change"] == "moved"
    assert changes["records.archive"]["change"] == "moved"
    assert changes["mail"]["change"] == "removed"
    assert changes["visitors"]["change"] == "added"
    assert data["summary"]["changes"] == {"added": 1, "removed": 1, "modified": 3, "moved": 2}


def test_lang_filter_and_html_escapes_role_text(in_repo):
    result = jdgen("diff", OLD, NEW, "--format", "html", "--lang", "en")
    assert result.exit_code == 1
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "Receiving visitors &amp; &lt;guests&gt;." in page
    assert "<guests>" not in page
    assert "ผู้อำนวยการ" not in page and "<ins>director</ins>" in page


def test_colour_only_when_asked(in_repo):
    plain = jdgen("diff", OLD, NEW).stdout
    assert "\x1b[" not in plain and "[-head-]{+director+}" in plain
    assert "\x1b[32mdirector" in jdgen("diff", OLD, NEW, "--color", "always").stdout


def test_exit_codes(in_repo, tmp_path):
    assert jdgen("diff", OLD, OLD).exit_code == 0
    assert jdgen("diff", OLD, NEW).exit_code == 1
    missing = jdgen("diff", OLD, "roles/nope.yaml")
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    assert jdgen("diff", OLD).exit_code == 2
    assert jdgen("diff", OLD, NEW, "--format", "docx").exit_code == 2
    assert jdgen("diff", OLD, NEW, "--lang", "fr").exit_code == 2
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURES / "new", broken)
    (broken / "roles" / "clerk.yaml").write_text("title: {th: x}\nfunctions: 3\n")
    result = jdgen("diff", OLD, str(broken / "roles" / "clerk.yaml"))
    assert result.exit_code == 2
    assert "roles/clerk.yaml:" in result.stderr


def test_docx_written_atomically_with_given_author(in_repo, tmp_path):
    out = tmp_path / "r.docx"
    result = jdgen(
        "diff",
        OLD,
        NEW,
        "--format",
        "docx",
        "-o",
        str(out),
        "--author",
        "A",
        "--date",
        "2024-05-01",
    )
    assert result.exit_code == 1 and result.stdout == ""
    again = tmp_path / "s.docx"
    jdgen(
        "diff",
        OLD,
        NEW,
        "--format",
        "docx",
        "-o",
        str(again),
        "--author",
        "A",
        "--date",
        "2024-05-01",
    )
    assert out.read_bytes() == again.read_bytes()


def test_an_output_that_cannot_be_written_is_trouble_not_a_crash(in_repo, tmp_path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    result = jdgen("diff", OLD, NEW, "--format", "md", "-o", str(in_the_way / "r.md"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"jdgen: cannot write {in_the_way}/r.md: {in_the_way} is a file, not a folder\n",
    )


# --- git -------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Khun Somchai",
        "GIT_AUTHOR_EMAIL": "s@example.com",
        "GIT_COMMITTER_NAME": "Khun Somchai",
        "GIT_COMMITTER_EMAIL": "s@example.com",
        "GIT_AUTHOR_DATE": "2024-05-01T10:00:00+07:00",
        "GIT_COMMITTER_DATE": "2024-05-01T10:00:00+07:00",
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


CHILD = """\
extends: clerk
number: JD-002
title: {th: เจ้าหน้าที่ธุรการสาขา, en: Branch Clerk}
"""


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repo: commit 1 = old fixture (+ a child role), commit 2 = new fixture + a role."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "old", root)
    (root / "roles" / "branch-clerk.yaml").write_text(CHILD, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "old")
    shutil.copyfile(FIXTURES / "new" / "roles" / "clerk.yaml", root / "roles" / "clerk.yaml")
    (root / "roles" / "typist.yaml").write_text(
        (FIXTURES / "new" / "roles" / "clerk.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "new")
    monkeypatch.chdir(root)
    return root


def test_rev_path_sides(repo):
    result = jdgen("diff", "HEAD~1:roles/clerk.yaml", "HEAD:roles/clerk.yaml", "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["old"] == "HEAD~1:roles/clerk.yaml"
    assert [d["id"] for d in data["documents"]] == ["clerk"]
    assert jdgen("diff", "HEAD:roles/clerk.yaml", "roles/clerk.yaml").exit_code == 0
    assert jdgen("diff", "HEAD~1:./roles/clerk.yaml", "roles/clerk.yaml").exit_code == 1


def test_from_rev_lists_children_and_added_documents(repo):
    result = jdgen("diff", "--from", "HEAD~1", "--format", "json")
    assert result.exit_code == 1, result.stderr
    docs = {d["id"]: d for d in json.loads(result.stdout)["documents"]}
    assert set(docs) == {"branch-clerk", "clerk", "typist"}
    assert docs["typist"]["status"] == "added"
    assert docs["branch-clerk"]["status"] == "modified"
    assert docs["branch-clerk"]["hints"][0]["kind"] == "inherited"
    assert jdgen("diff", "--from", "HEAD", "--to", "HEAD").exit_code == 0
    assert jdgen("diff", "--from", "HEAD~1", "--to", "HEAD").exit_code == 1


def test_docx_revision_author_and_date_come_from_the_new_commit(repo, tmp_path):
    out = tmp_path / "r.docx"
    result = jdgen(
        "diff",
        "HEAD~1:roles/clerk.yaml",
        "HEAD:roles/clerk.yaml",
        "--format",
        "docx",
        "-o",
        str(out),
    )
    assert result.exit_code == 1
    import zipfile

    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert 'w:author="Khun Somchai"' in xml and 'w:date="2024-05-01T03:00:00Z"' in xml


def test_git_trouble_exits_2(repo):
    bad_rev = jdgen("diff", "nosuchrev:roles/clerk.yaml", "roles/clerk.yaml")
    assert bad_rev.exit_code == 2 and "not a commit" in bad_rev.stderr
    missing = jdgen("diff", "HEAD~1:roles/typist.yaml", "roles/typist.yaml")
    assert missing.exit_code == 2 and "no such file at HEAD~1" in missing.stderr
    assert jdgen("diff", "--from", "nosuchrev").exit_code == 2


def test_revisions_outside_git_say_what_to_do(make_project, monkeypatch):
    root = make_project()
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))  # tmp may sit in a repo
    message = (
        f"jdgen: {root} is not in a git repository, so it has no revisions to "
        "compare; compare two files instead (jdgen diff OLD.yaml NEW.yaml), or commit "
        "the project to git first\n"
    )
    for args in (["--from", "HEAD~1"], ["HEAD~1:roles/am.yaml", "roles/am.yaml"]):
        result = jdgen("diff", *args)
        assert (result.exit_code, result.stderr) == (2, message), args


def test_real_git_diff_uses_jdgen_as_external_diff(repo):
    (repo / ".gitattributes").write_text("roles/*.yaml diff=jdgen\n", encoding="utf-8")
    command = f"{sys.executable} -m jdgen diff --git-external"
    git(repo, "config", "diff.jdgen.command", command)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        ["git", "diff", "HEAD~1", "HEAD", "--", "roles/clerk.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "jdgen diff a/roles/clerk.yaml -> b/roles/clerk.yaml" in done.stdout
    assert "[-หัวหน้า-]{+ผู้อำนวยการ+}" in done.stdout
    added = subprocess.run(
        ["git", "diff", "HEAD~1", "HEAD", "--", "roles/typist.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    assert "=== typist (added)" in added.stdout


def test_docs_describe_every_option():
    page = (REPO / "docs" / "diff.md").read_text(encoding="utf-8")
    help_text = jdgen("diff", "--help").stdout
    import re

    options = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}
    assert options and all(f"`{o}" in page or f"{o} " in page for o in options), options


@pytest.mark.parametrize("where", [".", "hr/jd"])
def test_from_a_revision_before_the_project_existed_is_trouble(tmp_path, monkeypatch, where):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README").write_text("before jdgen\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "before")
    project = root / where
    shutil.copytree(FIXTURES / "new", project, dirs_exist_ok=True)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "project")
    monkeypatch.chdir(project)
    commit = git(root, "rev-parse", "--short=7", "HEAD~1").strip()
    prefix = "" if where == "." else f"{where}/"
    message = (
        f"jdgen: HEAD~1: the project {prefix or './'} did not exist at that revision "
        f"(no {prefix}jdgen.toml in commit {commit}); compare from a revision that "
        "has it\n"
    )
    for args in (["--from", "HEAD~1"], ["--from", "HEAD", "--to", "HEAD~1"]):
        result = jdgen("diff", *args)
        assert (result.exit_code, result.stderr) == (2, message), args


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "HEAD~1"],
        ["--from", "HEAD~1", "--to", "HEAD"],
        ["HEAD~1:roles/clerk.yaml", "roles/clerk.yaml"],
    ],
)
def test_a_diff_loads_each_project_templates_once(repo, monkeypatch, args):
    made = count_template_sets(monkeypatch)
    result = jdgen("diff", *args, "--format", "docx", "-o", str(repo.parent / "r.docx"))
    assert result.exit_code == 1, result.stderr
    assert (repo.parent / "r.docx").stat().st_size > 0
    assert len(made) == len(set(made)), made  # no folder's templates loaded twice
    assert repo / "templates" in made  # the redline is dressed by the working tree's
