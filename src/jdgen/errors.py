"""Problems found in user input, and the error classes every layer raises.

A :class:`Problem` is one located finding (``path:line:col: key.path: message``).
Library code gathers problems and raises :class:`ProblemsFound` once; the CLI maps each
error class to an exit code in one place (``jdgen.cli.EXIT_CODES``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A position in a source file; line and column are 1-based (0 means unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.path}:{self.line}:{self.col}"
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One finding about user input, pointing at the exact place it comes from."""

    location: Location
    key: str
    message: str
    severity: Severity = "error"
    rule: str = field(default="", compare=False)

    def __str__(self) -> str:
        key = f" {self.key}:" if self.key else ""
        tag = ""
        if self.severity == "warning":
            tag = f" warning[{self.rule}]:" if self.rule else " warning:"
        return f"{self.location}:{tag}{key} {self.message}"

    def as_json(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping."""
        return {
            "path": self.location.path,
            "line": self.location.line,
            "col": self.location.col,
            "key": self.key,
            "message": self.message,
            "severity": self.severity,
            "rule": self.rule or None,
        }


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in file order, duplicates removed."""
    return sorted(set(problems))


class JdgenError(Exception):
    """Base class of every error jdgen reports to its user without a traceback."""


class ProjectNotFound(JdgenError):
    """No ``jdgen.toml`` in the given folder or any folder above it."""


class ConfigError(JdgenError):
    """``jdgen.toml`` is malformed or has a wrong or unknown key."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateOutside(ConfigError):
    """A template file or folder is a link to a place outside the project or the package."""


class TemplateUnreadable(ConfigError):
    """A template file cannot be read (permissions, not UTF-8, a read error)."""


class ProblemsFound(JdgenError):
    """The role files have problems (errors, or warnings under ``--strict``)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        errors = sum(1 for p in self.problems if p.severity == "error")
        super().__init__(f"{errors} error(s), {len(self.problems) - errors} warning(s)")


class UnknownDocument(JdgenError):
    """A document id given on the command line is not published by the project."""


class UsageError(JdgenError):
    """Options that are well-formed for click but make no sense together."""


class OutputIsSource(UsageError):
    """An output path names an input, a role file, jdgen.toml, signoffs/ or templates/."""


class CannotWrite(JdgenError):
    """A file jdgen must write cannot be: a folder missing or read-only, a file in the way."""


class ProjectExists(JdgenError):
    """``jdgen init`` was pointed at a folder that already holds a document project."""


class FileInTheWay(JdgenError):
    """A file jdgen would create already exists (``--force`` replaces it where that is safe)."""


class UnknownRole(JdgenError):
    """A role id names no role of the project (or cannot name one at all)."""


class CannotImport(JdgenError):
    """A file given to ``jdgen import`` cannot be read as a job description."""


class RenderError(JdgenError):
    """A document could not be rendered (for example a glyph no font has)."""


class SystemLibraryMissing(RenderError):
    """A system library a renderer needs (Pango, HarfBuzz) cannot be loaded."""


class ServeUnavailable(JdgenError):
    """``jdgen serve`` needs the optional ``serve`` extra, which is not installed."""


class CannotServe(JdgenError):
    """The server cannot listen on the host and port it was given."""


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` where possible, for messages.

    A path already spelled under ``root`` needs no filesystem look-up (callers name
    thousands of files per build); any other is compared after resolving both.
    """
    if ".." not in path.parts:
        try:
            return str(path.relative_to(root))
        except ValueError:
            pass
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
