"""Problems found in user input, and the error classes every layer raises.

A :class:`Problem` is one located finding (``path:line:col: key.path: message``).
Library code gathers problems and raises :class:`ProblemsFound` once. A command either
raises a :class:`JdgenError` or returns an :class:`Outcome` (or a :class:`Fallback`); the
CLI's group turns both into messages and exit codes in one place, with :func:`exit_code_for`
and :func:`exit_code_of` below.
"""

from __future__ import annotations

import enum
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

    @property
    def summary(self) -> str:
        """The line printed after the problems."""
        return f"{self}; nothing was written"


class NothingToList(ProblemsFound):
    """``jdgen list`` cannot show the catalogue: the role files have errors."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.args = (
            f"{len(self.problems)} error(s); fix them (see jdgen validate) to list the documents",
        )

    @property
    def summary(self) -> str:
        """The line printed after the problems."""
        return str(self)


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


EXIT_OK = 0
EXIT_PROBLEMS = 1  # problems found, or any error not mapped below
EXIT_USAGE = 2
EXIT_TROUBLE = 2  # diff, for any error (1 means "different")
EXIT_INTERNAL = 70  # a bug in jdgen (an exception that is not a JdgenError)
EXIT_INTERRUPTED = 130  # Ctrl-C

EXIT_CODES: dict[type[JdgenError], int] = {
    ProblemsFound: EXIT_PROBLEMS,
    ConfigError: EXIT_PROBLEMS,
    ProjectNotFound: EXIT_PROBLEMS,
    UnknownDocument: EXIT_PROBLEMS,
    RenderError: EXIT_PROBLEMS,
    UsageError: EXIT_USAGE,
}


def exit_code_for(error: JdgenError) -> int:
    """The exit code of a library error (the nearest mapped base class wins)."""
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return EXIT_PROBLEMS


class Outcome(enum.Enum):
    """How a command that raised no error ended; :func:`exit_code_of` gives its exit code."""

    OK = "ok"
    PROBLEMS = "problems"  # it ran to the end and found problems (validate, verify, ids --check)
    SAME = "same"  # diff: no differences
    DIFFERENT = "different"  # diff: differences


OUTCOME_CODES: dict[Outcome, int] = {
    Outcome.OK: EXIT_OK,
    Outcome.PROBLEMS: EXIT_PROBLEMS,
    Outcome.SAME: EXIT_OK,
    Outcome.DIFFERENT: EXIT_PROBLEMS,
}


@dataclass(frozen=True)
class Fallback:
    """A command met ``error`` and printed ``output`` in its stead (``note`` says what that is).

    The CLI reports the error and the note on standard error, then writes ``output``; the
    exit code is ``outcome``'s (``diff --git-external``: git stops at a non-zero exit).
    """

    error: JdgenError
    note: str
    output: str
    outcome: Outcome


def exit_code_of(outcome: Outcome | Fallback | None) -> int:
    """The exit code of a command's outcome (``None``: the command returned nothing, OK)."""
    if isinstance(outcome, Fallback):
        outcome = outcome.outcome
    return OUTCOME_CODES[outcome] if outcome is not None else EXIT_OK


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
