"""docs/config.md: the reference table of the ``jdgen.toml`` keys, from their declarations.

    python -m jdgen.config_doc docs/config.md

rewrites the table between the page's markers (the prose around it is written by hand); a
test compares, so the page never drifts from :data:`jdgen.config_spec.OPTIONS`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from jdgen.config_spec import OPTIONS, ConfigOption

BEGIN = (
    "<!-- generated from jdgen.config_spec by `python -m jdgen.config_doc docs/config.md`;"
    " edit the keys there -->\n"
)
END = "<!-- end of the generated table -->\n"


def _toml(value: Any) -> str:
    """``value`` as it would be written in ``jdgen.toml``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple | list | frozenset):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return str(value)


def _default(option: ConfigOption) -> str:
    if option.required:
        return "required"
    if option.shown_default:
        return option.shown_default
    if option.default is None:
        return "none"
    return f"`{_toml(option.default)}`"


def reference() -> str:
    """The table of every key: its type, its default and what it means."""
    rows = [f"| `{o.key}` | {o.type} | {_default(o)} | {o.doc or o.description} |" for o in OPTIONS]
    return "\n".join(["| key | type | default | meaning |", "|---|---|---|---|", *rows]) + "\n"


def with_reference(page: str) -> str:
    """``page`` with the text between its markers replaced by :func:`reference`."""
    start = page.index(BEGIN) + len(BEGIN)
    end = page.index(END, start)
    return page[:start] + reference() + page[end:]


def main(argv: list[str]) -> None:
    """Rewrite the table of the page named by ``argv[0]`` in place."""
    path = Path(argv[0])
    page = path.read_text(encoding="utf-8")
    path.write_text(with_reference(page), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
