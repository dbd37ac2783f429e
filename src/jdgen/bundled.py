"""The role library that ships with jdgen, as parents a project may extend.

A project with ``library = "bundled"`` in ``jdgen.toml`` may extend the bundled roles (the
account-manager family, ``docs/roles.md``) by id, as if their files were in its own
``roles/``; they are resolved into the project's documents but never published themselves,
and a project role may not reuse one of their ids. The package holds the library under
``jdgen/library/`` (in this repository, a link to ``roles/``).
"""

from __future__ import annotations

from pathlib import Path

BUNDLED = "bundled"
BUNDLED_DIR = Path(__file__).resolve().parent / "library"
BUNDLED_LANGUAGES = ("th", "en")
"""The languages every text of the bundled library is written in."""
DISPLAY_PREFIX = "<jdgen library>/"
"""How messages name a bundled file (``<jdgen library>/account-manager.yaml``)."""


def bundled_paths() -> list[Path]:
    """The bundled role files, by name."""
    return sorted(p for p in BUNDLED_DIR.glob("*.yaml") if p.is_file())


def is_bundled(path: Path) -> bool:
    """Whether ``path`` is a file of the bundled library."""
    return path.parent == BUNDLED_DIR
