"""The names of a document project's folders, spelled once.

Every module that names ``roles/``, ``templates/`` or ``signoffs/`` takes the name from
here (a leaf: it imports nothing, so anything may import it).
"""

from __future__ import annotations

ROLES = "roles"
TEMPLATES = "templates"
SIGNOFFS = "signoffs"
SOURCE_FOLDERS = (ROLES, SIGNOFFS, TEMPLATES)  # the project's sources and bookkeeping

__all__ = ["ROLES", "SIGNOFFS", "SOURCE_FOLDERS", "TEMPLATES"]
