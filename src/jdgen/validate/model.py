"""Typed role specifications: what one role file says, checked but not yet resolved."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from jdgen.errors import Location
from jdgen.load.yaml_source import KeyPath, SourceFile

Text = dict[str, str]
"""Localized text: language code -> text, complete for every project language."""

REQUIRED_SECTIONS = ("general_provisions", "functions", "rights", "responsibility")
OPTIONAL_SECTIONS = (
    "requirements",
    "duties",
    "relationships",
    "working_conditions",
    "evaluation",
)
SECTION_ORDER = (
    "general_provisions",
    "requirements",
    "functions",
    "duties",
    "rights",
    "responsibility",
    "relationships",
    "working_conditions",
    "evaluation",
)
REQUIREMENT_KINDS = ("education", "experience", "knowledge", "skills", "qualities")


@dataclass(frozen=True, slots=True)
class ClauseSpec:
    """One clause as written in a role file (possibly an override of a parent's clause)."""

    id: str
    text: Text | None
    kind: str | None = None
    function: str | None = None
    items: tuple[ClauseSpec, ...] | None = None
    remove: bool = False
    after: str | None = None
    before: str | None = None
    keypath: KeyPath = ()


@dataclass(frozen=True)
class VariantSpec:
    """One published variant of a role: an id and the values of its ``${name}`` params."""

    id: str
    params: dict[str, Text]
    title: Text | None = None
    number: str | None = None
    keypath: KeyPath = ()


@dataclass(frozen=True)
class ApprovalSpec:
    """Who approves the document and who reviews it first."""

    approver_post: Text | None = None
    reviewers: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RoleSpec:
    """A checked role file: every key typed, every text complete in every language."""

    id: str
    source: SourceFile
    extends: str | None = None
    abstract: bool = False
    number: str | None = None
    title: Text | None = None
    department: Text | None = None
    reports_to: Text | None = None
    purpose: Text | None = None
    params: dict[str, Text] = field(default_factory=dict)
    variants: tuple[VariantSpec, ...] | None = None
    sections: dict[str, tuple[ClauseSpec, ...]] = field(default_factory=dict)
    approval: ApprovalSpec | None = None

    def loc(self, keypath: KeyPath) -> Location:
        """Where ``keypath`` stands in this role's file."""
        return self.source.loc(keypath)

    def clauses(self) -> Iterator[ClauseSpec]:
        """Every clause and sub-clause the file writes, in no promised order."""
        pending = [clause for clauses in self.sections.values() for clause in clauses]
        while pending:
            clause = pending.pop()
            yield clause
            pending.extend(clause.items or ())
