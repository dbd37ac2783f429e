"""docs/cli.md is the commands' own --help (regenerate: python -m jdgen.cli.reference)."""

from __future__ import annotations

from conftest import REPO
from jdgen.cli import all_commands
from jdgen.cli.reference import reference


def test_docs_cli_md_matches_help():
    expected = reference()
    actual = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, "run: python -m jdgen.cli.reference > docs/cli.md"


def test_reference_covers_every_command():
    text = reference()
    assert set(all_commands()) >= {
        "validate",
        "build",
        "list",
        "diff",
        "sign",
        "status",
        "verify",
        "manifest",
    }
    for name in all_commands():
        assert f"## `jdgen {name}`" in text
