"""The DOCX redline: accepting every change gives the new text, rejecting gives the old."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from hypothesis import given, settings
from hypothesis import strategies as st

from diff_helpers import (
    NS,
    body_of,
    clause,
    clause_texts,
    document,
    expected_numbered,
    level_texts,
    numbered_lines,
    paragraph_texts,
    part_of,
    q,
    resolve_revisions,
    revision_ids,
)
from jdgen.assets.templates import TemplateSet
from jdgen.diff import diff_sets
from jdgen.diff.formats import Options
from jdgen.diff.formats.docx import write
from jdgen.render.docx_reference import build_reference

R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

SECTIONS = ("general_provisions", "functions", "rights", "responsibility")
TH = ["ลูกค้า", "บริษัท", "สัญญา", "รายงาน", "หัวหน้า", "ฝ่ายขาย", "ต้อง", "อาจ", "ข้อมูล"]
EN = ["client", "company", "contract", "report", "head", "sales", "shall", "may", "data"]
CLAUSE_STYLES = ("JDClause", "JDItem")


@st.composite
def text(draw):
    th = "".join(draw(st.lists(st.sampled_from(TH), min_size=1, max_size=6)))
    en = " ".join(draw(st.lists(st.sampled_from(EN), min_size=1, max_size=6)))
    return th, en


@st.composite
def edited(draw, original):
    """``original`` text with one word replaced, inserted or deleted in one language or both."""
    th, en = original
    new_th, new_en = draw(text())
    which = draw(st.sampled_from(["th", "en", "both"]))
    return (new_th if which != "en" else th, new_en if which != "th" else en)


@st.composite
def clause_list(draw, prefix, count, depth=0):
    out = []
    for i in range(count):
        th, en = draw(text())
        items = []
        if depth == 0:
            items = draw(clause_list(f"{prefix}{i}i", draw(st.integers(0, 2)), depth + 1))
        out.append(clause(f"{prefix}{i}", th, en, *items))
    return out


@st.composite
def edit_list(draw, clauses, prefix, depth=0):
    """Random removals, modifications, additions and moves of ``clauses``."""
    out = []
    for c in clauses:
        action = draw(st.sampled_from(["keep", "keep", "remove", "modify"]))
        if action == "remove":
            continue
        if action == "modify":
            th, en = draw(edited((c.text["th"], c.text["en"])))
            c = dataclasses.replace(c, text={"th": th, "en": en})
        if depth == 0 and c.items:
            c = dataclasses.replace(c, items=tuple(draw(edit_list(c.items, f"{c.id}n", 1))))
        out.append(c)
    for i in range(draw(st.integers(0, 1))):
        th, en = draw(text())
        out.insert(draw(st.integers(0, len(out))), clause(f"{prefix}new{i}", th, en))
    for _ in range(draw(st.integers(0, 2))):
        if len(out) > 1:
            moved = out.pop(draw(st.integers(0, len(out) - 1)))
            out.insert(draw(st.integers(0, len(out))), moved)
    return out


@st.composite
def document_pairs(draw):
    old_sections = {key: draw(clause_list(key[:2], draw(st.integers(1, 4)))) for key in SECTIONS}
    new_sections = {
        key: draw(edit_list(clauses, key[:2] + "x")) for key, clauses in old_sections.items()
    }
    if draw(st.booleans()) and new_sections["rights"]:
        # a move between sections
        new_sections["responsibility"].insert(0, new_sections["rights"].pop(0))
    new_sections = {k: v for k, v in new_sections.items() if v}
    title = draw(st.sampled_from([("ตำแหน่ง", "Post"), ("ตำแหน่งใหม่", "New post")]))
    return document(old_sections), document(new_sections, title=title)


def redline(old, new, langs=("th", "en")):
    diff = diff_sets([old], [new])
    return write(diff, Options(langs=langs))


@settings(max_examples=40, deadline=None)
@given(document_pairs(), st.sampled_from([("th", "en"), ("th",), ("en",)]))
def test_accept_all_gives_new_and_reject_all_gives_old(pair, langs):
    old, new = pair
    data = redline(old, new, langs)
    body = body_of(data)
    ids = revision_ids(body)
    assert len(ids) == len(set(ids)), "revision ids must be unique"
    starts = Counter(e.get(q("w:name")) for e in body.iter(q("w:moveFromRangeStart")))
    assert starts == Counter(e.get(q("w:name")) for e in body.iter(q("w:moveToRangeStart")))
    accepted = resolve_revisions(body_of(data), accept=True)
    rejected = resolve_revisions(body_of(data), accept=False)
    assert paragraph_texts(accepted, CLAUSE_STYLES) == clause_texts(new, langs)
    assert paragraph_texts(rejected, CLAUSE_STYLES) == clause_texts(old, langs)
    assert paragraph_texts(accepted, ("JDTitle",)) == [new.title[lang] for lang in langs]
    assert paragraph_texts(rejected, ("JDTitle",)) == [old.title[lang] for lang in langs]
    for tree in (accepted, rejected):
        assert not list(tree.iter(q("w:ins"), q("w:del"), q("w:moveFrom"), q("w:moveTo")))
    # Word numbering follows acceptance and rejection: one list, numbered like each side.
    levels = level_texts(data)
    (new_lines,) = numbered_lines(accepted, levels).values()
    (old_lines,) = numbered_lines(rejected, levels).values()
    assert new_lines == expected_numbered(new, langs)
    assert old_lines == expected_numbered(old, langs)


def _sample():
    old = document(
        {
            "general_provisions": [
                clause("a", "ผู้จัดการบัญชีลูกค้าขึ้นตรงต่อหัวหน้าฝ่ายขาย", "Reports to the head of sales.")
            ],
            "functions": [
                clause("f1", "สรรหาลูกค้า", "Finding clients."),
                clause("f2", "ดูแลลูกค้า", "Keeping clients."),
                clause("f3", "ทำสัญญา", "Contracts."),
            ],
            "rights": [clause("r1", "เข้าถึงข้อมูล", "Access information.")],
            "responsibility": [clause("p1", "ความเสียหาย", "Damage.")],
        }
    )
    new = document(
        {
            "general_provisions": [
                clause(
                    "a", "ผู้จัดการบัญชีลูกค้าขึ้นตรงต่อผู้อำนวยการฝ่ายขาย", "Reports to the director of sales."
                )
            ],
            "functions": [
                clause("f3", "ทำสัญญา", "Contracts."),
                clause("f1", "สรรหาลูกค้า", "Finding clients."),
            ],
            "rights": [
                clause("r1", "เข้าถึงข้อมูล", "Access information."),
                clause("r2", "เสนอแนะ", "Make proposals."),
            ],
            "responsibility": [clause("p1", "ความเสียหาย", "Damage.")],
        }
    )
    return old, new


def test_redline_xml_uses_native_revisions_with_author_date_and_thai_fonts():
    old, new = _sample()
    data = write(
        diff_sets([old], [new]),
        Options(
            author="Khun Lawyer",
            date=__import__("datetime").datetime(2024, 5, 1, tzinfo=__import__("datetime").UTC),
        ),
    )
    body = body_of(data)
    deleted = [t.text for t in body.iter(q("w:delText"))]
    assert "หัวหน้า" in deleted and "ดูแลลูกค้า" in deleted
    inserted = ["".join(t.text for t in e.iter(q("w:t"))) for e in body.findall(".//w:p/w:ins", NS)]
    assert "ผู้อำนวยการ" in inserted
    revisions = list(body.iter(q("w:ins"), q("w:del"), q("w:moveFrom"), q("w:moveTo")))
    assert {r.get(q("w:author")) for r in revisions} == {"Khun Lawyer"}
    assert {r.get(q("w:date")) for r in revisions} == {"2024-05-01T00:00:00Z"}
    # whole-clause deletion marks the paragraph mark too
    assert body.findall(".//w:p/w:pPr/w:rPr/w:del", NS)
    assert body.findall(".//w:p/w:pPr/w:rPr/w:ins", NS)
    # one move: f3 moved to the top (f1 stays), with named paired ranges
    (start_from,) = body.iter(q("w:moveFromRangeStart"))
    (start_to,) = body.iter(q("w:moveToRangeStart"))
    assert start_from.get(q("w:name")) == start_to.get(q("w:name"))
    moved = "".join(t.text for e in body.iter(q("w:moveTo")) for t in e.iter(q("w:t")))
    assert "ทำสัญญา" in moved
    thai_run = next(
        r
        for r in body.iter(q("w:r"))
        if "ผู้อำนวยการ" in "".join(t.text or "" for t in r.iter(q("w:t")))
    )
    fonts = thai_run.find("w:rPr/w:rFonts", NS)
    lang = thai_run.find("w:rPr/w:lang", NS)
    assert fonts.get(q("w:cs")) == "Sarabun"
    assert lang.get(q("w:bidi")) == "th-TH"


def test_redline_bytes_are_reproducible():
    old, new = _sample()
    assert redline(old, new) == redline(old, new)


def test_redline_is_built_on_the_reference_document_with_sarabun_embedded():
    old, new = _sample()
    data = redline(old, new)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    fonts = [n for n in names if re.fullmatch(r"word/fonts/font\d+\.odttf", n)]
    assert fonts
    table = part_of(data, "word/fontTable.xml")
    (sarabun,) = [f for f in table.findall("w:font", NS) if f.get(q("w:name")) == "Sarabun"]
    embedded = sarabun.findall("w:embedRegular", NS) + sarabun.findall("w:embedBold", NS)
    assert embedded
    rels = part_of(data, "word/_rels/fontTable.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    assert {f"word/{targets[e.get(R_ID)]}" for e in embedded} == set(fonts)
    assert part_of(data, "word/settings.xml").find("w:embedTrueTypeFonts", NS) is not None
    styles = {s.get(q("w:styleId")) for s in part_of(data, "word/styles.xml").iter(q("w:style"))}
    assert {"JDTitle", "JDHeading", "JDClause", "JDItem", "JDMeta"} <= styles


def test_thai_runs_carry_complex_script_font_size_bold_and_language():
    old, new = _sample()
    data = redline(old, new)
    body = body_of(data)
    runs = [
        r
        for r in body.iter(q("w:r"))
        if re.search(
            "[\u0e00-\u0e7f]", "".join(t.text or "" for t in r.iter(q("w:t"), q("w:delText")))
        )
    ]
    assert runs
    for run in runs:
        assert run.find("w:rPr/w:rFonts", NS).get(q("w:cs")) == "Sarabun"
        assert run.find("w:rPr/w:lang", NS).get(q("w:bidi")) == "th-TH"
    bold = [r for r in runs if r.find("w:rPr/w:b", NS) is not None]
    assert bold and all(r.find("w:rPr/w:bCs", NS) is not None for r in bold)
    # sizes come from the reference's styles, complex-script size included
    styles = part_of(data, "word/styles.xml")
    for para in body.iter(q("w:p")):
        style_id = para.find("w:pPr/w:pStyle", NS)
        if style_id is not None and style_id.get(q("w:val")).startswith("JD"):
            (style,) = [
                s
                for s in styles.iter(q("w:style"))
                if s.get(q("w:styleId")) == style_id.get(q("w:val"))
            ]
            assert style.find("w:rPr/w:szCs", NS) is not None


def test_header_and_footer_name_the_document_the_versions_and_pages():
    old, new = _sample()
    diff = diff_sets([old], [new], "v1.yaml", "HEAD:roles/doc.yaml")
    data = write(diff, Options(langs=("en",), new_commit="0123456789abcdef"))
    header = _text(part_of(data, "word/header1.xml"))
    assert header == "Redline: v1.yaml → HEAD (0123456)\tDocument No.: JD-1"
    footer = part_of(data, "word/footer1.xml")
    assert [i.text.strip() for i in footer.iter(q("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert _text(footer) == "doc\tPage 1 of 1"
    text = _text(body_of(data))
    assert text.startswith("CompanyJob DescriptionPostRedline")
    assert "v1.yaml→ HEAD:roles/doc.yaml (0123456)" in text
    assert "added 1 · removed 1 · modified 1 · moved 1" in text


def _text(element) -> str:
    return "".join(
        "\t" if e.tag == q("w:tab") else e.text or ""
        for e in element.iter(q("w:t"), q("w:tab"))
        if e.getparent().tag == q("w:r")
    )


def test_every_changed_document_gets_its_own_section_list_and_header():
    old, new = _sample()
    other_old = dataclasses.replace(old, id="other", role_id="other")
    other_new = dataclasses.replace(new, id="other", role_id="other", number="JD-2")
    data = write(diff_sets([old, other_old], [new, other_new]), Options(langs=("th",)))
    body = body_of(data)
    assert len(body.findall(".//w:pPr/w:sectPr", NS)) == 1  # one break: two sections
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    footers = sorted(n for n in names if re.fullmatch(r"word/footer\d+\.xml", n))
    assert [_text(part_of(data, f)).split("\t")[0] for f in footers] == ["doc", "other"]
    levels = level_texts(data)
    accepted = numbered_lines(resolve_revisions(body, accept=True), levels)
    assert list(accepted.values()) == [expected_numbered(new, ("th",))] * 2


def test_a_redline_of_many_documents_fits_its_core_properties():
    old, new = _sample()
    ids = [f"telecom-corporate-client-manager--branch-{i:02d}" for i in range(12)]
    olds = [dataclasses.replace(old, id=i, role_id=i) for i in ids]
    news = [dataclasses.replace(new, id=i, role_id=i) for i in ids]
    props = docx.Document(io.BytesIO(write(diff_sets(olds, news), Options()))).core_properties
    assert len(", ".join(ids)) > 255
    assert len(props.identifier) == 255 and props.identifier.endswith("…")
    assert props.identifier.startswith(", ".join(ids[:4]))


def _restyled_reference(path: Path) -> None:
    reference = docx.Document(io.BytesIO(build_reference()))
    reference.styles["JD Clause"].font.size = docx.shared.Pt(15)
    path.parent.mkdir(parents=True)
    reference.save(str(path))


def test_a_projects_reference_document_dresses_the_redline(tmp_path: Path):
    _restyled_reference(tmp_path / "templates" / "docx" / "reference.docx")
    old, new = _sample()
    diff = diff_sets([old], [new])
    plain = write(diff, Options())
    restyled = write(diff, Options(templates=TemplateSet(tmp_path / "templates")))

    def clause_size(data: bytes) -> str | None:
        (style,) = [
            s
            for s in part_of(data, "word/styles.xml").iter(q("w:style"))
            if s.get(q("w:styleId")) == "JDClause"
        ]
        return style.find("w:rPr/w:sz", NS).get(q("w:val"))

    assert clause_size(plain) == "22" and clause_size(restyled) == "30"


def test_the_cli_takes_the_reference_from_the_new_sides_project(tmp_path: Path, monkeypatch):
    from click.testing import CliRunner

    from conftest import REPO
    from jdgen.cli import main

    project = tmp_path / "new"
    shutil.copytree(REPO / "tests" / "fixtures" / "diff" / "new", project)
    _restyled_reference(project / "templates" / "docx" / "reference.docx")
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(
        main,
        [
            "diff",
            str(REPO / "tests" / "fixtures" / "diff" / "old" / "roles" / "clerk.yaml"),
            str(project / "roles" / "clerk.yaml"),
            "--format",
            "docx",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1, result.output
    styles = part_of(out.read_bytes(), "word/styles.xml")
    (style,) = [s for s in styles.iter(q("w:style")) if s.get(q("w:styleId")) == "JDClause"]
    assert style.find("w:rPr/w:sz", NS).get(q("w:val")) == "30"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_prints_the_redline_in_embedded_sarabun(tmp_path: Path):
    old, new = _sample()
    path = tmp_path / "redline.docx"
    path.write_bytes(redline(old, new))
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "redline.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr.decode()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Make proposals." in text
    assert "ผู้จัดการบัญชีลูกค้าขึ้นตรงต่อ" in text and "ผู้อำนวยการ" in text  # a Thai clause
    assert "เอกสารเปรียบเทียบการแก้ไข" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Sarabun" in fonts  # the embedded font, not a fallback drawing boxes


def test_redline_reuses_the_plan_and_word_diffs_of_the_comparison(monkeypatch):
    old, new = _sample()
    expected = redline(old, new)
    diff = diff_sets([old], [new])

    def again(*args, **kwargs):
        raise AssertionError("the redline must not plan or word-diff again")

    # The planner and the word differ themselves: whoever would call them again fails.
    monkeypatch.setattr("jdgen.diff.align._Planner.sequence", again)
    monkeypatch.setattr("jdgen.diff.words.diff_match_patch", again)
    with pytest.raises(AssertionError, match="must not plan"):
        diff_sets([old], [new])
    assert write(diff, Options(langs=("th", "en"))) == expected


def test_redline_meta_table_spans_the_text_width_of_a_reference_with_other_margins(tmp_path):
    """As in the published DOCX: a project's reference.docx with 40 mm margins gives a meta
    table 130 mm wide, not jdgen's default 167 mm."""
    reference = docx.Document(io.BytesIO(build_reference()))
    reference.sections[0].left_margin = reference.sections[0].right_margin = Mm(40)
    (tmp_path / "templates" / "docx").mkdir(parents=True)
    reference.save(str(tmp_path / "templates" / "docx" / "reference.docx"))
    old, new = _sample()
    data = write(
        diff_sets([old], [new]),
        Options(langs=("th", "en"), templates=TemplateSet(tmp_path / "templates")),
    )
    table = body_of(data).find(".//w:tbl", NS)
    assert table is not None
    first_row = table.find("w:tr", NS)
    widths = [int(w.get(q("w:w"))) for w in first_row.iter(q("w:tcW"))]
    assert widths == [round(55 / 25.4 * 1440), round(75 / 25.4 * 1440)]
    # the column grid too: LibreOffice lays the table out by it, not by the cells
    grid = [int(col.get(q("w:w"))) for col in table.iter(q("w:gridCol"))]
    assert grid == widths
