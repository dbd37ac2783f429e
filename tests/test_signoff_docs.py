"""docs/signoff.md stays in step with the commands' --help."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from jdgen.cli import all_commands

DOC = (REPO / "docs" / "signoff.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["sign", "status", "verify"])
def test_every_option_is_documented(name):
    command = all_commands()[name]
    options = [
        opt
        for param in command.params
        for opt in getattr(param, "opts", ())
        if opt.startswith("--") and opt != "--help"
    ]
    assert options
    for option in options:
        assert re.search(rf"`[^`]*{re.escape(option)}\b", DOC), f"{name} {option} undocumented"


def test_bundled_signoffs_folder_is_present_and_empty(run):
    folder = REPO / "signoffs"
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "README.md"]
    result = run("verify", project=REPO)
    assert result.exit_code == 0, result.stdout
    assert result.stderr.startswith("ok: 0 ledger file(s), 0 entries checked;")
