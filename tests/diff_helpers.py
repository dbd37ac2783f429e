"""Helpers for the diff tests: documents built in Python, and accept/reject over DOCX XML."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from jdgen.errors import Location
from jdgen.resolve.document import Clause, Document, Section

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def q(tag: str) -> str:
    """``w:p`` -> Clark notation."""
    prefix, name = tag.split(":")
    assert prefix == "w"
    return f"{{{W}}}{name}"


def clause(cid: str, th: str, en: str, *items: Clause) -> Clause:
    """A bilingual clause."""
    return Clause(cid, {"th": th, "en": en}, items=tuple(items))


def document(
    sections: dict[str, list[Clause]],
    title: tuple[str, str] = ("ตำแหน่ง", "Post"),
    doc_id: str = "doc",
) -> Document:
    """A resolved document with the given sections (in the given order)."""
    return Document(
        id=doc_id,
        role_id=doc_id,
        variant_id=None,
        chain=(doc_id,),
        languages=("th", "en"),
        number="JD-1",
        organisation={"th": "บริษัท", "en": "Company"},
        title={"th": title[0], "en": title[1]},
        department={"th": "ฝ่าย", "en": "Unit"},
        reports_to={"th": "หัวหน้า", "en": "Head"},
        purpose=None,
        sections=tuple(Section(k, tuple(v)) for k, v in sections.items()),
        approver_post={"th": "ผู้อนุมัติ", "en": "Approver"},
        reviewers=("lawyer",),
        source=Location(f"roles/{doc_id}.yaml"),
    )


def clause_texts(doc: Document, langs: tuple[str, ...] = ("th", "en")) -> list[str]:
    """Every clause and sub-clause text in published order, one entry per language."""
    out = []
    for section in doc.sections:
        for c in section.clauses:
            out.extend(c.text[lang] for lang in langs)
            for item in c.items:
                out.extend(item.text[lang] for lang in langs)
    return out


def body_of(docx_bytes: bytes) -> etree._Element:
    """The parsed ``word/document.xml`` body."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return root.find("w:body", NS)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for child in list(element):
        parent.insert(index, child)
        index += 1
    parent.remove(element)


def resolve_revisions(body: etree._Element, accept: bool) -> etree._Element:
    """Accept (or reject) every tracked change, as Word does, in place.

    Accept drops w:del/w:moveFrom content and unwraps w:ins/w:moveTo; reject the reverse.
    A paragraph whose mark is dropped merges its remaining content into the next paragraph.
    """
    drop, keep = (
        (("del", "moveFrom"), ("ins", "moveTo"))
        if accept
        else (("ins", "moveTo"), ("del", "moveFrom"))
    )
    for name in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"):
        for element in list(body.iter(q(f"w:{name}"))):
            element.getparent().remove(element)
    _resolve_content(body, drop, keep)
    for deleted in list(body.iter(q("w:delText"))):
        deleted.tag = q("w:t")
    _resolve_marks(body, drop, keep)
    return body


def _resolve_content(body: etree._Element, drop: tuple[str, ...], keep: tuple[str, ...]) -> None:
    """Remove the paragraphs' revisions named in ``drop``, unwrap those named in ``keep``."""
    for para in list(body.iter(q("w:p"))):
        for child in list(para):
            local = etree.QName(child).localname
            if local in drop:
                para.remove(child)
            elif local in keep:
                _unwrap(child)


def _resolve_marks(body: etree._Element, drop: tuple[str, ...], keep: tuple[str, ...]) -> None:
    """Remove the paragraph marks' revisions; a paragraph whose mark is in ``drop`` merges
    into the next one."""
    for para in list(body.iter(q("w:p"))):
        marks = para.findall("w:pPr/w:rPr/*", NS)
        dropped = any(etree.QName(m).localname in drop for m in marks)
        for mark in marks:
            if etree.QName(mark).localname in drop + keep:
                mark.getparent().remove(mark)
        if dropped:
            _merge_into_next(para)


def _merge_into_next(para: etree._Element) -> None:
    """Move ``para``'s content to the start of the next paragraph and remove ``para``."""
    following = para.getnext()
    assert following is not None and following.tag == q("w:p"), "mark of last para"
    content = [c for c in para if c.tag != q("w:pPr")]
    anchor = following.find("w:pPr", NS)
    position = following.index(anchor) + 1 if anchor is not None else 0
    for offset, child in enumerate(content):
        following.insert(position + offset, child)
    para.getparent().remove(para)


def paragraph_texts(body: etree._Element, styles: tuple[str, ...]) -> list[str]:
    """Texts of the paragraphs of the given style ids, as they are (numbers are never typed)."""
    out = []
    for para in body.iter(q("w:p")):
        style = para.find("w:pPr/w:pStyle", NS)
        if style is None or style.get(q("w:val")) not in styles:
            continue
        out.append("".join(t.text or "" for t in para.iter(q("w:t"), q("w:delText"))))
    return out


def part_of(docx_bytes: bytes, name: str) -> etree._Element:
    """A parsed part of the package (``word/numbering.xml``...)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return etree.fromstring(archive.read(name))


def level_texts(docx_bytes: bytes) -> dict[str, dict[int, str]]:
    """numId -> level -> lvlText (``%1.%2``), read from numbering.xml."""
    numbering = part_of(docx_bytes, "word/numbering.xml")
    abstract = {
        a.get(q("w:abstractNumId")): {
            int(lvl.get(q("w:ilvl"))): lvl.find("w:lvlText", NS).get(q("w:val"))
            for lvl in a.findall("w:lvl", NS)
        }
        for a in numbering.findall("w:abstractNum", NS)
    }
    return {
        n.get(q("w:numId")): abstract[n.find("w:abstractNumId", NS).get(q("w:val"))]
        for n in numbering.findall("w:num", NS)
    }


def numbered_lines(body: etree._Element, levels: dict[str, dict[int, str]]) -> dict[str, list[str]]:
    """Per numId, each numbered paragraph as Word prints it: the number computed from
    ``w:numPr`` and the level texts (as Word counts), a space, the paragraph text."""
    counters: dict[str, list[int]] = {}
    out: dict[str, list[str]] = {}
    for para in body.iter(q("w:p")):
        num_pr = para.find("w:pPr/w:numPr", NS)
        if num_pr is None:
            continue
        num_id = num_pr.find("w:numId", NS).get(q("w:val"))
        level = int(num_pr.find("w:ilvl", NS).get(q("w:val")))
        count = counters.setdefault(num_id, [0, 0, 0])
        count[level] += 1
        count[level + 1 :] = [0] * (len(count) - level - 1)
        number = levels[num_id][level]
        for index, value in enumerate(count, start=1):
            number = number.replace(f"%{index}", str(value))
        text = "".join(t.text or "" for t in para.iter(q("w:t"), q("w:delText")))
        out.setdefault(num_id, []).append(f"{number} {text}")
    return out


def expected_numbered(doc: Document, langs: tuple[str, ...]) -> list[str]:
    """The numbered lines of ``doc`` as the redline prints them: ``1. หมวด / Section``
    headings, ``1.1`` clauses and ``1.1.1`` sub-clauses in the first language."""
    from jdgen.assets.templates import TemplateSet

    templates = TemplateSet(None)
    out = []
    for s, section in enumerate(doc.sections, 1):
        out.append(
            f"{s}. " + " / ".join(templates.labels(lang)["sections"][section.key] for lang in langs)
        )
        for c, item in enumerate(section.clauses, 1):
            out.append(f"{s}.{c} {item.text[langs[0]]}")
            out.extend(f"{s}.{c}.{i} {sub.text[langs[0]]}" for i, sub in enumerate(item.items, 1))
    return out


def revision_ids(body: etree._Element) -> list[str]:
    """Every w:id of revisions (range ends repeat their start's id and are left out)."""
    ends = {q(f"w:{n}") for n in ("moveFromRangeEnd", "moveToRangeEnd")}
    return [
        e.get(q("w:id")) for e in body.iter() if e.get(q("w:id")) is not None and e.tag not in ends
    ]
