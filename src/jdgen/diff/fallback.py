"""The plain YAML text diff git shows when ``jdgen diff --git-external`` cannot resolve the
roles (a broken role file must not hide its own change)."""

from __future__ import annotations

import difflib
from pathlib import Path

from jdgen.diff.sources import NULL_FILE


def plain_text_diff(args: tuple[str, ...]) -> str:
    """A unified diff of the two files of git's external-diff arguments ``args``."""

    def lines(name: str) -> list[str]:
        if name == NULL_FILE or not Path(name).is_file():
            return []
        return Path(name).read_text(encoding="utf-8", errors="replace").splitlines(True)

    path = args[0]
    return "".join(
        difflib.unified_diff(
            lines(args[1]), lines(args[4]), f"a/{path}", f"b/{args[7] if len(args) == 9 else path}"
        )
    )
