"""``${name}`` placeholders in role text, filled from variant and role params.

Role text is data, never a template: only ``${name}`` is recognised, ``$${`` prints a
literal ``${``, and everything else (``{{ }}``, ``{% %}``, ``<tags>``) passes through as text.
A ``${`` that is never closed is reported (as the name :data:`UNCLOSED`), not printed.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\$\$\{|\$\{([^}]*)\}|\$\{")
UNCLOSED = "${"  # the "name" fill() reports for a ${ without its closing }


def fill(text: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """``text`` with every known placeholder filled; also the names that are unknown."""
    unknown: list[str] = []
    if "$" not in text:
        return text, unknown

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        if match.group(1) is None:
            unknown.append(UNCLOSED)
            return match.group(0)
        name = match.group(1).strip()
        if name in values:
            return values[name]
        unknown.append(name)
        return match.group(0)

    return PLACEHOLDER.sub(replace, text), unknown
