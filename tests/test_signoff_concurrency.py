"""Nothing lost: parallel ``jdgen sign`` processes each get their entry; crashes leave a valid
ledger. These tests start real processes (PYTHONPATH points at this worktree's src)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import BASE_ROLE, CONFIG
from jdgen.project import load_config
from jdgen.signoff.store import read_ledger
from signoff_helpers import sign_all, sign_args

SRC = Path(__file__).resolve().parent.parent / "src"


def jdgen(root: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``python -m jdgen --project root ARGS`` as its own process."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-m", "jdgen", "--project", str(root), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(procs: list[subprocess.Popen[str]]) -> list[tuple[int, str]]:
    out = []
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        out.append((proc.returncode, err))
    return out


def test_20_parallel_signers_on_different_documents(make_project, run):
    names = [f"d{i:02d}" for i in range(20)]
    root = make_project(dict.fromkeys(names, BASE_ROLE))
    results = finish([jdgen(root, *sign_args(name, "lawyer")) for name in names])
    assert [code for code, _ in results] == [0] * 20, results
    config = load_config(root)
    for name in names:
        entries = read_ledger(config, name).entries
        assert [(e.seq, e.document, e.role) for e in entries] == [(1, name, "lawyer")]
    result = run("verify", project=root)
    assert result.exit_code == 0, result.stdout
    *heads, last = result.stderr.splitlines()
    assert [h.split(":")[0] for h in heads] == [f"head {name}" for name in names]
    assert last.startswith("ok: 20 ledger file(s), 20 entries checked;")


def test_parallel_signers_on_the_same_document(make_project, run):
    reviewers = [f"r{i:02d}" for i in range(12)]
    listed = ", ".join(f'"{r}"' for r in reviewers)
    root = make_project(
        config=CONFIG.replace("[approval]\n", f"[approval]\nreviewers = [{listed}]\n")
    )
    # every reviewer signs at once; r00 tries twice: exactly one of the two gets in
    argv = [
        [
            "sign",
            "am",
            "--as",
            r,
            "--name",
            f"Signer {r}",
            "--post",
            "Reviewer",
            "--date",
            "2024-05-01",
        ]
        for r in [*reviewers, "r00"]
    ]
    results = finish([jdgen(root, *args) for args in argv])
    codes = [code for code, _ in results]
    assert codes.count(0) == 12 and codes.count(1) == 1, results
    (refusal,) = [err for code, err in results if code == 1]
    assert refusal.startswith(
        "jdgen: cannot sign am as r00: r00 already signed this content (entry "
    )
    entries = read_ledger(load_config(root), "am").entries
    assert [e.seq for e in entries] == list(range(1, 13))
    assert sorted(e.role for e in entries) == reviewers
    assert run("verify", project=root).exit_code == 0
    sign_all(run, root, roles=("approver",))
    assert run("verify", "--require-approved", project=root).exit_code == 0


def test_a_failed_write_leaves_the_ledger_as_it_was(make_project, run, monkeypatch):
    root = make_project()
    sign_all(run, root, roles=("lawyer",))
    path = root / "signoffs" / "am.yaml"
    before = path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("jdgen.signoff.store.os.replace", crash)
    result = run(*sign_args("am", "hr"), project=root)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == (
        f"jdgen: cannot write {path}: No space left on device; check "
        "that the folder exists, that you may write to it, and that the "
        "disk has room; nothing was recorded, the ledger is as it was\n"
    )
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert run("verify", project=root).exit_code == 0
    sign_all(run, root, roles=("hr",))
    assert len(read_ledger(load_config(root), "am").entries) == 2


def test_a_folder_that_cannot_be_synced_is_not_called_unrecorded(make_project, run, monkeypatch):
    root = make_project()
    sign_all(run, root, roles=("lawyer",))
    path = root / "signoffs" / "am.yaml"

    def refuse(folder: Path) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("jdgen.signoff.store._sync_folder", refuse)
    result = run(*sign_args("am", "hr"), project=root)
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr == (
        f"jdgen: {path} was written, but its folder could not be synced "
        "to disk (Input/output error); check the disk, then run jdgen "
        "verify\n"
    )
    assert run("verify", project=root).exit_code == 0  # the entry went in whole
    assert len(read_ledger(load_config(root), "am").entries) == 2


HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_a_signer_killed_while_holding_the_lock_blocks_no_one(make_project, run):
    root = make_project()
    (root / "signoffs").mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(root / "signoffs" / ".lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    waiting = jdgen(root, *sign_args("am", "lawyer"))
    time.sleep(0.5)
    assert waiting.poll() is None, "the signer waits for the lock"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    ((code, err),) = finish([waiting])
    assert code == 0, err
    assert len(read_ledger(load_config(root), "am").entries) == 1
