"""The project is opened once: one template set per build, assets below the renderers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers.build_project import ROLES
from helpers.template_sets import count_template_sets
from jdgen.folders import ROLES as ROLES_FOLDER
from jdgen.project import Project, load_config, open_project

SRC = Path(__file__).resolve().parent.parent / "src" / "jdgen"
# Stages that must never need a renderer to run.
BELOW_RENDER = (
    "lint",
    "validate",
    "pipeline.py",
    "signoff",
    "assets",
    "project.py",
    "posts.py",
    "dates.py",
    "folders.py",
)


@pytest.mark.parametrize("extra", [(), ("--force",)])
def test_one_build_makes_one_template_set(make_project, run, monkeypatch, extra):
    root = make_project(ROLES)
    (root / "templates" / "labels").mkdir(parents=True)  # a project labels file: preflight
    en = (SRC / "templates" / "labels" / "en.toml").read_text(encoding="utf-8")
    (root / "templates" / "labels" / "en.toml").write_text(en, encoding="utf-8")
    made = count_template_sets(monkeypatch)
    result = run("build", "-j1", "--format", "html", *extra, project=root)
    assert result.exit_code == 0, result.stderr
    assert made == [root / "templates"]


def test_a_no_op_build_makes_one_template_set(make_project, run, monkeypatch):
    root = make_project(ROLES)
    assert run("build", "-j1", "--format", "html", project=root).exit_code == 0
    made = count_template_sets(monkeypatch)
    assert run("build", "-j1", "--format", "html", project=root).exit_code == 0
    assert len(made) == 1


def test_the_project_names_its_folders_and_reads_the_date_once(make_project, monkeypatch):
    root = make_project(ROLES)
    project = open_project(root)
    assert project.roles == root / ROLES_FOLDER and project.output == root / "output"
    assert project.signoffs == root / "signoffs" and project.templates == root / "templates"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = project.source_date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert project.source_date is first and first.text == "1700000000"
    assert project.assets.templates is project.assets.templates
    assert Project.of(load_config(root)).assets is not project.assets


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("part", BELOW_RENDER)
def test_stages_below_the_renderers_never_import_them(part):
    files = sorted((SRC / part).rglob("*.py")) if (SRC / part).is_dir() else [SRC / part]
    assert files
    for path in files:
        render = sorted(
            name
            for name in _imports(path)
            if name == "jdgen.render" or name.startswith("jdgen.render.")
        )
        assert not render, f"{path.relative_to(SRC)} imports {render}"
