"""Role files written by jdgen (``init``, ``new``, ``import``): plain, readable YAML."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key (``functions:\\n  - id: …``), as the library does."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def role_yaml(data: dict[str, Any], header: str = "") -> str:
    """``data`` as the text of a role file, after ``header`` (comment lines, each ``# …``)."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )
    return header + body
