"""A small document project for build tests: a base, a child, variants, a standalone role."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from jdgen.project import load_config
from jdgen.publish import BuildOptions, BuildResult, build
from jdgen.publish.outdir import RESOLVED_NAME
from jdgen.publish.plan import ApprovalSource
from jdgen.publish.resolved import load_store

BASE = """\
abstract: true
title: {th: พนักงานขาย, en: Sales Employee}
department: {th: ฝ่ายขาย, en: Sales}
reports_to: {th: หัวหน้าฝ่ายขาย, en: Head of Sales}
general_provisions:
  - id: category
    text: {th: จัดอยู่ในกลุ่มพนักงาน, en: Belongs to staff.}
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

CHILD = """\
extends: base
title: {th: ผู้จัดการบัญชีลูกค้า, en: Account Manager}
functions:
  - id: accounts
    text: {th: ดูแลบัญชีลูกค้า, en: Managing client accounts.}
"""

GRANDCHILD = """\
extends: am
title: {th: "ผู้จัดการลูกค้ารายใหญ่ (${region})", en: "Key Account Manager (${region})"}
variants:
  - id: north
    params: {region: {th: ภาคเหนือ, en: North}}
  - id: south
    params: {region: {th: ภาคใต้, en: South}}
"""

CLERK = """\
title: {th: เสมียน, en: Clerk}
department: {th: ฝ่ายธุรการ, en: Administration}
reports_to: {th: หัวหน้าฝ่ายธุรการ, en: Head of Administration}
general_provisions:
  - id: category
    text: {th: จัดอยู่ในกลุ่มพนักงาน, en: Belongs to staff.}
functions:
  - id: filing
    text: {th: จัดเก็บเอกสาร, en: Filing documents.}
rights:
  - id: information
    text: {th: เข้าถึงข้อมูลที่จำเป็น, en: To access the information needed.}
responsibility:
  - id: duties
    text: {th: การไม่ปฏิบัติหน้าที่, en: Failure to perform the duties.}
"""

ROLES = {"base": BASE, "am": CHILD, "kam": GRANDCHILD, "clerk": CLERK}
DOCS = ("am", "clerk", "kam--north", "kam--south")
ALL_FILES = sorted(f"{d}.{lang}.html" for d in DOCS for lang in ("th", "en"))
BOOKKEEPING = re.compile(r"^(\.jdgen-.*|manifest(\.shard-\d+-of-\d+)?\.json)$")


def files_of(*docs: str) -> list[str]:
    """The html files of ``docs`` in both languages, sorted."""
    return sorted(f"{d}.{lang}.html" for d in docs for lang in ("th", "en"))


def run_build(root: Path, approvals: ApprovalSource = None, **options: object) -> BuildResult:
    """Build ``root`` in-process (html, th and en, one process unless ``jobs`` is given)."""
    config = load_config(root)
    store, _ = load_store(config, False, config.output_dir / RESOLVED_NAME)
    opts = {"formats": ("html",), "langs": (("th",), ("en",)), "jobs": 1, **options}
    return build(config, store, BuildOptions(**opts), approvals)  # type: ignore[arg-type]


def built(result: BuildResult) -> list[str]:
    """The files a build rendered."""
    return sorted(o.path for o in result.outcomes if o.status == "built")


def sha256(path: Path) -> str:
    """A file's sha256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published(out: Path) -> list[str]:
    """The visible files in the output folder (not jdgen's bookkeeping, not temp files)."""
    return sorted(
        p.name
        for p in out.iterdir()
        if not p.name.startswith(".") and not BOOKKEEPING.match(p.name)
    )
