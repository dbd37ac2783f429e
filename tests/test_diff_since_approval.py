"""``jdgen diff --since-approval ID``: the ledger's approved text against the current text."""

from __future__ import annotations

import json

from helpers.template_sets import count_template_sets
from signoff_helpers import edit_role, sign_all


def test_no_change_since_approval_exits_0(make_project, run):
    root = make_project()
    sign_all(run, root)
    result = run("diff", "--since-approval", "am", "--format", "json", project=root)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["documents"] == []


def test_edit_after_approval_is_shown_word_by_word(make_project, run):
    root = make_project()
    sign_all(run, root)
    edit_role(root, "สรรหาลูกค้า", "สรรหาลูกค้าองค์กร")
    result = run("diff", "--since-approval", "am", "--format", "json", project=root)
    assert result.exit_code == 1, result.stderr
    [document] = json.loads(result.stdout)["documents"]
    assert document["id"] == "am"
    [change] = document["changes"]
    assert (change["section"], change["clause"], change["change"]) == (
        "functions",
        "search",
        "modified",
    )
    assert change["languages"]["th"] == [["equal", "สรรหาลูกค้า"], ["insert", "องค์กร"]]
    assert change["languages"]["en"] == [["equal", "Searching for clients."]]


def test_md_names_the_approved_revision(make_project, run):
    root = make_project()
    sign_all(run, root)
    edit_role(root, "Searching for clients.", "Searching for new clients.")
    result = run("diff", "--since-approval", "am", "--format", "md", project=root)
    assert result.exit_code == 1
    assert "am approved revision 1 (2024-05-03)" in result.stdout
    assert "am (current)" in result.stdout


def test_never_approved_document_is_trouble(make_project, run):
    root = make_project()
    result = run("diff", "--since-approval", "am", project=root)
    assert result.exit_code == 2
    assert result.stderr == (
        "jdgen: am has never been approved; there is no approved text to compare with "
        "(`jdgen status` shows who has signed)\n"
    )


def test_unknown_document_is_trouble(make_project, run):
    root = make_project()
    result = run("diff", "--since-approval", "nope", project=root)
    assert result.exit_code == 2
    assert result.stderr == "jdgen: unknown document 'nope'; `jdgen list` shows the ids\n"


def test_since_approval_takes_no_other_versions(make_project, run):
    root = make_project()
    result = run("diff", "--since-approval", "am", "--from", "HEAD", project=root)
    assert result.exit_code == 2
    assert "compares one document" in result.stderr


def test_the_redline_reuses_the_project_templates(make_project, run, monkeypatch):
    root = make_project()
    sign_all(run, root)
    edit_role(root, "สรรหาลูกค้า", "สรรหาลูกค้าองค์กร")
    made = count_template_sets(monkeypatch)
    out = root.parent / "since.docx"
    result = run("diff", "--since-approval", "am", "--format", "docx", "-o", str(out), project=root)
    assert result.exit_code == 1, result.stderr
    assert out.stat().st_size > 0 and made == [root / "templates"]
