"""JSON Schemas (draft 2020-12) of role files and of ``jdgen.toml``, for editors.

Both are generated from the declarations the validator itself uses
(:mod:`jdgen.validate.spec` for role files, :mod:`jdgen.config_spec` for the
config), so that the schema an editor checks against cannot drift from ``jdgen validate``.
The schema catches the shape of a file (keys, types, ids, languages); what needs the whole
library (inheritance, placeholders, required sections after inheritance) stays
``jdgen validate``'s.
"""

from __future__ import annotations

import json
from typing import Any

from jdgen.config_spec import CONFIG_KEYS, LANG_RE
from jdgen.project import ProjectConfig
from jdgen.validate.model import REQUIREMENT_KINDS
from jdgen.validate.spec import (
    APPROVAL_FIELDS,
    APPROVER_FIELDS,
    ID_RE,
    PARAM_RE,
    ROLE_FIELDS,
    ROLE_ID_RE,
    SECTIONS,
    VARIANT_FIELDS,
    Key,
    clause_fields,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
JSONSchema = dict[str, Any]


def _ref(name: str) -> JSONSchema:
    return {"$ref": f"#/$defs/{name}"}


def _text(languages: tuple[str, ...] | None) -> JSONSchema:
    """Localized text: a string for every language, or a mapping of every language."""
    value = {"type": "string", "pattern": r"\S"}
    if languages:
        mapping: JSONSchema = {
            "type": "object",
            "properties": dict.fromkeys(languages, value),
            "required": list(languages),
            "additionalProperties": False,
        }
    else:
        mapping = {
            "type": "object",
            "propertyNames": {"pattern": LANG_RE.pattern},
            "additionalProperties": value,
            "minProperties": 1,
        }
    return {
        "description": "Localized text: one text for every language, or a mapping "
        "language -> text ("
        + (", ".join(languages) if languages else "every language of jdgen.toml")
        + ").",
        "anyOf": [value, mapping],
    }


_KINDS: dict[str, JSONSchema] = {
    "role-id": {"type": "string", "pattern": ROLE_ID_RE.pattern},
    "clause-id": {"type": "string", "pattern": ID_RE.pattern},
    "string": {"type": "string"},
    "boolean": {"type": "boolean"},
    "text": _ref("text"),
    "params": _ref("params"),
    "variants": {"type": "array", "items": _ref("variant")},
    "approval": _ref("approval"),
    "approver": _ref("approver"),
    "requirement-kind": {"enum": list(REQUIREMENT_KINDS)},
}


def _properties(fields: tuple[Key, ...], kinds: dict[str, JSONSchema]) -> JSONSchema:
    return {field.name: {**kinds[field.kind], "description": field.description} for field in fields}


def _clause(fields: tuple[Key, ...], kinds: dict[str, JSONSchema]) -> JSONSchema:
    return {
        "type": "object",
        "properties": _properties(fields, kinds),
        "required": ["id"],
        "additionalProperties": False,
        "not": {"required": ["after", "before"]},
        # A removed clause takes only id and remove.
        "if": {"properties": {"remove": {"const": True}}, "required": ["remove"]},
        "then": {"propertyNames": {"enum": ["id", "remove"]}},
    }


def role_schema(
    languages: tuple[str, ...] | None = None, reviewers: tuple[str, ...] | None = None
) -> JSONSchema:
    """The JSON Schema of a role file; texts need ``languages`` (any languages when None),
    ``approval.reviewers`` may name ``reviewers`` (any names when None)."""
    defs: JSONSchema = {"text": _text(languages)}
    kinds = dict(_KINDS)
    reviewer: JSONSchema = {"enum": list(reviewers)} if reviewers else {"type": "string"}
    kinds["reviewers"] = {"type": "array", "items": reviewer}
    for section in SECTIONS:
        kinds[f"items-{section}"] = {
            "type": "array",
            "items": _clause(clause_fields(section, True), kinds),
        }
    section_kinds = {}
    for section in SECTIONS:
        clause_kinds = {**kinds, "items": kinds[f"items-{section}"]}
        defs[f"clause-{section}"] = _clause(clause_fields(section, False), clause_kinds)
        section_kinds[section] = {"type": "array", "items": _ref(f"clause-{section}")}
    defs["params"] = {
        "type": "object",
        "propertyNames": {"pattern": PARAM_RE.pattern},
        "additionalProperties": _ref("text"),
    }
    defs["variant"] = {
        "type": "object",
        "properties": _properties(VARIANT_FIELDS, kinds),
        "required": ["id"],
        "additionalProperties": False,
    }
    defs["approver"] = {
        "type": "object",
        "properties": _properties(APPROVER_FIELDS, kinds),
        "additionalProperties": False,
    }
    defs["approval"] = {
        "type": "object",
        "properties": _properties(APPROVAL_FIELDS, kinds),
        "additionalProperties": False,
    }
    properties = {}
    for field in ROLE_FIELDS:
        shape = section_kinds[field.name] if field.kind == "clauses" else kinds[field.kind]
        properties[field.name] = {**shape, "description": field.description}
    return {
        "$schema": DIALECT,
        "title": "jdgen role file (roles/<id>.yaml)",
        "description": "One role of a jdgen document project; see docs/format.md.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": defs,
    }


def config_schema() -> JSONSchema:
    """The JSON Schema of ``jdgen.toml``."""
    properties: JSONSchema = {}
    required = []
    for dotted, declared in CONFIG_KEYS.items():
        value = {**declared.json, "description": declared.description}
        if "." in dotted:
            table, key = dotted.split(".", 1)
            entry = properties.setdefault(
                table, {"type": "object", "properties": {}, "additionalProperties": False}
            )
            entry["properties"][key] = value
        else:
            properties[dotted] = value
            if declared.required:
                required.append(dotted)
    return {
        "$schema": DIALECT,
        "title": "jdgen project configuration (jdgen.toml)",
        "description": "Settings of a jdgen document project; see docs/config.md.",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def schema_json(kind: str, config: ProjectConfig | None = None) -> str:
    """The ``role`` or ``config`` schema as JSON text (the role schema fitted to ``config``'s
    languages and reviewers when given)."""
    if kind == "config":
        schema = config_schema()
    elif config is None:
        schema = role_schema()
    else:
        schema = role_schema(config.languages, config.reviewers)
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
