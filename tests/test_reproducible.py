"""Same sources, same bytes: in another folder, at another time, in another time zone, and
split into shards — with HarfBuzz subsetting and without it (fontTools), without
SOURCE_DATE_EPOCH. Each build runs in its own process (``tests/helpers/other_machine.py``
moves its clock and hides libharfbuzz-subset)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import CONFIG, REPO, write_project
from helpers.build_project import DOCS, ROLES
from jdgen.assets.templates import TemplateSet
from jdgen.publish.shard import shard_of
from jdgen.render.pdf import PdfEngine
from publish_support import context, make_document

PDF_CONFIG = CONFIG.replace('formats = ["html"]', 'formats = ["pdf", "docx"]')
FILES = sorted(f"{d}.th+en.{ext}" for d in DOCS for ext in ("pdf", "docx"))
THREE_DAYS_LATER = str(3 * 86400 + 17.25)

SUBSET_WARNING = (
    "jdgen: warning: libharfbuzz-subset is not installed, so WeasyPrint subsets the PDF "
    "fonts with fontTools: these PDFs are not byte-identical to PDFs of the same sources "
    "built where it is; install it (Debian/Ubuntu: apt-get install libharfbuzz-subset0; "
    "macOS: brew install harfbuzz)\n"
)


def jdgen(project: Path, *args: str, **env: str) -> str:
    """``jdgen build ARGS`` in a new process; its stderr (the build must succeed)."""
    base = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    path = os.pathsep.join([str(REPO / "src"), str(REPO / "tests" / "helpers")])
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jdgen",
            "--project",
            str(project),
            "build",
            "-j1",
            "--lang",
            "th+en",
            *args,
        ],
        env={**base, "PYTHONPATH": path, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def published(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".pdf", ".docx")
    }


@pytest.fixture(params=["harfbuzz", "fonttools"])
def machine(request: pytest.FixtureRequest) -> dict[str, str]:
    """How the fonts are subset: the environment of every build in the test."""
    return {} if request.param == "harfbuzz" else {"JDGEN_TEST_NO_HARFBUZZ_SUBSET": "1"}


def test_other_folders_clocks_time_zones_and_shards_give_the_same_bytes(tmp_path, machine):
    assert {shard_of(d, 2) for d in DOCS} == {1, 2}  # both shards have work
    first = write_project(tmp_path / "a", ROLES, PDF_CONFIG)
    said = jdgen(first, TZ="UTC", **machine)
    expected = published(first / "output")
    assert sorted(expected) == FILES

    second = write_project(tmp_path / "somewhere" / "else" / "entirely", ROLES, PDF_CONFIG)
    jdgen(second, TZ="Pacific/Kiritimati", JDGEN_TEST_CLOCK_SHIFT=THREE_DAYS_LATER, **machine)
    other = published(second / "output")
    assert [name for name in FILES if other[name] != expected[name]] == []
    assert (first / "output" / "manifest.json").read_bytes() == (
        second / "output" / "manifest.json"
    ).read_bytes()

    union: dict[str, bytes] = {}  # two CI runners, each with its own checkout and clock
    for k, shift in ((1, "5.5"), (2, "86400")):
        runner = write_project(tmp_path / f"runner-{k}" / "checkout", ROLES, PDF_CONFIG)
        jdgen(runner, "--shard", f"{k}/2", JDGEN_TEST_CLOCK_SHIFT=shift, **machine)
        part = published(runner / "output")
        assert part and not set(part) & set(union)
        union.update(part)
    assert sorted(union) == FILES
    assert [name for name in FILES if union[name] != expected[name]] == []
    assert (SUBSET_WARNING in said) == bool(machine)  # and the odd machine says so


def test_a_file_built_without_harfbuzz_subsetting_is_rebuilt_with_it(tmp_path):
    root = write_project(tmp_path / "p", {"clerk": ROLES["clerk"]}, PDF_CONFIG)
    jdgen(root, "--format", "pdf", JDGEN_TEST_NO_HARFBUZZ_SUBSET="1")
    without = (root / "output" / "clerk.th+en.pdf").read_bytes()
    said = jdgen(root, "--format", "pdf")
    assert said.splitlines()[-1].startswith("1 built, 0 unchanged")  # the key names the subsetter
    assert (root / "output" / "clerk.th+en.pdf").read_bytes() != without
    assert jdgen(root, "--format", "pdf").splitlines()[-1].startswith("0 built, 1 unchanged")


def test_no_warning_when_no_pdf_is_rendered(tmp_path):
    root = write_project(tmp_path / "p", {"clerk": ROLES["clerk"]}, PDF_CONFIG)
    said = jdgen(root, "--format", "docx", JDGEN_TEST_NO_HARFBUZZ_SUBSET="1")
    assert "warning" not in said


def link_targets(data: bytes) -> list[str]:
    """The URI of every link annotation in a PDF."""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def test_a_template_link_does_not_put_the_project_folder_into_the_pdf(tmp_path):
    package = TemplateSet(None).find("html/document.html.j2").read_text(encoding="utf-8")
    linked = package.replace(
        "<main>",
        '<main><p><a href="policy.html">policy</a> '
        '<a href="../docs/x.pdf">x</a> <a href="https://example.com/">e</a></p>',
    )
    rendered = []
    real = tmp_path / "c" / "ที่เก็บ แม่แบบ"  # a Thai name with a space: quoted in URLs
    (tmp_path / "c").mkdir()
    # the project's templates/ is a link to a folder of the same project (links out of the
    # project are refused: docs/trust.md)
    (tmp_path / "c" / "templates").symlink_to(real)
    for folder, made in (
        (tmp_path / "a" / "templates", tmp_path / "a" / "templates"),
        (tmp_path / "c" / "templates", real),
    ):
        (made / "html").mkdir(parents=True)
        (made / "html" / "document.html.j2").write_text(linked, encoding="utf-8")
        rendered.append(
            PdfEngine(TemplateSet(folder)).render(
                make_document(), ("en",), context(templates=folder)
            )
        )
    assert link_targets(rendered[0]) == ["policy.html", "../docs/x.pdf", "https://example.com/"]
    assert rendered[0] == rendered[1]
