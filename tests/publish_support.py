"""Small hand-made documents and helpers shared by the publishing tests."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

from jdgen.approval import ApprovalState, Signature
from jdgen.assets.templates import TemplateSet
from jdgen.render.html import RenderContext
from jdgen.render.view import number_document
from jdgen.resolve.document import Clause, Document, Section

APPROVED_ON = dt.date(2026, 11, 29)


def text(th: str, en: str, ru: str) -> dict[str, str]:
    """A localized text in the three shipped languages."""
    return {"th": th, "en": en, "ru": ru}


def make_document(extra: str = "") -> Document:
    """A small document with a sub-clause; ``extra`` is appended to one clause in every
    language (for hostile or unprintable text)."""
    return Document(
        id="sales-rep",
        role_id="sales-rep",
        variant_id=None,
        chain=("sales-rep",),
        languages=("th", "en", "ru"),
        number="JD-T-007",
        organisation=text("บริษัท ทดสอบ จำกัด", "Test Co., Ltd.", "ООО «Тест»"),
        title=text("พนักงานขาย", "Sales Representative", "Торговый представитель"),
        department=text("ฝ่ายขาย", "Sales", "Отдел продаж"),
        reports_to=text("หัวหน้าฝ่ายขาย", "Head of Sales", "Руководитель отдела продаж"),
        purpose=text(
            "ขายสินค้าของบริษัทให้ได้ผลกำไร",
            "To sell the company's products at a profit.",
            "Продавать продукцию компании с прибылью.",
        ),
        sections=(
            Section(
                "general_provisions",
                (
                    Clause(
                        "category",
                        text(
                            "พนักงานขายจัดอยู่ในกลุ่มพนักงานปฏิบัติการ",
                            "The sales representative is operational staff.",
                            "Торговый представитель относится к специалистам.",
                        ),
                    ),
                    Clause(
                        "must-know",
                        text(
                            "พนักงานขายต้องมีความรู้ดังต่อไปนี้",
                            "The sales representative must know the following.",
                            "Торговый представитель должен знать следующее.",
                        ),
                        items=(
                            Clause(
                                "products",
                                text(
                                    "ผลิตภัณฑ์ทั้งหมดของบริษัท",
                                    "the company's products;",
                                    "продукцию компании;",
                                ),
                            ),
                            Clause(
                                "etiquette",
                                text("มารยาททางธุรกิจ", "business etiquette.", "деловой этикет."),
                            ),
                        ),
                    ),
                ),
            ),
            Section(
                "functions",
                (
                    Clause(
                        "search",
                        text(
                            "สรรหาลูกค้าใหม่เพื่อเพิ่มผลกำไรและรักษาน้ำใจลูกค้า" + extra,
                            "Finding new clients." + extra,
                            "Поиск новых клиентов." + extra,
                        ),
                    ),
                ),
            ),
            Section(
                "rights",
                (
                    Clause(
                        "information",
                        text(
                            "เข้าถึงข้อมูลที่จำเป็นต่อการปฏิบัติหน้าที่",
                            "To access the information needed.",
                            "Получать необходимую информацию.",
                        ),
                    ),
                ),
            ),
        ),
        approver_post=text("กรรมการผู้จัดการ", "Managing Director", "Генеральный директор"),
        reviewers=("lawyer", "hr", "supervisor"),
    )


def approved_state() -> ApprovalState:
    """Every reviewer and the approver signed on :data:`APPROVED_ON`; revision 2."""
    day = APPROVED_ON
    return ApprovalState(
        "approved",
        2,
        day,
        (
            Signature("lawyer", "สมศรี ใจดี", "นิติกร", day),
            Signature("hr", "Anna Smith", "HR Manager", day),
            Signature("supervisor", "วิชัย รักงาน", "หัวหน้าฝ่ายขาย", day),
            Signature("approver", "ประเสริฐ มั่นคง", "กรรมการผู้จัดการ", day),
        ),
    )


def context(approved: bool = False, templates: Path | None = None) -> RenderContext:
    """A render context over the package templates (or a project's ``templates``)."""
    state = approved_state() if approved else ApprovalState()
    return RenderContext(TemplateSet(templates), approval=state)


def expected_lines(doc: Document, lang: str, labels: dict[str, object]) -> list[str]:
    """The numbered body as printed: ``1. heading``, ``1.1 text``, ``1.1.1 text``."""
    sections = labels["sections"]
    assert isinstance(sections, dict)
    lines = []
    for section in number_document(doc):
        lines.append(f"{section.number}. {sections[section.key]}")
        for clause in section.clauses:
            lines.append(f"{clause.number} {clause.text(lang)}")
            lines.extend(f"{item.number} {item.text(lang)}" for item in clause.items)
    return lines


def squash(value: str) -> str:
    """``value`` without any whitespace (line breaks fall anywhere in extracted text)."""
    return re.sub(r"\s+", "", value)


def assert_in_order(haystack: str, needles: list[str]) -> None:
    """Every needle occurs in ``haystack`` (whitespace ignored), in the given order."""
    flat = squash(haystack)
    at = 0
    for needle in needles:
        found = flat.find(squash(needle), at)
        assert found >= 0, f"not found after position {at}: {needle!r}"
        at = found + len(squash(needle))


def pdftotext(path: Path) -> str:
    """Text of a PDF in content order, as poppler extracts it (honours /ActualText)."""
    exe = shutil.which("pdftotext")
    assert exe, "poppler-utils (pdftotext) is required: see .ci/apt-packages.txt"
    return subprocess.run(
        [exe, "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
