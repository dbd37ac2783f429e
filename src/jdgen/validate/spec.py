"""The keys of a role file, declared once: the validator's known keys and the JSON Schema.

:mod:`jdgen.validate.schema` takes its lists of known keys (and their order, which its
"known keys: …" messages show) from here; :mod:`jdgen.validate.jsonschema` turns the same
declarations, with their descriptions, into a JSON Schema for editors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jdgen.validate.model import OPTIONAL_SECTIONS, REQUIRED_SECTIONS, REQUIREMENT_KINDS

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
ROLE_ID_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._]|-(?!-))*$")
PARAM_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

SECTIONS = (*REQUIRED_SECTIONS, *OPTIONAL_SECTIONS)


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping in a role file: its name, the shape of its value, what it means.

    ``kind`` names the shape: ``role-id``, ``clause-id``, ``string``, ``boolean``, ``text``
    (localized text), ``params``, ``variants``, ``clauses``, ``items`` (sub-clauses),
    ``approval``, ``approver``, ``reviewers``, ``requirement-kind``.
    """

    name: str
    kind: str
    description: str


_SECTION_HELP = {
    "general_provisions": "General provisions: the post's category, appointment, reporting, "
    "substitution, what the jobholder must know.",
    "functions": "Functions: what the jobholder does.",
    "rights": "Rights: what the jobholder may do and demand.",
    "responsibility": "Responsibility: what the jobholder answers for.",
    "requirements": "Requirements: education, experience, knowledge, skills, qualities "
    "(each clause may carry kind).",
    "duties": "Duties: concrete duties, each naming the function it serves (function).",
    "relationships": "Relationships: whom the jobholder works with.",
    "working_conditions": "Working conditions: hours, travel, place of work.",
    "evaluation": "Evaluation: how the jobholder's work is assessed.",
}


def _section_key(name: str) -> Key:
    required = " Required after inheritance (non-empty)." if name in REQUIRED_SECTIONS else ""
    return Key(
        name,
        "clauses",
        f"{_SECTION_HELP[name]} A list of clauses, merged with the "
        f"parent's by clause id.{required}",
    )


ROLE_FIELDS: tuple[Key, ...] = (
    Key("id", "role-id", "Optional; if given it must equal the file name (without .yaml)."),
    Key(
        "extends",
        "role-id",
        "The parent role id (never a path): its clauses are inherited and merged by clause id.",
    ),
    Key(
        "abstract",
        "boolean",
        "true: a base that children extend, never published itself. Not inherited.",
    ),
    Key(
        "number", "string", "The document number; default: the role id in capitals. Not inherited."
    ),
    Key("title", "text", "The post's title (required after inheritance)."),
    Key("department", "text", "The department (required after inheritance)."),
    Key("reports_to", "text", "The post this one reports to (required after inheritance)."),
    Key("purpose", "text", "Optional summary paragraph: why the post exists."),
    Key(
        "params",
        "params",
        "Values for ${name} placeholders in this role and its children; "
        "merged with the parent's by name.",
    ),
    Key(
        "variants",
        "variants",
        "One published document per variant (<role>--<variant>); a "
        "child that lists variants replaces the whole list.",
    ),
    *(_section_key(name) for name in SECTIONS),
    Key(
        "approval",
        "approval",
        "Who approves the document and who reviews it first; the project's defaults apply.",
    ),
)
CLAUSE_FIELDS: tuple[Key, ...] = (
    Key(
        "id",
        "clause-id",
        "Required, stable, unique in its list: lowercase letters, digits, "
        "'.', '_', '-'. Inheritance overrides by it and jdgen diff aligns on it.",
    ),
    Key("text", "text", "The clause's text in every project language."),
    Key("items", "items", "Sub-clauses (numbered 1.1.1), one level only."),
    Key("remove", "boolean", "true (with only id): drop the parent's clause of this id."),
    Key("after", "clause-id", "Place this clause after the clause of this id (not with before)."),
    Key("before", "clause-id", "Place this clause before the clause of this id (not with after)."),
)
KIND_FIELD = Key(
    "kind",
    "requirement-kind",
    "What the requirement is about: " + ", ".join(REQUIREMENT_KINDS) + ".",
)
FUNCTION_FIELD = Key(
    "function", "clause-id", "The id of the clause in functions that this duty serves."
)
VARIANT_FIELDS: tuple[Key, ...] = (
    Key("id", "role-id", "The variant's id; the document id is <role>--<variant>."),
    Key("params", "params", "Values of this variant's ${name} placeholders."),
    Key("title", "text", "The variant's own title (instead of the role's)."),
    Key("number", "string", "The variant's document number; default: <number>-<VARIANT>."),
)
APPROVAL_FIELDS: tuple[Key, ...] = (
    Key("approver", "approver", "The approver, who signs last."),
    Key(
        "reviewers",
        "reviewers",
        "Who agrees the document before the approver, from the "
        "reviewers jdgen.toml allows (for example lawyer, hr, supervisor).",
    ),
)
APPROVER_FIELDS: tuple[Key, ...] = (
    Key("post", "text", "The approver's post, printed in the approval block."),
)


def names(fields: tuple[Key, ...]) -> tuple[str, ...]:
    """The key names of ``fields``, in declaration order."""
    return tuple(field.name for field in fields)


def clause_fields(section: str, nested: bool) -> tuple[Key, ...]:
    """The keys a clause of ``section`` may have (a sub-clause when ``nested``)."""
    if nested:
        return tuple(f for f in CLAUSE_FIELDS if f.name != "items")
    if section == "requirements":
        return (*CLAUSE_FIELDS, KIND_FIELD)
    if section == "duties":
        return (*CLAUSE_FIELDS, FUNCTION_FIELD)
    return CLAUSE_FIELDS
