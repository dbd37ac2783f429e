"""Count the template sets a command makes (each loads a project's templates)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.assets.templates import TemplateSet


def count_template_sets(monkeypatch: pytest.MonkeyPatch) -> list[Path | None]:
    """The folder of every :class:`TemplateSet` made from now on, in order."""
    made: list[Path | None] = []
    original = TemplateSet.__init__

    def counting(self: TemplateSet, project_templates: Path | None) -> None:
        made.append(project_templates)
        original(self, project_templates)

    monkeypatch.setattr(TemplateSet, "__init__", counting)
    return made
