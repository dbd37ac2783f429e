"""The CLI's exact output and exit codes for validate, --version and error paths."""

from __future__ import annotations

import json

import pytest

from conftest import BASE_ROLE, CONFIG
from jdgen import __version__
from jdgen.pipeline import analyse
from jdgen.project import load_config

FOREIGN = BASE_ROLE.replace("Searching for clients.", "Searching for foreign clients.")
BROKEN = BASE_ROLE.replace("responsibility:", "responsibilty:")


def test_validate_ok(make_project, run):
    result = run("validate", project=make_project())
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "ok: 1 role file(s), 1 document(s), 0 warning(s)\n",
    )


def test_validate_problems_text(make_project, run):
    result = run("validate", project=make_project({"am": BROKEN}))
    assert result.exit_code == 1
    assert result.stdout == (
        "roles/am.yaml:13:1: responsibilty: unknown key 'responsibilty'; "
        "did you mean 'responsibility'?\n"
    )
    assert result.stderr == "1 error(s), 0 warning(s)\n"


def test_validate_problems_json(make_project, run):
    result = run("validate", "--format", "json", project=make_project({"am": BROKEN}))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "valid": False,
        "errors": 1,
        "warnings": 0,
        "documents": [],
        "problems": [
            {
                "path": "roles/am.yaml",
                "line": 13,
                "col": 1,
                "key": "responsibilty",
                "message": "unknown key 'responsibilty'; did you mean 'responsibility'?",
                "severity": "error",
                "rule": None,
            }
        ],
    }
    assert result.stderr == ""


def test_validate_json_ok_lists_documents(make_project, run):
    result = run("validate", "--format", "json", project=make_project())
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "valid": True,
        "errors": 0,
        "warnings": 0,
        "documents": ["am"],
        "problems": [],
    }


def test_warning_passes_but_strict_fails(make_project, run):
    root = make_project({"am": FOREIGN})
    warning = (
        "roles/am.yaml:8:5: warning[foreign-language]: functions.search: 'search' "
        "involves foreign clients but no requirement names a foreign language; add one "
        "to requirements (kind: skills)\n"
    )
    relaxed = run("validate", project=root)
    assert (relaxed.exit_code, relaxed.stdout, relaxed.stderr) == (
        0,
        warning,
        "ok: 1 role file(s), 1 document(s), 1 warning(s)\n",
    )
    strict = run("validate", "--strict", project=root)
    assert (strict.exit_code, strict.stdout, strict.stderr) == (
        1,
        warning,
        "0 error(s), 1 warning(s) (warnings are errors under --strict)\n",
    )


def test_version(run):
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"jdgen, version {__version__}\n")


def test_missing_config_with_project(run, tmp_path):
    result = run("validate", project=tmp_path)
    assert result.exit_code == 1
    assert result.stderr == (
        f"jdgen: {tmp_path}: no jdgen.toml here; pass the folder that holds jdgen.toml\n"
    )


def test_missing_config_found_by_walking_up(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 1
    assert result.stderr == (
        f"jdgen: no jdgen.toml in {tmp_path.resolve()} or any folder "
        "above it; run jdgen inside a document project or pass "
        "--project DIR\n"
    )


def test_bad_config_key_suggests_the_known_one(make_project, run):
    root = make_project(config=CONFIG.replace("formats =", "fromats ="))
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert (
        result.stderr == "jdgen.toml:3:1: fromats: unknown key 'fromats'; did you mean 'formats'?\n"
    )


@pytest.mark.parametrize(
    ("output", "why"),
    [
        (".", "'.' is the project folder or holds it"),
        ("..", "'..' is the project folder or holds it"),
        ("roles", "'roles' is inside the project's roles/ folder"),
        ("out/../signoffs/pdf", "'out/../signoffs/pdf' is inside the project's signoffs/ folder"),
    ],
)
def test_an_output_folder_among_the_sources_is_refused(make_project, run, output, why):
    root = make_project(config=f'output = "{output}"\n' + CONFIG)
    for command in ("validate", "build"):
        result = run(command, project=root)
        assert (result.exit_code, result.stderr) == (
            1,
            f"jdgen.toml:1:1: output: {why}; publish into a folder of its own, for example "
            '"output"\n',
        ), command
    assert sorted(p.name for p in (root / "roles").iterdir()) == ["am.yaml"]


@pytest.mark.parametrize("output", ["/etc", "../published", "{tmp}/published"])
def test_an_output_folder_outside_the_project_is_refused(make_project, run, tmp_path, output):
    output = output.format(tmp=tmp_path)
    root = make_project(config=f'output = "{output}"\n' + CONFIG)
    for command in ("validate", "build"):
        result = run(command, project=root)
        assert (result.exit_code, result.stderr) == (
            1,
            f"jdgen.toml:1:1: output: {output!r} is outside the project folder; publish into "
            'a folder inside it, for example "output"\n',
        ), command
    assert not (tmp_path / "published").exists()


def test_an_absolute_output_folder_inside_the_project_is_fine(make_project, run, tmp_path):
    root = make_project(config=f'output = "{tmp_path / "project" / "published"}"\n' + CONFIG)
    assert run("build", "--format", "html", project=root).exit_code == 0
    assert (root / "published" / "manifest.json").is_file()


def test_unknown_build_id(make_project, run):
    result = run("build", "nope", "--format", "html", project=make_project())
    assert result.exit_code == 1
    assert "unknown document id(s): nope" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_refuses_invalid_input_and_writes_nothing(make_project, run):
    root = make_project({"am": BROKEN})
    result = run("build", "--format", "html", project=root)
    assert result.exit_code == 1
    assert result.stderr.endswith("jdgen: 1 error(s), 0 warning(s); nothing was written\n")
    assert not (root / "output").exists()


@pytest.fixture
def broken_pipeline(monkeypatch):
    def explode(config, accept, kept=None):
        raise RuntimeError("boom")

    monkeypatch.setattr("jdgen.cli.validate_cmd.analyse_each", explode)


def test_internal_error_has_no_traceback(make_project, run, broken_pipeline):
    result = run("validate", project=make_project())
    assert result.exit_code == 70
    assert result.stderr == (
        "jdgen: internal error (RuntimeError). This is a bug in jdgen, not in your files: run "
        "the same command again with --debug and send the traceback to the jdgen maintainers "
        "(CONTRIBUTING.md)\n"
    )


def test_internal_error_with_debug_shows_traceback(make_project, run, broken_pipeline):
    result = run("--debug", "validate", project=make_project())
    assert result.exit_code == 70
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith("RuntimeError: boom\n")


def test_a_loader_error_does_not_cascade_into_resolution_errors(make_project, run):
    root = make_project({"am": "title: x\ntitle: y\n"})
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert result.stdout == (
        "roles/am.yaml:2:1: title: duplicate key 'title' (first at line 1); YAML keeps only "
        "one of them, so merge the two\n"
    )


def test_a_clause_with_a_bad_id_still_has_its_text_checked(make_project, run):
    old = "  - id: search\n    text: {th: สรรหาลูกค้า, en: Searching for clients.}"
    role = BASE_ROLE.replace(old, "  - id: Search Clients\n    text: {th: สรรหาลูกค้า}")
    result = run("validate", project=make_project({"am": role}))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "roles/am.yaml:8:9: functions[0].id: 'Search Clients' is not a valid clause id "
        "(lowercase letters, digits, '.', '_', '-')",
        "roles/am.yaml:9:11: functions[0].text: missing translation: en; every text needs th, en",
    ]


def test_editions_must_use_project_languages(make_project, run):
    config = CONFIG.replace(
        'formats = ["html"]\n', 'formats = ["html"]\neditions = ["th", "th+fr"]\n'
    )
    result = run("validate", project=make_project(config=config))
    assert result.exit_code == 1
    assert result.stderr == (
        "jdgen.toml:4:1: editions: language 'fr' of edition 'th+fr' is not in languages\n"
    )


def test_editions_are_the_default_language_sets_of_build(make_project, run):
    config = CONFIG.replace('formats = ["html"]\n', 'formats = ["html"]\neditions = ["th+en"]\n')
    root = make_project(config=config)
    result = run("build", project=root)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (root / "output").glob("*.html")) == ["am.th+en.html"]


def test_unknown_placeholder_in_the_approver_post_stops_the_document(make_project):
    role = BASE_ROLE + 'approval:\n  approver:\n    post: "Head of ${nosuch}"\n'
    state = analyse(load_config(make_project({"am": role})))
    assert [d.id for d in state.documents] == []
    assert [p.message for p in state.errors] == [
        "unknown placeholder '${nosuch}' (th, en); known: ${organisation}"
    ]


def test_a_format_listed_twice_is_built_once(make_project, run):
    root = make_project(config=CONFIG.replace('formats = ["html"]', 'formats = ["html", "html"]'))
    result = run("build", "--lang", "th", project=root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("1 built, 0 unchanged")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_validate_streams_the_library_with_the_same_output(make_project, run, monkeypatch, fmt):
    """validate holds a bounded number of role specs (re-reading the others), like a build,
    and says exactly what the in-memory analysis says."""
    from helpers.build_project import ROLES
    from jdgen import pipeline
    from jdgen.validate.library import RoleLibrary

    roles = {**ROLES, "am": ROLES["am"].replace("Managing client", "Managing foreign client")}
    root = make_project(roles)
    whole = run("validate", "--format", fmt, project=root)
    reads: list[int] = []
    real = RoleLibrary.__getitem__

    def counted(self, role_id):  # type: ignore[no-untyped-def]
        before = self.reads
        spec = real(self, role_id)
        reads.append(self.reads - before)
        return spec

    monkeypatch.setattr(pipeline, "SPECS_KEPT", 1)
    monkeypatch.setattr(RoleLibrary, "__getitem__", counted)
    bounded = run("validate", "--format", fmt, project=root)
    assert sum(reads) >= len(roles) - 1  # files beyond the one kept were read again
    assert (bounded.exit_code, bounded.stdout, bounded.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )
    assert "foreign-language" in whole.stdout and whole.exit_code == 0
