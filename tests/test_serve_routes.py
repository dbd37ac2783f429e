"""``jdgen serve`` routes, through Starlette's TestClient."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from conftest import BASE_ROLE, REPO, MakeProject
from jdgen.project import load_project
from jdgen.serve.events import changed_roles, relevant
from jdgen.serve.preview import PreviewStore, check_role_text
from jdgen.serve.workspace import Conflict, Saved, Workspace
from serve_helpers import WRITE, client

CHILD = """\
extends: am
title: {th: ผู้จัดการลูกค้ารายใหญ่, en: Key Account Manager}
variants:
  - id: north
    params: {region: {th: ภาคเหนือ, en: the North}}
  - id: south
    params: {region: {th: ภาคใต้, en: the South}}
functions:
  - id: key
    text: {th: "ดูแลลูกค้าใน${region}", en: "Managing clients in ${region}."}
"""


def library(make_project: MakeProject) -> Path:
    return make_project({"am": BASE_ROLE, "kam": CHILD})


def test_catalogue_lists_every_document(make_project: MakeProject) -> None:
    with client(library(make_project)) as browser:
        page = browser.get("/").text
    for doc in ("am", "kam--north", "kam--south"):
        assert f'<a href="/doc/{doc}">{doc}</a>' in page
    assert "Key Account Manager" in page and "ผู้จัดการลูกค้ารายใหญ่" in page
    assert "north, south" in page  # variants
    assert '<td><a href="/edit/am">am</a></td>' in page  # the parent, opened in the editor
    assert "th, en" in page
    assert "3 / 3" in page


def test_catalogue_search_and_status_filter(make_project: MakeProject) -> None:
    with client(library(make_project)) as browser:
        found = browser.get("/?q=KEY+account").text
        assert "3 / 3" not in found and "2 / 3" in found
        thai = browser.get("/?q=ผู้จัดการลูกค้ารายใหญ่").text
        assert "2 / 3" in thai
        assert "3 / 3" in browser.get("/?status=draft").text
        assert "0 / 3" in browser.get("/?status=approved").text
        assert "3 / 3" in browser.get("/?status=bogus").text  # an unknown status: no filter


def test_catalogue_links_problems_to_their_lines(make_project: MakeProject) -> None:
    root = make_project({"am": BASE_ROLE + "colour: blue\n"})
    with client(root) as browser:
        page = browser.get("/").text
    assert '<a href="/edit/am?line=16&amp;col=1">roles/am.yaml:16:1</a>' in page
    assert "unknown key &#39;colour&#39;" in page


def test_catalogue_labels_in_thai_and_english(make_project: MakeProject) -> None:
    with client(make_project(), ui=None) as browser:
        assert "ทะเบียนเอกสาร" in browser.get("/").text  # the project's first language
        switched = browser.get("/ui/en?next=/doc/am", follow_redirects=False)
        assert switched.status_code == 303 and switched.headers["location"] == "/doc/am"
        assert "Catalogue" in browser.get("/").text
        assert (
            browser.get("/ui/en?next=//evil.example", follow_redirects=False).headers["location"]
            == "/"
        )


def test_document_page_and_editions(make_project: MakeProject) -> None:
    with client(library(make_project)) as browser:
        page = browser.get("/doc/kam--north?lang=en").text
        assert 'src="/doc/kam--north/render?lang=en"' in page
        assert 'href="/doc/kam--north?lang=th+en"' in page
        assert "lawyer, hr, supervisor, approver" in page  # still to sign
        rendered = browser.get("/doc/kam--north/render?lang=th+en").text
        assert "Managing clients in the North." in rendered
        assert "ดูแลลูกค้าในภาคเหนือ" in rendered
        assert "@font-face" in rendered  # Thai fonts embedded, as in jdgen build
        assert browser.get("/doc/kam--north/render?lang=fr").status_code == 400
        assert browser.get("/doc/nothing").status_code == 404
        assert browser.get("/doc/kam/render").status_code == 404


def test_downloads_are_built_by_the_build(make_project: MakeProject) -> None:
    root = make_project()
    with client(root) as browser:
        docx = browser.get("/doc/am/download/th+en.docx")
        assert docx.status_code == 200
        assert docx.headers["content-disposition"] == 'attachment; filename="am.th%2Ben.docx"'
        assert zipfile.ZipFile(io.BytesIO(docx.content)).testzip() is None
        assert (root / "output" / "am.th+en.docx").read_bytes() == docx.content
        assert "am.th+en.docx" in (root / "output" / "manifest.json").read_text("utf-8")
        assert browser.get("/doc/am/download/th.html").status_code == 400


def test_downloads_when_another_role_is_broken(make_project: MakeProject) -> None:
    root = make_project({"am": BASE_ROLE, "bad": "title: [\n"})
    with client(root) as browser:
        docx = browser.get("/doc/am/download/en.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert not (root / "output").exists()  # the build refuses a broken project


def test_check_reports_errors_at_line_and_column(make_project: MakeProject) -> None:
    with client(make_project()) as browser:
        text = BASE_ROLE.replace("  - id: search", "  - id: Search!")
        result = browser.post("/api/check/am", json={"text": text}, headers=WRITE).json()
    assert result["preview"] is None and result["documents"] == []
    [problem] = result["problems"]
    assert (problem["path"], problem["line"], problem["col"]) == ("roles/am.yaml", 8, 9)
    assert problem["where"] == "roles/am.yaml:8:9" and problem["role"] == "am"
    assert problem["rest"].startswith("functions[0].id:")


def test_preview_follows_the_unsaved_text(make_project: MakeProject) -> None:
    root = make_project()
    with client(root) as browser:
        text = BASE_ROLE.replace("Searching for clients.", "Finding new clients.")
        result = browser.post(
            "/api/check/am", json={"text": text, "lang": "en"}, headers=WRITE
        ).json()
        assert result["problems"] == [] and result["documents"] == ["am"]
        preview = browser.get(result["preview"])
        assert "Finding new clients." in preview.text
        assert preview.headers["content-security-policy"].startswith("default-src 'none'")
        assert browser.get("/preview/nothing-kept").status_code == 404
    assert "Searching for clients." in (root / "roles" / "am.yaml").read_text("utf-8")


def test_preview_of_a_child_uses_its_parent_from_disk(make_project: MakeProject) -> None:
    root = library(make_project)
    checked = check_role_text(
        load_project(root),
        root / "roles" / "kam.yaml",
        CHILD.replace("the South", "the Deep South"),
    )
    assert [d.id for d in checked.documents] == ["kam--north", "kam--south"]
    (root / "roles" / "am.yaml").write_text("title: [\n", encoding="utf-8")
    broken_parent = check_role_text(load_project(root), root / "roles" / "kam.yaml", CHILD)
    assert broken_parent.documents == ()
    assert [p.location.path for p in broken_parent.problems] == ["roles/am.yaml"]


def test_save_and_conflict(make_project: MakeProject) -> None:
    root = make_project()
    path = root / "roles" / "am.yaml"
    with client(root) as browser:
        opened = browser.get("/api/role/am").json()
        mine = opened["text"].replace("Searching", "Looking")
        saved = browser.post(
            "/api/save/am", json={"text": mine, "version": opened["version"]}, headers=WRITE
        )
        assert saved.status_code == 200
        assert path.read_text("utf-8") == mine
        path.write_text(mine.replace("Looking", "Hunting"), encoding="utf-8")  # git pull
        again = browser.post(
            "/api/save/am",
            json={"text": mine + "# more\n", "version": saved.json()["version"]},
            headers=WRITE,
        )
        assert again.status_code == 409
        conflict = again.json()
        assert "-    text: {th: สรรหาลูกค้า, en: Hunting for clients.}" in conflict["diff"]
        assert "+    text: {th: สรรหาลูกค้า, en: Looking for clients.}" in conflict["diff"]
        assert "+# more" in conflict["diff"]
        assert "Hunting" in path.read_text("utf-8")  # nothing overwritten
        forced = browser.post(
            "/api/save/am", json={"text": mine, "version": conflict["version"]}, headers=WRITE
        )
        assert forced.status_code == 200 and path.read_text("utf-8") == mine


def test_workspace_saves_atomically_and_only_role_files(make_project: MakeProject) -> None:
    root = make_project()
    workspace = Workspace(load_project(root))
    role = workspace.read_role("am")
    assert isinstance(workspace.save_role("am", "a: 1\n", role.version), Saved)
    assert isinstance(workspace.save_role("am", "a: 2\n", role.version), Conflict)
    assert [p.name for p in (root / "roles").iterdir()] == ["am.yaml"]  # no temp left


def _sign(browser, doc: str, role: str, name: str, post: str | None = None) -> dict:
    body = {"role": role, "name": name, "date": "2024-05-01"}
    if post:
        body["post"] = post
    return browser.post(f"/api/sign/{doc}", json=body, headers=WRITE).json()


def test_sign_off_through_the_ledger(make_project: MakeProject, run) -> None:
    root = make_project()
    with client(root) as browser:
        refused = _sign(browser, "am", "approver", "Dr. Somchai")
        assert refused == {
            "error": "cannot sign am as approver: the approver signs last, after "
            "lawyer, hr, supervisor; still to sign this content: lawyer, "
            "hr, supervisor"
        }
        done = _sign(browser, "am", "lawyer", "Ms. Lawyer")  # the post from the labels
        assert done == {
            "lines": [
                "signed am as lawyer: Ms. Lawyer (นิติกร / Legal Counsel), 2024-05-01; entry 1 of "
                "signoffs/am.yaml",
                "am: in-review; still to sign: hr, supervisor, approver",
            ]
        }
        twice = _sign(browser, "am", "lawyer", "Ms. Lawyer", "Legal Counsel")
        assert twice["error"].startswith("cannot sign am as lawyer: lawyer already signed")
        _sign(browser, "am", "hr", "Mr. HR", "HR Manager")
        _sign(browser, "am", "supervisor", "Mr. Boss")
        approved = _sign(browser, "am", "approver", "Dr. Somchai")
        assert approved["lines"][1] == "am: approved, revision 1 (2024-05-01)"
        assert "approved" in browser.get("/?status=approved").text
        assert _sign(browser, "nothing", "hr", "X", "Y")["error"].startswith(
            "cannot sign nothing: no such document"
        )
    status = run("status", project=root)
    assert "approved" in status.output + status.stderr


def test_changes_since_approval(make_project: MakeProject) -> None:
    root = make_project()
    with client(root) as browser:
        assert "never been approved" in browser.get("/doc/am/changes").text
        for role, name, post in (
            ("lawyer", "L", "Counsel"),
            ("hr", "H", "HR"),
            ("supervisor", "S", None),
            ("approver", "A", None),
        ):
            assert "lines" in _sign(browser, "am", role, name, post)
        path = root / "roles" / "am.yaml"
        path.write_text(
            path.read_text("utf-8").replace("Searching for clients.", "Searching for new clients."),
            encoding="utf-8",
        )
        browser.app.jdgen.workspace.refresh()  # type: ignore[attr-defined]
        assert "stale" in browser.get("/?status=stale").text
        page = browser.get("/doc/am/changes").text
        assert 'src="/doc/am/changes.html"' in page
        redline = browser.get("/doc/am/changes.html").text
        assert "<ins>new </ins>" in redline or "<ins>new</ins>" in redline
        assert "approved revision 1 (2024-05-01)" in redline
        assert "@font-face" in redline  # Thai shows on a machine without a Thai font
        docx = browser.get("/doc/am/changes.docx")
        assert docx.status_code == 200
        body = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml")
        assert b"<w:ins " in body
        assert browser.get("/doc/am/changes.exe").status_code == 404


def test_the_watcher_refreshes_after_an_outside_edit(make_project: MakeProject) -> None:
    root = make_project()
    with client(root, watch=True) as browser:
        state = browser.app.jdgen  # type: ignore[attr-defined]
        first = state.workspace.snapshot.generation
        time.sleep(0.3)  # the watcher is set up
        path = root / "roles" / "am.yaml"
        path.write_text(BASE_ROLE.replace("Account Manager", "Client Manager"), "utf-8")
        deadline = time.monotonic() + 20
        while state.workspace.snapshot.generation == first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Client Manager" in browser.get("/").text


def test_watch_filter() -> None:
    root = Path("/p")
    keep = relevant(root)
    assert keep(None, "/p/roles/am.yaml")  # type: ignore[arg-type]
    assert keep(None, "/p/jdgen.toml")  # type: ignore[arg-type]
    assert keep(None, "/p/signoffs/am.yaml")  # type: ignore[arg-type]
    assert not keep(None, "/p/output/am.th.pdf")  # type: ignore[arg-type]
    assert not keep(None, "/p/roles/.am.yaml.x1.tmp")  # type: ignore[arg-type]
    assert not keep(None, "/elsewhere/roles/am.yaml")  # type: ignore[arg-type]
    assert changed_roles(
        root, ["/p/roles/am.yaml", "/p/signoffs/am.yaml", "/p/roles/x/y.yaml"]
    ) == ["am"]


def test_preview_store_stays_bounded() -> None:
    store = PreviewStore(3)
    for n in range(10):
        store.put(str(n), "page")
    assert len(store) == 3 and store.get("9") == "page" and store.get("0") is None


def test_jdgen_serve_runs_until_ctrl_c(make_project: MakeProject) -> None:
    import os
    import re
    import signal
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    root = make_project()
    process = subprocess.Popen(
        [sys.executable, "-m", "jdgen", "--project", str(root), "serve", "--port", "0"],
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        found = re.search(r"open (http://127\.0\.0\.1:\d+/)\?token=\S+$", first)
        assert found, first
        try:
            urllib.request.urlopen(found.group(1), timeout=30)
            raise AssertionError("served without the token")
        except urllib.error.HTTPError as err:
            assert err.code == 403
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        opened = browser.open(first.split("open ")[1].strip(), timeout=30)  # cookie, then /
        assert opened.status == 200 and b"am" in opened.read()
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        assert process.wait(30) == 0
        assert rest.endswith("jdgen serve: stopped\n") and "Traceback" not in rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_new_role_from_a_parent(make_project: MakeProject) -> None:
    root = make_project()
    with client(root) as browser:
        page = browser.get("/").text
        assert '<form id="new-role"' in page and '<option value="am">am</option>' in page
        made = browser.post(
            "/api/new",
            json={
                "id": "key-am",
                "extends": "am",
                "title_th": "ผู้จัดการลูกค้ารายใหญ่",
                "title_en": "Key Account Manager",
            },
            headers=WRITE,
        )
        assert made.status_code == 201
        assert made.json() == {"created": "key-am.yaml", "edit": "/edit/key-am"}
        text = (root / "roles" / "key-am.yaml").read_text("utf-8")
        assert "extends: am" in text and "Key Account Manager" in text
        assert browser.get("/edit/key-am").status_code == 200
        assert "key-am" in browser.get("/").text  # the catalogue knows it at once
        again = browser.post("/api/new", json={"id": "key-am", "extends": "am"}, headers=WRITE)
        assert again.status_code == 422
        assert again.json() == {
            "error": "roles/key-am.yaml already exists; nothing was "
            "written (pass --force to replace it)"
        }
        orphan = browser.post("/api/new", json={"id": "x", "extends": "nope"}, headers=WRITE)
        assert orphan.status_code == 404
        assert orphan.json() == {"error": "no role 'nope' to extend; `jdgen list` shows the roles"}
    assert sorted(p.name for p in (root / "roles").iterdir()) == ["am.yaml", "key-am.yaml"]
