"""A build killed with SIGKILL at any moment leaves a true manifest; the next build recovers."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from helpers.build_project import BOOKKEEPING, ROLES, run_build

HELPERS = Path(__file__).resolve().parent / "helpers"

MORE_ROLES = {f"extra{n}": ROLES["clerk"].replace("Clerk", f"Clerk {n}") for n in range(8)}


def assert_consistent(out: Path) -> set[str]:
    """Every manifest entry matches its file; every visible file is listed or claimed."""
    files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    for entry in files:
        data = (out / entry["path"]).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["bytes"], entry["sha256"])
    journal = out / ".jdgen-journal"
    claimed = set(journal.read_text().split()) if journal.exists() else set()
    listed = {e["path"] for e in files}
    for path in out.iterdir():
        if path.name.startswith(".") or BOOKKEEPING.match(path.name):
            continue
        assert path.name in listed or path.name in claimed, path.name
    return listed


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("after_lines", [1, 6])
def test_sigkill_mid_build_leaves_consistent_output(make_project, after_lines):
    root = make_project({**ROLES, **MORE_ROLES})
    run_build(root)  # a previous good build, so that files get replaced
    config = root / "jdgen.toml"
    config.write_text(config.read_text().replace("Test Co., Ltd.", "Test Company Ltd."))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(HELPERS)]),
        "JDGEN_TEST_RENDER_DELAY": "0.15",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "jdgen", "--project", str(root), "build", "-j2"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stderr is not None
    seen = 0
    try:
        while seen < after_lines:
            line = proc.stderr.readline()
            assert line, "the build ended before it could be killed"
            seen += "built" in line
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers, mid-way
        proc.wait()
    out = root / "output"
    assert_consistent(out)
    result = subprocess.run(
        [sys.executable, "-m", "jdgen", "--project", str(root), "build", "-j2"],
        env={**env, "JDGEN_TEST_RENDER_DELAY": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = assert_consistent(out)
    assert len(listed) == 2 * (4 + len(MORE_ROLES))
    assert not list(out.glob("*.tmp")) and not (out / ".jdgen-journal").exists()
    assert all(
        "Test Company Ltd." in (out / name).read_text(encoding="utf-8")
        for name in listed
        if name.endswith(".en.html")
    )
