"""Each lint rule fires when it should, stays silent otherwise, and can be disabled."""

from __future__ import annotations

import pytest

from conftest import BASE_ROLE, CONFIG
from jdgen.pipeline import analyse
from jdgen.project import load_config

FOREIGN = BASE_ROLE.replace("Searching for clients.", "Searching for foreign clients.")
ENGLISH = (
    "requirements:\n  - id: english\n    kind: skills\n"
    "    text: {th: ใช้ภาษาอังกฤษได้ดี, en: Good command of the English language.}\n"
)
DUTIES = (
    "duties:\n  - id: calls\n    function: search\n    text: {th: โทรหาลูกค้า, en: Calls clients.}\n"
)
SECOND_FUNCTION = BASE_ROLE.replace(
    "rights:", "  - id: reports\n    text: {th: จัดทำรายงาน, en: Writes reports.}\nrights:"
)
DUPLICATE = BASE_ROLE.replace(
    "rights:",
    "  - id: search-again\n    text: {th: สรรหาลูกค้า!, en: Searching for clients!}\nrights:",
)


def warnings(make_project, role: str, disable: str = "") -> list[str]:
    config = CONFIG + (f"\n[lint]\ndisable = [{disable}]\n" if disable else "")
    state = analyse(load_config(make_project({"am": role}, config=config)))
    assert not state.errors, [str(p) for p in state.errors]
    return [f"{p.rule} {p.key} {p.location}" for p in state.warnings]


def test_foreign_clients_need_a_language_requirement(make_project):
    assert warnings(make_project, FOREIGN) == [
        "foreign-language functions.search roles/am.yaml:8:5"
    ]


def test_foreign_language_silent_when_a_language_is_required(make_project):
    assert warnings(make_project, FOREIGN + ENGLISH) == []


def test_thai_language_alone_does_not_count(make_project):
    thai = ENGLISH.replace("ใช้ภาษาอังกฤษได้ดี", "ใช้ภาษาไทยได้ดี").replace("English", "Thai")
    assert warnings(make_project, FOREIGN + thai) == [
        "foreign-language functions.search roles/am.yaml:8:5"
    ]


def test_foreign_language_can_be_disabled(make_project):
    assert warnings(make_project, FOREIGN, '"foreign-language"') == []


def test_uncovered_function_fires(make_project):
    assert warnings(make_project, SECOND_FUNCTION + DUTIES) == [
        "uncovered-function functions.reports roles/am.yaml:10:5"
    ]


def test_uncovered_function_silent_when_covered_or_no_duties(make_project):
    assert warnings(make_project, BASE_ROLE + DUTIES) == []
    assert warnings(make_project, SECOND_FUNCTION) == []


def test_uncovered_function_can_be_disabled(make_project):
    assert warnings(make_project, SECOND_FUNCTION + DUTIES, '"uncovered-function"') == []


def test_duplicate_clause_fires_for_near_duplicates(make_project):
    assert warnings(make_project, DUPLICATE) == [
        "duplicate-clause functions.search-again roles/am.yaml:10:5"
    ]


def test_duplicate_clause_silent_for_different_clauses(make_project):
    assert warnings(make_project, SECOND_FUNCTION) == []


def test_duplicate_clause_can_be_disabled(make_project):
    assert warnings(make_project, DUPLICATE, '"duplicate-clause"') == []


def test_empty_section_fires_and_can_be_disabled(make_project):
    role = BASE_ROLE + "evaluation: []\n"
    assert warnings(make_project, role) == ["empty-section evaluation roles/am.yaml:16:1"]
    assert warnings(make_project, role, '"empty-section"') == []


def test_unknown_rule_in_config_is_an_error(make_project, run):
    root = make_project(config=CONFIG + '\n[lint]\ndisable = ["duplicate-clauses"]\n')
    result = run("validate", project=root)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "jdgen.toml:9:1: lint.disable: unknown lint rule "
        "'duplicate-clauses'; rules: foreign-language"
    )


@pytest.mark.parametrize(
    "text",
    [
        "{th: สื่อสารด้วยภาษากายได้ดี, en: Reads body language well.}",
        "{th: ใช้ภาษาเขียนที่ชัดเจน, en: Writes in clear and plain language.}",
    ],
)
def test_language_in_another_sense_is_not_a_foreign_language(make_project, text):
    requirement = ENGLISH.replace(
        "{th: ใช้ภาษาอังกฤษได้ดี, en: Good command of the English language.}", text
    )
    assert warnings(make_project, FOREIGN + requirement) == [
        "foreign-language functions.search roles/am.yaml:8:5"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "{th: ใช้ภาษาจีนกลางในการเจรจาได้, en: Negotiates in Mandarin.}",
        "{th: ใช้ภาษาต่างประเทศได้อย่างน้อยหนึ่งภาษา, en: At least one foreign language.}",
    ],
)
def test_a_named_foreign_language_counts(make_project, text):
    requirement = ENGLISH.replace(
        "{th: ใช้ภาษาอังกฤษได้ดี, en: Good command of the English language.}", text
    )
    assert warnings(make_project, FOREIGN + requirement) == []


UNPRINTABLE = BASE_ROLE.replace("en: Account Manager}", "en: Account Manager 漢字}")


def test_unprintable_text_is_reported_where_it_is_written(make_project):
    clause = BASE_ROLE.replace(
        "    text: {th: สรรหาลูกค้า, en: Searching for clients.}",
        '    text:\n      th: สรรหาลูกค้า\n      en: "Searching \\u2603"',
    )
    assert warnings(make_project, UNPRINTABLE) == ["unprintable title.en roles/am.yaml:1:39"]
    assert warnings(make_project, clause) == [
        "unprintable functions[0].text.en roles/am.yaml:11:11"
    ]


def test_unprintable_names_each_character_once_with_what_to_do(make_project):
    state = analyse(load_config(make_project({"am": UNPRINTABLE.replace("漢字", "漢字漢")})))
    assert [p.message for p in state.warnings] == [
        "no configured font (Sarabun, PT Sans) can print U+6F22 CJK UNIFIED IDEOGRAPH-6F22 "
        "('漢'), U+5B57 CJK UNIFIED IDEOGRAPH-5B57 ('字'); every document with this text will "
        "fail to render: replace the character(s), or add a font that has them to "
        "templates/fonts/"
    ]


def test_unprintable_is_checked_once_per_file_not_per_document(make_project):
    child = "extends: base\ntitle: {th: ผู้ช่วย, en: Assistant}\n"
    base = "abstract: true\n" + UNPRINTABLE.replace("Account Manager 漢字", "Base 漢")
    state = analyse(load_config(make_project({"base": base, "a": child, "b": child})))
    assert [f"{p.rule} {p.location}" for p in state.warnings] == [
        "unprintable roles/base.yaml:2:39"
    ]


def test_invisible_characters_and_thai_need_no_report(make_project):
    zero_width = BASE_ROLE.replace("สรรหาลูกค้า", "สรรหา\u200bลูกค้า\u2060")
    assert warnings(make_project, zero_width) == []


def test_unprintable_can_be_disabled(make_project):
    assert warnings(make_project, UNPRINTABLE, '"unprintable"') == []
