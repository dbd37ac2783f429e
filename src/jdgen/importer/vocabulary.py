"""The words a job description uses for its sections and header fields, in Thai, English
and Russian: jdgen's own labels (``templates/labels/*.toml``) and the usual synonyms."""

from __future__ import annotations

import re
from functools import cache

from jdgen.assets.labels import package_labels

SECTION_SYNONYMS: dict[str, tuple[str, ...]] = {
    "general_provisions": (
        "general provisions",
        "general",
        "general information",
        "บทบัญญัติทั่วไป",
        "บททั่วไป",
        "ข้อกำหนดทั่วไป",
        "ส่วนทั่วไป",
        "ส่วนร่วม",
        "общие положения",
    ),
    "requirements": (
        "requirements",
        "qualification requirements",
        "qualifications",
        "คุณสมบัติ",
        "คุณสมบัติของผู้ดำรงตำแหน่ง",
        "คุณสมบัติเฉพาะตำแหน่ง",
        "требования",
        "квалификационные требования",
    ),
    "functions": (
        "functions",
        "job functions",
        "main functions",
        "key functions",
        "responsibilities",
        "key responsibilities",
        "duties and responsibilities",
        "job responsibilities",
        "ภารกิจหลัก",
        "ฟังก์ชั่น",
        "ฟังก์ชัน",
        "ความรับผิดชอบต่อหน้าที่",
        "หน้าที่ความรับผิดชอบ",
        "หน้าที่และความรับผิดชอบ",
        "функции",
        "основные функции",
        "трудовые функции",
    ),
    "duties": ("duties", "job duties", "หน้าที่", "หน้าที่งาน", "должностные обязанности", "обязанности"),
    "rights": ("rights", "authority", "powers", "สิทธิ", "สิทธิและอำนาจ", "อำนาจหน้าที่", "права"),
    "responsibility": ("responsibility", "liability", "ความรับผิด", "ความรับผิดชอบ", "ответственность"),
    "relationships": (
        "relationships",
        "working relationships",
        "relations",
        "interaction",
        "ความสัมพันธ์",
        "ความสัมพันธ์ในการปฏิบัติงาน",
        "การประสานงาน",
        "взаимоотношения",
        "взаимодействие",
        "взаимоотношения (связи по должности)",
    ),
    "working_conditions": (
        "working conditions",
        "work conditions",
        "สภาพการทำงาน",
        "สภาพการปฏิบัติงาน",
        "условия работы",
        "условия труда",
    ),
    "evaluation": (
        "performance evaluation criteria",
        "performance evaluation",
        "evaluation",
        "kpi",
        "เกณฑ์การประเมินผล",
        "การประเมินผล",
        "การประเมินผลการปฏิบัติงาน",
        "критерии оценки работы",
        "оценка работы",
    ),
}
PURPOSE = (
    "purpose",
    "job purpose",
    "purpose of the post",
    "วัตถุประสงค์",
    "วัตถุประสงค์ของงาน",
    "цель должности",
)
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "position",
        "job title",
        "title",
        "post",
        "ชื่อตำแหน่ง",
        "ตำแหน่งงาน",
        "должность",
        "наименование должности",
    ),
    "department": ("department", "division", "unit", "แผนก", "ฝ่าย", "สังกัด", "отдел"),
    "reports_to": (
        "reports to",
        "reporting to",
        "supervisor",
        "line manager",
        "ขึ้นตรงต่อ",
        "รายงานต่อ",
        "непосредственный руководитель",
    ),
    "number": (),
}
DOCUMENT_KIND = (
    "job description",
    "position description",
    "รายละเอียดงาน",
    "คำบรรยายลักษณะงาน",
    "ใบพรรณนาลักษณะงาน",
    "ใบกำหนดหน้าที่งาน",
)
# Where the role's text ends: signature sheets.
END = ("acknowledged", "ознакомлен", "лист ознакомления", "лист согласования")

_NUMBER = re.compile(r"^\s*(?:ข้อ\s*)?\(?([0-9๐-๙]+(?:\.[0-9๐-๙]+)*)([.)]?)(?:\s+|$)")
_BULLET = re.compile(r"^\s*(?:[•◦▪‣∙·○●■□➢►\-–—*]|[a-zа-яก-ฮ][.)])\s+")
_ROMAN = re.compile(r"^\s*[IVX]+\.\s+")
_SPACE = re.compile(r"\s+")


def normal(text: str) -> str:
    """``text`` as compared with the vocabulary: no numbering, no trailing ``:``,
    lowercase, single spaces."""
    text = _ROMAN.sub("", numbering(text)[2])
    return _SPACE.sub(" ", text).strip().rstrip(":：.").strip().lower()


def numbering(text: str) -> tuple[int | None, bool, str]:
    """``(depth, bullet, rest)``: the depth of a typed number ("1." 0, "1.1" 1, …), whether
    the paragraph starts with a bullet or letter ("•", "a)"), and the text after them."""
    match = _NUMBER.match(text)
    if match and (match.group(2) or "." in match.group(1)):  # "1." or "1.1", not "5 years"
        return match.group(1).count("."), False, text[match.end() :].strip()
    match = _BULLET.match(text)
    if match:
        return None, True, text[match.end() :].strip()
    return None, False, text.strip()


@cache
def section_words() -> dict[str, str]:
    """Normalised heading -> section key (``purpose`` for the purpose paragraph)."""
    words = {normal(w): key for key, synonyms in SECTION_SYNONYMS.items() for w in synonyms}
    words.update({normal(w): "purpose" for w in PURPOSE})
    for labels in package_labels():
        for key, label in labels.get("sections", {}).items():
            words[normal(str(label))] = key
        words[normal(str(labels["document"]["purpose"]))] = "purpose"
    return words


@cache
def field_words() -> dict[str, str]:
    """Normalised label -> header field (title, department, reports_to, number), and the
    labels of jdgen's own header table that carry nothing to import (``""``)."""
    words = {normal(w): key for key, synonyms in FIELD_SYNONYMS.items() for w in synonyms}
    for labels in package_labels():
        document = labels["document"]
        for key in ("department", "reports_to", "number"):
            words[normal(str(document[key]))] = key
        for key in ("revision", "effective", "id"):
            words.setdefault(normal(str(document[key])), "")
    return words


@cache
def end_words() -> frozenset[str]:
    """Headings of the signature sheets, where a job description's text ends."""
    words = {normal(w) for w in END}
    for labels in package_labels():
        words.add(normal(str(labels["approval"]["sheet"])))
        words.add(normal(str(labels["acknowledgement"]["title"])))
    return frozenset(words)


@cache
def approval_words() -> frozenset[str]:
    """The "APPROVED" of an approval block, in every language."""
    return frozenset(
        {normal(str(labels["approval"]["approved"])) for labels in package_labels()}
        | {"утверждаю", "approved", "อนุมัติ"}
    )


@cache
def kind_words() -> frozenset[str]:
    """The name of the document itself ("Job Description"), in every language."""
    return frozenset(
        {normal(w) for w in DOCUMENT_KIND}
        | {normal(str(labels["document"]["kind"])) for labels in package_labels()}
    )
