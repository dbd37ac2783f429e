"""A project's assets: its templates, locale labels and fonts, with jdgen's own beneath.

Below the renderers: validation, lint, the pipeline and sign-off read the fonts' glyph
coverage and the labels from here without importing :mod:`jdgen.render`.
:class:`ProjectAssets` loads each asset of one project once, on first use, so a command
that needs none of them (a no-op build opens no font) pays nothing for them.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from jdgen.assets.fonts import fingerprint, template_coverage
from jdgen.assets.templates import TemplateSet

Coverage = tuple[frozenset[int], str]  # the characters the fonts print, and their families


class ProjectAssets:
    """The templates and fonts of one project (``templates_dir`` None: jdgen's only)."""

    def __init__(self, templates_dir: Path | None) -> None:
        self.templates_dir = templates_dir

    @cached_property
    def templates(self) -> TemplateSet:
        """The project's template set, made once (a link out of the project is refused)."""
        return TemplateSet(self.templates_dir)

    @cached_property
    def coverage(self) -> Coverage:
        """Every character the project's fonts can print, and the fonts' family names."""
        return template_coverage(self.templates)

    @cached_property
    def fonts_fingerprint(self) -> str:
        """A hash of every font file the renderers may embed (opening none of them)."""
        return fingerprint(self.templates)


__all__ = ["Coverage", "ProjectAssets", "TemplateSet"]
