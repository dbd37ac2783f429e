"""Page geometry of the PDF, from extracted word boxes (never pixels): an unbreakable token
stays inside the margins, in the PDF and in the HTML preview typeset as it is."""

from __future__ import annotations

import dataclasses
import html as html_module
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from weasyprint import HTML  # type: ignore[import-untyped]

from jdgen.render.html import render_html
from jdgen.render.pdf import render_pdf
from publish_support import context, make_document

TOKEN = "AccountRef" + "0123456789" * 9  # 100 characters and no break opportunity
MM = 72 / 25.4
RIGHT_MARGIN = 18 * MM  # html/style.css: @page margin 22mm 18mm 22mm 25mm
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
    r"(.*?)</word>"
)
# Side by side, the English column starts half way across the text after the number column.
BILINGUAL_SPLIT = (25 + 19 + (210 - 25 - 18 - 19) / 2) * MM


def words(pdf: Path) -> tuple[float, list[tuple[float, float, float, str]]]:
    """The page width and every word's (xMin, yMin, xMax, text), as pdftotext -bbox finds
    them (pages one after the other: y grows by page). jdgen's /ActualText spans make each
    "word" a run of text as typeset, often a whole line."""
    exe = shutil.which("pdftotext")
    assert exe, "poppler-utils (pdftotext) is required: see .ci/apt-packages.txt"
    out = subprocess.run(
        [exe, "-bbox", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    found = []
    for number, page in enumerate(out.split("<page ")[1:]):
        found += [
            (float(x0), number * 10_000 + float(y0), float(x1), html_module.unescape(t))
            for x0, y0, x1, t in WORD.findall(page)
        ]
    return width, found


def assert_token_inside_the_margins(pdf: Path, columns: int) -> None:
    width, found = words(pdf)
    assert max(x1 for _, _, x1, _ in found) <= width - RIGHT_MARGIN + 1
    texts = sorted((columns > 1 and x0 >= BILINGUAL_SPLIT, y0, text) for x0, y0, _, text in found)
    for column in range(columns):
        lines = [text for c, _, text in texts if c == bool(column)]
        assert TOKEN in "".join(lines)  # every character printed, in order...
        assert not any(TOKEN in line for line in lines)  # ...over more than one line


@pytest.mark.parametrize("langs", [("en",), ("th",), ("th", "en")])
def test_an_unbreakable_token_wraps_inside_the_pdf_page(tmp_path, langs):
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(make_document(" " + TOKEN), langs, context()))
    assert_token_inside_the_margins(pdf, len(langs))


@pytest.mark.parametrize("langs", [("en",), ("th", "en")])
def test_an_unbreakable_token_wraps_in_the_html_preview(tmp_path, langs):
    page = render_html(make_document(" " + TOKEN), langs, context())  # its own inline CSS
    pdf = tmp_path / "preview.pdf"
    pdf.write_bytes(HTML(string=page).write_pdf())
    assert_token_inside_the_margins(pdf, len(langs))


LONG = (
    " The jobholder shall maintain comprehensive documentation of all negotiations, "
    "correspondence and agreements concluded with institutional counterparties, "
    "notwithstanding any subsequent reorganisation of responsibilities."
) * 2


def test_english_is_set_ragged_not_stretched_to_the_margin(tmp_path):
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(make_document(LONG), ("en",), context()))
    width, found = words(pdf)
    start = next(i for i, w in enumerate(found) if w[3].startswith("Finding new clients."))
    lines = [w for w in found[start:] if w[0] == found[start][0]]  # the clause's lines
    lines = lines[
        : next(i for i, w in enumerate(lines) if w[3].endswith("responsibilities.") and i > 1) + 1
    ]
    assert len(lines) >= 4
    margin = width - RIGHT_MARGIN
    # Justified, every line but the last would end at the margin, its word gaps stretched.
    assert [round(margin - x1) for _, _, x1, _ in lines[:-1]].count(0) < len(lines) - 1
    assert max(margin - x1 for _, _, x1, _ in lines[:-1]) > 10


def page_texts(pdf: Path) -> list[str]:
    exe = shutil.which("pdftotext")
    assert exe, "poppler-utils (pdftotext) is required: see .ci/apt-packages.txt"
    out = subprocess.run(
        [exe, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1]


def test_the_approval_sheet_follows_the_body_on_its_last_page_when_it_fits(tmp_path):
    short = dataclasses.replace(make_document(), sections=make_document().sections[2:])
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(short, ("en",), context()))
    pages = page_texts(pdf)
    assert len(pages) == 2
    assert "To access the information needed." in pages[0] and "Approval Sheet" in pages[0]
    assert "Acknowledgement Sheet" in pages[1]  # the employee's sheet keeps a page of its own


@pytest.mark.parametrize("repeat", [4, 6, 8, 10])
def test_the_approval_sheet_is_never_split_nor_left_alone_after_a_line_or_two(tmp_path, repeat):
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(make_document(LONG * repeat), ("en",), context()))
    pages = page_texts(pdf)
    sheet = next(i for i, text in enumerate(pages) if "Approval Sheet" in text)
    assert "Direct supervisor" in pages[sheet]  # the whole table on the sheet's page
    body_end = next(i for i, text in enumerate(pages) if "To access the information" in text)
    assert sheet in (body_end, body_end + 1)
    if sheet == body_end + 1:  # the sheet did not fit: then the body's last page is full
        assert len(pages[body_end].strip().splitlines()) > 20
    assert "Acknowledgement Sheet" in pages[sheet + 1]
