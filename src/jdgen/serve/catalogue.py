"""The rows of the browser's catalogue: every document with its number, title, parent,
variants, languages and sign-off status, filtered by a search text and a status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from jdgen.catalogue import build_catalogue
from jdgen.errors import Problem
from jdgen.folders import ROLES
from jdgen.resolve.document import Text
from jdgen.serve.workspace import Snapshot

STATUSES = ("draft", "in-review", "approved", "stale")


@dataclass(frozen=True)
class Row:
    """One document of the catalogue."""

    id: str
    role: str
    number: str
    title: Text
    parent: str | None
    variants: tuple[str, ...]
    languages: tuple[str, ...]
    status: str  # draft | in-review | approved | stale | unknown (ledger damaged)
    missing: tuple[str, ...]

    def matches(self, query: str) -> bool:
        """Whether ``query`` (case-insensitive) occurs in the id, number, role or a title."""
        needle = query.casefold()
        return any(
            needle in text.casefold()
            for text in (self.id, self.number, self.role, *self.title.values())
        )


def catalogue_rows(snapshot: Snapshot) -> list[Row]:
    """Every published document of ``snapshot``, sorted by id."""
    catalogue = build_catalogue(snapshot.state)
    rows = []
    for role in catalogue.roles:
        for doc in role.documents:
            status = snapshot.statuses.get(doc.id)
            missing: tuple[str, ...] = ()
            if status is None:
                label = "unknown"
            else:
                label = "stale" if status.stale else status.status
                missing = status.missing
            rows.append(
                Row(
                    doc.id,
                    role.id,
                    doc.number,
                    doc.title,
                    role.parent,
                    role.variants,
                    catalogue.languages,
                    label,
                    missing,
                )
            )
    rows.sort(key=lambda r: r.id)
    return rows


def filter_rows(rows: list[Row], query: str = "", status: str = "") -> list[Row]:
    """The rows matching the search text ``query`` and, if given, the ``status``."""
    query = query.strip()
    return [
        r for r in rows if (not query or r.matches(query)) and (not status or r.status == status)
    ]


def problem_role(problem: Problem) -> str | None:
    """The role id of the role file a problem is in (None for jdgen.toml, ledger files…)."""
    path = PurePosixPath(problem.location.path)
    if path.parent.name == ROLES and path.suffix in (".yaml", ".yml"):
        return path.stem
    return None
