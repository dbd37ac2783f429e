"""DOCX: Word numbering, footer fields, Thai font/language attributes, text equal to the
document, draft vs approved, reproducible bytes, literal role text, LibreOffice opens it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from diff_helpers import body_of, level_texts
from diff_helpers import numbered_lines as numbered_paragraphs
from jdgen.assets.templates import PACKAGE_TEMPLATES
from jdgen.errors import RenderError
from jdgen.render.docx import render_docx
from jdgen.render.docx_reference import build_reference
from jdgen.render.pdf import render_pdf
from publish_support import (
    assert_in_order,
    context,
    expected_lines,
    make_document,
    pdftotext,
    squash,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = ' {{ 7 * 7 }} <img src="file:///etc/passwd"> & file:///etc/passwd'


def part(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


def numbered_lines(data: bytes) -> dict[str, list[str]]:
    """Per numId, each numbered paragraph as Word prints it (number from numbering.xml)."""
    return numbered_paragraphs(body_of(data), level_texts(data))


def all_text(data: bytes, name: str = "word/document.xml") -> str:
    return "".join(t.text or "" for t in part(data, name).iter(f"{W}t"))


@pytest.mark.parametrize("lang", ["th", "en", "ru"])
def test_numbering_is_real_word_numbering_and_text_equals_the_document(lang):
    doc, ctx = make_document(), context()
    data = render_docx(doc, (lang,), ctx)
    lines = numbered_lines(data)
    assert len(lines) == 1
    assert next(iter(lines.values())) == expected_lines(doc, lang, ctx.templates.labels(lang))
    body = all_text(data)
    assert not re.search(r"\b1\.1\b", body)  # numbers come from numPr, never typed


def test_bilingual_docx_numbers_each_language_column_identically():
    doc, ctx = make_document(), context()
    lines = numbered_lines(render_docx(doc, ("th", "en"), ctx))
    assert list(lines.values()) == [
        expected_lines(doc, "th", ctx.templates.labels("th")),
        expected_lines(doc, "en", ctx.templates.labels("en")),
    ]


def paragraphs(data: bytes) -> list[tuple[str, bool, str]]:
    """Each body paragraph as (style id, bold, text)."""
    found = []
    for para in part(data, "word/document.xml").iter(f"{W}p"):
        style = para.find(f"{W}pPr/{W}pStyle")
        runs = para.findall(f"{W}r")
        bold = bool(runs) and all(r.find(f"{W}rPr/{W}b") is not None for r in runs)
        found.append(
            (
                style.get(f"{W}val") if style is not None else "",
                bold,
                "".join(t.text or "" for t in para.iter(f"{W}t")),
            )
        )
    return found


def test_bilingual_docx_prints_the_purpose_heading_then_the_text_in_each_language():
    doc, ctx = make_document(), context()
    found = paragraphs(render_docx(doc, ("th", "en"), ctx))
    headings = [
        ("JDHeading", True, ctx.templates.labels(lang)["document"]["purpose"])
        for lang in ("th", "en")
    ]
    texts = [("JDClause", False, doc.purpose[lang]) for lang in ("th", "en")]
    at = found.index(headings[0])
    assert found[at : at + 4] == [*headings, *texts]  # heading row, then the text row
    single = paragraphs(render_docx(doc, ("en",), ctx))
    assert single[single.index(headings[1]) + 1] == texts[1]


def test_bilingual_docx_header_joins_the_labels_like_the_pdf(tmp_path):
    doc = make_document()
    draft = all_text(render_docx(doc, ("th", "en"), context()), "word/header1.xml")
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(doc, ("th", "en"), context()))
    assert squash(draft) in squash(pdftotext(pdf))  # the PDF's running header
    assert draft == (
        f"เลขที่เอกสาร / Document No.: {doc.number} · ฉบับแก้ไขที่ / Revision 0 (ร่าง / DRAFT)"
    )
    approved = render_docx(doc, ("th", "en"), context(approved=True))
    assert (
        all_text(approved, "word/header1.xml")
        == f"เลขที่เอกสาร / Document No.: {doc.number} · ฉบับแก้ไขที่ / Revision 2"
    )


def test_footer_has_page_and_numpages_fields():
    data = render_docx(make_document(), ("th",), context())
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    footer = next(n for n in names if re.fullmatch(r"word/footer\d*\.xml", n))
    instructions = [t.text.strip() for t in part(data, footer).iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert all_text(data, footer).startswith("sales-repหน้า 1 จาก 1")


def test_thai_runs_carry_complex_script_font_size_and_language():
    data = render_docx(make_document(), ("th",), context())
    document = part(data, "word/document.xml")
    runs = [
        r
        for r in document.iter(f"{W}r")
        if re.search("[\u0e00-\u0e7f]", "".join(t.text or "" for t in r.iter(f"{W}t")))
    ]
    assert runs
    for run in runs:
        assert run.find(f"{W}rPr/{W}rFonts").get(f"{W}cs") == "Sarabun"
        assert run.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == "th-TH"
    bold = [r for r in runs if r.find(f"{W}rPr/{W}b") is not None]
    assert bold and all(r.find(f"{W}rPr/{W}bCs") is not None for r in bold)
    sized = [r for r in document.iter(f"{W}r") if r.find(f"{W}rPr/{W}sz") is not None]
    assert all(r.find(f"{W}rPr/{W}szCs") is not None for r in sized)
    styles = part(data, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}szCs") is not None


def test_reference_docx_is_committed_as_the_script_builds_it():
    assert (PACKAGE_TEMPLATES / "docx" / "reference.docx").read_bytes() == build_reference()


def test_sarabun_is_embedded_for_word_and_libreoffice():
    data = render_docx(make_document(), ("th",), context())
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "word/fonts/font1.odttf" in names
    table = part(data, "word/fontTable.xml")
    sarabun = [f for f in table.findall(f"{W}font") if f.get(f"{W}name") == "Sarabun"]
    assert sarabun[0].find(f"{W}embedRegular") is not None


def test_draft_has_watermark_and_blanks_approved_has_names_and_dates():
    doc = make_document()
    draft = render_docx(doc, ("th",), context())
    header = etree.tostring(part(draft, "word/header1.xml"), encoding="unicode")
    assert 'string="ร่าง"' in header and "(ร่าง)" in all_text(draft, "word/header1.xml")
    assert "เมื่อได้รับอนุมัติ" in all_text(draft) and "ประเสริฐ" not in all_text(draft)
    approved = render_docx(doc, ("th",), context(approved=True))
    assert "PowerPlusWaterMarkObject" not in etree.tostring(
        part(approved, "word/header1.xml"), encoding="unicode"
    )
    text = all_text(approved)
    assert "(ประเสริฐ มั่นคง)" in text and "Anna Smith" in text and "HR Manager" in text
    assert text.count("29 พฤศจิกายน พ.ศ. 2569") == 5
    assert "ฉบับแก้ไขที่ 2" in all_text(approved, "word/header1.xml")
    props = part(approved, "docProps/core.xml")
    assert "2026-11-29T00:00:00Z" in etree.tostring(props, encoding="unicode")


def test_same_inputs_give_identical_bytes():
    doc = make_document()
    ctx = dataclasses.replace(context(), source_date=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    first = render_docx(doc, ("th", "en"), ctx)
    assert first == render_docx(doc, ("th", "en"), ctx)
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_role_text_is_literal_and_valid_xml():
    data = render_docx(make_document(extra=HOSTILE + "\x0b"), ("en",), context())
    assert '{{ 7 * 7 }} <img src="file:///etc/passwd"> & file:///etc/passwd' in all_text(data)
    raw = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "&lt;img src=" in raw and "&amp; file:" in raw


def test_a_glyph_no_font_has_fails():
    expected = r"sales-rep: functions.search \[en\]: U\+1F600 GRINNING FACE"
    with pytest.raises(RenderError, match=expected):
        render_docx(make_document(extra=" \U0001f600"), ("th", "en"), context())


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; see .ci/apt-packages.txt",
)
def test_libreoffice_converts_the_docx_with_thai_in_sarabun(tmp_path):
    doc, ctx = make_document(), context()
    source = tmp_path / "doc.docx"
    source.write_bytes(render_docx(doc, ("th",), ctx))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "doc.pdf"
    text = pdftotext(pdf)
    assert_in_order(text, [doc.title["th"], *expected_lines(doc, "th", ctx.templates.labels("th"))])
    assert "หน้า 1 จาก" in squash(text) or "หน้า1จาก" in squash(text)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Sarabun" in fonts  # the embedded font, not a fallback drawing boxes


def test_bilingual_header_labels_carry_their_own_language():
    data = render_docx(make_document(), ("th", "en"), context())
    header = zipfile.ZipFile(io.BytesIO(data)).read("word/header1.xml").decode()
    runs = {
        text: lang
        for run in re.findall(r"<w:r>.*?</w:r>", header)
        for text in re.findall(r"<w:t[^>]*>([^<]*)", run)
        for lang in re.findall(r'w:lang w:val="([^"]+)"', run)
    }
    assert runs["เลขที่เอกสาร"] == "th-TH"
    assert runs["Document No."] == "en-GB"
    assert runs["DRAFT"] == "en-GB"


def test_a_title_longer_than_word_allows_in_properties_is_cut_there_only():
    """Word's core properties hold 255 characters; the title printed in the body is whole."""
    title = "ผู้จัดการ" * 40  # 360 characters
    doc = dataclasses.replace(make_document(), title={"th": title, "en": "T", "ru": "T"})
    data = render_docx(doc, ("th",), context())
    package = zipfile.ZipFile(io.BytesIO(data))
    core = package.read("docProps/core.xml").decode("utf-8")
    shown = re.search(r"<dc:title>(.*?)</dc:title>", core)
    assert shown is not None and len(shown.group(1)) == 255 and shown.group(1).endswith("…")
    assert title in "".join(
        re.findall(r"<w:t[^>]*>([^<]*)</w:t>", package.read("word/document.xml").decode("utf-8"))
    )


def test_a_document_id_too_long_for_word_properties_is_cut_there_only():
    """The comments property names the id and the digest: a 200-character id overflowed it
    (python-docx refuses more than 255 characters) and failed the render."""
    long_id = "account-manager-" + "x" * 184
    doc = dataclasses.replace(make_document(), id=long_id)
    package = zipfile.ZipFile(io.BytesIO(render_docx(doc, ("th",), context())))
    core = package.read("docProps/core.xml").decode("utf-8")
    comments = re.search(r"<dc:description>(.*?)</dc:description>", core)
    assert comments is not None and len(comments.group(1)) == 255
    assert comments.group(1).startswith(f"jdgen {long_id} sha256:")
    assert comments.group(1).endswith("…")
    footers = "".join(
        package.read(name).decode("utf-8")
        for name in package.namelist()
        if name.startswith("word/footer")
    )
    assert long_id in footers  # the page footer prints the whole id


def test_tables_span_the_text_width_of_a_reference_with_other_margins(tmp_path):
    """A project's reference.docx with 40 mm margins: the title block and the data table fit
    between its margins instead of jdgen's default 167 mm."""
    import docx
    from docx.shared import Mm

    reference = docx.Document(io.BytesIO(build_reference()))
    reference.sections[0].left_margin = reference.sections[0].right_margin = Mm(40)
    folder = tmp_path / "templates" / "docx"
    folder.mkdir(parents=True)
    reference.save(str(folder / "reference.docx"))
    data = render_docx(make_document(), ("th",), context(templates=tmp_path / "templates"))
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    text_twips = round(130 / 25.4 * 1440)  # 210 - 2 * 40 mm
    grids = re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", body)
    for grid in grids[:2]:  # the title block and the document's data
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', grid)]
        assert abs(sum(widths) - text_twips) <= 2, widths
