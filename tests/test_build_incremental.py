"""Incremental builds: exactly the files whose inputs changed are rendered again."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from helpers.build_project import (
    ALL_FILES,
    CLERK,
    ROLES,
    built,
    files_of,
    published,
    run_build,
)
from jdgen.approval import ApprovalState, Signature
from jdgen.assets.templates import PACKAGE_TEMPLATES


@pytest.fixture
def project(make_project) -> Path:
    root = make_project(ROLES)
    assert built(run_build(root)) == ALL_FILES
    return root


def edit(root: Path, role: str, old: str, new: str) -> None:
    path = root / "roles" / f"{role}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_noop_rebuild_renders_nothing_and_writes_nothing(project):
    out = project / "output"
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    result = run_build(project)
    assert built(result) == []
    assert result.count("unchanged") == len(ALL_FILES)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_edit_leaf_rebuilds_only_its_files(project):
    edit(project, "clerk", "Filing documents.", "Filing and archiving documents.")
    assert built(run_build(project)) == files_of("clerk")


def test_edit_base_rebuilds_exactly_its_descendants(project):
    edit(project, "base", "Searching for clients.", "Searching for new clients.")
    assert built(run_build(project)) == files_of("am", "kam--north", "kam--south")


def test_edit_middle_role_rebuilds_it_and_its_variants(project):
    edit(project, "am", "Managing client accounts.", "Managing key client accounts.")
    assert built(run_build(project)) == files_of("am", "kam--north", "kam--south")


def test_yaml_formatting_change_rebuilds_nothing(project):
    path = project / "roles" / "clerk.yaml"
    path.write_text("# a comment changes the file, not the document\n" + CLERK, encoding="utf-8")
    assert built(run_build(project)) == []


def test_deleted_role_files_are_removed_and_unlisted(project):
    (project / "roles" / "kam.yaml").unlink()
    result = run_build(project)
    assert result.removed == files_of("kam--north", "kam--south")
    assert built(result) == []
    out = project / "output"
    assert published(out) == files_of("am", "clerk")
    listed = [f["path"] for f in json.loads((out / "manifest.json").read_text())["files"]]
    assert listed == files_of("am", "clerk")


def test_partial_build_keeps_other_files(project):
    edit(project, "clerk", "Filing documents.", "Filing all documents.")
    result = run_build(project, ids=("am",), complete=False)
    assert built(result) == []  # am is unchanged; clerk is not selected
    assert result.removed == []
    assert published(project / "output") == ALL_FILES


def test_project_template_change_rebuilds_everything(project):
    css = project / "templates" / "html" / "style.css"
    css.parent.mkdir(parents=True)
    css.write_text((PACKAGE_TEMPLATES / "html" / "style.css").read_text() + "\n/* house */\n")
    assert built(run_build(project)) == ALL_FILES
    assert "/* house */" in (project / "output" / "am.en.html").read_text(encoding="utf-8")


def test_approval_change_rebuilds_that_document(project):
    signed = ApprovalState(
        "approved",
        1,
        dt.date(2024, 5, 1),
        (Signature("approver", "Somchai Jaidee", "Managing Director", dt.date(2024, 5, 1)),),
    )
    result = run_build(project, approvals={"clerk": signed})
    assert built(result) == files_of("clerk")
    entries = json.loads((project / "output" / "manifest.json").read_text())["files"]
    assert {e["path"]: e["status"] for e in entries}["clerk.en.html"] == "approved"
    # a new signature on the same status is a different state too
    resigned = ApprovalState("approved", 2, dt.date(2024, 6, 1), signed.signatures)
    assert built(
        run_build(project, approvals=lambda d: resigned if d.id == "clerk" else ApprovalState())
    ) == files_of("clerk")


def test_source_date_epoch_is_part_of_the_key(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert built(run_build(project)) == ALL_FILES


def test_version_change_rebuilds_everything(project, monkeypatch):
    monkeypatch.setattr("jdgen.publish.plan.__version__", "99.0")
    assert built(run_build(project)) == ALL_FILES


def test_font_change_rebuilds_everything(project, monkeypatch):
    monkeypatch.setattr("jdgen.assets.fonts.fingerprint", lambda templates=None: "new fonts")
    assert built(run_build(project)) == ALL_FILES


def test_file_changed_or_deleted_on_disk_is_rebuilt(project):
    out = project / "output"
    (out / "am.th.html").write_text("tampered", encoding="utf-8")
    (out / "clerk.en.html").unlink()
    same_size = out / "kam--north.en.html"
    data = bytearray(same_size.read_bytes())
    data[-2] ^= 1
    same_size.write_bytes(bytes(data))
    os.utime(same_size, ns=(1, 1))
    assert built(run_build(project)) == ["am.th.html", "clerk.en.html", "kam--north.en.html"]


def test_force_rebuilds_everything(project):
    assert built(run_build(project, force=True)) == ALL_FILES


def test_other_language_set_and_format_are_separate_files(project):
    result = run_build(project, langs=(("th", "en"),), ids=("clerk",), complete=False)
    assert built(result) == ["clerk.th+en.html"]
    entries = json.loads((project / "output" / "manifest.json").read_text())["files"]
    assert {e["path"]: e["lang"] for e in entries}["clerk.th+en.html"] == "th+en"
    assert published(project / "output") == sorted([*ALL_FILES, "clerk.th+en.html"])
    # the full default build later drops the bilingual file it no longer plans
    assert run_build(project).removed == ["clerk.th+en.html"]


@pytest.mark.parametrize("cache", ["{}", '{"stat":{"am.th.html":[1]}}'])
def test_damaged_stat_cache_is_ignored(project, cache):
    (project / "output" / ".jdgen-cache.json").write_text(cache, encoding="utf-8")
    result = run_build(project)
    assert built(result) == [] and not result.failed
    assert result.count("unchanged") == len(ALL_FILES)


def test_ledger_head_is_part_of_the_key(project):
    signed = ApprovalState(
        "approved",
        1,
        dt.date(2024, 5, 1),
        (Signature("approver", "Somchai Jaidee", "Managing Director", dt.date(2024, 5, 1)),),
        ledger_head="a" * 64,
    )
    assert built(run_build(project, approvals={"clerk": signed})) == files_of("clerk")
    rewritten = ApprovalState(
        signed.status, signed.revision, signed.approved_on, signed.signatures, ledger_head="b" * 64
    )
    assert built(run_build(project, approvals={"clerk": rewritten})) == files_of("clerk")


def test_commits_are_paced_by_the_cost_of_the_last_rewrite():
    from jdgen.publish.run import COMMIT_EVERY, COMMIT_SECONDS, COMMIT_SHARE, CommitPacer

    pacer = CommitPacer(last=100.0)
    assert not pacer.due(COMMIT_EVERY - 1, 100.0 + COMMIT_SECONDS / 2)
    assert pacer.due(COMMIT_EVERY, 100.01)  # enough files
    assert pacer.due(1, 100.0 + COMMIT_SECONDS)  # or long enough
    pacer.committed(started=100.5, ended=101.0)  # a rewrite of a large manifest: 0.5 s
    assert (pacer.last, pacer.cost) == (101.0, 0.5)
    assert not pacer.due(10 * COMMIT_EVERY, 101.0 + COMMIT_SHARE * 0.5 - 0.01)
    assert pacer.due(COMMIT_EVERY, 101.0 + COMMIT_SHARE * 0.5)
    assert not pacer.due(0, 101.0 + COMMIT_SHARE * 0.5 - 0.01)
