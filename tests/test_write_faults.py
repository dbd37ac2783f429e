"""Fault injection on every write path: the system refuses a write, a rename or an fsync.

Each case makes one file's opening for writing (``os.open``, which ``mkstemp`` and the
locks use), its ``os.fsync`` or its ``os.replace`` fail with ENOSPC, EACCES or EROFS,
and asserts what a person sees: a clear message (never an internal error), a non-zero exit,
and the previous good files (outputs, manifest, report, redline, ledger) as they were.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from signoff_helpers import sign_args

OPS = ("create", "fsync", "rename")
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT
ERRNOS = (errno.ENOSPC, errno.EACCES, errno.EROFS)


def inject(monkeypatch: pytest.MonkeyPatch, op: str, where: str, code: int) -> list[str]:
    """Make ``op`` fail with ``code`` for every path ``where`` (a regex) finds; the paths hit."""
    hit: list[str] = []

    def refuse(path: str) -> None:
        hit.append(path)
        raise OSError(code, os.strerror(code), path)

    if op == "create":
        real_open = os.open

        def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & WRITING and re.search(where, os.fsdecode(path)):
                refuse(os.fsdecode(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", fake_open)
    elif op == "fsync":
        real_fsync = os.fsync

        def fake_fsync(fd: Any) -> None:
            number = fd if isinstance(fd, int) else fd.fileno()
            path = os.readlink(f"/proc/self/fd/{number}")
            if re.search(where, path):
                refuse(path)
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fake_fsync)
    else:
        real_replace = os.replace

        def fake_replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
            if re.search(where, os.fsdecode(dst)):
                refuse(os.fsdecode(dst))
            real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", fake_replace)
    return hit


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every non-hidden file under ``folder`` (relative name -> bytes)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@dataclass
class Case:
    """One write path: how to prepare a good state, the command, what to fail, what to keep."""

    name: str
    where: str  # a regex for the paths to fail (the file and its temp file)
    argv: Callable[[Path], list[str]]
    kept: Callable[[Path], Path]  # the folder whose files must be as they were
    prepare: Callable[[Any, Path], None] = lambda run, root: None


def _edit(root: Path) -> None:
    path = root / "roles" / "am.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Searching", "Finding"), encoding="utf-8"
    )


def _built(run: Any, root: Path) -> None:
    assert (
        run(
            "build", "-j1", "--report", str(root / "reports" / "report.json"), project=root
        ).exit_code
        == 0
    )
    _edit(root)  # the next build has work to do


def _redline(run: Any, root: Path) -> None:
    old = root / "old"  # the earlier version, as a project of its own
    (old / "roles").mkdir(parents=True)
    (old / "jdgen.toml").write_bytes((root / "jdgen.toml").read_bytes())
    (old / "roles" / "am.yaml").write_bytes((root / "roles" / "am.yaml").read_bytes())
    _edit(root)
    (root / "redline").mkdir()
    result = run(*_diff_argv(root), project=root)
    assert result.exit_code == 1, result.stderr
    (root / "redline" / "am.md").write_text("previous redline\n", encoding="utf-8")


def _diff_argv(root: Path) -> list[str]:
    return [
        "diff",
        str(root / "old" / "roles" / "am.yaml"),
        str(root / "roles" / "am.yaml"),
        "--format",
        "md",
        "-o",
        str(root / "redline" / "am.md"),
    ]


def _merged(run: Any, root: Path) -> None:
    assert run("build", "-j1", project=root).exit_code == 0
    (root / "merged").mkdir()
    (root / "merged" / "manifest.json").write_text("{}\n", encoding="utf-8")


def _signed_once(run: Any, root: Path) -> None:
    assert run(*sign_args("am", "lawyer"), project=root).exit_code == 0
    _edit(root)  # a new digest: the next sign-off stores new content too


CASES = [
    Case(
        "output file", r"am\.en\.html", lambda r: ["build", "-j1"], lambda r: r / "output", _built
    ),
    Case(
        "manifest",
        r"output/\.?manifest\.json",
        lambda r: ["build", "-j1"],
        lambda r: r / "output",
        _built,
    ),
    Case(
        "resolved cache",
        r"\.jdgen-resolved",
        lambda r: ["build", "-j1"],
        lambda r: r / "output",
        _built,
    ),
    Case("journal", r"\.jdgen-journal", lambda r: ["build", "-j1"], lambda r: r / "output", _built),
    Case(
        "stat cache", r"\.jdgen-cache", lambda r: ["build", "-j1"], lambda r: r / "output", _built
    ),
    Case("build lock", r"\.jdgen-lock", lambda r: ["build", "-j1"], lambda r: r / "output", _built),
    Case(
        "build --report",
        r"reports/\.?report\.json",
        lambda r: ["build", "-j1", "--report", str(r / "reports" / "report.json")],
        lambda r: r / "reports",
        _built,
    ),
    Case(
        "diff -o", r"redline/\.?am\.md", lambda r: _diff_argv(r), lambda r: r / "redline", _redline
    ),
    Case(
        "manifest merge -o",
        r"merged/",
        lambda r: [
            "manifest",
            "merge",
            str(r / "output" / "manifest.json"),
            "-o",
            str(r / "merged" / "manifest.json"),
            "--no-verify",
        ],
        lambda r: r / "merged",
        _merged,
    ),
    Case(
        "sign-off ledger",
        r"signoffs/\.?am\.yaml",
        lambda r: sign_args("am", "hr"),
        lambda r: r / "signoffs",
        _signed_once,
    ),
    Case(
        "content store",
        r"signoffs/content/",
        lambda r: sign_args("am", "hr"),
        lambda r: r / "signoffs",
        _signed_once,
    ),
    Case(
        "sign-off lock",
        r"signoffs/\.lock",
        lambda r: sign_args("am", "hr"),
        lambda r: r / "signoffs",
        _signed_once,
    ),
]
CODES = itertools.cycle(ERRNOS)
PARAMS = [
    pytest.param(case, op, next(CODES), id=f"{case.name}-{op}") for case in CASES for op in OPS
]


@pytest.mark.parametrize(("case", "op", "code"), PARAMS)
def test_a_refused_write_is_reported_and_keeps_the_previous_files(
    make_project, run, monkeypatch, case, op, code
):
    root = make_project()
    case.prepare(run, root)
    kept = case.kept(root)
    before = snapshot(kept) if kept.exists() else {}
    hit = inject(monkeypatch, op, case.where, code)
    result = run(*case.argv(root), project=root)
    monkeypatch.undo()
    if not hit:
        pytest.skip(f"{case.name}: this command does not {op} that file")
    assert result.exit_code not in (0, 70), (result.exit_code, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert os.strerror(code) in result.stderr or "cannot" in result.stderr, result.stderr
    after = snapshot(kept) if kept.exists() else {}
    if case.name == "output file":  # the other files of the build may be new; this one not
        assert after.get("am.en.html") == before.get("am.en.html")
    elif case.name in ("manifest", "stat cache"):
        pass  # refused after some files were published: the manifest is checked below
    elif kept.name == "signoffs":  # ledgers as they were; stored content may be added
        assert {n: after.get(n) for n in before} == before
        assert all(n.startswith("content/") for n in after.keys() - before.keys())
    else:
        assert after == before
    if kept.name == "output":  # the manifest still tells the truth about the folder
        check = run("build", "--check", project=root)
        assert "mismatch" not in check.stderr, check.stderr


@pytest.mark.parametrize(
    ("folder", "argv"),
    [
        ("output/.jdgen-lock", ["build", "-j1"]),
        ("signoffs/.lock", sign_args("am", "lawyer")),
    ],
)
def test_a_folder_where_a_lock_file_goes_is_named(make_project, run, folder, argv):
    root = make_project()
    (root / folder).mkdir(parents=True)
    result = run(*argv, project=root)
    expected = (
        f"jdgen: cannot write {root / folder}: it is a folder where jdgen keeps a "
        "lock file; remove the folder"
    )
    if folder.startswith("signoffs"):
        expected += "; nothing was recorded, the ledger is as it was"
    assert (result.exit_code, result.stderr) == (1, expected + "\n")
