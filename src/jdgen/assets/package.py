"""Where jdgen's own templates and labels lie (inside the installed package)."""

from __future__ import annotations

from pathlib import Path

from jdgen.folders import TEMPLATES

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / TEMPLATES
PACKAGE_LABELS = PACKAGE_TEMPLATES / "labels"
