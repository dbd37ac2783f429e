"""docs/config.md's table is the keys' own declarations (regenerate: python -m
jdgen.config_doc docs/config.md); every ProjectConfig field is set by one declared key."""

from __future__ import annotations

import dataclasses

from conftest import REPO
from jdgen.config_doc import BEGIN, END, reference, with_reference
from jdgen.config_spec import OPTIONS
from jdgen.project import ProjectConfig


def test_docs_config_md_matches_the_declarations():
    page = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    assert page.count(BEGIN) == 1 and page.count(END) == 1
    assert page == with_reference(page), "run: python -m jdgen.config_doc docs/config.md"


def test_the_reference_lists_every_key_once():
    text = reference()
    for option in OPTIONS:
        assert text.count(f"| `{option.key}` |") == 1


def test_every_config_field_is_one_keys():
    names = [option.field_name for option in OPTIONS]
    assert len(names) == len(set(names))
    assert set(names) == {f.name for f in dataclasses.fields(ProjectConfig)} - {"root"}


def test_the_configs_defaults_are_the_declared_ones(tmp_path):
    config = ProjectConfig(tmp_path, ("en",), {"en": "Org"})
    for option in OPTIONS:
        if not option.required:
            assert getattr(config, option.field_name) == option.default, option.key
    assert config.posts is not ProjectConfig(tmp_path, ("en",), {"en": "Org"}).posts
