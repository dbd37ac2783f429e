"""Clause alignment, word diff and hints of jdgen.diff (library level)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diff_helpers import clause, document
from jdgen.diff import diff_documents
from jdgen.diff.align import lcs_ids
from jdgen.diff.words import diff_words, tokenize

TH_WORDS = [
    "ลูกค้า",
    "บริษัท",
    "สัญญา",
    "รายงาน",
    "หัวหน้า",
    "ฝ่ายขาย",
    "ต้อง",
    "อาจ",
    "ผู้จัดการ",
    "ข้อมูล",
    "เงินเดือน",
    "บาท",
    " ",
    "5",
    "๑๒",
]
EN_WORDS = ["client", "company", "shall", "may", "report", "the", " ", "5", ",", "."]


def base():
    return document(
        {
            "general_provisions": [
                clause("a", "ผู้จัดการบัญชีลูกค้า", "The manager."),
                clause("b", "ขึ้นตรงต่อหัวหน้าฝ่ายขาย", "Reports to the head."),
            ],
            "functions": [
                clause("f1", "สรรหาลูกค้า", "Finding clients."),
                clause(
                    "f2",
                    "ดูแลลูกค้า",
                    "Keeping clients.",
                    clause("x", "ข้อหนึ่ง", "one;"),
                    clause("y", "ข้อสอง", "two."),
                ),
                clause("f3", "ทำสัญญา", "Contracts."),
                clause("f4", "รายงาน", "Reports."),
            ],
            "rights": [clause("r1", "เข้าถึงข้อมูล", "Access information.")],
            "responsibility": [clause("p1", "ความเสียหาย", "Damage.")],
        }
    )


def with_section(doc, key, clauses):
    sections = {s.key: list(s.clauses) for s in doc.sections}
    sections[key] = clauses
    return document(sections)


# --- golden Thai word diff -------------------------------------------------------------------


def test_one_thai_word_changed_marks_that_word_only():
    old = "ผู้จัดการบัญชีลูกค้าขึ้นตรงต่อหัวหน้าฝ่ายขาย"
    new = "ผู้จัดการบัญชีลูกค้าขึ้นตรงต่อผู้อำนวยการฝ่ายขาย"
    assert diff_words(old, new) == [
        ("equal", "ผู้จัดการบัญชีลูกค้าขึ้นตรงต่อ"),
        ("delete", "หัวหน้า"),
        ("insert", "ผู้อำนวยการ"),
        ("equal", "ฝ่ายขาย"),
    ]


def test_thai_modal_word_swapped_in_a_sentence():
    assert diff_words("พนักงานต้องรายงานผลการขายทุกเดือน", "พนักงานควรรายงานผลการขายทุกเดือน") == [
        ("equal", "พนักงาน"),
        ("delete", "ต้อง"),
        ("insert", "ควร"),
        ("equal", "รายงานผลการขายทุกเดือน"),
    ]


def test_thai_word_inserted_keeps_the_rest_equal():
    assert diff_words("มีประสบการณ์ไม่น้อยกว่า 2 ปี", "มีประสบการณ์การขายไม่น้อยกว่า 2 ปี") == [
        ("equal", "มีประสบการณ์"),
        ("insert", "การขาย"),
        ("equal", "ไม่น้อยกว่า 2 ปี"),
    ]


def test_english_words_diff_by_word_not_by_letter():
    assert diff_words("The employee shall report.", "The employee may report.") == [
        ("equal", "The employee "),
        ("delete", "shall"),
        ("insert", "may"),
        ("equal", " report."),
    ]


def test_tokenize_keeps_whitespace_and_mixed_scripts():
    assert tokenize("ไม่น้อยกว่า 2 ปี (CRM)") == [
        "ไม่",
        "น้อยกว่า",
        " ",
        "2",
        " ",
        "ปี",
        " ",
        "(",
        "CRM",
        ")",
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(TH_WORDS + EN_WORDS), max_size=12),
    st.lists(st.sampled_from(TH_WORDS + EN_WORDS), max_size=12),
)
def test_word_diff_rebuilds_both_texts(a, b):
    old, new = "".join(a), "".join(b)
    segments = diff_words(old, new)
    assert "".join(t for op, t in segments if op != "insert") == old
    assert "".join(t for op, t in segments if op != "delete") == new
    assert all(t for _, t in segments)
    assert "".join(tokenize(old)) == old


# --- alignment ---------------------------------------------------------------------------------


def test_lcs_of_one_clause_moved_to_the_top():
    assert lcs_ids(["a", "b", "c", "d"], ["d", "a", "b", "c"]) == ["a", "b", "c"]


def test_diff_of_a_document_with_itself_is_empty():
    doc = base()
    result = diff_documents(doc, doc)
    assert result.changes == () and result.status == "unchanged"


def test_one_clause_moved_to_the_top_is_one_move():
    doc = base()
    clauses = list(doc.section("functions").clauses)
    moved = [clauses[3], *clauses[:3]]
    result = diff_documents(doc, with_section(doc, "functions", moved))
    assert [(c.section, c.clause, c.change, c.modified) for c in result.changes] == [
        ("functions", "f4", "moved", False)
    ]
    assert result.changes[0].languages["th"] == [("equal", "รายงาน")]


def test_moved_and_modified_clause_is_one_moved_change_with_word_diff():
    doc = base()
    f1, f2, f3, _f4 = doc.section("functions").clauses
    edited = clause("f4", "รายงานประจำเดือน", "Reports.")
    result = diff_documents(doc, with_section(doc, "functions", [edited, f1, f2, f3]))
    (change,) = result.changes
    assert (change.change, change.modified) == ("moved", True)
    assert change.languages["th"] == [("equal", "รายงาน"), ("insert", "ประจำเดือน")]
    assert [h.kind for h in change.hints] == ["bilingual-drift"]


def test_added_removed_modified_and_subclauses():
    doc = base()
    f1, f2, _f3, _f4 = doc.section("functions").clauses
    x, y = f2.items
    new_f2 = clause("f2", "ดูแลลูกค้า", "Keeping clients.", y, x, clause("z", "ข้อสาม", "three."))
    new_f3 = clause("f3", "ทำสัญญาซื้อขาย", "Sales contracts.")
    result = diff_documents(
        doc, with_section(doc, "functions", [f1, new_f2, new_f3, clause("f5", "ใหม่", "New.")])
    )
    assert [(c.clause, c.change) for c in result.changes] == [
        ("f2.y", "moved"),
        ("f2.z", "added"),
        ("f3", "modified"),
        ("f4", "removed"),
        ("f5", "added"),
    ]


def test_clause_moved_between_sections_is_a_move_from_that_section():
    doc = base()
    r1 = doc.section("rights").clauses[0]
    sections = {s.key: list(s.clauses) for s in doc.sections}
    sections["responsibility"].append(r1)
    sections["rights"] = [clause("r2", "เสนอแนะ", "Propose.")]
    result = diff_documents(doc, document(sections))
    moved = [c for c in result.changes if c.change == "moved"]
    assert [(c.section, c.clause, c.from_section) for c in moved] == [
        ("responsibility", "r1", "rights")
    ]


def test_header_fields_are_compared():
    doc = base()
    new = document(
        {s.key: list(s.clauses) for s in doc.sections}, title=("ผู้จัดการอาวุโส", "Senior Post")
    )
    (change,) = diff_documents(doc, new).changes
    assert (change.section, change.clause, change.change) == ("header", "title", "modified")
    assert change.languages["en"] == [("insert", "Senior "), ("equal", "Post")]


def test_added_and_removed_documents_list_every_clause():
    doc = base()
    added = diff_documents(None, doc)
    assert added.status == "added"
    assert {c.change for c in added.changes} == {"added"}
    assert len([c for c in added.changes if c.section != "header"]) == 10
    assert diff_documents(doc, None).status == "removed"


# --- hints ---------------------------------------------------------------------------------------


def _hints(old_th, old_en, new_th, new_en, section="responsibility"):
    doc = base()
    sections = {s.key: list(s.clauses) for s in doc.sections}
    sections[section] = [clause("p1", old_th, old_en)]
    old = document(sections)
    sections[section] = [clause("p1", new_th, new_en)]
    (change,) = diff_documents(old, document(sections)).changes
    return {(h.kind, h.lang): h.message for h in change.hints}


def test_modality_money_and_legal_section_hints():
    hints = _hints(
        "พนักงานต้องชดใช้ไม่เกิน 5000 บาท",
        "The employee shall pay up to 5000 baht.",
        "พนักงานอาจชดใช้ไม่เกิน 8000 บาท",
        "The employee may pay up to 8000 baht.",
    )
    assert hints[("modality", "th")] == "modality: ต้อง → อาจ"
    assert hints[("modality", "en")] == "modality: shall → may"
    assert ("money", "th") in hints and ("money", "en") in hints
    assert ("legal-section", None) in hints
    assert ("bilingual-drift", None) not in hints


def test_figures_differing_between_languages_is_drift():
    doc = base()
    sections = {s.key: list(s.clauses) for s in doc.sections}
    sections["functions"] = [clause("p1", "ไม่เกิน 5000 บาท", "up to 5000 baht")]
    old = document(sections)
    sections["functions"] = [clause("p1", "ไม่เกิน ๘๐๐๐ บาท", "up to 5000 baht")]
    (change,) = diff_documents(old, document(sections)).changes
    assert [h.message for h in change.hints if h.kind == "bilingual-drift"] == [
        "bilingual-drift: the figures differ between languages (th 8000; en 5000)",
        "bilingual-drift: th changed but en did not",
    ]


def test_negation_date_and_number_hints_outside_legal_sections():
    hints = _hints(
        "รายงานภายใน 30 วัน",
        "Report within 30 days.",
        "ไม่รายงานภายใน 1 มกราคม",
        "Do not report within 45 days.",
        section="functions",
    )
    assert ("negation", "th") in hints and ("negation", "en") in hints
    assert ("date", "th") in hints
    assert ("number", "en") in hints
    assert ("legal-section", None) not in hints


def test_thai_only_edit_is_bilingual_drift():
    hints = _hints("ความเสียหาย", "Damage.", "ความเสียหายร้ายแรง", "Damage.", "functions")
    assert hints == {("bilingual-drift", None): "bilingual-drift: th changed but en did not"}
