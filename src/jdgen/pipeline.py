"""The one-way pipeline: load -> validate -> resolve -> lint, as one call for consumers."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from jdgen.errors import Problem, ProblemsFound, sort_problems
from jdgen.lint import Linter, drop_disabled
from jdgen.project import Project, ProjectConfig, as_project
from jdgen.resolve import iter_documents
from jdgen.resolve.document import Document, DocumentHeader
from jdgen.validate import Coverage, load_roles
from jdgen.validate.library import RoleLibrary
from jdgen.validate.model import RoleSpec
from jdgen.validate.printable import RULE as UNPRINTABLE

D = TypeVar("D", Document, DocumentHeader)


@dataclass
class _Analysis(Generic[D]):
    """Everything the pipeline learned about a project: roles, documents, problems."""

    project: Project
    roles: Mapping[str, RoleSpec]
    documents: list[D]
    problems: list[Problem] = field(default_factory=list)

    @property
    def config(self) -> ProjectConfig:
        """The project's config."""
        return self.project.config

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

    def document(self, doc_id: str) -> D | None:
        """The published document with id ``doc_id``."""
        return next((d for d in self.documents if d.id == doc_id), None)


class ProjectState(_Analysis[Document]):
    """The analysis of a project with every document whole."""


class HeaderState(_Analysis[DocumentHeader]):
    """The analysis of a project with each document's header only."""


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


SPECS_SAMPLED = 256  # role files whose clause texts fix the duplicate lint's order
SPECS_KEPT = 1024  # role specs a streaming analysis holds at once (others are read again)


def analyse_each(
    source: Project | ProjectConfig, accept: Callable[[Document], None], kept: int | None = None
) -> tuple[RoleLibrary, list[Problem]]:
    """Run every stage, handing each published document to ``accept`` once it is linted.

    Returns the role library and every problem, sorted. Documents come in role order, not
    sorted by id. With ``kept`` the library holds that many role specs at most and reads
    the others again when resolution needs them, and nothing here keeps a document: memory
    then holds a few hundred bytes per role file, not the library's text (see
    :class:`RoleLibrary`).
    """
    project = as_project(source)
    config = project.config
    with fewer_collections():
        roles, broken, problems = load_roles(config, kept, font_coverage(project))
        linter = library_linter(config, roles)
        try:
            for doc in iter_documents(config, roles, broken, problems):
                problems.extend(linter(doc))
                accept(doc)
        finally:
            linter.release()
        roles.forget_positions()  # resolution was the last stage to need them
        return roles, sort_problems(drop_disabled(problems, config.lint_disable))


def font_coverage(project: Project) -> Coverage | None:
    """What the project's fonts can print, for the ``unprintable`` lint (None if disabled)."""
    if UNPRINTABLE in project.config.lint_disable:
        return None
    return project.assets.coverage


def library_linter(config: ProjectConfig, roles: RoleLibrary) -> Linter:
    """The project's lint rules, the duplicate rule's order fixed by the clause texts of the
    first :data:`SPECS_SAMPLED` role files (release it when done)."""
    return Linter(
        config.lint_disable, spec_texts(roles.held()[:SPECS_SAMPLED], config.languages[0])
    )


def spec_texts(specs: list[RoleSpec], lang: str) -> Iterator[str]:
    """The clause texts of ``specs`` as written, in ``lang`` (the language the duplicate
    lint compares: the project's first)."""
    for spec in specs:
        yield from (clause.text[lang] for clause in spec.clauses() if clause.text)


def analyse(source: Project | ProjectConfig) -> ProjectState:
    """Run every stage up to lint; gather all problems, never raise for bad role input.

    A bare config is opened here (:func:`jdgen.project.as_project`); a command passes the
    project it opened.
    """
    project = as_project(source)
    documents: list[Document] = []
    roles, problems = analyse_each(project, documents.append)
    documents.sort(key=lambda d: d.id)
    return ProjectState(project, roles, documents, problems)


def analyse_headers(source: Project | ProjectConfig) -> HeaderState:
    """:func:`analyse` for commands that plan or check but never read a clause (``build
    --check``, ``verify``): the analysis streams (at most :data:`SPECS_KEPT` role specs) and
    keeps each document's header only, not the library's text."""
    project = as_project(source)
    headers: list[DocumentHeader] = []
    roles, problems = analyse_each(
        project, lambda doc: headers.append(doc.header()), kept=SPECS_KEPT
    )
    headers.sort(key=lambda d: d.id)
    return HeaderState(project, roles, headers, problems)


def load_documents(source: Project | ProjectConfig, strict: bool = False) -> ProjectState:
    """:func:`analyse`, raising :class:`ProblemsFound` when the project is unusable."""
    state = analyse(source)
    if state.failed(strict):
        raise ProblemsFound(state.problems)
    return state


def load_headers(source: Project | ProjectConfig, strict: bool = False) -> HeaderState:
    """:func:`analyse_headers`, raising :class:`ProblemsFound` when the project is unusable."""
    state = analyse_headers(source)
    if state.failed(strict):
        raise ProblemsFound(state.problems)
    return state
