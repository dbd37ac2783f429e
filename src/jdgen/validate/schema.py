"""Check a loaded role file against the schema and build a :class:`RoleSpec`.

Every problem is collected with the position of the offending key or value; nothing stops
at the first problem. Unknown keys get the nearest known key as a suggestion.
"""

from __future__ import annotations

import re
from typing import Any

from jdgen.errors import Location, Problem
from jdgen.load.invisible import normalize
from jdgen.load.yaml_source import KeyPath, SourceFile, format_key, unpack_position
from jdgen.suggest import unknown_key
from jdgen.validate.model import (
    REQUIREMENT_KINDS,
    ApprovalSpec,
    ClauseSpec,
    RoleSpec,
    Text,
    VariantSpec,
)
from jdgen.validate.spec import (
    APPROVAL_FIELDS,
    APPROVER_FIELDS,
    CLAUSE_FIELDS,
    ID_RE,
    PARAM_RE,
    ROLE_FIELDS,
    ROLE_ID_RE,
    SECTIONS,
    VARIANT_FIELDS,
    clause_fields,
    names,
)

_SPACE = re.compile(r"\s+")
_NEEDS_FOLDING = re.compile(r"\s\s|[\t\n\r\f\v]")
_THAI = re.compile("[\u0e01-\u0e5b]")
SINGLE_LANGUAGE_RULE = "single-language-text"

ROLE_KEYS = names(ROLE_FIELDS)
CLAUSE_KEYS = names(CLAUSE_FIELDS)
VARIANT_KEYS = names(VARIANT_FIELDS)
APPROVAL_KEYS = names(APPROVAL_FIELDS)
APPROVER_KEYS = names(APPROVER_FIELDS)


def normalize_text(text: str) -> str:
    """Collapse runs of white space, so YAML block style never changes the text; NFC, and
    no zero-width spaces (see :func:`jdgen.load.invisible.normalize`)."""
    text = normalize(text)
    if _NEEDS_FOLDING.search(text) is None:
        return text.strip()
    return _SPACE.sub(" ", text).strip()


def _empty(value: str) -> str:
    if value.strip():
        return "text holds only invisible characters (zero-width spaces); write the text"
    return "text is empty"


def _type_name(value: Any, written: str | None = None) -> str:
    shown = f", written {written}" if written is not None and written != str(value) else ""
    if value is None:
        return f"nothing (null{shown})"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()}{shown})"
    if isinstance(value, int | float):
        return f"a number ({value}{shown})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:29] + "…"
        return f"text ('{shown}')"
    return type(value).__name__


class RoleChecker:
    """Checks one role file; collects problems in ``self.problems``."""

    def __init__(self, source: SourceFile, languages: tuple[str, ...]) -> None:
        self.source = source
        self.languages = languages
        self.problems: list[Problem] = []

    def error(self, keypath: KeyPath, message: str, *, at_key: bool = False) -> None:
        """Record an error at the value (or the key) of ``keypath``."""
        loc = self.source.key_loc(keypath) if at_key else self.source.loc(keypath)
        self.problems.append(Problem(loc, format_key(keypath), message))

    def got(self, value: Any, keypath: KeyPath) -> str:
        """What ``value`` was read as, with the fix when YAML made text into something else."""
        written = self.source.plain.get(tuple(keypath))
        name = _type_name(value, written)
        if isinstance(value, int | float | bool) or (value is None and written):
            quoted = written if written and len(written) <= 40 and written != str(value) else None
            return f"{name}; put it in quotes" + (f": '{quoted}'" if quoted else "")
        return name

    def cut(self, keypath: KeyPath) -> bool:
        """Report a comment that ended the plain text at ``keypath`` on its line."""
        position = self.source.cut.get(tuple(keypath))
        if position is None:
            return False
        self.problems.append(
            Problem(
                Location(self.source.display, *unpack_position(position)),
                format_key(keypath),
                "' #' starts a YAML comment, so the text ends before it and the rest of the line "
                "is lost; put the whole text in quotes (or move the comment to a line of its own)",
            )
        )
        return True

    def warn(self, keypath: KeyPath, rule: str, message: str) -> None:
        """Record a lint warning."""
        loc = self.source.key_loc(keypath)
        self.problems.append(Problem(loc, format_key(keypath), message, "warning", rule))

    # -- small shapes -------------------------------------------------------------------

    def mapping(self, value: Any, keypath: KeyPath, known: tuple[str, ...]) -> dict[str, Any]:
        """``value`` as a mapping whose keys are all in ``known`` (others reported)."""
        if not isinstance(value, dict):
            self.error(keypath, f"expected a mapping, got {_type_name(value)}")
            return {}
        for key in value:
            if key not in known:
                self.error((*keypath, key), unknown_key(key, known), at_key=True)
        return {k: v for k, v in value.items() if k in known}

    def text(self, value: Any, keypath: KeyPath) -> Text | None:
        """Localized text: a string for every language, or a mapping language -> string."""
        if isinstance(value, str):
            return self.one_text(value, keypath)
        if not isinstance(value, dict):
            self.error(
                keypath,
                f"expected text or a mapping of language to text, got {self.got(value, keypath)}",
            )
            return None
        out: Text = {}
        ok = True
        for lang, item in value.items():
            text = self.text_item(lang, item, (*keypath, lang))
            if text is None:
                ok = False
            else:
                out[lang] = text
        missing = [lang for lang in self.languages if lang not in value]
        if missing:
            self.error(
                keypath,
                f"missing translation: {', '.join(missing)}; every text needs "
                f"{', '.join(self.languages)}",
            )
            ok = False
        return out if ok else None

    def one_text(self, value: str, keypath: KeyPath) -> Text | None:
        """One string as the text of every language (a warning when it is Thai)."""
        text = normalize_text(value)
        if self.cut(keypath):
            return None
        if not text:
            self.error(keypath, _empty(value))
            return None
        others = [lang for lang in self.languages if lang != "th"]
        if others and "th" in self.languages and _THAI.search(text):
            self.warn(
                keypath,
                SINGLE_LANGUAGE_RULE,
                f"one text in Thai for every language: the {', '.join(others)} "
                f"document would print Thai; write it per language "
                f"({{{', '.join(f'{lang}: …' for lang in self.languages)}}})",
            )
        return dict.fromkeys(self.languages, text)

    def text_item(self, lang: Any, item: Any, keypath: KeyPath) -> str | None:
        """The text of ``lang`` in a mapping of language to text (None when reported)."""
        if item is None and lang not in self.languages:
            self.error(
                keypath,
                f"a comma inside {{{', '.join(f'{code}: …' for code in self.languages)}}} "
                f"ends a text before '{lang}'; put that text in quotes",
                at_key=True,
            )
        elif lang not in self.languages:
            self.error(
                keypath,
                f"unknown language '{lang}'; jdgen.toml lists {', '.join(self.languages)}",
                at_key=True,
            )
        elif not isinstance(item, str):
            self.error(keypath, f"expected text, got {self.got(item, keypath)}")
        elif self.cut(keypath):
            pass
        elif not (text := normalize_text(item)):
            self.error(keypath, _empty(item))
        else:
            return text
        return None

    def string(
        self,
        value: Any,
        keypath: KeyPath,
        pattern: re.Pattern[str] | None = None,
        what: str = "text",
    ) -> str | None:
        """A plain string, optionally matching ``pattern``."""
        if not isinstance(value, str):
            self.error(keypath, f"expected {what}, got {self.got(value, keypath)}")
            return None
        if not value.strip():
            self.error(keypath, f"{what} is empty; give it or remove the key")
            return None
        text = normalize(value)
        if pattern is not None and not pattern.match(text):
            self.error(keypath, f"'{value}' is not a valid {what}")
            return None
        return text

    def boolean(self, value: Any, keypath: KeyPath) -> bool:
        """``true`` or ``false``."""
        if not isinstance(value, bool):
            self.error(keypath, f"expected true or false, got {_type_name(value)}")
            return False
        return value

    def params(self, value: Any, keypath: KeyPath) -> dict[str, Text]:
        """``name: text`` pairs that fill ``${name}`` placeholders."""
        if not isinstance(value, dict):
            self.error(keypath, f"expected a mapping of name to text, got {_type_name(value)}")
            return {}
        out: dict[str, Text] = {}
        for name, item in value.items():
            if not PARAM_RE.match(name):
                self.error(
                    (*keypath, name),
                    f"'{name}' is not a parameter name (letters, digits, _)",
                    at_key=True,
                )
                continue
            text = self.text(item, (*keypath, name))
            if text is not None and any("${" in t for t in text.values()):
                self.error(
                    (*keypath, name),
                    "a parameter value cannot contain a ${placeholder}; write the text out",
                )
            elif text is not None:
                out[name] = text
        return out

    # -- clauses ------------------------------------------------------------------------

    def clauses(
        self, value: Any, keypath: KeyPath, section: str, nested: bool = False
    ) -> tuple[ClauseSpec, ...]:
        """A list of clauses (or sub-clauses when ``nested``), ids unique in the list."""
        if not isinstance(value, list):
            self.error(keypath, f"expected a list of clauses, got {_type_name(value)}")
            return ()
        if not value and not nested:
            self.warn(keypath, "empty-section", "section is empty; remove it or add clauses")
        out: list[ClauseSpec] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            clause = self.clause(item, (*keypath, index), section, nested)
            if clause is None:
                continue
            if clause.id in seen:
                first = self.source.loc((*keypath, seen[clause.id], "id")).line
                self.error(
                    (*keypath, index, "id"),
                    f"duplicate clause id '{clause.id}' (first at line {first}); "
                    "clause ids are unique in their section",
                )
                continue
            seen[clause.id] = index
            out.append(clause)
        return tuple(out)

    def clause(self, value: Any, keypath: KeyPath, section: str, nested: bool) -> ClauseSpec | None:
        """One clause mapping."""
        known = names(clause_fields(section, nested))
        if isinstance(value, dict) and "items" in value and nested:
            self.error(
                (*keypath, "items"),
                "sub-clauses cannot have items (one level only); make it a clause of its own",
                at_key=True,
            )
            value = {k: v for k, v in value.items() if k != "items"}
        data = self.mapping(value, keypath, known)
        if not isinstance(value, dict):
            return None
        clause_id = self.clause_id(data, keypath)
        if clause_id is None:
            # Still check the rest of the clause, so that every problem shows in one run.
            if "text" in data:
                self.text(data["text"], (*keypath, "text"))
            return None
        remove = self.boolean(data["remove"], (*keypath, "remove")) if "remove" in data else False
        if remove:
            extra = [k for k in data if k not in ("id", "remove")]
            if extra:
                self.error(
                    (*keypath, extra[0]), "a removed clause takes only id and remove", at_key=True
                )
            return ClauseSpec(id=clause_id, text=None, remove=True, keypath=keypath)
        text = self.text(data["text"], (*keypath, "text")) if "text" in data else None
        kind = self.kind(data["kind"], (*keypath, "kind")) if "kind" in data else None
        function = None
        if "function" in data:
            function = self.string(
                data["function"], (*keypath, "function"), ID_RE, "function clause id"
            )
        items = None
        if "items" in data:
            items = self.clauses(data["items"], (*keypath, "items"), section, nested=True)
        anchors = self.anchors(data, keypath)
        return ClauseSpec(
            id=clause_id,
            text=text,
            kind=kind,
            function=function,
            items=items,
            after=anchors.get("after"),
            before=anchors.get("before"),
            keypath=keypath,
        )

    def clause_id(self, data: dict[str, Any], keypath: KeyPath) -> str | None:
        """The clause's id (None when it is missing or not an id; reported)."""
        if "id" not in data:
            self.error(keypath, "clause has no id; give it a stable id like 'client-search'")
            return None
        return self.string(
            data["id"],
            (*keypath, "id"),
            ID_RE,
            "clause id (lowercase letters, digits, '.', '_', '-')",
        )

    def kind(self, value: Any, keypath: KeyPath) -> str | None:
        """A requirement's kind, one of :data:`REQUIREMENT_KINDS`."""
        kind = self.string(value, keypath)
        if kind is not None and kind not in REQUIREMENT_KINDS:
            self.error(keypath, f"unknown kind '{kind}'; use one of {', '.join(REQUIREMENT_KINDS)}")
            return None
        return kind

    def anchors(self, data: dict[str, Any], keypath: KeyPath) -> dict[str, str | None]:
        """The clause's ``after`` and ``before`` (at most one of them)."""
        anchors: dict[str, str | None] = {}
        for key in ("after", "before"):
            if key in data:
                anchors[key] = self.string(data[key], (*keypath, key), ID_RE, "clause id")
        if len(anchors) == 2:
            self.error((*keypath, "before"), "give either after or before, not both", at_key=True)
        return anchors

    # -- the role -----------------------------------------------------------------------

    def variants(self, value: Any, keypath: KeyPath) -> tuple[VariantSpec, ...]:
        """The ``variants`` list."""
        if not isinstance(value, list):
            self.error(keypath, f"expected a list of variants, got {_type_name(value)}")
            return ()
        out: list[VariantSpec] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            path = (*keypath, index)
            data = self.mapping(item, path, VARIANT_KEYS)
            if not isinstance(item, dict):
                continue
            if "id" not in data:
                self.error(path, "variant has no id")
                continue
            vid = self.string(
                data["id"],
                (*path, "id"),
                ROLE_ID_RE,
                "variant id (lowercase letters, digits, single '-')",
            )
            if vid is None:
                continue
            if vid in seen:
                self.error((*path, "id"), f"duplicate variant id '{vid}'")
                continue
            seen.add(vid)
            out.append(
                VariantSpec(
                    id=vid,
                    params=self.params(data.get("params", {}), (*path, "params")),
                    title=self.text(data["title"], (*path, "title")) if "title" in data else None,
                    number=self.string(data["number"], (*path, "number"))
                    if "number" in data
                    else None,
                    keypath=path,
                )
            )
        return tuple(out)

    def approval(self, value: Any, keypath: KeyPath) -> ApprovalSpec:
        """The ``approval`` mapping."""
        data = self.mapping(value, keypath, APPROVAL_KEYS)
        post = None
        if "approver" in data:
            approver = self.mapping(data["approver"], (*keypath, "approver"), APPROVER_KEYS)
            if "post" in approver:
                post = self.text(approver["post"], (*keypath, "approver", "post"))
        reviewers = None
        if "reviewers" in data:
            raw = data["reviewers"]
            path = (*keypath, "reviewers")
            if not isinstance(raw, list) or not all(isinstance(r, str) for r in raw):
                self.error(path, "expected a list of reviewer roles like [lawyer, hr, supervisor]")
            else:
                reviewers = tuple(raw)
        return ApprovalSpec(approver_post=post, reviewers=reviewers)

    def role(self, file_id: str) -> RoleSpec:
        """The whole role file."""
        data = self.mapping(self.source.data, (), ROLE_KEYS)
        role_id = file_id
        if "id" in data:
            given = self.string(data["id"], ("id",), ROLE_ID_RE, "role id")
            if given is not None and given != file_id:
                self.error(
                    ("id",),
                    f"id '{given}' does not match the file name '{file_id}'; "
                    "rename the file or fix the id",
                )
        extends = None
        if "extends" in data:
            raw = data["extends"]
            if isinstance(raw, str) and (
                "/" in raw or "\\" in raw or raw.endswith((".yaml", ".yml"))
            ):
                self.error(
                    ("extends",),
                    f"extends takes a role id like 'account-manager', not a path ('{raw}')",
                )
            else:
                extends = self.string(raw, ("extends",), ROLE_ID_RE, "role id")
        sections = {
            name: self.clauses(data[name], (name,), name) for name in SECTIONS if name in data
        }
        texts = {
            key: self.text(data[key], (key,)) if key in data else None
            for key in ("title", "department", "reports_to", "purpose")
        }
        return RoleSpec(
            id=role_id,
            source=self.source,
            extends=extends,
            abstract=self.boolean(data["abstract"], ("abstract",)) if "abstract" in data else False,
            number=self.string(data["number"], ("number",)) if "number" in data else None,
            title=texts["title"],
            department=texts["department"],
            reports_to=texts["reports_to"],
            purpose=texts["purpose"],
            params=self.params(data["params"], ("params",)) if "params" in data else {},
            variants=self.variants(data["variants"], ("variants",)) if "variants" in data else None,
            sections=sections,
            approval=self.approval(data["approval"], ("approval",)) if "approval" in data else None,
        )


def check_role(
    source: SourceFile, file_id: str, languages: tuple[str, ...], reviewers: tuple[str, ...]
) -> tuple[RoleSpec, list[Problem]]:
    """Check one loaded role file; return its spec and every problem found."""
    checker = RoleChecker(source, languages)
    if not ROLE_ID_RE.match(file_id):
        checker.error(
            (),
            f"file name '{file_id}' is not a valid role id (lowercase letters, "
            "digits, '.', '_', single '-')",
        )
    spec = checker.role(file_id)
    if spec.approval and spec.approval.reviewers:
        for index, reviewer in enumerate(spec.approval.reviewers):
            if reviewer not in reviewers:
                checker.error(
                    ("approval", "reviewers", index),
                    f"unknown reviewer role '{reviewer}'; jdgen.toml allows {', '.join(reviewers)}",
                )
            elif reviewer in spec.approval.reviewers[:index]:
                checker.error(
                    ("approval", "reviewers", index),
                    f"reviewer role '{reviewer}' is listed twice; list each once",
                )
    return spec, checker.problems
