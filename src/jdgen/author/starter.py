"""The starter roles of ``jdgen init``: a base role and a role extending it, or a role
extending the bundled library. Texts exist in Thai, English and Russian; a project language
without a text of its own gets the English one, to translate."""

from __future__ import annotations

from typing import Any

from jdgen.validate.model import Text

FALLBACK_LANGUAGE = "en"


def text(languages: tuple[str, ...], **texts: str) -> Text:
    """The texts for ``languages`` (English where a language has none)."""
    return {lang: texts.get(lang, texts[FALLBACK_LANGUAGE]) for lang in languages}


def _clause(languages: tuple[str, ...], clause_id: str, **texts: str) -> dict[str, Any]:
    return {"id": clause_id, "text": text(languages, **texts)}


def approver(languages: tuple[str, ...]) -> Text:
    """The approver's post written into ``jdgen.toml``."""
    return text(languages, th="กรรมการผู้จัดการ", en="Managing Director", ru="Генеральный директор")


def labour_law(languages: tuple[str, ...]) -> Text:
    """``[legal] labour_law`` of ``jdgen.toml`` (``${labour_law}`` in role text)."""
    return text(
        languages,
        th="กฎหมายแรงงานที่ใช้บังคับ",
        en="the labour legislation in force",
        ru="действующее трудовое законодательство",
    )


BASE_ID = "staff-base"
CHILD_ID = "sales-manager"
LIBRARY_CHILD_ID = "regional-account-manager"


def base_role(langs: tuple[str, ...]) -> dict[str, Any]:
    """What every post of the organisation shares (abstract: never published itself)."""
    return {
        "abstract": True,
        "general_provisions": [
            _clause(
                langs,
                "appointment",
                th="การแต่งตั้งและการให้พ้นจากตำแหน่งให้เป็นไปตามคำสั่งของผู้บริหารสูงสุดของ"
                "${organisation} ตาม${labour_law}",
                en="The jobholder is appointed and dismissed by order of the head of "
                "${organisation}, in accordance with ${labour_law}.",
                ru="Работник назначается на должность и освобождается от неё приказом "
                "руководителя ${organisation} в соответствии с ${labour_law}.",
            ),
            _clause(
                langs,
                "substitution",
                th="ในระหว่างที่ผู้ดำรงตำแหน่งไม่อยู่ปฏิบัติงาน ให้ผู้ที่ได้รับแต่งตั้งตามคำสั่งปฏิบัติหน้าที่แทน",
                en="During the jobholder's absence the duties are performed by a person "
                "appointed by order.",
                ru="На время отсутствия работника его обязанности исполняет лицо, "
                "назначенное приказом.",
            ),
        ],
        "rights": [
            _clause(
                langs,
                "information",
                th="ได้รับข้อมูลและเอกสารที่จำเป็นต่อการปฏิบัติหน้าที่",
                en="To receive the information and documents needed to perform the duties.",
                ru="Получать информацию и документы, необходимые для исполнения обязанностей.",
            ),
            _clause(
                langs,
                "proposals",
                th="เสนอแนวทางปรับปรุงการทำงานต่อผู้บังคับบัญชา",
                en="To propose improvements to the work to the management.",
                ru="Вносить руководству предложения по улучшению работы.",
            ),
        ],
        "responsibility": [
            _clause(
                langs,
                "duties",
                th="การไม่ปฏิบัติหรือปฏิบัติหน้าที่ตามคำบรรยายลักษณะงานนี้โดยไม่เหมาะสม",
                en="Failing to perform, or performing improperly, the duties set out in "
                "this job description.",
                ru="Неисполнение или ненадлежащее исполнение обязанностей, "
                "предусмотренных настоящей инструкцией.",
            ),
            _clause(
                langs,
                "damage",
                th="ความเสียหายที่เกิดแก่${organisation}ตามขอบเขตที่${labour_law}กำหนด",
                en="Damage caused to ${organisation}, within the limits set by ${labour_law}.",
                ru="Причинение ущерба ${organisation} в пределах, установленных ${labour_law}.",
            ),
        ],
    }


def child_role(langs: tuple[str, ...]) -> dict[str, Any]:
    """A published post extending :func:`base_role`."""
    return {
        "extends": BASE_ID,
        "number": "JD-SAL-001",
        "title": text(langs, th="ผู้จัดการฝ่ายขาย", en="Sales Manager", ru="Менеджер по продажам"),
        "department": text(langs, th="ฝ่ายขาย", en="Sales", ru="Отдел продаж"),
        "reports_to": text(
            langs, th="หัวหน้าฝ่ายขาย", en="Head of Sales", ru="Руководитель отдела продаж"
        ),
        "functions": [
            _clause(
                langs,
                "client-search",
                th="สรรหาลูกค้ารายใหม่และจัดทำแผนการติดต่อลูกค้า",
                en="Finding new clients and planning how to approach them.",
                ru="Поиск новых клиентов и планирование работы с ними.",
            ),
            _clause(
                langs,
                "contracts",
                th="เตรียมและทำสัญญาซื้อขายในนามของ${organisation}",
                en="Preparing and concluding sales contracts on behalf of ${organisation}.",
                ru="Подготовка и заключение договоров продажи от имени ${organisation}.",
            ),
        ],
        "rights": [
            {
                **_clause(
                    langs,
                    "discounts",
                    th="ให้ส่วนลดแก่ลูกค้าภายในวงเงินที่ได้รับอนุมัติ",
                    en="To grant clients discounts within the approved limits.",
                    ru="Предоставлять клиентам скидки в утверждённых пределах.",
                ),
                "after": "information",
            },
        ],
    }


def library_role(langs: tuple[str, ...]) -> dict[str, Any]:
    """A published post extending the bundled ``account-manager``."""
    return {
        "extends": "account-manager",
        "number": "JD-SAL-101",
        "title": text(langs, th="ผู้จัดการบัญชีลูกค้าภูมิภาค", en="Regional Account Manager"),
        "department": text(langs, th="ฝ่ายขายภูมิภาค", en="Regional Sales"),
        "params": {
            "supervisor": text(langs, th="ผู้อำนวยการฝ่ายขายภูมิภาค", en="Regional Sales Director")
        },
        "functions": [
            _clause(
                langs,
                "regional-events",
                th="จัดกิจกรรมพบปะลูกค้าในภูมิภาคอย่างน้อยไตรมาสละ 1 ครั้ง",
                en="Organising client meetings in the region at least once a quarter.",
            ),
        ],
        "duties": [
            {
                **_clause(
                    langs,
                    "regional-meetings",
                    th="วางแผนและจัดการประชุมลูกค้าในภูมิภาค และรายงานผลต่อ${supervisor}",
                    en="Plans and holds the regional client meetings and reports on them "
                    "to the ${supervisor}.",
                ),
                "function": "regional-events",
            },
        ],
    }
