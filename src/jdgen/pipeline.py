"""The one-way pipeline: load -> validate -> resolve -> lint, as one call for consumers."""

from __future__ import annotations

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


def analyse(config: ProjectConfig) -> ProjectState:
    """Run every stage up to lint; gather all problems, never raise for bad role input."""
    roles, broken, problems = load_roles(config)
    documents, resolve_problems = resolve_documents(config, roles, broken)
    problems.extend(resolve_problems)
    problems.extend(lint_documents(documents, config.lint_disable))
    return ProjectState(config, roles, documents, sort_problems(
        drop_disabled(problems, config.lint_disable)))


def load_documents(config: ProjectConfig, strict: bool = False) -> ProjectState:
    """:func:`analyse`, raising :class:`ProblemsFound` when the project is unusable."""
    state = analyse(config)
    if state.failed(strict):
        raise ProblemsFound(state.problems)
    return state
