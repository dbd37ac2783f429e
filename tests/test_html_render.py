"""HTML: golden output of a small document, escaping of role text, per-file overrides."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from jdgen.assets.templates import PACKAGE_TEMPLATES, TemplateSet, css_string
from jdgen.errors import RenderError
from jdgen.render.docx import render_docx
from jdgen.render.formats import RENDERERS, warm_up
from jdgen.render.html import render_html
from jdgen.render.pdf import engine_for
from jdgen.render.sheets import ack_row_count
from publish_support import context, make_document

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("JDGEN_UPDATE_GOLDEN") == "1"


def check_golden(name: str, actual: str) -> None:
    """Compare with ``tests/golden/<name>``; JDGEN_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual, (
        f"{name} changed; review and rerun with JDGEN_UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize(
    ("langs", "approved", "name"),
    [
        (("th",), False, "sales-rep.th.draft.html"),
        (("th", "en"), True, "sales-rep.th+en.approved.html"),
    ],
)
def test_rendered_html_matches_golden(langs, approved, name):
    html = render_html(make_document(), langs, context(approved=approved), inline_css=False)
    check_golden(name, html)


def test_pdf_source_drops_clause_ids_and_lang_is_set_only_where_it_changes():
    doc, ctx = make_document(), context()
    preview = render_html(doc, ("th", "en"), ctx)
    for_pdf = render_html(doc, ("th", "en"), ctx, inline_css=False, anchors=False)
    assert '<tbody id="general_provisions">' in preview
    assert 'id="general_provisions.category"' in preview
    assert " id=" not in for_pdf
    assert for_pdf == re.sub(
        r' id="[^"]*"', "", render_html(doc, ("th", "en"), ctx, inline_css=False)
    )
    # Thai cells inherit <html lang="th">; English cells say lang="en".
    assert for_pdf.count(' lang="th"') == 1 and '<html lang="th">' in for_pdf
    assert "<td>ขายสินค้าของบริษัทให้ได้ผลกำไร</td>" in for_pdf
    assert '<td lang="en">To sell the company&#39;s products at a profit.</td>' in for_pdf


def test_preview_html_inlines_the_stylesheet_and_checks_glyphs():
    html = RENDERERS["html"](make_document(), ("en",), context()).decode()
    assert "<style>/* jdgen default style" in html
    with pytest.raises(RenderError, match="U\\+4E2D"):
        RENDERERS["html"](make_document(extra="中"), ("en",), context())


def test_role_text_is_escaped_never_evaluated():
    doc = make_document(extra=' {{ 7 * 7 }} <script>x()</script> <img src="file:///etc/passwd"> &')
    html = render_html(doc, ("en",), context())
    assert (
        "{{ 7 * 7 }} &lt;script&gt;x()&lt;/script&gt; "
        "&lt;img src=&#34;file:///etc/passwd&#34;&gt; &amp;" in html
    )
    body = html.split("</head>", 1)[1]  # the head carries base64 fonts, where "49" may occur
    assert "<script>" not in html and "49" not in body


def test_css_strings_cannot_break_out_of_a_style_block():
    assert css_string('a"b\\c</style>&') == "a\\22 b\\5c c\\3c \\2f style\\3e \\26 "
    assert css_string("หน้า 1\u2028") == "หน้า 1\\2028 "


def test_project_templates_override_file_by_file(tmp_path):
    templates = tmp_path / "templates"
    (templates / "labels").mkdir(parents=True)
    en = (Path(context().templates.find("labels/en.toml"))).read_text(encoding="utf-8")
    (templates / "labels" / "en.toml").write_text(
        en.replace('kind = "Job Description"', 'kind = "Position Description"'), encoding="utf-8"
    )
    html = render_html(make_document(), ("en",), context(templates=templates))
    assert "Position Description" in html
    assert "<style>/* jdgen default style" in html  # style.css still from the package


def test_warm_up_loads_the_pdf_engine_once_and_renders_reuse_it(tmp_path):
    (tmp_path / "templates").mkdir()  # a template set no other test has warmed
    templates = TemplateSet(tmp_path / "templates")
    warm_up(templates)
    engine = engine_for(templates)
    assert {"stylesheets", "base_url"} <= set(vars(engine))  # parsed by warm_up itself
    sheets = engine.stylesheets
    warm_up(TemplateSet(tmp_path / "templates"))  # cheap to repeat: nothing is reloaded
    assert engine_for(templates) is engine and engine.stylesheets is sheets
    RENDERERS["pdf"](make_document(), ("en",), context(templates=tmp_path / "templates"))
    assert engine_for(templates) is engine and engine.stylesheets is sheets


def test_preview_html_carries_its_fonts_and_loads_nothing():
    import base64

    from fontTools.ttLib import TTFont

    html = RENDERERS["html"](make_document(), ("th", "en"), context()).decode()
    faces = re.findall(
        r'font-family: "([^"]+)"; font-weight: (\d+); font-style: normal; '
        r"src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)",
        html,
    )
    assert [(family, weight) for family, weight, _ in faces] == [
        ("Sarabun", "400"),
        ("Sarabun", "700"),
    ]
    font = TTFont(io.BytesIO(base64.b64decode(faces[0][2])))
    assert font.flavor == "woff2"
    assert 0x0E01 in font.getBestCmap()  # ก: the embedded face prints Thai
    assert not re.search(r"""(src|href)=["']?(https?:|file:|//)""", html)
    assert html == RENDERERS["html"](make_document(), ("th", "en"), context()).decode()
    russian = RENDERERS["html"](make_document(), ("ru",), context()).decode()
    assert re.findall(r'font-family: "([^"]+)"; font-weight: (\d+)', russian) == [
        ("PT Sans", "400"),
        ("PT Sans", "700"),
    ]


@pytest.mark.parametrize("rows", [None, 3])
def test_acknowledgement_rows_default_to_five_in_html_and_docx(tmp_path, rows):
    labels = tmp_path / "labels"
    labels.mkdir()
    package = (PACKAGE_TEMPLATES / "labels" / "th.toml").read_text(encoding="utf-8")
    assert "\nrows = 5\n" in package
    (labels / "th.toml").write_text(
        package.replace("\nrows = 5\n", "\n" if rows is None else f"\nrows = {rows}\n"),
        encoding="utf-8",
    )
    ctx, expected = context(templates=tmp_path), 5 if rows is None else rows
    assert ack_row_count({"th": ctx.templates.labels("th")}) == expected
    html = render_html(make_document(), ("th",), ctx)
    sheet = html[html.index('class="sheet acknowledgement-sheet"') :]
    assert sheet.count('<tr><td class="n">') == expected
    docx_bytes = render_docx(make_document(), ("th",), ctx)
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml").decode()
    last_table = xml[xml.rindex("<w:tbl>") :]
    assert len(re.findall(r"<w:tr[ >]", last_table)) == 1 + expected
