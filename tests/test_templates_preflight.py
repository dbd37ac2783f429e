"""A broken project template stops the build before it renders or changes anything, with
the file (and line) named, instead of failing every document or the render pool."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.build_project import ROLES, published


@pytest.fixture
def project(make_project) -> Path:
    return make_project(ROLES)


def write(root: Path, name: str, data: str | bytes) -> None:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


BROKEN = {
    "html/document.html.j2": "<html>\n{% if %}\n",
    "labels/en.toml": "a = 1\nb = = 2\n",
    "docx/reference.docx": b"not a zip",
}
MESSAGES = {
    "html/document.html.j2": "templates/html/document.html.j2:2: template syntax error: "
    "Expected an expression, got 'end of statement block'; fix the "
    "template, or remove it to use jdgen's",
    "labels/en.toml": "templates/labels/en.toml:2:5: not a TOML labels file (Invalid value); "
    "fix it, or remove it to use jdgen's labels",
    "docx/reference.docx": "templates/docx/reference.docx: not a Word document jdgen can open "
    "(BadZipFile: File is not a zip file); save it again from Word or "
    "LibreOffice as .docx, or remove it to use jdgen's",
}


def test_every_broken_template_is_named_and_nothing_changes(project, run):
    assert run("build", "-j1", "--format", "html,docx", project=project).exit_code == 0
    out = project / "output"
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (project / "roles" / "clerk.yaml").write_text(ROLES["clerk"].replace("Filing", "Sorting"))
    for name, data in BROKEN.items():
        write(project, name, data)
    for args in (["build", "-j1"], ["build", "--check"]):
        result = run(*args, "--format", "html,docx", project=project)
        assert (result.exit_code, result.stderr) == (
            1,
            "".join(f"{MESSAGES[n]}\n" for n in sorted(MESSAGES)),
        ), args
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after.keys() == before.keys()
    assert all(after[n] == before[n] for n in published(out))
    assert after["manifest.json"] == before["manifest.json"]


def test_only_the_templates_the_build_needs_are_checked(project, run):
    write(project, "docx/reference.docx", BROKEN["docx/reference.docx"])
    result = run("build", "-j1", "--format", "html", project=project)
    assert result.exit_code == 0
    write(project, "labels/en.toml", BROKEN["labels/en.toml"])
    assert (
        run("build", "-j1", "--format", "html", "--lang", "th", project=project).exit_code == 0
    )  # up to date: nothing to render, nothing checked
    assert (
        run(
            "build", "-j1", "--format", "html", "--lang", "th", "--force", project=project
        ).exit_code
        == 0
    )  # Thai only: the English labels are not read


def test_a_labels_file_missing_labels_names_them(project, run):
    shipped = (Path(__file__).parent.parent / "src/jdgen/templates/labels/en.toml").read_text(
        encoding="utf-8"
    )
    kept = "\n".join(
        line for line in shipped.splitlines() if not line.startswith(("kind =", "number ="))
    )
    write(project, "labels/en.toml", kept)
    result = run("build", "-j1", "--format", "html", "--lang", "en", project=project)
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/labels/en.toml: ")
    assert "label(s) missing: " in result.stderr and "document.kind" in result.stderr
    assert result.stderr.endswith(
        "a project's labels file replaces jdgen's, so copy jdgen's "
        "labels/en.toml and change what you need\n"
    )
    assert published(project / "output") == []


def test_what_weasyprint_ignores_in_the_project_stylesheet_is_a_warning(project, run):
    shipped = (Path(__file__).parent.parent / "src/jdgen/templates/html/style.css").read_text(
        encoding="utf-8"
    )
    write(project, "html/style.css", shipped + "h1 { colr: red; margin: 2x; }\n")
    lines = len(shipped.splitlines()) + 1
    for args in (["build", "-j1", "clerk"], ["build", "--check", "clerk"]):
        result = run(*args, "--format", "pdf", "--lang", "th", project=project)
        assert result.exit_code == 0, args
        assert [line for line in result.stderr.splitlines() if "warning" in line] == [
            f"templates/html/style.css:{lines}:6: warning: WeasyPrint ignores `colr: red` "
            "(unknown property); the PDF is set without it",
            f"templates/html/style.css:{lines}:17: warning: WeasyPrint ignores `margin: 2x` "
            "(invalid value); the PDF is set without it",
        ], args
    assert published(project / "output") == ["clerk.th.pdf"]


def test_a_template_failing_while_rendering_names_its_line(project, run):
    shipped = (
        (Path(__file__).parent.parent / "src/jdgen/templates/html/document.html.j2")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    body = next(i for i, line in enumerate(shipped) if line.startswith("<body"))
    shipped.insert(body + 1, "{{ labels.nosuch.deeper }}")
    write(project, "html/document.html.j2", "\n".join(shipped) + "\n")
    result = run("build", "-j1", "clerk", "--format", "html", "--lang", "th", project=project)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"jdgen: clerk.th.html: templates/html/document.html.j2:{body + 2}: 'dict object' has "
        "no attribute 'nosuch'; fix the template (it failed on this document)"
    )


def test_a_language_jdgen_has_no_labels_for_says_what_to_add(make_project, run):
    from conftest import BASE_ROLE, CONFIG

    config = CONFIG.replace('"en"', '"de"').replace("en =", "de =")
    role = BASE_ROLE.replace("en:", "de:")
    root = make_project({"am": role}, config=config)
    result = run("build", "-j1", "--format", "html", project=root)
    assert (result.exit_code, result.stderr) == (
        1,
        "templates/labels/de.toml: jdgen has no labels for 'de' (it ships en, ru, th): copy "
        "jdgen's labels/en.toml to templates/labels/de.toml and translate it\n",
    )
