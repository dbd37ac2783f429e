"""Build ``templates/docx/reference.docx``: the styles and page setup of every DOCX.

Run ``python -m jdgen.render.docx_reference [OUT]`` to regenerate the packaged file. A
project restyles its DOCX without code by putting its own ``templates/docx/reference.docx``
(this file opened in Word, its styles changed, saved) next to its roles. The renderer uses
the styles named in :data:`STYLES` when present and Word's defaults otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from lxml import etree  # type: ignore[import-untyped]

from jdgen.assets.fonts import PACKAGE_FONTS, THAI_FAMILY, FontFile
from jdgen.assets.templates import PACKAGE_TEMPLATES
from jdgen.render.docx_zip import write_package

REFERENCE_NAME = "docx/reference.docx"
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

# style name -> (size pt, bold, alignment, space before pt, space after pt, outline level)
STYLES: dict[str, tuple[float, bool, str, float, float, int | None]] = {
    "JD Organisation": (12, True, "left", 0, 2, None),
    "JD Approval": (10, False, "left", 0, 1, None),
    "JD Approval Heading": (10, True, "left", 0, 4, None),
    "JD Document Kind": (11, False, "center", 12, 0, None),
    "JD Title": (14, True, "center", 0, 8, None),
    "JD Meta": (10, False, "left", 0, 0, None),
    "JD Heading": (11.5, True, "left", 12, 4, 0),
    "JD Clause": (11, False, "left", 0, 3, None),
    "JD Item": (11, False, "left", 0, 3, None),
    "JD Sheet Title": (13, True, "center", 0, 4, 0),
    "JD Sheet Note": (11, False, "center", 0, 12, None),
    "JD Table": (10, False, "left", 0, 0, None),
}
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}


def _defaults(document: docx.document.Document) -> None:
    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    if doc_defaults is not None:
        styles.remove(doc_defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{THAI_FAMILY}" w:hAnsi="{THAI_FAMILY}" '
            f'w:eastAsia="{THAI_FAMILY}" w:cs="{THAI_FAMILY}"/>'
            '<w:sz w:val="22"/><w:szCs w:val="22"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="th-TH"/></w:rPr></w:rPrDefault>'
            '<w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    normal = document.styles["Normal"]
    normal.font.name = THAI_FAMILY
    normal.font.size = Pt(11)


def _paragraph_style(
    document: docx.document.Document,
    name: str,
    spec: tuple[float, bool, str, float, float, int | None],
) -> None:
    size, bold, align, before, after, outline = spec
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{round(size * 2)}"/>'))
    if bold:
        rpr.append(parse_xml(f"<w:bCs {nsdecls('w')}/>"))
    fmt = style.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if outline is not None:
        fmt.keep_with_next = True
        style.element.get_or_add_pPr().append(
            parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>')
        )


OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# Embedded so Thai prints in Sarabun on any machine with Word or LibreOffice; PT Sans is
# not embedded (it is large, and every system has a Cyrillic font to substitute).
EMBEDDED = tuple(f for f in PACKAGE_FONTS if f.family == THAI_FAMILY and f.style == "normal")


def font_key(data: bytes) -> str:
    """A GUID derived from the font's bytes (deterministic, unlike a random one)."""
    digest = hashlib.sha256(data).hexdigest()[:32].upper()
    return f"{{{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}}}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation: XOR the first 32 bytes with the GUID's bytes reversed."""
    secret = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ secret[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _embed_fonts(document: docx.document.Document, fonts: tuple[FontFile, ...]) -> None:
    """Embed ``fonts`` (obfuscated, as Word does) and tell Word to use embedded fonts."""
    table_part = document.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(table_part.blob)
    entry = parse_xml(
        f'<w:font {nsdecls("w")} w:name="{fonts[0].family}"><w:charset w:val="DE"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    )
    for index, font in enumerate(fonts, start=1):
        data = font.path.read_bytes()
        key = font_key(data)
        part = Part(
            PackURI(f"/word/fonts/font{index}.odttf"),
            OBFUSCATED_FONT,
            obfuscate(data, key),
            document.part.package,
        )
        rel_id = table_part.relate_to(part, RT.FONT)
        kind = "embedBold" if font.weight >= 600 else "embedRegular"
        entry.append(
            parse_xml(f'<w:{kind} {nsdecls("w", "r")} r:id="{rel_id}" w:fontKey="{key}"/>')
        )
    table.append(entry)
    table_part._blob = etree.tostring(
        table, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    settings = document.settings.element
    zoom = settings.find(qn("w:zoom"))
    flag = parse_xml(f"<w:embedTrueTypeFonts {nsdecls('w')}/>")
    if zoom is not None:
        zoom.addnext(flag)
    else:
        settings.insert(0, flag)


def _header_footer_tabs(document: docx.document.Document) -> None:
    """Header and Footer styles: one right tab at the text's right edge, nothing else."""
    width = round((Mm(210) - Mm(25) - Mm(18)) / 635)  # twips: the text width set above
    for name in ("Header", "Footer"):
        ppr = document.styles[name].element.get_or_add_pPr()
        old = ppr.find(qn("w:tabs"))
        if old is not None:
            ppr.remove(old)
        ppr.insert(
            0, parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:pos="{width}"/></w:tabs>')
        )
        document.styles[name].font.size = Pt(8)
        document.styles[name].element.get_or_add_rPr().append(
            parse_xml(f'<w:szCs {nsdecls("w")} w:val="16"/>')
        )


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
KEPT_TABLE_STYLES = ("TableNormal", "TableGrid")  # Word's default, and the one jdgen uses


def _slim(document: docx.document.Document) -> None:
    """Drop what python-docx's template carries and no jdgen document uses.

    Its 100 table styles are nine tenths of ``styles.xml`` (312 of 349 KB) and
    ``stylesWithEffects.xml`` (a Word 2010 copy of the styles that later Word rebuilds) is
    larger still (438 KB): every DOCX would parse, serialise and compress 750 KB of unused
    XML. Word keeps offering its built-in
    table styles (they are latent), so a lawyer editing the document loses nothing.
    """
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.rels.pop(rel_id)
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if (
            style.get(qn("w:type")) == "table"
            and style.get(qn("w:styleId")) not in KEPT_TABLE_STYLES
        ):
            styles.remove(style)


def build_reference() -> bytes:
    """The reference document's bytes: A4, jdgen's paragraph styles, fixed properties."""
    document = docx.Document()
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(22)
    section.left_margin, section.right_margin = Mm(25), Mm(18)
    section.header_distance = section.footer_distance = Mm(10)
    _slim(document)
    _defaults(document)
    _header_footer_tabs(document)
    _embed_fonts(document, EMBEDDED)
    for name, spec in STYLES.items():
        _paragraph_style(document, name, spec)
    props = document.core_properties
    props.author = props.last_modified_by = "jdgen"
    props.title = "jdgen reference document"
    props.comments = "Styles for jdgen DOCX output; restyle in Word and keep the style names."
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return write_package(document.part.package)


def main(argv: list[str] | None = None) -> None:
    """Write the reference document (default: the package's templates folder)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else PACKAGE_TEMPLATES / REFERENCE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_reference())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
