"""Stage 3: resolve role specs into published :class:`Document`s.

Inheritance is merged (:mod:`jdgen.resolve.inherit`), each non-abstract role is published
once, or once per variant, and ``${name}`` placeholders are filled per language.
"""

from __future__ import annotations

from collections.abc import Iterator

from jdgen.approval import APPROVER
from jdgen.errors import Location, Problem, sort_problems
from jdgen.posts import default_posts
from jdgen.project import ProjectConfig
from jdgen.resolve.document import VARIANT_SEPARATOR, Clause, Document, Section
from jdgen.resolve.inherit import InheritanceResolver, Located, MergedClause, MergedRole
from jdgen.resolve.placeholders import UNCLOSED, fill
from jdgen.suggest import suggest
from jdgen.validate.library import RoleLibrary
from jdgen.validate.model import REQUIRED_SECTIONS, SECTION_ORDER, Text, VariantSpec


def builtin_params(config: ProjectConfig) -> dict[str, Text]:
    """Placeholders every role may use: ``${organisation}`` and ``${labour_law}``."""
    params = {"organisation": config.organisation}
    if config.labour_law:
        params["labour_law"] = config.labour_law
    return params


def _has_placeholder(clause: MergedClause) -> bool:
    return any("$" in text for text in clause.text.text.values()) or any(
        _has_placeholder(item) for item in clause.items
    )


class _Publisher:
    """Turns one merged role (and one variant) into a :class:`Document`."""

    def __init__(self, config: ProjectConfig, problems: list[Problem]) -> None:
        self.config = config
        self.problems = problems
        # Clauses without placeholders come out the same in every document that inherits
        # them; build each once. Keyed by identity, the merged clause kept alive alongside.
        self.plain: dict[int, tuple[MergedClause, Clause]] = {}
        self.approver_post = default_posts(config).get(APPROVER)  # jdgen.toml, else labels

    def text(self, located: Located, values: dict[str, dict[str, str]], key: str) -> Text:
        """``located`` with placeholders filled; ``values`` is language -> name -> text."""
        out: Text = {}
        unknown: dict[str, list[str]] = {}  # name -> the languages whose text uses it
        for lang in self.config.languages:
            filled, names = fill(located.text[lang], values[lang])
            for name in names:
                unknown.setdefault(name, []).append(lang)
            out[lang] = filled
        for name, langs in unknown.items():
            if name == UNCLOSED:
                self.problems.append(
                    Problem(
                        located.origin,
                        key,
                        f"a '${{' is never closed ({', '.join(dict.fromkeys(langs))}); end the "
                        "placeholder with '}', or write '$${' for a literal '${'",
                    )
                )
                continue
            known = sorted(values[langs[0]])
            hint = suggest(name, known, show=lambda k: f"'${{{k}}}'") or (
                f"known: {', '.join('${' + k + '}' for k in known)}"
            )
            self.problems.append(
                Problem(
                    located.origin,
                    key,
                    f"unknown placeholder '${{{name}}}' ({', '.join(dict.fromkeys(langs))}); "
                    f"{hint}",
                )
            )
        return out

    def clause(self, clause: MergedClause, values: dict[str, dict[str, str]], key: str) -> Clause:
        """The published clause; shared between documents when it has no placeholder."""
        cached = self.plain.get(id(clause))
        if cached is not None:
            return cached[1]
        result = Clause(
            id=clause.id,
            text=self.text(clause.text, values, f"{key}.{clause.id}"),
            kind=clause.kind,
            function=clause.function,
            items=tuple(self.clause(item, values, f"{key}.{clause.id}") for item in clause.items),
            origin=clause.origin,
        )
        if not _has_placeholder(clause):
            self.plain[id(clause)] = (clause, result)
        return result

    def forget(self, role: MergedRole) -> None:
        """Drop the shared clauses that ``role``'s own file wrote (no other role has them)."""
        path = role.spec.source.display
        pending = [c for clauses in role.sections.values() for c in clauses]
        while pending:
            clause = pending.pop()
            if clause.origin.path == path:
                self.plain.pop(id(clause), None)
            pending.extend(clause.items)

    def publish(self, role: MergedRole, variant: VariantSpec | None) -> Document | None:
        """The document of ``role`` (in ``variant``), or None when it has errors."""
        spec = role.spec
        top = spec.loc(())
        values = self.values(role, variant)
        doc_id = spec.id if variant is None else f"{spec.id}{VARIANT_SEPARATOR}{variant.id}"
        before = len(self.problems)
        header = self.header(role, variant, values, top)
        purpose = self.text(role.purpose, values, "purpose") if role.purpose else None
        approver_post = self.approver(role, values, top)
        sections = self.sections(role, values, top)
        self._check_duties(role, sections)
        if len(self.problems) > before or approver_post is None:
            return None
        number = spec.number or spec.id.upper()
        if variant is not None:
            number = variant.number or f"{number}-{variant.id.upper()}"
        return Document(
            id=doc_id,
            role_id=spec.id,
            variant_id=variant.id if variant else None,
            chain=role.chain,
            languages=self.config.languages,
            number=number,
            organisation=dict(self.config.organisation),
            title=header["title"],
            department=header["department"],
            reports_to=header["reports_to"],
            purpose=purpose,
            sections=tuple(sections),
            approver_post=approver_post,
            reviewers=role.reviewers or self.config.reviewers,
            source=top,
        )

    def values(self, role: MergedRole, variant: VariantSpec | None) -> dict[str, dict[str, str]]:
        """Language -> placeholder name -> text: the built-in ones, the role's, the
        variant's (each overriding the one before)."""
        params = {**builtin_params(self.config), **role.params}
        if variant is not None:
            params.update(variant.params)
        return {
            lang: {name: text[lang] for name, text in params.items()}
            for lang in self.config.languages
        }

    def header(
        self,
        role: MergedRole,
        variant: VariantSpec | None,
        values: dict[str, dict[str, str]],
        top: Location,
    ) -> dict[str, Text]:
        """The title (the variant's, if it has one), department and reports_to that are
        there; a problem at ``top`` for each one missing."""
        header: dict[str, Text] = {}
        for key in ("title", "department", "reports_to"):
            located: Located | None = getattr(role, key)
            if key == "title" and variant is not None and variant.title is not None:
                assert role.variants_from is not None
                located = Located(
                    variant.title, role.variants_from.loc((*variant.keypath, "title"))
                )
            if located is None:
                self.problems.append(
                    Problem(top, key, f"'{key}' is required (in this role or a role it extends)")
                )
                continue
            header[key] = self.text(located, values, key)
        return header

    def approver(
        self, role: MergedRole, values: dict[str, dict[str, str]], top: Location
    ) -> Text | None:
        """The approver's post (the role's, else the project's), or None and a problem at
        ``top``."""
        post = role.approver_post
        if post is None and self.approver_post:
            post = Located(self.approver_post, Location("jdgen.toml"))
        if post is None:
            self.problems.append(
                Problem(
                    top,
                    "approval.approver.post",
                    "no approver post: set approval.approver.post here, "
                    "approval.approver in jdgen.toml, or posts.approver "
                    "in the labels of every language",
                )
            )
            return None
        return self.text(post, values, "approval.approver.post")

    def sections(
        self, role: MergedRole, values: dict[str, dict[str, str]], top: Location
    ) -> list[Section]:
        """The role's sections that have clauses, in published order; a problem at ``top``
        for each required one that has none."""
        sections: list[Section] = []
        for name in SECTION_ORDER:
            clauses = role.sections.get(name, ())
            if not clauses:
                if name in REQUIRED_SECTIONS:
                    chain = " -> ".join(role.chain)
                    self.problems.append(
                        Problem(
                            top,
                            name,
                            f"required section '{name}' is missing or empty "
                            f"after inheritance ({chain})",
                        )
                    )
                continue
            sections.append(Section(name, tuple(self.clause(c, values, name) for c in clauses)))
        return sections

    def _check_duties(self, role: MergedRole, sections: list[Section]) -> None:
        functions = {c.id for s in sections if s.key == "functions" for c in s.clauses}
        for clause in role.sections.get("duties", ()):
            if clause.function and clause.function not in functions:
                hint = (
                    suggest(clause.function, sorted(functions))
                    or f"functions has {', '.join(sorted(functions)) or 'no clauses'}"
                )
                self.problems.append(
                    Problem(
                        clause.origin,
                        f"duties.{clause.id}.function",
                        f"no function '{clause.function}' in functions; {hint}",
                    )
                )


def iter_documents(
    config: ProjectConfig, roles: RoleLibrary, broken: set[str], problems: list[Problem]
) -> Iterator[Document]:
    """Resolve every role, in role id order, yielding each published document as it is made
    and adding every problem to ``problems`` (unsorted; a shared parent's repeat).

    ``broken`` names role files that failed to load, so that their children are skipped
    without a misleading "no such role" message. A role that no other role extends is done
    once its documents exist: its merged form, its positions and its shared clauses are
    let go then (:meth:`RoleLibrary.forget`), so memory holds the base roles, not the
    whole library.
    """
    resolver = InheritanceResolver(roles, broken, problems)
    publisher = _Publisher(config, problems)
    parents = {file.extends for file in roles.files.values()}
    for role_id in sorted(roles):
        merged = resolver.resolve(role_id)
        if merged is not None and not merged.spec.abstract:
            targets: list[VariantSpec | None] = list(merged.variants) or [None]
            for variant in targets:
                doc = publisher.publish(merged, variant)
                if doc is not None:
                    yield doc
        if role_id not in parents:  # published, abstract or failed: nobody asks again
            resolver.forget(role_id)
            roles.forget(role_id)
            if merged is not None:
                publisher.forget(merged)


def resolve_documents(
    config: ProjectConfig, roles: RoleLibrary, broken: set[str] | None = None
) -> tuple[list[Document], list[Problem]]:
    """Resolve every role; return the published documents (sorted by id) and all problems."""
    problems: list[Problem] = []
    documents = sorted(iter_documents(config, roles, broken or set(), problems), key=lambda d: d.id)
    # Messages from a shared parent repeat once per child; keep one of each.
    return documents, sort_problems(problems)


__all__ = ["Document", "iter_documents", "resolve_documents"]
