"""``jdgen init`` from an empty folder, and the bundled library it can start from."""

from __future__ import annotations

import re
import tomllib

import pytest

from conftest import REPO
from jdgen.author.init import SKELETON
from jdgen.bundled import bundled_paths

NAMES = ("--organisation-th", "บริษัท ทดลอง จำกัด", "--organisation-en", "Trial Co., Ltd.")
FILES = [
    "jdgen.toml",
    "roles/staff-base.yaml",
    "roles/sales-manager.yaml",
    ".gitignore",
    ".jdgen/schema/role.schema.json",
    ".jdgen/schema/jdgen.toml.schema.json",
    ".vscode/settings.json",
    ".pre-commit-config.yaml",
    ".github/workflows/job-descriptions.yml",
    ".gitlab-ci.yml",
    ".gitattributes",
]


def tree(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_init_makes_a_project_that_validates_and_builds(run, tmp_path):
    folder = tmp_path / "hr"
    result = run("init", str(folder), *NAMES)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"created a document project in {folder}:\n"
        + "".join(f"  {name}\n" for name in FILES)
        + "next:\n"
        f"  cd {folder} && jdgen validate && jdgen build\n"
        '  git init && git config diff.jdgen.command "jdgen diff '
        '--git-external"\n  pre-commit install\n'
    )
    assert sorted(tree(folder)) == sorted(FILES)
    result = run("validate", "--strict", project=folder)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "ok: 2 role file(s), 1 document(s), 0 warning(s)\n"
    result = run("build", project=folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "output").iterdir() if p.name[0] != ".") == [
        "manifest.json",
        *(
            f"sales-manager.{lang}.{ext}"
            for lang in ("en", "th")
            for ext in ("docx", "html", "pdf")
        ),
    ]
    assert run("verify", project=folder).exit_code == 0


def test_init_in_the_current_folder_with_other_languages(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(
        "init",
        "--languages",
        "en,ru",
        "--organisation-en",
        "Trial Ltd",
        "--organisation",
        "ru=ООО «Проба»",
    )
    assert result.exit_code == 0, result.output
    assert "  jdgen validate && jdgen build\n" in result.stdout
    config = tomllib.loads((tmp_path / "jdgen.toml").read_text())
    assert config["languages"] == ["en", "ru"]
    assert config["organisation"] == {"en": "Trial Ltd", "ru": "ООО «Проба»"}
    assert "Менеджер по продажам" in (tmp_path / "roles" / "sales-manager.yaml").read_text()
    result = run("validate", "--strict", project=tmp_path)
    assert result.exit_code == 0, result.output


def test_init_from_the_library_extends_the_bundled_roles(run, tmp_path):
    folder = tmp_path / "hr"
    assert run("init", str(folder), "--from-library", *NAMES).exit_code == 0
    assert 'library = "bundled"' in (folder / "jdgen.toml").read_text()
    assert sorted(p.name for p in (folder / "roles").iterdir()) == ["regional-account-manager.yaml"]
    result = run("validate", "--strict", project=folder)
    assert result.exit_code == 0, result.output
    assert result.stderr == "ok: 12 role file(s), 1 document(s), 0 warning(s)\n"
    result = run("build", "--format", "html", project=folder)
    assert result.exit_code == 0, result.output
    html = (folder / "output" / "regional-account-manager.en.html").read_text()
    assert "Regional Account Manager" in html and "Regional Sales Director" in html
    assert "Organising client meetings in the region" in html  # the project's own clause
    assert "Analysing the market" in html  # inherited from the bundled account-manager


def test_init_asks_on_a_terminal(run, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from jdgen.cli import init_cmd, main

    monkeypatch.setattr(init_cmd, "interactive", lambda: True)
    result = CliRunner().invoke(
        main, ["init", str(tmp_path / "p")], input="th,en\nบริษัท ถาม จำกัด\nAsked Co.\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Languages (main first) [th,en]: th,en\n"
        "Organisation's name (th): บริษัท ถาม จำกัด\n"
        "Organisation's name (en): Asked Co.\n"
    )
    config = tomllib.loads((tmp_path / "p" / "jdgen.toml").read_text())
    assert config["organisation"] == {"th": "บริษัท ถาม จำกัด", "en": "Asked Co."}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--organisation-th", "ก"),
            "jdgen: give the organisation's name in every language "
            "(--organisation-en NAME); standard input is not a terminal, so jdgen cannot ask\n",
        ),
        (
            ("--languages", "th,EN", *NAMES),
            "jdgen: 'EN' is not a list of language codes like th,en\n",
        ),
        (("--languages", "th,th", *NAMES), "jdgen: a language is listed twice\n"),
        (
            ("--organisation", "ru", *NAMES),
            "jdgen: --organisation takes LANG=NAME, like ru=\"ООО Пример\", not 'ru'\n",
        ),
        (
            ("--organisation", "ru=ООО", *NAMES),
            "jdgen: an organisation name is given in ru, which is not among the languages\n",
        ),
        (
            (
                "--from-library",
                "--languages",
                "th,ru",
                "--organisation-th",
                "ก",
                "--organisation",
                "ru=ООО",
            ),
            "jdgen: the bundled library is written in th, en, not ru; choose among "
            "those languages or leave out --from-library\n",
        ),
    ],
)
def test_init_refuses_settings_no_project_could_use(run, tmp_path, args, message):
    result = run("init", str(tmp_path / "p"), *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert not (tmp_path / "p").exists()


def test_init_refuses_a_folder_that_holds_a_project(run, tmp_path):
    folder = tmp_path / "hr"
    assert run("init", str(folder), *NAMES).exit_code == 0
    (folder / "roles" / "sales-manager.yaml").write_text("# mine\n")
    before = tree(folder)
    for extra in ((), ("--force",)):
        result = run("init", str(folder), *NAMES, *extra)
        assert (result.exit_code, result.stderr) == (
            1,
            f"jdgen: {folder} already holds a document project (jdgen.toml); nothing was written\n",
        )
    (folder / "jdgen.toml").unlink()
    result = run("init", str(folder), *NAMES, "--force")
    assert (result.exit_code, result.stderr) == (
        1,
        f"jdgen: {folder}/roles already holds role files; nothing was written (add "
        "jdgen.toml by hand, or run jdgen init in an empty folder)\n",
    )
    del before["jdgen.toml"]
    assert tree(folder) == before


def test_init_never_replaces_a_users_file_without_force(run, tmp_path):
    (tmp_path / ".gitignore").write_text("*.bak\n")
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text("{}\n")
    result = run("init", str(tmp_path), *NAMES)
    assert (result.exit_code, result.stderr) == (
        1,
        f"jdgen: {tmp_path}: .gitignore, .vscode/settings.json already exist(s); nothing "
        "was written (pass --force to replace them)\n",
    )
    assert sorted(tree(tmp_path)) == [".gitignore", ".vscode/settings.json"]
    result = run("init", str(tmp_path), *NAMES, "--force")
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".gitignore").read_text() == "/output/\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".jdgen-new")]


def test_init_names_what_it_cannot_write(run, tmp_path):
    (tmp_path / "file").write_text("x")
    result = run("init", str(tmp_path / "file"), *NAMES)
    assert (result.exit_code, result.stderr) == (
        1,
        f"jdgen: cannot write into {tmp_path}/file: it is a file, not a folder\n",
    )
    result = run("init", str(tmp_path / "file" / "p"), *NAMES)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"jdgen: cannot write {tmp_path}/file/p: ")
    (tmp_path / ".gitignore").mkdir()
    result = run("init", str(tmp_path), *NAMES, "--force")
    assert (result.exit_code, result.stderr) == (
        1,
        f"jdgen: {tmp_path}: .gitignore is a folder where a file belongs; nothing was written\n",
    )


def test_the_ci_files_are_the_pipelines_of_docs_ci_md():
    blocks = re.findall(r"```yaml\n(.*?)```", (REPO / "docs" / "ci.md").read_text(), re.S)
    skeleton = REPO / "src" / "jdgen" / "author" / "skeleton"
    assert (skeleton / SKELETON[".github/workflows/job-descriptions.yml"]).read_text() == blocks[0]
    assert (skeleton / SKELETON[".gitlab-ci.yml"]).read_text() == blocks[1]


def test_the_bundled_library_is_the_repositorys_roles_and_ships_with_the_package():
    assert [p.name for p in bundled_paths()] == sorted(
        p.name for p in (REPO / "roles").glob("*.yaml")
    )
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "library/*.yaml" in pyproject["tool"]["setuptools"]["package-data"]["jdgen"]
    assert tomllib.loads((REPO / "jdgen.toml").read_text())["languages"] == ["th", "en"]


LIBRARY_CONFIG = """\
languages = ["th", "en"]
organisation = { th = "บริษัท ทดสอบ จำกัด", en = "Test Co., Ltd." }
library = "bundled"
formats = ["html"]

[approval]
approver = { th = "กรรมการผู้จัดการ", en = "Managing Director" }

[legal]
labour_law = { th = "กฎหมายแรงงาน", en = "the labour law" }
"""


def test_a_project_role_may_not_reuse_a_bundled_id(make_project, run):
    root = make_project({"account-manager": "extends: client-manager-base\n"}, LIBRARY_CONFIG)
    result = run("validate", project=root)
    assert (result.exit_code, result.stdout) == (
        1,
        (
            "roles/account-manager.yaml:1:1: role id 'account-manager' is also defined by "
            '<jdgen library>/account-manager.yaml (library = "bundled" in jdgen.toml); give '
            "this role an id of its own and extend that one\n"
        ),
    )


def test_bundled_parents_are_never_published_and_are_named_in_messages(make_project, run):
    root = make_project(
        {
            "mine": "extends: key-account-manager\n"
            "title: {th: ของฉัน, en: Mine}\n"
            "functions:\n  - id: key-accounts\n    remove: true\n"
        },
        LIBRARY_CONFIG.replace(
            '[legal]\nlabour_law = { th = "กฎหมายแรงงาน", en = "the labour law" }\n', ""
        ),
    )
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert (
        "<jdgen library>/client-manager-base.yaml:24:7: general_provisions.appointment: "
        "unknown placeholder '${labour_law}' (th, en); known: ${organisation}, "
        "${region}, ${supervisor}"
    ) in result.stdout.splitlines()
    root = make_project(
        {"mine": "extends: key-account-manager\ntitle: {th: ของฉัน, en: Mine}\n"}, LIBRARY_CONFIG
    )
    result = run("list", "--format", "json", project=root)
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in __import__("json").loads(result.stdout)["documents"]] == [
        "mine--bangkok",
        "mine--north",
    ]


def test_the_bundled_library_needs_its_languages(make_project, run):
    root = make_project(
        {"mine": "extends: account-manager\n"},
        LIBRARY_CONFIG.replace('["th", "en"]', '["th", "ru"]'),
    )
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert (
        "jdgen.toml:3:1: library: the bundled library is written in th, en, not ru; list "
        "only those languages or leave library out"
    ) in result.stderr
    result = run(
        "validate",
        project=make_project({}, LIBRARY_CONFIG.replace('library = "bundled"', 'library = "mine"')),
    )
    assert (
        'jdgen.toml:3:1: library: must be "bundled" (the role library that ships with '
        "jdgen), or left out"
    ) in result.stderr


def test_a_terminal_is_asked_only_for_what_is_missing(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from jdgen.cli import init_cmd, main

    monkeypatch.setattr(init_cmd, "interactive", lambda: True)
    result = CliRunner().invoke(
        main, ["init", str(tmp_path / "p"), "--organisation-th", "ก"], input="Asked Co.\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Organisation's name (en): Asked Co.\n")


@pytest.mark.parametrize("extra", [(), ("--from-library",)])
def test_the_schema_init_writes_accepts_its_own_roles(run, tmp_path, extra):
    import json

    import jsonschema
    import yaml

    folder = tmp_path / "p"
    assert run("init", str(folder), *NAMES, *extra).exit_code == 0
    schema = json.loads((folder / ".jdgen" / "schema" / "role.schema.json").read_text())
    for role in (folder / "roles").glob("*.yaml"):
        jsonschema.validate(
            yaml.safe_load(role.read_text()), schema, cls=jsonschema.Draft202012Validator
        )
    config_schema = json.loads(
        (folder / ".jdgen" / "schema" / "jdgen.toml.schema.json").read_text()
    )
    jsonschema.validate(
        tomllib.loads((folder / "jdgen.toml").read_text()),
        config_schema,
        cls=jsonschema.Draft202012Validator,
    )
    settings = json.loads((folder / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {
        "./.jdgen/schema/role.schema.json": ["roles/*.yaml", "roles/*.yml"]
    }
