"""The keys of a role file are declared once (jdgen.validate.spec): the typed models, the
validator and the JSON Schema agree with the declarations."""

from __future__ import annotations

import dataclasses

from jdgen.validate import schema
from jdgen.validate.jsonschema import role_schema
from jdgen.validate.model import ApprovalSpec, ClauseSpec, RoleSpec, VariantSpec
from jdgen.validate.spec import (
    APPROVAL_FIELDS,
    CLAUSE_FIELDS,
    FUNCTION_FIELD,
    KIND_FIELD,
    ROLE_FIELDS,
    SECTIONS,
    VARIANT_FIELDS,
    names,
)


def _fields(model: type) -> set[str]:
    return {f.name for f in dataclasses.fields(model)} - {"keypath"}


def test_the_models_hold_exactly_the_declared_keys():
    role = set(names(ROLE_FIELDS))
    assert _fields(RoleSpec) == (role - set(SECTIONS)) | {"source", "sections"}
    clause = {*names(CLAUSE_FIELDS), KIND_FIELD.name, FUNCTION_FIELD.name}
    assert _fields(ClauseSpec) == clause
    assert _fields(VariantSpec) == set(names(VARIANT_FIELDS))
    assert _fields(ApprovalSpec) == {"approver_post", "reviewers"}
    assert set(names(APPROVAL_FIELDS)) == {"approver", "reviewers"}


def test_the_validator_and_the_schema_read_the_declarations():
    assert names(ROLE_FIELDS) == schema.ROLE_KEYS
    assert names(CLAUSE_FIELDS) == schema.CLAUSE_KEYS
    assert names(VARIANT_FIELDS) == schema.VARIANT_KEYS
    assert tuple(role_schema()["properties"]) == names(ROLE_FIELDS)
