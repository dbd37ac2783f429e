"""``jdgen build`` on the command line: exact summaries, exit codes, failures and reports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import REPO
from helpers.build_project import ROLES, files_of, published
from helpers.slow_renderer import wrap
from jdgen.cli.build_cmd import failure_lines
from jdgen.publish.result import BuildResult, Outcome
from jdgen.render import formats


def timeless(text: str) -> str:
    return re.sub(r"in \d+\.\d\d s", "in T s", text)


@pytest.fixture
def project(make_project) -> Path:
    return make_project(ROLES)


def run_fresh(project: Path, *args: str, **env: str) -> tuple[int, str]:
    """``jdgen ARGS`` in a new process whose workers load ``tests/helpers/sitecustomize``
    (so ``JDGEN_TEST_RENDER_*`` in ``env`` reaches them); exit code and stderr."""
    path = os.pathsep.join([str(REPO / "src"), str(REPO / "tests" / "helpers")])
    proc = subprocess.run(
        [sys.executable, "-m", "jdgen", "--project", str(project), *args],
        env={**os.environ, "PYTHONPATH": path, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, proc.stderr


def test_first_build_then_noop_summary(project, run):
    result = run("build", "-j1", project=project)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (
        timeless(result.stderr)
        == "".join(
            f"[{i}/8] built {name}\n"
            for i, name in enumerate(
                [
                    "am.th.html",
                    "am.en.html",
                    "clerk.th.html",
                    "clerk.en.html",
                    "kam--north.th.html",
                    "kam--north.en.html",
                    "kam--south.th.html",
                    "kam--south.en.html",
                ],
                start=1,
            )
        )
        + "8 built, 0 unchanged, 0 removed, 0 failed in T s (output/)\n"
    )
    result = run("build", project=project)
    assert result.exit_code == 0
    assert timeless(result.stderr) == "0 built, 8 unchanged, 0 removed, 0 failed in T s (output/)\n"


def test_removed_role_summary(project, run):
    run("build", "-j1", project=project)
    (project / "roles" / "clerk.yaml").unlink()
    result = run("build", "-j1", project=project)
    assert result.exit_code == 0
    assert timeless(result.stderr) == "0 built, 6 unchanged, 2 removed, 0 failed in T s (output/)\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_failing_document_is_reported_and_others_build(project, run, tmp_path, jobs):
    assert run("build", "-j1", project=project).exit_code == 0
    out = project / "output"
    old = {name: (out / name).read_bytes() for name in files_of("clerk")}
    (project / "roles" / "base.yaml").write_text(ROLES["base"].replace("Sales", "Trade"))
    (project / "roles" / "clerk.yaml").write_text(ROLES["clerk"].replace("Filing", "Sorting"))
    report = tmp_path / "report.json"
    # Workers start clean (forkserver): the failure is installed in a fresh jdgen process.
    code, stderr = run_fresh(
        project, "build", "-j", jobs, "--report", str(report), JDGEN_TEST_RENDER_FAIL="clerk"
    )
    assert code == 1
    lines = timeless(stderr).splitlines()
    assert lines[-2:] == [  # one line per distinct failure, naming its files
        "6 built, 0 unchanged, 0 removed, 2 failed in T s (output/)",
        "jdgen: clerk.en.html, clerk.th.html: cannot render clerk: simulated renderer failure",
    ]
    assert "[1/8]" in lines[0] and len(lines) == 10
    # the previous good output stays, and stays listed with its old hash
    for name, data in old.items():
        assert (out / name).read_bytes() == data
    listed = {f["path"] for f in json.loads((out / "manifest.json").read_text())["files"]}
    assert set(files_of("clerk")) <= listed
    blob = json.loads(report.read_text())
    assert blob["summary"] | {"seconds": 0} == {
        "built": 6,
        "unchanged": 0,
        "removed": 0,
        "failed": 2,
        "seconds": 0,
    }
    failed = [f for f in blob["files"] if f["status"] == "failed"]
    assert [(f["path"], f["document"], f["message"]) for f in failed] == [
        ("clerk.en.html", "clerk", "cannot render clerk: simulated renderer failure"),
        ("clerk.th.html", "clerk", "cannot render clerk: simulated renderer failure"),
    ]
    # the next build retries only the failed files
    result = run("build", "-j1", project=project)
    assert result.exit_code == 0
    assert timeless(result.stderr).endswith(
        "2 built, 6 unchanged, 0 removed, 0 failed in T s (output/)\n"
    )


def test_junit_report_lists_each_file(project, run, monkeypatch, tmp_path):
    monkeypatch.setitem(
        formats.RENDERERS, "html", wrap(formats.RENDERERS["html"], fail=frozenset({"am"}))
    )
    report = tmp_path / "junit.xml"
    result = run(
        "build", "-j1", "--report", str(report), "--report-format", "junit", project=project
    )
    assert result.exit_code == 1
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("8", "2")
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    assert sorted(cases) == sorted(files_of("am", "clerk", "kam--north", "kam--south"))
    failure = cases["am.th.html"].find("failure")
    assert failure is not None and failure.get("message") == (
        "cannot render am: simulated renderer failure"
    )
    assert cases["am.th.html"].get("classname") == "am"
    assert cases["clerk.th.html"].find("failure") is None


def test_unexpected_exception_in_renderer_is_a_failed_file(project, run, monkeypatch):
    def broken(doc, langs, ctx):
        raise ValueError("boom")

    monkeypatch.setitem(formats.RENDERERS, "html", broken)
    result = run("build", "-j1", "clerk", project=project)
    assert result.exit_code == 1
    assert "jdgen: clerk.en.html, clerk.th.html: ValueError: boom" in result.stderr
    assert "Traceback" not in result.stderr
    assert published(project / "output") == []


def test_invalid_input_writes_nothing(make_project, run):
    root = make_project({**ROLES, "am": ROLES["am"].replace("extends: base", "extends: nobody")})
    result = run("build", project=root)
    assert result.exit_code == 1
    assert result.stderr.endswith("nothing was written\n")
    assert not (root / "output").exists()


def test_usage_errors(project, run, monkeypatch):
    result = run("build", "-j", "0", project=project)
    assert result.exit_code == 2
    monkeypatch.delitem(formats.RENDERERS, "pdf", raising=False)
    result = run("build", "--format", "pdf", project=project)
    assert result.exit_code == 2
    assert result.stderr.startswith("jdgen: format pdf cannot be rendered by this jdgen; ")
    result = run("build", "nobody", project=project)
    assert result.exit_code == 1
    assert result.stderr == "jdgen: unknown document id(s): nobody; `jdgen list` shows the ids\n"


def test_outputs_that_cannot_be_written_are_refused_before_the_build(project, run, tmp_path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    result = run("build", "--report", str(in_the_way / "r.json"), project=project)
    assert (result.exit_code, result.stderr) == (
        1,
        f"jdgen: cannot write {in_the_way}/r.json: {in_the_way} is a file, not a folder\n",
    )
    assert not (project / "output").exists()  # refused before anything was built
    (project / "output").write_text("")
    result = run("build", project=project)
    assert (result.exit_code, result.stderr) == (
        1,
        f"jdgen: cannot write {project}/output/manifest.json: {project}/output is a file, "
        "not a folder\n",
    )
    assert (project / "output").read_text() == ""


def test_check_refuses_options_it_cannot_apply(project, run, tmp_path):
    for extra in (["--report", str(tmp_path / "r.json")], ["--force"]):
        result = run("build", "--check", *extra, project=project)
        assert (result.exit_code, result.stderr) == (
            2,
            f"jdgen: --check writes and renders nothing, so {extra[0]} cannot apply; drop "
            "one of them\n",
        )
    assert not (tmp_path / "r.json").exists()


def test_strict_fails_on_lint_warnings(make_project, run):
    dup = ROLES["clerk"].replace(
        "  - id: filing\n    text: {th: จัดเก็บเอกสาร, en: Filing documents.}\n",
        "  - id: filing\n    text: {th: จัดเก็บเอกสาร, en: Filing documents.}\n"
        "  - id: filing2\n    text: {th: จัดเก็บเอกสาร, en: Filing documents.}\n",
    )
    root = make_project({**ROLES, "clerk": dup})
    assert run("build", "-j1", project=root).exit_code == 0
    result = run("build", "--strict", project=root)
    assert result.exit_code == 1
    assert "warning[duplicate-clause]" in result.stderr


def test_docs_show_the_current_help():
    from click.testing import CliRunner

    from conftest import REPO
    from jdgen.cli import main

    result = CliRunner().invoke(main, ["build", "--help"], prog_name="jdgen", terminal_width=80)
    docs = (REPO / "docs" / "build.md").read_text(encoding="utf-8")
    block = docs.split("<!-- help:build -->\n```\n", 1)[1].split("```\n<!-- /help:build", 1)[0]
    assert block == result.output


def test_terminal_progress_redraws_one_line_and_keeps_failures():
    import io

    from jdgen.publish.progress import Progress

    stream = io.StringIO()
    progress = Progress(stream, tty=True)
    progress.start(2)
    progress.advance("a.th.html")
    progress.advance("b.th.html", "boom")
    progress.finish()
    text = stream.getvalue()
    assert "\n" not in text.replace("FAILED b.th.html: boom\n", "")
    assert "FAILED b.th.html: boom\n" in text
    assert "\r[###############---------------] 1/2 a.th.html" in text
    assert text.endswith("\r" + " " * 80 + "\r")


def test_second_build_on_the_same_manifest_is_refused(project, run):
    import filelock

    (project / "output").mkdir()
    with filelock.FileLock(str(project / "output" / ".jdgen-lock")):
        result = run("build", "-j1", project=project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"jdgen: another jdgen build is writing "
        f"{project / 'output' / 'manifest.json'}; wait for it to finish "
        "(or build a different --shard)\n"
    )
    assert published(project / "output") == []


def test_failures_are_listed_once_per_message_naming_their_files():
    def failed(path: str, message: str) -> Outcome:
        return Outcome(path, path.split(".")[0], "th", "pdf", "failed", message)

    result = BuildResult(
        [failed(f"a{i}.th.pdf", "no glyph") for i in range(8)]
        + [Outcome("b.th.pdf", "b", "th", "pdf", "built"), failed("c.th.pdf", "boom")]
    )
    assert failure_lines(result) == [
        "jdgen: a0.th.pdf, a1.th.pdf, a2.th.pdf, a3.th.pdf, a4.th.pdf, a5.th.pdf and 2 more: "
        "no glyph",
        "jdgen: c.th.pdf: boom",
    ]


HEAVY = ("weasyprint", "docx", "fontTools", "jinja2", "pythainlp")
REPORT_IMPORTS = f"""
import sys
from jdgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r})))
"""


@pytest.mark.parametrize(
    ("command", "needed"),
    [
        (["build", "--format", "html"], []),  # up to date: nothing is rendered
        (["validate"], ["fontTools"]),  # the unprintable lint reads the fonts' character maps
        (["build", "--check", "--format", "html"], ["fontTools", "jinja2"]),  # + the template
    ],
)
def test_a_no_op_build_and_the_gates_import_no_renderer(project, run, command, needed):
    """Importing WeasyPrint alone takes about a second: a no-op build stays at a fifth of
    that (docs/performance.md), and CI gates pay only for what they check."""
    assert run("build", "-j1", "--format", "html", project=project).exit_code == 0
    assert heavy_imports(project, *command) == str(needed)


def test_a_no_op_build_opens_no_font_a_project_ships(project, run):
    """The fonts are part of the cache keys by their bytes; reading their character maps
    (fontTools) would add about 0.1 s to every no-op build."""
    from jdgen.assets.fonts import PACKAGE_FONTS

    fonts = project / "templates" / "fonts"
    fonts.mkdir(parents=True)
    (fonts / "Extra.ttf").write_bytes(PACKAGE_FONTS[0].path.read_bytes())
    assert run("build", "-j1", "--format", "html", project=project).exit_code == 0
    assert heavy_imports(project, "build", "--format", "html") == "[]"


def heavy_imports(project: Path, *command: str) -> str:
    """Which of :data:`HEAVY` ``jdgen --project PROJECT COMMAND`` imports, as a list's text."""
    proc = subprocess.run(
        [sys.executable, "-c", REPORT_IMPORTS, "--project", str(project), *command],
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout, proc.stderr
    return proc.stdout.splitlines()[-1]
