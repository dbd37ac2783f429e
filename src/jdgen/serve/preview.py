"""A role's unsaved text, validated, resolved and rendered: what the editor shows as you type.

The text is checked exactly as ``jdgen validate`` checks a file (:func:`check_text` mirrors
:func:`jdgen.validate.load_role_file`, taking text instead of a path), and resolved with its
parents read from disk: only the role's inheritance chain is loaded, never the whole library,
so a preview costs the same in a project of ten roles or ten thousand.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from jdgen.approval import DRAFT, ApprovalState
from jdgen.assets.templates import TemplateSet
from jdgen.errors import Location, Problem, RenderError, sort_problems
from jdgen.lint import Linter, drop_disabled
from jdgen.load.yaml_source import parse_yaml
from jdgen.pipeline import font_coverage
from jdgen.project import Project, ProjectConfig, as_project
from jdgen.render.html import RenderContext, render_html
from jdgen.resolve import iter_documents
from jdgen.resolve.document import Document
from jdgen.signoff.errors import LedgerCorrupt
from jdgen.signoff.status import approval_state
from jdgen.validate import ROLE_SUFFIXES, load_role_file
from jdgen.validate.library import RoleLibrary
from jdgen.validate.model import RoleSpec
from jdgen.validate.printable import unprintable
from jdgen.validate.schema import check_role


@dataclass(frozen=True)
class Checked:
    """The outcome of checking a role's text: every problem, and the documents it publishes
    (none when there are errors)."""

    problems: list[Problem]
    documents: tuple[Document, ...]

    @property
    def ok(self) -> bool:
        """True when the text has no errors (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)


def check_text(
    opened: Project | ProjectConfig, path: Path, text: str
) -> tuple[RoleSpec | None, list[Problem]]:
    """Check ``text`` as the content of role file ``path``: its spec and its problems."""
    project = as_project(opened)
    config = project.config
    display = str(path.relative_to(config.root))
    size = len(text.encode("utf-8"))
    if size > config.max_file_bytes:
        return None, [
            Problem(
                Location(display),
                "",
                f"file is {size:,} bytes, over the limit "
                f"of {config.max_file_bytes:,} (jdgen.toml: limits.max_file_bytes);"
                " split the role or raise the limit",
            )
        ]
    source, problems = parse_yaml(text.removeprefix("\ufeff"), path, display, config.max_nodes)
    if source is None:
        return None, problems
    spec, found = check_role(source, path.stem, config.languages, config.reviewers)
    coverage = font_coverage(project)
    if coverage is not None:
        found.extend(unprintable(source, *coverage))
    problems = [*problems, *found]
    if any(p.severity == "error" for p in problems):
        return None, problems
    return spec, problems


def _parent_file(config: ProjectConfig, role_id: str) -> Path | None:
    for suffix in ROLE_SUFFIXES:
        path = config.roles_dir / f"{role_id}{suffix}"
        if path.is_file():
            return path
    return None


def check_role_text(opened: Project | ProjectConfig, path: Path, text: str) -> Checked:
    """Validate, resolve and lint ``text`` as role file ``path``, with its parents from disk.

    Problems of a parent file are reported too (at their own file): they are why the role
    cannot be resolved.
    """
    project = as_project(opened)
    config = project.config
    spec, problems = check_text(project, path, text)
    if spec is None:
        return Checked(sort_problems(problems), ())
    library = RoleLibrary(lambda p: load_role_file(p, config)[0])
    library.add(spec)
    broken: set[str] = set()
    parent = spec.extends
    while parent is not None and parent not in library and parent not in broken:
        parent_path = _parent_file(config, parent)
        if parent_path is None:
            break  # resolution reports the unknown parent at the extends key
        parent_spec, found = load_role_file(parent_path, config)
        problems.extend(p for p in found if p.severity == "error")
        if parent_spec is None:
            broken.add(parent)
            break
        library.add(parent_spec)
        parent = parent_spec.extends
    documents = [
        d for d in iter_documents(config, library, broken, problems) if d.role_id == spec.id
    ]
    linter = Linter(config.lint_disable, ())
    for doc in documents:
        problems.extend(linter(doc))
    linter.release()
    problems = sort_problems(drop_disabled(problems, config.lint_disable))
    if any(p.severity == "error" for p in problems):
        return Checked(problems, ())
    return Checked(problems, tuple(documents))


def current_approval(config: ProjectConfig, doc: Document) -> ApprovalState:
    """What the document is rendered with: its sign-off state (draft if the ledger is
    damaged; the catalogue reports the damage)."""
    try:
        return approval_state(config, doc)
    except LedgerCorrupt:
        return DRAFT


def render_preview(
    config: ProjectConfig, templates: TemplateSet, doc: Document, langs: tuple[str, ...]
) -> str:
    """The document as ``jdgen build`` renders its HTML (raises :class:`RenderError`)."""
    ctx = RenderContext(templates, current_approval(config, doc))
    return render_html(doc, langs, ctx)


class PreviewStore:
    """The last rendered previews, by key, at most ``size`` of them (memory stays flat)."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._pages: OrderedDict[str, str] = OrderedDict()

    def put(self, key: str, page: str) -> None:
        """Keep ``page`` under ``key``, dropping the oldest page beyond ``size``."""
        self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)

    def get(self, key: str) -> str | None:
        """The page kept under ``key``, if it is still kept."""
        return self._pages.get(key)

    def __len__(self) -> int:
        return len(self._pages)


__all__ = [
    "Checked",
    "PreviewStore",
    "RenderError",
    "check_role_text",
    "check_text",
    "render_preview",
]
