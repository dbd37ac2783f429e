"""Shared fixtures: throw-away document projects written from Python strings."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from jdgen.cli import main

REPO = Path(__file__).resolve().parent.parent

CONFIG = """\
languages = ["th", "en"]
organisation = { th = "บริษัท ทดสอบ จำกัด", en = "Test Co., Ltd." }
formats = ["html"]

[approval]
approver = { th = "กรรมการผู้จัดการ", en = "Managing Director" }
"""

BASE_ROLE = """\
title: {th: ผู้จัดการบัญชีลูกค้า, en: Account Manager}
department: {th: ฝ่ายขาย, en: Sales}
reports_to: {th: หัวหน้าฝ่ายขาย, en: Head of Sales}
general_provisions:
  - id: category
    text: {th: จัดอยู่ในกลุ่มพนักงานระดับบริหาร, en: Belongs to managerial staff.}
functions:
  - id: search
    text: {th: สรรหาลูกค้า, en: Searching for clients.}
rights:
  - id: information
    text: {th: เข้าถึงข้อมูลที่จำเป็น, en: To access the information needed.}
responsibility:
  - id: duties
    text: {th: การไม่ปฏิบัติหน้าที่, en: Failure to perform the duties.}
"""

MakeProject = Callable[..., Path]


def write_project(root: Path, roles: dict[str, str | bytes], config: str = CONFIG) -> Path:
    """Write ``jdgen.toml`` and role files (name -> YAML text, dedented) into ``root``."""
    (root / "roles").mkdir(parents=True, exist_ok=True)
    (root / "jdgen.toml").write_text(config, encoding="utf-8")
    for name, text in roles.items():
        path = root / "roles" / (name if "." in name else f"{name}.yaml")
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write ``jdgen.toml`` and role files (name -> YAML text) into a fresh folder."""

    def make(roles: dict[str, str | bytes] | None = None, config: str = CONFIG) -> Path:
        return write_project(
            tmp_path / "project", roles if roles is not None else {"am": BASE_ROLE}, config
        )

    return make


@pytest.fixture
def run() -> Callable[..., object]:
    """Invoke the CLI in-process; returns click's Result (stdout and stderr separate)."""
    runner = CliRunner()

    def invoke(*args: str, project: Path | None = None) -> object:
        argv = (["--project", str(project)] if project else []) + list(args)
        return runner.invoke(main, argv, catch_exceptions=False)

    return invoke
