"""HTML rendering through Jinja2 templates (the preview format, and the PDF's source)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jdgen.approval import DRAFT, ApprovalState
from jdgen.render.templates import TemplateSet
from jdgen.render.view import number_document
from jdgen.resolve.document import Document


@dataclass(frozen=True)
class RenderContext:
    """What a renderer needs besides the document: labels, status and dates."""

    templates: TemplateSet
    approval: ApprovalState = DRAFT


def html_context(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> dict[str, Any]:
    """The variables every HTML template receives."""
    return {
        "doc": doc,
        "langs": langs,
        "lang": langs[0],
        "labels": {lang: ctx.templates.labels(lang) for lang in langs},
        "sections": number_document(doc),
        "approval": ctx.approval,
        "status": ctx.approval.status,
        "revision": ctx.approval.revision,
        "css": ctx.templates.find("html/style.css").read_text(encoding="utf-8"),
    }


def render_html(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> str:
    """The document as a standalone HTML page in one language or side by side in several."""
    template = ctx.templates.jinja.get_template("html/document.html.j2")
    return template.render(html_context(doc, langs, ctx))
