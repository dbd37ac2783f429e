"""One way out of every command: a command raises a jdgen error or returns an outcome, and
only the CLI group (``jdgen.cli.JdgenGroup.invoke``) turns them into exit codes."""

from __future__ import annotations

import re

import pytest

from conftest import REPO
from jdgen.errors import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    Fallback,
    JdgenError,
    Outcome,
    OutputIsSource,
    ProblemsFound,
    exit_code_for,
    exit_code_of,
)

SRC = REPO / "src" / "jdgen"
THE_ONE_PLACE = SRC / "cli" / "__init__.py"
EXITS = re.compile(r"raise SystemExit|sys\.exit\(|\.exit\(|os\._exit\(")


def test_no_module_but_the_cli_group_exits():
    exiting = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path != THE_ONE_PLACE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EXITS.search(line)
    ]
    assert exiting == []


@pytest.mark.parametrize(
    ("outcome", "code"),
    [
        (None, EXIT_OK),
        (Outcome.OK, EXIT_OK),
        (Outcome.SAME, EXIT_OK),
        (Outcome.PROBLEMS, EXIT_PROBLEMS),
        (Outcome.DIFFERENT, EXIT_PROBLEMS),
        (Fallback(JdgenError("x"), "note", "", Outcome.SAME), EXIT_OK),
    ],
)
def test_outcomes_map_to_exit_codes(outcome, code):
    assert exit_code_of(outcome) == code


def test_errors_map_to_exit_codes_by_nearest_class():
    assert exit_code_for(OutputIsSource("x")) == EXIT_USAGE
    assert exit_code_for(ProblemsFound([])) == EXIT_PROBLEMS
    assert exit_code_for(JdgenError("x")) == EXIT_PROBLEMS
