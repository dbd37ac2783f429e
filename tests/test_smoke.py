"""The bundled project validates and builds; the minimal fixture project resolves."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO
from jdgen.pipeline import analyse
from jdgen.project import load_config


def test_bundled_library_validates_strictly(run):
    result = run("validate", "--strict", project=REPO)
    assert result.exit_code == 0, result.output + result.stderr
    assert result.stdout == ""


def test_minimal_project_builds_html(make_project, run):
    root = make_project()
    result = run("build", "--format", "html", project=root)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (root / "output").iterdir() if not p.name.startswith("."))
    assert names == ["am.en.html", "am.th.html", "manifest.json"]
    assert re.fullmatch(
        r"(\[[12]/2\] built am\.(th|en)\.html\n){2}"
        r"2 built, 0 unchanged, 0 removed, 0 failed in \d+\.\d\d s \(output/\)\n",
        result.stderr,
    ), result.stderr


def test_resolved_document_has_numbered_text(make_project):
    state = analyse(load_config(make_project()))
    assert [d.id for d in state.documents] == ["am"]
    doc = state.documents[0]
    assert [s.key for s in doc.sections] == [
        "general_provisions",
        "functions",
        "rights",
        "responsibility",
    ]
    assert doc.title == {"th": "ผู้จัดการบัญชีลูกค้า", "en": "Account Manager"}
    assert len(doc.digest) == 64
    assert isinstance(doc.source.path, str) and Path(doc.source.path).name == "am.yaml"


def test_written_files_are_readable_like_any_new_file(tmp_path):
    import os
    import stat

    from jdgen.write import write_atomic

    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
