"""``jdgen serve`` security: each test fails when its safeguard is taken away."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BASE_ROLE, MakeProject
from jdgen.cli import main
from jdgen.project import load_project
from jdgen.serve import server
from serve_helpers import COOKIE, CSRF, HOSTILE_ROLE, TOKEN, WRITE, client


def test_binds_loopback_by_default(make_project: MakeProject) -> None:
    served = server.prepare(load_project(make_project()), port=0)
    try:
        assert served.sock.getsockname()[0] == "127.0.0.1"
        assert served.warning is None
        assert served.url.startswith(f"http://127.0.0.1:{served.port}/?token=")
    finally:
        served.sock.close()


def test_cli_default_host_and_warning_for_another(
    make_project: MakeProject, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fake_run(self: server.Served) -> None:
        seen.append(self.sock.getsockname()[0])
        self.sock.close()

    monkeypatch.setattr(server.Served, "run", fake_run)
    project = make_project()
    quiet = run("serve", "--port", "0", project=project)
    assert quiet.exit_code == 0
    assert "warning" not in quiet.stderr
    assert re.search(r"open http://127\.0\.0\.1:\d+/\?token=[\w-]{40,}", quiet.stderr)
    loud = run("serve", "--host", "0.0.0.0", "--port", "0", project=project)
    assert loud.exit_code == 0
    assert "jdgen serve: warning: listening on 0.0.0.0, not only on this computer" in loud.stderr
    assert seen == ["127.0.0.1", "0.0.0.0"]
    assert main.get_command(None, "serve").params[0].default == "127.0.0.1"  # type: ignore


def test_busy_port_is_a_message(make_project: MakeProject, run) -> None:
    taken = server.bind("127.0.0.1", 0)
    try:
        result = run("serve", "--port", str(taken.getsockname()[1]), project=make_project())
    finally:
        taken.close()
    assert result.exit_code == 1
    assert "cannot listen on 127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_request_needs_the_token(make_project: MakeProject) -> None:
    with client(make_project(), cookie=False) as anonymous:
        for path in (
            "/",
            "/doc/am",
            "/doc/am/render",
            "/edit/am",
            "/api/role/am",
            "/static/serve.js",
            "/events",
            "/nowhere",
        ):
            response = anonymous.get(path)
            assert response.status_code == 403, path
            assert "token" in response.text
        anonymous.cookies.set(COOKIE, "wrong")
        assert anonymous.get("/").status_code == 403
        assert anonymous.get("/?token=wrong", follow_redirects=False).status_code == 403


def test_the_token_in_the_url_becomes_a_cookie(make_project: MakeProject) -> None:
    with client(make_project(), cookie=False) as browser:
        entered = browser.get(f"/doc/am?lang=en&token={TOKEN}", follow_redirects=False)
        assert entered.status_code == 303
        assert entered.headers["location"] == "/doc/am?lang=en"
        cookie = entered.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}={TOKEN};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert browser.get("/doc/am?lang=en").status_code == 200  # the cookie now


def test_no_open_redirect_from_the_token_url(make_project: MakeProject) -> None:
    with client(make_project(), cookie=False) as browser:
        entered = browser.get(
            f"http://testserver//evil.example/?token={TOKEN}", follow_redirects=False
        )
        assert entered.headers["location"].startswith("/evil.example")


def test_host_header_is_checked(make_project: MakeProject) -> None:
    with client(make_project()) as browser:
        assert browser.get("/").status_code == 200
        rebound = browser.get("/", headers={"host": "attacker.example:8470"})
        assert rebound.status_code == 403
        assert "Host" in rebound.text
        assert (
            browser.get(
                f"/?token={TOKEN}", headers={"host": "127.0.0.2"}, follow_redirects=False
            ).status_code
            == 403
        )


def test_accepted_hosts() -> None:
    assert server.accepted_hosts("127.0.0.1", 8470) == frozenset(
        {"127.0.0.1:8470", "localhost:8470", "[::1]:8470"}
    )
    assert server.accepted_hosts("192.168.1.5", 80) == frozenset({"192.168.1.5:80"})


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"x-csrf-token": CSRF},  # no Origin
        {"origin": "http://attacker.example", "x-csrf-token": CSRF},
        {"origin": "http://testserver"},  # no CSRF token
        {"origin": "http://testserver", "x-csrf-token": "wrong"},
    ],
)
def test_writes_need_csrf_and_same_origin(
    make_project: MakeProject, headers: dict[str, str]
) -> None:
    root = make_project()
    before = (root / "roles" / "am.yaml").read_bytes()
    with client(root) as browser:
        version = browser.get("/api/role/am").json()["version"]
        saved = browser.post(
            "/api/save/am", json={"text": "x: 1\n", "version": version}, headers=headers
        )
        assert saved.status_code == 403
        signed = browser.post(
            "/api/sign/am", json={"role": "supervisor", "name": "A B"}, headers=headers
        )
        assert signed.status_code == 403
        assert browser.post("/api/check/am", json={"text": ""}, headers=headers).status_code == 403
        assert browser.post("/api/new", json={"id": "made"}, headers=headers).status_code == 403
    assert (root / "roles" / "am.yaml").read_bytes() == before
    assert not (root / "roles" / "made.yaml").exists()
    assert not (root / "signoffs").exists()


def test_strict_content_security_policy(make_project: MakeProject) -> None:
    with client(make_project()) as browser:
        for path in ("/", "/doc/am", "/edit/am", "/doc/am/changes"):
            response = browser.get(path)
            policy = response.headers["content-security-policy"]
            assert "default-src 'none'" in policy
            assert "script-src 'self';" in policy
            assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
            assert not re.search(r"https?:|\*", policy)
            assert response.headers["x-content-type-options"] == "nosniff"
            # no inline script: every <script> loads from the server or is inert JSON
            for tag in re.findall(r"<script[^>]*>", response.text):
                assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
        rendered = browser.get("/doc/am/render")
        policy = rendered.headers["content-security-policy"]
        assert "script-src" not in policy and "default-src 'none'" in policy
        assert "<script" not in rendered.text


def test_only_role_files_can_be_written(make_project: MakeProject, tmp_path: Path) -> None:
    root = make_project()
    outside = tmp_path / "outside.yaml"
    outside.write_text("precious\n", encoding="utf-8")
    (root / "roles" / "link.yaml").symlink_to(outside)
    config = (root / "jdgen.toml").read_bytes()
    with client(root) as browser:
        for role in (
            "..%2Fjdgen",
            "../jdgen",
            "link",
            "Am",
            "a--b",
            "nope",
            ".hidden",
            "am.yaml",
            "%2Fetc%2Fpasswd",
        ):
            response = browser.post(
                f"/api/save/{role}", json={"text": "x", "version": ""}, headers=WRITE
            )
            assert response.status_code in (404, 405), role
            assert browser.get(f"/api/role/{role}").status_code in (404, 405), role
        for role in ("../jdgen", "..", "/etc/passwd", "link", "Am", "a--b", ".hidden", ""):
            made = browser.post("/api/new", json={"id": role}, headers=WRITE)
            assert made.status_code in (400, 422), role
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert (root / "jdgen.toml").read_bytes() == config
    assert sorted(p.name for p in (root / "roles").iterdir()) == ["am.yaml", "link.yaml"]


def test_role_text_is_escaped_everywhere(make_project: MakeProject) -> None:
    root = make_project({"am": BASE_ROLE, "hostile": HOSTILE_ROLE})
    with client(root) as browser:
        pages = {
            path: browser.get(path).text
            for path in (
                "/",
                "/?q=%3Cscript%3E",
                "/doc/hostile",
                "/doc/hostile/render?lang=th",
                "/doc/hostile/render?lang=en",
                "/edit/hostile",
            )
        }
        checked = browser.post(
            "/api/check/hostile", json={"text": HOSTILE_ROLE, "lang": "th"}, headers=WRITE
        ).json()
        pages["preview"] = browser.get(checked["preview"]).text
    for path, text in pages.items():
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
        assert "<b>bold</b>" not in text, path
        assert "Manager 49" not in text and "ผู้จัดการ 49" not in text, path  # never evaluated
    assert "{{ 7*7 }}" in pages["/"] and "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["/"]
    assert "{{ 7*7 }}" in pages["/doc/hostile/render?lang=th"]
    assert "file:///etc/passwd" in pages["/doc/hostile/render?lang=en"]
    assert "&lt;tag&gt; &amp;amp; more" in pages["/doc/hostile/render?lang=en"]
    editor = pages["/edit/hostile"]
    data = re.search(
        r'<script type="application/json" id="editor-data">(.*?)</script>', editor, re.S
    )
    assert data is not None
    assert "<" not in data.group(1) and "&" not in data.group(1).replace("\\u0026", "")


def test_a_bad_file_never_breaks_the_server(make_project: MakeProject) -> None:
    root = make_project()
    with client(root) as browser:
        good = browser.get("/doc/am/render?lang=en")
        assert good.status_code == 200
        version = browser.get("/api/role/am").json()["version"]
        broken = "title: [unclosed\n  - : :\n\t\x00"
        saved = browser.post(
            "/api/save/am", json={"text": broken, "version": version}, headers=WRITE
        )
        assert saved.status_code == 200
        browser.app.jdgen.workspace.refresh()  # type: ignore[attr-defined]
        catalogue = browser.get("/")
        assert catalogue.status_code == 200
        assert "roles/am.yaml:" in catalogue.text
        assert browser.get("/doc/am").status_code == 200
        kept = browser.get("/doc/am/render?lang=en")
        assert kept.status_code == 200 and kept.text == good.text  # the last good preview
        assert browser.get("/edit/am").status_code == 200
        check = browser.post("/api/check/am", json={"text": broken}, headers=WRITE).json()
        assert check["preview"] is None and check["problems"]
        assert browser.post("/api/check/am", content=b"not json", headers=WRITE).status_code == 400


def test_without_the_serve_extra(
    make_project: MakeProject, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "jdgen.serve.server", None)  # as if not installable
    result = run("serve", "--port", "0", project=make_project())
    assert result.exit_code == 1
    assert result.stderr.startswith("jdgen: jdgen serve needs the serve extra")
    assert "pip install 'jdgen[serve]'" in result.stderr
