"""``jdgen import``: DOCX (and PDF) job descriptions back into role files."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from conftest import REPO
from jdgen.cli import main
from jdgen.pipeline import analyse
from jdgen.project import load_config

LIBRARY = load_config(REPO)


def document_content(doc, languages):
    """What a reader sees of a document: header texts and every clause's text, in order."""

    def texts(text):
        return {lang: text[lang] for lang in languages}

    return {
        "title": texts(doc.title),
        "department": texts(doc.department),
        "reports_to": texts(doc.reports_to),
        "number": doc.number,
        "purpose": texts(doc.purpose) if doc.purpose else None,
        "sections": [
            (s.key, [(texts(c.text), [texts(i.text) for i in c.items]) for c in s.clauses])
            for s in doc.sections
        ],
    }


@pytest.fixture(scope="module")
def built_library(tmp_path_factory):
    """The bundled library built as DOCX in Thai and English; its documents by id."""
    root = tmp_path_factory.mktemp("library")
    shutil.copy(REPO / "jdgen.toml", root)
    shutil.copytree(REPO / "roles", root / "roles")
    result = CliRunner().invoke(
        main,
        ["--project", str(root), "build", "--format", "docx", "--lang", "th,en"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return root, {d.id: d for d in analyse(load_config(root)).documents}


def fresh_project(tmp_path: Path, name: str = "imported") -> Path:
    root = tmp_path / name
    (root / "roles").mkdir(parents=True)
    shutil.copy(REPO / "jdgen.toml", root)
    return root


def test_the_library_is_twelve_documents(built_library):
    assert len(built_library[1]) == 12


def test_round_trip_of_every_bundled_document_in_thai_and_english(built_library, run, tmp_path):
    library, documents = built_library
    root = fresh_project(tmp_path)
    for doc_id in documents:
        result = run(
            "import",
            str(library / "output" / f"{doc_id}.th.docx"),
            "--other-language",
            str(library / "output" / f"{doc_id}.en.docx"),
            "--id",
            doc_id.replace("--", "-"),
            project=root,
        )
        assert result.exit_code == 0, result.output
        assert "not placed" not in result.stdout
    state = analyse(load_config(root))
    assert state.errors == []
    imported = {d.id: d for d in state.documents}
    assert sorted(imported) == sorted(d.replace("--", "-") for d in documents)
    for doc_id, original in documents.items():
        assert document_content(
            imported[doc_id.replace("--", "-")], ("th", "en")
        ) == document_content(original, ("th", "en")), doc_id


@pytest.mark.parametrize("lang", ["th", "en"])
def test_one_language_alone_keeps_its_texts_and_marks_the_other(built_library, run, tmp_path, lang):
    library, documents = built_library
    root = fresh_project(tmp_path)
    source = library / "output" / f"key-account-manager--north.{lang}.docx"
    result = run("import", str(source), "--id", "kam-north", project=root)
    assert result.exit_code == 0, result.output
    other = "en" if lang == "th" else "th"
    assert result.stdout == (
        f"{source} -> roles/kam-north.yaml: 9 section(s), 75 clause(s), 7 sub-clause(s) in {lang}\n"
    )
    state = analyse(load_config(root))
    doc = state.documents[0]
    original = documents["key-account-manager--north"]
    assert document_content(doc, (lang,)) == document_content(original, (lang,))
    assert doc.sections[0].clauses[0].text[other] == (
        "TODO: translate: " + original.sections[0].clauses[0].text[lang]
    )
    assert {p.rule for p in state.warnings} >= {"placeholder-text"}


def word_file(path: Path, paragraphs, table_rows=()) -> Path:
    """A Word document as a person types one: (style, text) paragraphs, one table."""
    document = docx.Document()
    for style, text in paragraphs:
        if style == "TABLE":
            table = document.add_table(rows=0, cols=len(table_rows[0]))
            for row in table_rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
        else:
            document.add_paragraph(text, style=style or None)
    document.save(str(path))
    return path


HAND_MADE = [
    ("", "ACME Trading Ltd."),
    ("", ""),
    ("", "JOB DESCRIPTION"),
    ("", "Sales Manager"),
    ("", "Department: Sales"),
    ("", "Reports to: Head of Sales"),
    ("", ""),
    ("Heading 1", "1. General provisions"),
    ("", "1.1. The Sales Manager belongs to the category of managers."),
    ("", ""),
    ("", "1.2. Is appointed by order of the director."),
    ("Heading 1", "2. Job responsibilities"),
    ("", "2.1 Finding clients:"),
    ("", "2.1.1 analysing the market;"),
    ("", "2.1.2 planning the contacts."),
    ("", "\t2.2\tConcluding contracts."),
    ("", "• checking the contract's terms with the lawyer"),
    ("", "3. RIGHTS"),
    ("TABLE", ""),
    ("Heading 2", "Responsibility:"),
    ("", "For failing to perform the duties."),
    ("", "For damage caused to the company."),
    ("Heading 1", "Key performance indicators"),
    ("", "Sales plan achieved."),
    ("Heading 1", "Working conditions"),
    ("List Number", "Office hours."),
    ("List Number 2", "with flexible start"),
    ("List Number", "Travel in the region."),
    ("", "Acknowledged:"),
    ("", "Name ____________ Signature ________"),
]
RIGHTS_TABLE = [("3.1", "To receive the information needed."), ("3.2", "To propose improvements.")]


def test_a_hand_made_word_document_with_typed_numbering_and_a_table(run, tmp_path):
    root = fresh_project(tmp_path)
    source = word_file(tmp_path / "sales.docx", HAND_MADE, RIGHTS_TABLE)
    result = run("import", str(source), project=root)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{source} -> roles/sales-manager.yaml: 5 section(s), 10 clause(s), 4 sub-clause(s) "
        "in en; 3 not placed (listed at the end of the file)\n"
        "  not placed: sales.docx, paragraph 1 (before the first section): ACME Trading Ltd.\n"
        "  not placed: sales.docx, paragraph 22 (a heading jdgen does not know as a section; "
        "its text follows): Key performance indicators\n"
        "  not placed: sales.docx, paragraph 23 (under the heading 'Key performance "
        "indicators'): Sales plan achieved.\n"
    )
    text = (root / "roles" / "sales-manager.yaml").read_text()
    assert "# ==== NOT PLACED by jdgen import" in text
    assert "#   Sales plan achieved.\n" in text
    state = analyse(load_config(root))
    assert state.errors == []
    doc = state.documents[0]
    assert doc.title["en"] == "Sales Manager" and doc.title["th"].startswith("TODO: translate")
    assert doc.department["en"] == "Sales" and doc.reports_to["en"] == "Head of Sales"
    got = {
        s.key: [(c.text["en"], [i.text["en"] for i in c.items]) for c in s.clauses]
        for s in doc.sections
    }
    assert got == {
        "general_provisions": [
            ("The Sales Manager belongs to the category of managers.", []),
            ("Is appointed by order of the director.", []),
        ],
        "functions": [
            ("Finding clients:", ["analysing the market;", "planning the contacts."]),
            ("Concluding contracts.", ["checking the contract's terms with the lawyer"]),
        ],
        "rights": [("To receive the information needed.", []), ("To propose improvements.", [])],
        "responsibility": [
            ("For failing to perform the duties.", []),
            ("For damage caused to the company.", []),
        ],
        "working_conditions": [
            ("Office hours.", ["with flexible start"]),  # Word list styles
            ("Travel in the region.", []),
        ],
    }


SEED_LAYOUT = [  # the sample job description of the source text (shared/seed), as typed
    ("", "รายละเอียดงาน"),
    ("", "ผู้จัดการบัญชี"),
    ("", "บทบัญญัติทั่วไป"),
    ("", "  1. ผู้จัดการคือผู้นำของบริษัท"),
    ("", "  2. ผู้จัดการต้องมีความรู้ด้านเศรษฐศาสตร์ พื้นฐานการตลาด"),
    ("", "ความรับผิดชอบต่อหน้าที่"),
    ("", "  ๑. การวิเคราะห์กลุ่มเป้าหมายและการระบุความต้องการ"),
    ("", "  ๒. การหาลูกค้าในรูปแบบต่างๆ"),
    ("", "สิทธิ"),
    ("", "  • เสนอวิธีการเพิ่มประสิทธิภาพในการทำงาน"),
    ("", "ความรับผิดชอบ"),
    ("", "ผู้จัดการต้องรับผิดในกรณีละเมิดหน้าที่"),
]


def test_a_thai_document_laid_out_like_the_source_texts_sample(run, tmp_path):
    root = fresh_project(tmp_path)
    source = word_file(tmp_path / "am.docx", SEED_LAYOUT)
    result = run("import", str(source), "--id", "am", project=root)
    assert result.exit_code == 0, result.output
    assert "4 section(s), 6 clause(s), 0 sub-clause(s) in th\n" in result.stdout
    doc = analyse(load_config(root)).documents[0]
    assert doc.title["th"] == "ผู้จัดการบัญชี"
    assert [(s.key, [c.text["th"] for c in s.clauses]) for s in doc.sections] == [
        ("general_provisions", ["ผู้จัดการคือผู้นำของบริษัท", "ผู้จัดการต้องมีความรู้ด้านเศรษฐศาสตร์ พื้นฐานการตลาด"]),
        ("functions", ["การวิเคราะห์กลุ่มเป้าหมายและการระบุความต้องการ", "การหาลูกค้าในรูปแบบต่างๆ"]),
        ("rights", ["เสนอวิธีการเพิ่มประสิทธิภาพในการทำงาน"]),
        ("responsibility", ["ผู้จัดการต้องรับผิดในกรณีละเมิดหน้าที่"]),
    ]
    assert [c.id for s in doc.sections for c in s.clauses] == [  # romanised Thai
        "phuchatkan-khue-phunam-brisat",
        "phuchatkan-tong-mikwamru-dan",
        "wikhera-klumpaomai-rabu-tongkan",
        "ha-lukkha-rupbaep-tang",
        "seno-withikan-phoemprasitthiphap",
        "phuchatkan-tong-rapphit-krani",
    ]


def test_pdf_import_of_an_english_document(built_library, run, tmp_path):
    library, documents = built_library
    result = run("build", "account-manager", "--format", "pdf", "--lang", "en", project=library)
    assert result.exit_code == 0, result.output
    root = fresh_project(tmp_path)
    result = run("import", str(library / "output" / "account-manager.en.pdf"), project=root)
    assert result.exit_code == 0, result.output
    doc = analyse(load_config(root)).documents[0]
    assert document_content(doc, ("en",)) == document_content(documents["account-manager"], ("en",))


def test_import_refuses_bad_files_with_a_clear_message(run, tmp_path, built_library):
    library, _ = built_library
    root = fresh_project(tmp_path)
    (tmp_path / "notes.docx").write_text("not a zip")
    (tmp_path / "notes.txt").write_text("text")
    (tmp_path / "empty.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    empty = word_file(tmp_path / "empty.docx", [("", "Hello"), ("", "")])
    cases = [
        ("notes.docx", f"jdgen: {tmp_path}/notes.docx: not a Word document jdgen can read "),
        (
            "notes.txt",
            f"jdgen: {tmp_path}/notes.txt: not a .docx or .pdf file; save it from "
            "Word as .docx first\n",
        ),
        ("missing.docx", f"jdgen: {tmp_path}/missing.docx: no such file\n"),
        ("empty.pdf", f"jdgen: {tmp_path}/empty.pdf: not a PDF jdgen can read "),
        (
            empty.name,
            f"jdgen: {empty}: no section of a job description found (headings "
            "such as General provisions / บททั่วไป / Общие положения)\n",
        ),
    ]
    for name, message in cases:
        result = run("import", str(tmp_path / name), project=root)
        assert result.exit_code == 1, name
        assert result.stderr.startswith(message), result.stderr
    th = library / "output" / "account-manager.th.docx"
    result = run(
        "import",
        str(th),
        "--other-language",
        str(library / "output" / "key-account-manager--north.en.docx"),
        project=root,
    )
    assert (result.exit_code, result.stderr) == (
        1,
        (
            "jdgen: the two files are not the same document: general_provisions has 8 clauses in "
            "th, 9 in en; requirements has 7 clauses in th, 8 in en; functions has 6 clauses in "
            "th, 7 in en; duties has 18 clauses in th, 22 in en; rights has 8 clauses in th, 9 in "
            "en; evaluation has 6 clauses in th, 7 in en\n"
        ),
    )
    result = run("import", str(th), "--other-language", str(th), project=root)
    assert result.exit_code == 1 and "is in th, like" in result.stderr
    assert list((root / "roles").iterdir()) == []
    assert run("import", str(th), "--id", "am", project=root).exit_code == 0
    before = (root / "roles" / "am.yaml").read_bytes()
    result = run("import", str(th), "--id", "am", project=root)
    assert (result.exit_code, result.stderr) == (
        1,
        (
            "jdgen: roles/am.yaml already exists; nothing was written (pass --force to replace "
            "it, or --id to choose another)\n"
        ),
    )
    assert (root / "roles" / "am.yaml").read_bytes() == before
    assert run("import", str(th), "--id", "am", "--force", project=root).exit_code == 0
    result = run("import", str(th), "--lang", "ru", project=root)
    assert result.exit_code == 2
    assert "is in ru, which is not among the project's languages (th, en)" in result.stderr
    result = run("import", str(th), str(th), "--id", "x", project=root)
    assert (result.exit_code, result.stderr) == (2, "jdgen: --id and --output take one FILE\n")
