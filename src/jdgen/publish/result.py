"""What a build did, file by file: the data behind the summary and the CI reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from jdgen.errors import Problem

Status = Literal["built", "unchanged", "failed"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one planned file."""

    path: str
    document: str
    lang: str
    format: str
    status: Status
    message: str = ""
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        """The outcome as a JSON object."""
        return {
            "path": self.path,
            "document": self.document,
            "lang": self.lang,
            "format": self.format,
            "status": self.status,
            "message": self.message,
            "seconds": round(self.seconds, 4),
        }


@dataclass
class BuildResult:
    """Every planned file's outcome, the files removed, and how long it took."""

    outcomes: list[Outcome] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # about the templates
    elapsed: float = 0.0

    def count(self, status: Status) -> int:
        """How many planned files ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        """The files that could not be built."""
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> dict[str, object]:
        """The counts CI cares about."""
        return {
            "built": self.count("built"),
            "unchanged": self.count("unchanged"),
            "removed": len(self.removed),
            "failed": self.count("failed"),
            "seconds": round(self.elapsed, 3),
        }
