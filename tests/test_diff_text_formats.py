"""Text redlines (term, md, html) as a lawyer reads them: printed numbers, section titles in
the document's languages, a base-role change shown once, and an HTML page that carries its
fonts."""

from __future__ import annotations

import base64
import io
import re
import shutil

import pytest
from fontTools.ttLib import TTFont

from conftest import REPO
from diff_helpers import clause, document
from jdgen.assets.templates import TemplateSet
from jdgen.diff import diff_sets
from jdgen.diff.formats import Options, writers
from jdgen.diff.formats.layout import shared_note

FIXTURES = REPO / "tests" / "fixtures" / "diff"
OLD = "tests/fixtures/diff/old/roles/office-base.yaml"
NEW = "tests/fixtures/diff/new/roles/office-base.yaml"
CLERK_OLD = "tests/fixtures/diff/old/roles/clerk.yaml"
CLERK_NEW = "tests/fixtures/diff/new/roles/clerk.yaml"
TEXT_FORMATS = ["term", "md", "html"]


@pytest.fixture
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def text(fmt: str, *docs, langs: tuple[str, ...] = (), templates=None) -> str:
    old, new = docs
    diff = diff_sets(old, new)
    return writers()[fmt](diff, Options(langs=langs, templates=templates)).decode()


# --- printed numbers and section titles ------------------------------------------------------


def _moved_pair():
    old = document(
        {
            "functions": [
                clause("a", "ก", "A"),
                clause("b", "ข", "B"),
                clause("c", "ค", "C", clause("x", "ฉ", "X")),
            ],
            "rights": [clause("r", "ร", "R")],
        }
    )
    new = document(
        {
            "functions": [
                clause("c", "ค", "C", clause("x", "ฉใหม่", "X new")),
                clause("a", "ก", "A"),
            ],
            "rights": [clause("r", "รใหม่", "R new")],
        }
    )
    return (old,), (new,)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_clauses_are_named_by_their_printed_number(fmt):
    out = text(fmt, *_moved_pair())
    assert "1.1, was 1.3 (id c)" in out  # moved: where it is and where it was
    assert "1.1.1 (id c.x)" in out  # a sub-clause's number in the new document
    assert "1.2 (id b)" in out  # removed: its old number
    assert "2.1 (id r)" in out


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_sections_and_header_fields_carry_their_titles_in_the_shown_languages(fmt):
    old, new = _moved_pair()
    out = text(fmt, old, new)
    assert "1. ภารกิจหลัก / Functions" in out and "2. สิทธิ / Rights" in out
    english = text(fmt, old, new, langs=("en",))
    assert "1. Functions" in english and "ภารกิจหลัก" not in english
    thai = text(fmt, old, new, langs=("th",))
    assert "1. ภารกิจหลัก" in thai and "Functions" not in thai
    for shown in (out, english, thai):
        assert "functions" not in shown.replace("Functions", "")  # no English key


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_header_fields_are_named_in_the_documents_languages(fmt):
    old = document({"functions": [clause("a", "ก", "A")]}, title=("เก่า", "Old"))
    new = document({"functions": [clause("a", "ก", "A")]}, title=("ใหม่", "New"))
    out = text(fmt, (old,), (new,))
    assert "ชื่อตำแหน่ง / Title" in out and "ส่วนหัวเอกสาร / Header" in out
    assert "ชื่อตำแหน่ง" not in text(fmt, (old,), (new,), langs=("en",))


def test_titles_come_from_the_project_s_labels(tmp_path):
    labels = tmp_path / "labels"
    labels.mkdir()
    package = REPO / "src" / "jdgen" / "templates" / "labels"
    shutil.copyfile(package / "th.toml", labels / "th.toml")
    english = (package / "en.toml").read_text("utf-8")
    (labels / "en.toml").write_text(
        re.sub(r'(?m)^functions = ".*"$', 'functions = "Main Duties"', english), "utf-8"
    )
    out = text("term", *_moved_pair(), templates=TemplateSet(tmp_path))
    assert "1. ภารกิจหลัก / Main Duties" in out


# --- a change in a base role, shown once -----------------------------------------------------


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_a_base_role_change_is_shown_once_with_the_documents_it_affects(in_repo, run, fmt):
    result = run("diff", OLD, NEW, "--format", fmt)
    assert result.exit_code == 1, result.stderr
    out = result.stdout
    assert out.count("รับโทรศัพท์") == 1 and out.count("Completes the work within") == 1
    affected = ("archivist", "receptionist--bangkok", "receptionist--phuket")
    shared = out[: out.index("ต้อนรับแขก")]
    assert all(doc in shared for doc in affected)
    assert "roles/office-base.yaml" in shared
    # each document says the base's changes are listed above, and keeps its own
    assert out.count("shared change") >= 1 and out.count("roles/office-base.yaml") >= 4
    assert "2.2 in archivist; 2.1 in receptionist--bangkok, receptionist--phuket" in out
    # a change that differs by variant (${site}) is listed per document
    assert out.count("ต้อนรับแขก") == 2


def test_the_note_of_shared_changes_agrees_with_its_number():
    assert shared_note(1, "x.yaml") == "The 1 shared change from x.yaml is listed above."
    assert shared_note(3, "x.yaml") == "The 3 shared changes from x.yaml are listed above."


def test_json_still_lists_every_change_of_every_document(in_repo, run):
    import json

    data = json.loads(run("diff", OLD, NEW, "--format", "json").stdout)
    for doc in data["documents"]:
        phones = next(c for c in doc["changes"] if c["clause"] == "phones")
        assert phones["number"] == ("2.2" if doc["id"] == "archivist" else "2.1")


def test_a_change_in_one_document_only_is_not_shared():
    a_old = document({"functions": [clause("a", "ก", "A")]}, doc_id="one")
    a_new = document({"functions": [clause("a", "กข", "A B")]}, doc_id="one")
    b = document({"functions": [clause("a", "ก", "A")]}, doc_id="two")
    out = text("term", (a_old, b), (a_new, b))
    assert "the same" not in out and "shared" not in out


# --- the HTML page carries its fonts ---------------------------------------------------------


def test_html_redline_embeds_its_fonts_as_data_urls(in_repo, run):
    page = run("diff", CLERK_OLD, CLERK_NEW, "--format", "html").stdout
    faces = re.findall(r"@font-face \{[^}]*\}", page)
    sarabun = [f for f in faces if 'font-family: "Sarabun"' in f]
    assert {re.search(r"font-weight: (\d+)", f).group(1) for f in sarabun} == {"400", "700"}
    for face in sarabun:
        data = re.search(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", face).group(1)
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        cmap = font.getBestCmap()
        assert all(ord(ch) in cmap for ch in "เจ้าหน้าที่ธุรการอาวุโส")  # Thai glyphs inside
    assert re.search(r"body \{ font-family: \"Sarabun\"", page)
    # the page loads nothing from anywhere: every url() is a data: URL
    assert all(u.startswith("data:") for u in re.findall(r"url\(([^)]*)\)", page))
    assert "<script" not in page and "src=" not in page and 'href="http' not in page
