"""Inheritance: merge each role with its ``extends`` chain, clause lists merged by id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from jdgen.errors import Location, Problem
from jdgen.load.yaml_source import format_key
from jdgen.suggest import suggest
from jdgen.validate.model import ClauseSpec, RoleSpec, Text, VariantSpec


def _hint(suggestion: str) -> str:
    """A suggestion as the end of a message ("; did you mean 'x'?"), or nothing."""
    return f"; {suggestion}" if suggestion else ""


@dataclass(frozen=True, slots=True)
class Located:
    """A text and where it was written."""

    text: Text
    origin: Location


@dataclass(frozen=True, slots=True)
class MergedClause:
    """A clause after inheritance, placeholders not yet filled."""

    id: str
    text: Located
    kind: str | None = None
    function: str | None = None
    items: tuple[MergedClause, ...] = ()
    origin: Location = field(default=Location(""))


@dataclass(frozen=True)
class MergedRole:
    """A role with its whole ``extends`` chain merged in."""

    spec: RoleSpec
    chain: tuple[str, ...]
    title: Located | None
    department: Located | None
    reports_to: Located | None
    purpose: Located | None
    params: dict[str, Text]
    variants: tuple[VariantSpec, ...]
    variants_from: RoleSpec | None
    sections: dict[str, tuple[MergedClause, ...]]
    approver_post: Located | None
    reviewers: tuple[str, ...] | None


class _Merger:
    """Merges one child clause list into its parent's, reporting stale overrides."""

    def __init__(self, role: RoleSpec, parent: str | None, problems: list[Problem]) -> None:
        self.role = role
        self.parent = parent
        self.problems = problems

    def error(self, spec: ClauseSpec, key: str, message: str) -> None:
        path = (*spec.keypath, key) if key else spec.keypath
        loc = self.role.source.key_loc(path) if key else self.role.loc(path)
        self.problems.append(Problem(loc, format_key(path), message))

    def merge(
        self,
        base: tuple[MergedClause, ...],
        specs: tuple[ClauseSpec, ...],
        where: str,
        inherited: bool = True,
    ) -> tuple[MergedClause, ...]:
        """``base`` with ``specs`` applied in order; ``inherited`` when base is a parent's.

        Several clauses placed ``after`` the same anchor keep the order they are written in.
        """
        out = list(base)
        tails: dict[str, str] = {}  # anchor -> the clause last placed after it
        for spec in specs:
            ids = [c.id for c in out]
            if spec.remove:
                if spec.id not in ids:
                    self.error(spec, "remove", self._stale(spec.id, where, "removes", ids))
                else:
                    del out[ids.index(spec.id)]
                continue
            if spec.id in ids:
                position = ids.index(spec.id)
                merged = self._override(out[position], spec, where)
                if spec.after or spec.before:
                    del out[position]
                    self._insert(out, merged, spec, where, tails)
                else:
                    out[position] = merged
                continue
            if spec.text is None:
                if self.parent is not None and inherited:
                    self.error(spec, "", self._stale(spec.id, where, "overrides", ids))
                else:
                    self.error(spec, "", f"clause '{spec.id}' has no text")
                continue
            self._insert(out, self._new(spec, where), spec, where, tails)
        return tuple(out)

    def _stale(self, clause_id: str, where: str, verb: str, ids: list[str]) -> str:
        owner = f"parent '{self.parent}'" if self.parent else "this role"
        hint = _hint(suggest(clause_id, ids))
        return (
            f"{verb} clause '{clause_id}' that {owner} does not have in {where} "
            f"(stale override){hint}"
        )

    def _insert(
        self,
        out: list[MergedClause],
        clause: MergedClause,
        spec: ClauseSpec,
        where: str,
        tails: dict[str, str],
    ) -> None:
        anchor = spec.after or spec.before
        if anchor is None:
            out.append(clause)
            return
        ids = [c.id for c in out]
        if anchor not in ids:
            key = "after" if spec.after else "before"
            hint = _hint(suggest(anchor, ids))
            self.error(
                spec, key, f"no clause '{anchor}' in {where} to place this clause {key}{hint}"
            )
            out.append(clause)
            return
        if spec.after:
            tail = tails.get(anchor, anchor)
            position = ids.index(tail if tail in ids else anchor) + 1
            tails[anchor] = clause.id
        else:
            position = ids.index(anchor)
        out.insert(position, clause)

    def _new(self, spec: ClauseSpec, where: str) -> MergedClause:
        assert spec.text is not None
        items = self.merge((), spec.items or (), f"{where}.{spec.id}.items", inherited=False)
        return MergedClause(
            id=spec.id,
            text=Located(spec.text, self.role.loc((*spec.keypath, "text"))),
            kind=spec.kind,
            function=spec.function,
            items=items,
            origin=self.role.loc(spec.keypath),
        )

    def _override(self, base: MergedClause, spec: ClauseSpec, where: str) -> MergedClause:
        text = base.text
        if spec.text is not None:
            text = Located(spec.text, self.role.loc((*spec.keypath, "text")))
        items = base.items
        if spec.items is not None:
            items = self.merge(base.items, spec.items, f"{where}.{spec.id}.items")
        return replace(
            base,
            text=text,
            kind=spec.kind or base.kind,
            function=spec.function or base.function,
            items=items,
            origin=self.role.loc(spec.keypath),
        )


def _located(
    spec: RoleSpec, key: str, text: Text | None, inherited: Located | None
) -> Located | None:
    if text is None:
        return inherited
    return Located(text, spec.loc((key,)))


class InheritanceResolver:
    """Resolves ``extends`` chains with memoisation, reporting missing parents and cycles."""

    def __init__(
        self, roles: Mapping[str, RoleSpec], broken: set[str], problems: list[Problem]
    ) -> None:
        self.roles = roles
        self.broken = broken
        self.problems = problems
        self.done: dict[str, MergedRole | None] = {}

    def resolve(self, role_id: str) -> MergedRole | None:
        """The merged role, or ``None`` when it (or an ancestor) cannot be resolved."""
        chain: list[str] = []  # role_id first, then its parent, grandparent...
        specs: list[RoleSpec] = []  # theirs: each asked for once (a file may be read again)
        current: str | None = role_id
        while current is not None and current not in self.done:
            spec = self.roles[current]
            chain.append(current)
            specs.append(spec)
            parent = spec.extends
            if parent is None:
                current = None
            elif parent in chain:
                members = chain[chain.index(parent) :]
                for index, member in enumerate(members):  # each file of the cycle, from its view
                    cycle = [*members[index:], *members[:index], member]
                    where = specs[chain.index(member)].source.loc(("extends",))
                    self.problems.append(
                        Problem(
                            where,
                            "extends",
                            f"inheritance cycle: {' -> '.join(cycle)}; remove one of these extends",
                        )
                    )
                return self._fail(chain)
            elif parent not in self.roles:
                if parent not in self.broken:
                    hint = _hint(suggest(parent, self.roles) or "create it or fix the id")
                    self.problems.append(
                        Problem(
                            spec.source.loc(("extends",)),
                            "extends",
                            f"no role '{parent}' to extend (roles/{parent}.yaml){hint}",
                        )
                    )
                return self._fail(chain)
            else:
                current = parent
        merged = self.done.get(current) if current is not None else None
        if current is not None and merged is None:
            return self._fail(chain)
        for name, spec in zip(reversed(chain), reversed(specs), strict=True):
            merged = self.done[name] = self._merge(spec, merged)
        return merged

    def forget(self, role_id: str) -> None:
        """Drop the merged ``role_id`` (it is resolved again if asked for)."""
        self.done.pop(role_id, None)

    def _fail(self, chain: list[str]) -> MergedRole | None:
        """Mark every role of ``chain`` unresolvable; always ``None``."""
        for name in chain:
            self.done[name] = None
        return None

    def _merge(self, spec: RoleSpec, parent: MergedRole | None) -> MergedRole:
        merger = _Merger(spec, parent.spec.id if parent else None, self.problems)
        sections = dict(parent.sections) if parent else {}
        for name, clauses in spec.sections.items():
            sections[name] = merger.merge(sections.get(name, ()), clauses, name)
        approval = spec.approval
        post = parent.approver_post if parent else None
        if approval and approval.approver_post:
            post = Located(approval.approver_post, spec.loc(("approval", "approver", "post")))
        reviewers = parent.reviewers if parent else None
        if approval and approval.reviewers is not None:
            reviewers = approval.reviewers
        variants: tuple[VariantSpec, ...] = parent.variants if parent else ()
        variants_from = parent.variants_from if parent else None
        if spec.variants is not None:
            variants, variants_from = spec.variants, spec
        return MergedRole(
            spec=spec,
            chain=(*parent.chain, spec.id) if parent else (spec.id,),
            title=_located(spec, "title", spec.title, parent.title if parent else None),
            department=_located(
                spec, "department", spec.department, parent.department if parent else None
            ),
            reports_to=_located(
                spec, "reports_to", spec.reports_to, parent.reports_to if parent else None
            ),
            purpose=_located(spec, "purpose", spec.purpose, parent.purpose if parent else None),
            params={**(parent.params if parent else {}), **spec.params},
            variants=variants,
            variants_from=variants_from,
            sections=sections,
            approver_post=post,
            reviewers=reviewers,
        )
