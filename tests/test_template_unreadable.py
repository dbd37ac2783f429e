"""A template file jdgen cannot read is named, with exit 1 and nothing written (issue 19).

Root reads files whatever their mode, so the permission case is also simulated by making
the read itself fail with EACCES; the chmod variant runs only for other users.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

NAMES = ["html/document.html.j2", "html/style.css", "labels/en.toml"]


def message(name: str, why: str) -> str:
    return (
        f"templates/{name}: cannot read this template file: {why}; fix it (or its "
        "permissions), or remove it to use jdgen's\n"
    )


def place(project: Path, name: str, data: bytes) -> Path:
    path = project / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def published(project: Path) -> list[str]:
    out = project / "output"
    return (
        sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []
    )


@pytest.mark.parametrize("name", NAMES)
def test_a_template_that_is_not_utf8_is_named(make_project, run, name):
    project = make_project()
    place(project, name, b"\xff\xfe not text")
    for args in (["build"], ["build", "--check"]):
        result = run(*args, project=project)
        assert (result.exit_code, result.stderr) == (
            1,
            message(name, "it is not UTF-8 text (byte 0)"),
        ), args
    assert published(project) == []


@pytest.mark.parametrize("name", NAMES)
def test_a_template_the_system_refuses_to_read_is_named(make_project, run, monkeypatch, name):
    project = make_project()
    refused = place(project, name, b"[x]\n").resolve()
    real_read = Path.read_text

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        if self.resolve() == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_read(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", read_text)
    result = run("build", project=project)
    assert (result.exit_code, result.stderr) == (1, message(name, "Permission denied"))
    assert published(project) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_template_without_read_permission_is_named(make_project, run):
    project = make_project()
    path = place(project, "html/style.css", b"body {}\n")
    path.chmod(0)
    try:
        result = run("build", project=project)
    finally:
        path.chmod(0o644)
    assert (result.exit_code, result.stderr) == (1, message("html/style.css", "Permission denied"))
