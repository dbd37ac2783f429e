"""PDF: extracted text equals the numbered document, draft vs approved, reproducible bytes,
missing glyphs fail, role text prints literally and fetches nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from jdgen.assets.fonts import PACKAGE_FONTS
from jdgen.assets.templates import TemplateSet
from jdgen.errors import RenderError
from jdgen.render.fetcher import RefusedURL, SafeFetcher
from jdgen.render.pdf import PdfEngine, engine_for, render_pdf
from publish_support import (
    assert_in_order,
    context,
    expected_lines,
    make_document,
    pdftotext,
    squash,
)

HOSTILE = ' {{ 7 * 7 }} <img src="file:///etc/passwd"> & file:///etc/passwd'


def creation_date(data: bytes) -> str | None:
    """The PDF's /CreationDate as written, or None."""
    metadata = PdfReader(io.BytesIO(data)).metadata or {}
    value = metadata.get("/CreationDate")
    return None if value is None else str(value)


def write_pdf(tmp_path: Path, data: bytes, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("lang", ["th", "en", "ru"])
def test_extracted_text_is_the_numbered_document(tmp_path, lang):
    doc, ctx = make_document(), context()
    text = pdftotext(write_pdf(tmp_path, render_pdf(doc, (lang,), ctx)))
    labels = ctx.templates.labels(lang)
    assert_in_order(text, [doc.title[lang], *expected_lines(doc, lang, labels)])
    # Thai shaping decomposes SARA AM; /ActualText keeps extraction exact.
    if lang == "th":
        assert "ผลกำไร" in text and "น้ำใจ" in text


def test_bilingual_pdf_sets_languages_side_by_side_clause_by_clause(tmp_path):
    doc, ctx = make_document(), context()
    text = pdftotext(write_pdf(tmp_path, render_pdf(doc, ("th", "en"), ctx)))
    th_lines = expected_lines(doc, "th", ctx.templates.labels("th"))
    en_lines = expected_lines(doc, "en", ctx.templates.labels("en"))
    # Each row: number, Thai text, English text.
    pairs = []
    for th, en in zip(th_lines, en_lines, strict=True):
        pairs += [th, en.split(" ", 1)[1]]
    assert_in_order(text, pairs)


def test_draft_has_mark_blank_blocks_and_no_effective_date(tmp_path):
    doc = make_document()
    text = pdftotext(write_pdf(tmp_path, render_pdf(doc, ("th",), context())))
    pages = text.split("\f")[:-1]
    assert all("ร่าง" in page for page in pages)  # the mark (and the header) on every page
    assert "เมื่อได้รับอนุมัติ" in text  # effective: on approval
    assert "วันที่ ........ เดือน" in text  # a date to fill in by hand
    assert "ประเสริฐ" not in text
    assert "ใบเห็นชอบเอกสาร" in pages[-2] and "ใบรับทราบคำบรรยายลักษณะงาน" in pages[-1]
    assert f"หน้า 1 จาก {len(pages)}" in pages[0] and doc.id in pages[0]


def test_approved_fills_names_posts_dates_and_drops_the_mark(tmp_path):
    doc = make_document()
    text = pdftotext(write_pdf(tmp_path, render_pdf(doc, ("th",), context(approved=True))))
    assert "ร่าง" not in text
    assert "(ประเสริฐ มั่นคง)" in text and "สมศรี ใจดี" in text and "Anna Smith" in text
    assert squash(text).count(squash("29 พฤศจิกายน พ.ศ. 2569")) == 5  # block, effective, 3
    assert "ฉบับแก้ไขที่ 2" in text


def test_same_inputs_give_identical_bytes_across_engines():
    doc = make_document()
    ctx = dataclasses.replace(
        context(approved=True), source_date=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    )
    first = render_pdf(doc, ("th", "en"), ctx)
    fresh = PdfEngine(TemplateSet(None)).render(doc, ("th", "en"), ctx)
    assert first == fresh == render_pdf(doc, ("th", "en"), ctx)
    assert creation_date(first) == "D:20261129000000Z"  # the approval date, not the clock


def test_draft_without_source_date_embeds_no_date_and_with_it_embeds_that_date():
    doc = make_document()
    assert creation_date(render_pdf(doc, ("en",), context())) is None
    ctx = dataclasses.replace(context(), source_date=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    assert creation_date(render_pdf(doc, ("en",), ctx)) == "D:20250102000000Z"


def test_a_glyph_no_font_has_fails_naming_document_clause_and_code_point():
    doc = make_document(extra=" 中")
    with pytest.raises(RenderError) as err:
        render_pdf(doc, ("th",), context())
    message = str(err.value)
    assert "sales-rep: functions.search [th]: U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in message
    assert "Sarabun, PT Sans" in message


def test_role_text_prints_literally_and_fetches_nothing(tmp_path):
    doc = make_document(extra=HOSTILE)
    engine = engine_for(TemplateSet(None))
    before = list(engine.fetcher.refused)
    text = pdftotext(write_pdf(tmp_path, render_pdf(doc, ("en",), context())))
    assert '{{ 7 * 7 }} <img src="file:///etc/passwd"> & file:///etc/passwd' in " ".join(
        text.split()
    )
    assert "root:" not in text
    assert engine.fetcher.refused == before  # escaped text is never a URL to fetch


def test_a_project_stylesheet_cannot_reach_outside_files(tmp_path):
    templates = tmp_path / "templates"
    (templates / "html").mkdir(parents=True)
    style = (
        TemplateSet(None).find("html/style.css").read_text(encoding="utf-8")
        + "body { background: url('file:///etc/passwd'); }\n"
        "h1 { background: url('https://example.com/x.png'); }\n"
    )
    (templates / "html" / "style.css").write_text(style, encoding="utf-8")
    engine = PdfEngine(TemplateSet(templates))
    engine.render(make_document(), ("en",), context(templates=templates))
    assert "file:///etc/passwd" in engine.fetcher.refused
    assert "https://example.com/x.png" in engine.fetcher.refused


def test_fetcher_serves_only_allowed_folders(tmp_path):
    font = PACKAGE_FONTS[0].path
    fetcher = SafeFetcher((font.parent, tmp_path))
    assert fetcher.fetch(font.as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")
    (tmp_path / "link").symlink_to("/etc/passwd")
    for url in (
        "file:///etc/passwd",
        (tmp_path / "link").as_uri(),
        "http://localhost/",
        "data:text/plain,hi",
        f"file://host{font}",
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_the_documented_restyled_header_prints_on_one_line(tmp_path):
    """docs/templates.md's example: a project adds an @top-left box beside jdgen's header."""
    guide = (Path(__file__).parent.parent / "docs" / "templates.md").read_text(encoding="utf-8")
    example = guide.split("## Example: a restyled header", 1)[1].split("```css", 1)[1]
    example = example.split("```", 1)[0]
    templates = tmp_path / "templates"
    (templates / "html").mkdir(parents=True)
    style = TemplateSet(None).find("html/style.css").read_text(encoding="utf-8") + example
    (templates / "html" / "style.css").write_text(style, encoding="utf-8")
    data = PdfEngine(TemplateSet(templates)).render(
        make_document(), ("en",), context(templates=templates)
    )
    lines = pdftotext(write_pdf(tmp_path, data)).splitlines()
    assert "บริษัท ตัวอย่าง จำกัด — Human Resources" in lines
    assert any(line.startswith("Document No.: ") for line in lines)
