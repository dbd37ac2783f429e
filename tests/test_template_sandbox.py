"""A project's templates cannot run code or read files outside the project (issue 19).

Templates run in Jinja's immutable sandbox, and every template file, labels file, font and
the project's ``templates/`` folder itself are refused when they are links that lead out of
the project (or the package).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jdgen.assets.templates import PACKAGE_TEMPLATES

DOCUMENT = (PACKAGE_TEMPLATES / "html" / "document.html.j2").read_text(encoding="utf-8")
LINE = DOCUMENT[: DOCUMENT.index("<body")].count("\n") + 1  # where the probes go


def with_body_prefix(snippet: str) -> str:
    """The package's document template with ``snippet`` put just before ``<body``."""
    return DOCUMENT.replace("<body", snippet + "<body", 1)


def write(root: Path, name: str, text: str) -> Path:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-OUTSIDE-THE-PROJECT", encoding="utf-8")
    return path


def outputs(project: Path) -> list[str]:
    """The published files (and manifest) in the output folder, not jdgen's own dot-files."""
    out = project / "output"
    return (
        sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []
    )


def test_a_template_cannot_run_a_shell_command(make_project, run):
    project = make_project()
    write(
        project,
        "html/document.html.j2",
        with_body_prefix('{{ cycler.__init__.__globals__.os.popen("echo PWNED").read() }}'),
    )
    for args in (["build"], ["build", "--check"]):
        result = run(*args, project=project)
        place = f"templates/html/document.html.j2:{LINE}"
        assert (result.exit_code, result.stderr) == (
            1,
            "".join(
                f"{place}: the template reads '{name}', which the template sandbox refuses "
                "(names starting with _ reach Python internals); use the values the template "
                "is given (docs/templates.md)\n"
                for name in ("__globals__", "__init__")
            ),
        ), args
    assert outputs(project) == []


@pytest.mark.parametrize(
    "probe",
    [
        '{{ doc|attr("__class__") }}',
        '{{ labels["__class__"] }}',
    ],
)
def test_underscore_names_are_refused_before_anything_is_written(make_project, run, probe):
    project = make_project()
    write(project, "html/document.html.j2", with_body_prefix(probe))
    result = run("build", project=project)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"templates/html/document.html.j2:{LINE}: the template reads '__class__'"
    )
    assert outputs(project) == []


def test_what_the_static_check_cannot_see_the_sandbox_refuses_while_rendering(make_project, run):
    project = make_project()
    # the attribute name is computed, so only the sandbox can refuse it
    write(
        project,
        "html/document.html.j2",
        with_body_prefix('{{ cycler|attr("_" ~ "_init_" ~ "_") }}'),
    )
    result = run("build", "-j1", project=project)
    assert result.exit_code == 1
    assert (
        f"FAILED am.th.html: templates/html/document.html.j2:{LINE}: access to attribute "
        "'__init__' of 'type' object is unsafe."
    ) in result.stderr
    assert [n for n in outputs(project) if n.endswith(".html")] == []


def test_a_template_cannot_change_the_values_it_is_given(make_project, run):
    project = make_project()
    write(project, "html/document.html.j2", with_body_prefix("{{ labels.clear() }}"))
    result = run("build", "-j1", project=project)
    assert result.exit_code == 1
    assert "access to attribute 'clear' of 'dict' object is unsafe" in result.stderr


def test_an_include_that_links_out_of_the_project_is_refused(make_project, run, secret):
    project = make_project()
    write(project, "html/document.html.j2", with_body_prefix('{% include "html/x.txt" %}'))
    os.symlink(secret, project / "templates" / "html" / "x.txt")
    for args in (["build"], ["build", "--check"]):
        result = run(*args, project=project)
        assert (result.exit_code, result.stderr) == (
            1,
            (
                f"templates/html/x.txt: is a link to {secret}, outside its templates folder; "
                "jdgen reads templates only from the project and from jdgen: copy the file into "
                "the project instead\n"
            ),
        ), args
    assert outputs(project) == []


def test_a_link_that_stays_inside_the_templates_folder_is_followed(make_project, run):
    project = make_project()
    write(project, "html/part.txt", "INSIDE-PART")
    write(project, "html/document.html.j2", with_body_prefix('{% include "html/link.txt" %}'))
    os.symlink(
        project / "templates" / "html" / "part.txt", project / "templates" / "html" / "link.txt"
    )
    result = run("build", project=project)
    assert result.exit_code == 0, result.stderr
    assert "INSIDE-PART" in (project / "output" / "am.en.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["labels/en.toml", "html/style.css", "html/document.html.j2", "fonts/Extra.ttf"]
)
def test_a_linked_template_file_is_refused(make_project, run, secret, name):
    project = make_project()
    link = project / "templates" / name
    link.parent.mkdir(parents=True)
    os.symlink(secret, link)
    result = run("build", "-j1", project=project)
    assert (result.exit_code, result.stderr) == (
        1,
        (
            f"templates/{name}: is a link to {secret}, outside its templates folder; jdgen "
            "reads templates only from the project and from jdgen: copy the file into the "
            "project instead\n"
        ),
    )
    assert outputs(project) == []
    assert "TOP-SECRET" not in result.stdout + result.stderr


def test_a_templates_folder_that_links_out_of_the_project_is_refused(make_project, run, tmp_path):
    project = make_project()
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "html").mkdir(parents=True)
    (elsewhere / "html" / "document.html.j2").write_text(with_body_prefix("FOREIGN"))
    os.symlink(elsewhere, project / "templates")
    result = run("build", project=project)
    assert (result.exit_code, result.stderr) == (
        1,
        (
            f"templates: is a link to {elsewhere}, outside the project; jdgen reads templates "
            "only from the project and from jdgen: copy the folder into the project instead\n"
        ),
    )
    assert outputs(project) == []


@pytest.mark.parametrize(
    "statement",
    [
        '{% extends "html/base.j2" %}',
        '{% import "html/base.j2" as base %}',
        '{% include "html/base.j2" %}',
    ],
)
def test_templates_a_template_uses_are_checked_too(make_project, run, statement):
    project = make_project()
    write(project, "html/base.j2", "<p>\n{{ doc.__class__ }}</p>\n")
    write(project, "html/document.html.j2", statement + "\n" + DOCUMENT)
    result = run("build", project=project)
    assert (result.exit_code, result.stderr) == (
        1,
        (
            "templates/html/base.j2:2: the template reads '__class__', which the template "
            "sandbox refuses (names starting with _ reach Python internals); use the values "
            "the template is given (docs/templates.md)\n"
        ),
    )
    assert outputs(project) == []


def test_a_linked_reference_docx_is_refused(make_project, run, secret):
    project = make_project()
    link = project / "templates" / "docx" / "reference.docx"
    link.parent.mkdir(parents=True)
    os.symlink(secret, link)
    result = run("build", "-j1", "--format", "docx", project=project)
    assert (result.exit_code, result.stderr) == (
        1,
        (
            f"templates/docx/reference.docx: is a link to {secret}, outside its templates "
            "folder; jdgen reads templates only from the project and from jdgen: copy the file "
            "into the project instead\n"
        ),
    )
    assert outputs(project) == []
