"""Small OOXML builders for the DOCX renderer: runs with script fonts, fields, numbering.

Word picks the font for Thai from the complex-script slots (``w:rFonts/@w:cs``, ``w:szCs``,
``w:bCs``, ``w:lang/@w:bidi``), so every run states them; Latin and Cyrillic use the
``ascii``/``hAnsi`` slots. Text goes through python-docx/lxml, which escapes it for XML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docx.opc.coreprops import CoreProperties
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from jdgen.render.fonts import font_stack

LANG_TAGS = {"th": "th-TH", "en": "en-GB", "ru": "ru-RU"}
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold (lxml would refuse)."""
    return _CONTROL.sub("", text)


def add_run(paragraph: Paragraph, text: str, lang: str, *, bold: bool = False) -> Run:
    """Append ``text`` as a run carrying fonts and language for every script slot."""
    run = paragraph.add_run(xml_text(text))
    rpr = run._r.get_or_add_rPr()
    family = font_stack(lang)[0]
    thai_family = font_stack("th")[0]
    fonts = rpr.makeelement(
        qn("w:rFonts"),
        {
            qn("w:ascii"): family,
            qn("w:hAnsi"): family,
            qn("w:eastAsia"): family,
            qn("w:cs"): thai_family,
        },
    )
    rpr.insert(0, fonts)
    if bold:
        rpr.append(rpr.makeelement(qn("w:b"), {}))
        rpr.append(rpr.makeelement(qn("w:bCs"), {}))
    tag = LANG_TAGS.get(lang, lang)
    rpr.append(
        rpr.makeelement(
            qn("w:lang"),
            {
                qn("w:val"): tag,
                qn("w:eastAsia"): tag,
                qn("w:bidi"): "th-TH" if lang == "th" or _THAI.search(text) else tag,
            },
        )
    )
    return run


def add_field(paragraph: Paragraph, instruction: str, placeholder: str, lang: str) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``) that Word and LibreOffice update."""
    for kind in ("begin", None, "separate", "text", "end"):
        run = add_run(paragraph, "", lang)
        if kind == "text":
            run.text = placeholder
        elif kind is None:
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))


CORE_TEXT_LIMIT = 255  # python-docx refuses a longer core property string


def fit_core_text(text: str) -> str:
    """``text`` cut to :data:`CORE_TEXT_LIMIT` characters, ending in ``…`` when cut."""
    return text if len(text) <= CORE_TEXT_LIMIT else text[: CORE_TEXT_LIMIT - 1] + "…"


def set_core_text(props: CoreProperties, **values: str) -> None:
    """Set text core properties (``title=…``, ``comments=…``), each cut to fit."""
    for name, text in values.items():
        setattr(props, name, fit_core_text(text))


def set_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Column widths: the column grid (what LibreOffice lays out by) and every cell (Word)."""
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            cell.width = Mm(width)


def add_page_footer(paragraph: Paragraph, doc_id: str, page: str, of: str, lang: str) -> None:
    """``doc_id``, a tab (to the footer's right tab stop), then ``page`` X ``of`` Y as fields.

    The footer of every DOCX jdgen writes, published or redline: ``page`` and ``of`` are the
    labels (``หน้า``/``จาก``, ``Page``/``of``).
    """
    add_run(paragraph, f"{doc_id}\t{page} ", lang)
    add_field(paragraph, "PAGE", "1", lang)
    add_run(paragraph, f" {of} ", lang)
    add_field(paragraph, "NUMPAGES", "1", lang)


def set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    """Number ``paragraph`` with Word numbering ``num_id`` at ``level`` (0, 1, 2)."""
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    style = ppr.find(qn("w:pStyle"))
    if style is not None:
        style.addnext(num_pr)
    else:
        ppr.insert(0, num_pr)


# Indents in twentieths of a point: the number hangs in the left margin of the text.
_LEVELS = (("%1.", 0, 567), ("%1.%2", 0, 567), ("%1.%2.%3", 567, 737))


def text_indent(level: int) -> int:
    """Where the text of a numbered paragraph at ``level`` starts, in twips (for an
    unnumbered paragraph that continues it, e.g. the translation under a clause)."""
    _text, left, hanging = _LEVELS[level]
    return left + hanging


def abstract_num_xml(abstract_id: int) -> str:
    """A multilevel list numbering ``1.`` / ``1.1`` / ``1.1.1`` (decimal, restarting)."""
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left + hanging}"/></w:tabs>'
        f'<w:ind w:left="{left + hanging}" w:hanging="{hanging}"/></w:pPr>'
        + ("<w:rPr><w:b/><w:bCs/></w:rPr>" if i == 0 else "")
        + "</w:lvl>"
        for i, (text, left, hanging) in enumerate(_LEVELS)
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )


def add_list_numberings(numbering: BaseOxmlElement, count: int) -> list[int]:
    """Add ``count`` independent 1./1.1/1.1.1 lists; return their ``numId`` values.

    Ids continue after the reference document's own, so a restyled reference with its
    numbering keeps working. Each list has its own abstractNum, so its counters are its own
    (a bilingual document numbers each language column separately, identically).
    """
    abstract_ids = [
        int(e.get(qn("w:abstractNumId"))) for e in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(e.get(qn("w:numId"))) for e in numbering.findall(qn("w:num"))]
    next_abstract = max(abstract_ids, default=0) + 1
    next_num = max(num_ids, default=0) + 1
    first_num = numbering.find(qn("w:num"))
    created = []
    for offset in range(count):
        abstract = parse_xml(abstract_num_xml(next_abstract + offset))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{next_num + offset}">'
            f'<w:abstractNumId w:val="{next_abstract + offset}"/></w:num>'
        )
        numbering.append(num)
        created.append(next_num + offset)
    return created


def watermark_xml(text: str, family: str) -> str:
    """A Word text watermark (VML text path behind the page), as Word itself writes it."""
    safe = text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return (
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office"><w:rPr><w:noProof/></w:rPr><w:pict>'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
        '<v:textpath on="t" fitshape="t"/></v:shapetype>'
        '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s1025" type="#_x0000_t136" '
        'style="position:absolute;margin-left:0;margin-top:0;width:420pt;height:140pt;'
        "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#f2d0d0" '
        'stroked="f"><v:fill opacity=".5"/>'
        f'<v:textpath style="font-family:&quot;{family}&quot;;font-size:1pt" string="{safe}"/>'
        "</v:shape></w:pict></w:r>"
    )
