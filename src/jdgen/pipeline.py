"""The one-way pipeline: load -> validate -> resolve -> lint, as one call for consumers."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from jdgen.errors import Problem, ProblemsFound, sort_problems
from jdgen.lint import drop_disabled, lint_documents
from jdgen.project import ProjectConfig
from jdgen.resolve import resolve_documents
from jdgen.resolve.document import Document
from jdgen.validate import load_roles
from jdgen.validate.model import RoleSpec


@dataclass
class ProjectState:
    """Everything the pipeline learned about a project: roles, documents, problems."""

    config: ProjectConfig
    roles: dict[str, RoleSpec]
    documents: list[Document]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems of severity error."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Lint warnings."""
        return [p for p in self.problems if p.severity == "warning"]

    def failed(self, strict: bool) -> bool:
        """Whether the project is unusable: any error, or any warning under ``strict``."""
        return bool(self.errors) or (strict and bool(self.warnings))

    def document(self, doc_id: str) -> Document | None:
        """The published document with id ``doc_id``."""
        return next((d for d in self.documents if d.id == doc_id), None)


@contextmanager
def fewer_collections(threshold: int = 100_000) -> Iterator[None]:
    """Run the cyclic garbage collector less often while a large library is analysed.

    The pipeline allocates many small, acyclic objects that all stay alive; with Python's
    default threshold (700) the collector re-scans them hundreds of times (a quarter of
    the run on 1,000 roles). Reference counting still frees everything as usual.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def analyse(config: ProjectConfig) -> ProjectState:
    """Run every stage up to lint; gather all problems, never raise for bad role input."""
    with fewer_collections():
        roles, broken, problems = load_roles(config)
        documents, resolve_problems = resolve_documents(config, roles, broken)
        problems.extend(resolve_problems)
        for spec in roles.values():  # resolution was the last stage to need positions
            spec.source.release()
        problems.extend(lint_documents(documents, config.lint_disable))
        return ProjectState(config, roles, documents, sort_problems(
            drop_disabled(problems, config.lint_disable)))


def load_documents(config: ProjectConfig, strict: bool = False) -> ProjectState:
    """:func:`analyse`, raising :class:`ProblemsFound` when the project is unusable."""
    state = analyse(config)
    if state.failed(strict):
        raise ProblemsFound(state.problems)
    return state
