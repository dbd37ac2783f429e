"""The workspace's HTML pages: Jinja templates with autoescaping, labels in Thai and English.

Role text reaches a page only through an autoescaped template variable or through
``|tojson`` inside a ``<script type="application/json">`` block (which escapes ``<``, ``>``,
``&`` and quotes), never as markup and never as a template: ``{{ }}`` in a role prints as
written.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import jinja2

UI_LANGUAGES = ("th", "en")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "catalogue": "Catalogue",
        "search": "Search",
        "all": "all",
        "status": "Status",
        "number": "Number",
        "document": "Document",
        "title": "Title",
        "parent": "Parent",
        "variants": "Variants",
        "languages": "Languages",
        "edit": "edit",
        "problems": "Problems (jdgen validate)",
        "no_problems": "No problems.",
        "documents": "documents",
        "filter": "Filter",
        "edition": "Edition",
        "download": "Download",
        "signoff": "Sign-off",
        "still_to_sign": "Still to sign",
        "signed": "Signed",
        "nobody": "nobody yet",
        "sign": "Sign the current content",
        "as": "As",
        "name": "Name",
        "post": "Post (optional)",
        "date": "Date (optional)",
        "note": "Note (optional)",
        "changes": "Changes since approval",
        "never_approved": "This document has never been approved: there is no approved "
        "text to compare with.",
        "word_redline": "Word redline (tracked changes)",
        "editor": "Editor",
        "save": "Save",
        "saved": "Saved",
        "unsaved": "Unsaved changes",
        "preview": "Preview",
        "valid": "Valid",
        "checking": "Checking…",
        "conflict": "Not saved: the file changed on disk since you opened it. "
        "Nothing was overwritten; the difference is below.",
        "conflict_take": "Load the version on disk (your text is lost)",
        "conflict_keep": "Save my text over it",
        "disk_changed": "The file changed on disk. Your unsaved text is kept; saving will "
        "show the difference.",
        "role_errors": "This document's role has errors; the last good preview is shown.",
        "abstract": "An abstract role publishes no document; its children show its text.",
        "open_document": "document page",
        "ledger_damaged": "The sign-off ledger is damaged",
        "draft": "draft",
        "in-review": "in review",
        "approved": "approved",
        "stale": "stale",
        "unknown": "unknown",
        "role": "Role file",
        "new_role": "New role",
        "role_id": "Role id",
        "no_parent": "(none: a new base role)",
        "create": "Create and edit",
    },
    "th": {
        "catalogue": "ทะเบียนเอกสาร",
        "search": "ค้นหา",
        "all": "ทั้งหมด",
        "status": "สถานะ",
        "number": "เลขที่",
        "document": "เอกสาร",
        "title": "ชื่อตำแหน่ง",
        "parent": "ตำแหน่งต้นแบบ",
        "variants": "รุ่นย่อย",
        "languages": "ภาษา",
        "edit": "แก้ไข",
        "problems": "ปัญหา (jdgen validate)",
        "no_problems": "ไม่พบปัญหา",
        "documents": "เอกสาร",
        "filter": "กรอง",
        "edition": "ฉบับภาษา",
        "download": "ดาวน์โหลด",
        "signoff": "การลงนาม",
        "still_to_sign": "ยังต้องลงนาม",
        "signed": "ลงนามแล้ว",
        "nobody": "ยังไม่มี",
        "sign": "ลงนามรับรองเนื้อหาปัจจุบัน",
        "as": "ในฐานะ",
        "name": "ชื่อ",
        "post": "ตำแหน่ง (ไม่บังคับ)",
        "date": "วันที่ (ไม่บังคับ)",
        "note": "หมายเหตุ (ไม่บังคับ)",
        "changes": "การเปลี่ยนแปลงตั้งแต่อนุมัติ",
        "never_approved": "เอกสารนี้ยังไม่เคยได้รับอนุมัติ จึงไม่มีฉบับอนุมัติให้เปรียบเทียบ",
        "word_redline": "ไฟล์ Word แสดงการแก้ไข",
        "editor": "แก้ไขไฟล์",
        "save": "บันทึก",
        "saved": "บันทึกแล้ว",
        "unsaved": "ยังไม่ได้บันทึก",
        "preview": "ตัวอย่าง",
        "valid": "ถูกต้อง",
        "checking": "กำลังตรวจ…",
        "conflict": "ยังไม่ได้บันทึก: ไฟล์ถูกแก้ไขบนดิสก์หลังจากที่คุณเปิด ไม่มีสิ่งใดถูกเขียนทับ ความแตกต่างแสดงด้านล่าง",
        "conflict_take": "โหลดฉบับบนดิสก์ (ข้อความของคุณจะหายไป)",
        "conflict_keep": "บันทึกข้อความของฉันทับ",
        "disk_changed": "ไฟล์ถูกแก้ไขบนดิสก์ ข้อความที่ยังไม่บันทึกของคุณยังอยู่ การบันทึกจะแสดงความแตกต่าง",
        "role_errors": "ไฟล์ตำแหน่งของเอกสารนี้มีข้อผิดพลาด แสดงตัวอย่างล่าสุดที่ถูกต้อง",
        "abstract": "ตำแหน่งต้นแบบ (abstract) ไม่ออกเอกสารเอง ข้อความแสดงในตำแหน่งที่สืบทอด",
        "open_document": "หน้าเอกสาร",
        "ledger_damaged": "บันทึกการลงนามเสียหาย",
        "draft": "ร่าง",
        "in-review": "ระหว่างตรวจ",
        "approved": "อนุมัติแล้ว",
        "stale": "ต้องอนุมัติใหม่",
        "unknown": "ไม่ทราบ",
        "role": "ไฟล์ตำแหน่ง",
        "new_role": "สร้างตำแหน่งใหม่",
        "role_id": "รหัสตำแหน่ง (ภาษาอังกฤษ)",
        "no_parent": "(ไม่มี: ตำแหน่งต้นแบบใหม่)",
        "create": "สร้างและแก้ไข",
    },
}


@cache
def environment() -> jinja2.Environment:
    """The Jinja environment of the pages (package templates, autoescaped, strict)."""
    folder = files("jdgen.serve") / "pages"
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def ui_language(cookie: str | None, languages: tuple[str, ...]) -> str:
    """The language of the labels: the one chosen (cookie), else the project's first UI
    language, else English."""
    if cookie in UI_LANGUAGES:
        return str(cookie)
    return next((lang for lang in languages if lang in UI_LANGUAGES), "en")


def render_page(name: str, ui: str, **context: Any) -> str:
    """Page ``name`` (``catalogue.html`` …) with the labels of ``ui``."""
    template = environment().get_template(name)
    return template.render(t=LABELS[ui], ui=ui, **context)
