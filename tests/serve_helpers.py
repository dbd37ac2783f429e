"""Shared pieces of the ``jdgen serve`` tests: a guarded test client on a project."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from jdgen.project import load_project
from jdgen.serve.app import WorkspaceApp, create_app
from jdgen.serve.security import Secrets

TOKEN = "test-token"
CSRF = "test-csrf"
COOKIE = "jdgen-token-1"
HOST = "testserver"
WRITE = {"origin": f"http://{HOST}", "x-csrf-token": CSRF}

HOSTILE_ROLE = """\
title: {th: "ผู้จัดการ {{ 7*7 }} <script>alert(1)</script>", en: "Manager {{ 7*7 }} <b>bold</b>"}
department: {th: "ฝ่ายขาย & การตลาด", en: "Sales & Marketing"}
reports_to: {th: หัวหน้าฝ่ายขาย, en: Head of Sales}
general_provisions:
  - id: category
    text: {th: "ดู file:///etc/passwd {% raw %}", en: "See file:///etc/passwd {% raw %} </script>"}
functions:
  - id: search
    text: {th: "สรรหาลูกค้า <img src=x onerror=alert(1)>", en: "Searching <tag> &amp; more"}
rights:
  - id: information
    text: {th: เข้าถึงข้อมูลที่จำเป็น, en: To access the information needed.}
responsibility:
  - id: duties
    text: {th: การไม่ปฏิบัติหน้าที่, en: Failure to perform the duties.}
"""


def secrets() -> Secrets:
    """Fixed secrets for a TestClient (whose Host header is ``testserver``)."""
    return Secrets(TOKEN, CSRF, COOKIE, frozenset({HOST}))


def make_app(root: Path, watch: bool = False) -> WorkspaceApp:
    """The guarded app on the project at ``root``."""
    return create_app(load_project(root), secrets(), watch_files=watch)


def client(
    root: Path, *, cookie: bool = True, watch: bool = False, ui: str | None = "en"
) -> TestClient:
    """A TestClient on the project at ``root``, holding the token cookie unless told not,
    with English labels unless told otherwise."""
    test_client = TestClient(make_app(root, watch), base_url=f"http://{HOST}")
    if cookie:
        test_client.cookies.set(COOKIE, TOKEN)
    if ui:
        test_client.cookies.set("jdgen-ui", ui)
    return test_client
