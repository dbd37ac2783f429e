"""``jdgen schema``: the JSON Schemas agree with the validator on the library and bad input."""

from __future__ import annotations

import json
import textwrap
import tomllib

import jsonschema
import pytest
import yaml

from conftest import BASE_ROLE, CONFIG, REPO
from jdgen.project import CONFIG_KEYS, load_config
from jdgen.validate.jsonschema import config_schema, role_schema, schema_json
from jdgen.validate.schema import ROLE_KEYS
from test_bad_input import CASES

LIBRARY = load_config(REPO)
ROLE_SCHEMA = role_schema(LIBRARY.languages, LIBRARY.reviewers)


def role_errors(text: str, schema: dict[str, object] = ROLE_SCHEMA) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [error.message for error in validator.iter_errors(yaml.safe_load(text))]


def test_the_schemas_are_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(ROLE_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(role_schema())
    jsonschema.Draft202012Validator.check_schema(config_schema())


@pytest.mark.parametrize("path", sorted((REPO / "roles").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_role_file_fits_the_schema(path):
    assert role_errors(path.read_text(encoding="utf-8")) == []
    assert role_errors(path.read_text(encoding="utf-8"), role_schema()) == []


def test_the_projects_config_fits_the_schema():
    for text in ((REPO / "jdgen.toml").read_text(encoding="utf-8"), CONFIG):
        jsonschema.validate(
            tomllib.loads(text), config_schema(), cls=jsonschema.Draft202012Validator
        )


def test_the_schema_knows_exactly_the_validators_keys():
    assert tuple(ROLE_SCHEMA["properties"]) == ROLE_KEYS
    declared = {key.split(".")[0] for key in CONFIG_KEYS}
    assert set(config_schema()["properties"]) == declared
    assert all(p["description"] for p in ROLE_SCHEMA["properties"].values())


# The corpus cases whose fault is in the file's own shape; the others need the library
# (inheritance, placeholders), the file's name, or the raw bytes, which a schema cannot see.
EXPRESSIBLE = {
    "unknown-key-suggestion",
    "unknown-clause-key",
    "wrong-type-text",
    "wrong-type-section",
    "wrong-type-abstract",
    "clause-without-id",
    "invalid-clause-id",
    "missing-translation",
    "unknown-language",
    "path-like-extends",
    "remove-with-text",
    "sub-sub-clause",
    "bad-requirement-kind",
    "top-level-list",
}


@pytest.mark.parametrize(
    ("name", "files"),
    [(n, f) for n, f, _ in CASES if n in EXPRESSIBLE],
    ids=sorted(EXPRESSIBLE, key=[n for n, _, _ in CASES].index),
)
def test_bad_input_the_schema_can_express_is_rejected(name, files):
    texts = [textwrap.dedent(text) for text in files.values() if isinstance(text, str)]
    assert any(role_errors(text) for text in texts), name


def test_the_corpus_base_role_and_more_bad_shapes():
    assert role_errors(BASE_ROLE) == []
    bad = {
        "after and before": BASE_ROLE + "evaluation:\n  - {id: a, text: x, after: b, before: c}\n",
        "empty text": BASE_ROLE + "purpose: {th: '', en: x}\n",
        "bad param name": BASE_ROLE + "params: {1x: y}\n",
        "variant without id": BASE_ROLE + "variants:\n  - params: {}\n",
        "unknown reviewer": BASE_ROLE + "approval: {reviewers: [cfo]}\n",
        "double dash role id": "extends: a--b\n",
    }
    for what, text in bad.items():
        assert role_errors(text), what


@pytest.mark.parametrize(
    "config",
    [
        CONFIG + "colour = 1\n",
        CONFIG.replace('languages = ["th", "en"]\n', ""),
        CONFIG.replace('formats = ["html"]', 'formats = ["odt"]'),
        CONFIG + "[limits]\nmax_nodes = 0\n",
        CONFIG + '[lint]\ndisable = ["no-such-rule"]\n',
        CONFIG.replace("[approval]\n", '[approval]\nreviewers = ["approver"]\n'),
    ],
)
def test_bad_configs_are_rejected(config):
    validator = jsonschema.Draft202012Validator(config_schema())
    assert list(validator.iter_errors(tomllib.loads(config)))


def test_schema_command_prints_or_writes_the_schema(run, make_project, tmp_path):
    root = make_project()
    result = run("schema", project=root)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["$defs"]["text"]["anyOf"][1]["required"] == ["th", "en"]
    assert result.stdout == schema_json("role", load_config(root))
    target = tmp_path / "config.schema.json"
    result = run("schema", "config", "-o", str(target), project=root)
    assert (result.exit_code, result.stderr) == (0, f"wrote {target}\n")
    assert json.loads(target.read_text()) == config_schema()


def test_schema_command_refuses_what_it_cannot_write(run, make_project, tmp_path):
    root = make_project()
    result = run("schema", "-o", str(tmp_path), project=root)
    assert result.exit_code == 2  # click: a folder is not a file
    (tmp_path / "file").write_text("x")
    result = run("schema", "-o", str(tmp_path / "file" / "s.json"), project=root)
    assert (result.exit_code, result.stderr) == (
        1,
        f"jdgen: cannot write {tmp_path}/file/s.json: {tmp_path}/file is a file, not a folder\n",
    )
