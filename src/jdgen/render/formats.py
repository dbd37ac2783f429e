"""The registry of output formats: format name -> renderer producing the file's bytes."""

from __future__ import annotations

from collections.abc import Callable

from jdgen.render.docx import render_docx, warm_up_docx
from jdgen.render.glyphs import check_glyphs
from jdgen.render.html import RenderContext, render_html
from jdgen.render.pdf import engine_for, render_pdf
from jdgen.render.templates import TemplateSet
from jdgen.resolve.document import Document

Renderer = Callable[[Document, tuple[str, ...], RenderContext], bytes]


def _html(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> bytes:
    engine = engine_for(ctx.templates)
    labels = {lang: ctx.templates.labels(lang) for lang in langs}
    check_glyphs(doc, langs, labels, ctx.approval, engine.covered, engine.font_names)
    return render_html(doc, langs, ctx).encode("utf-8")


RENDERERS: dict[str, Renderer] = {"html": _html, "pdf": render_pdf, "docx": render_docx}


def warm_up(templates: TemplateSet | None = None) -> None:
    """Load fonts, parse stylesheets and read the reference DOCX once, e.g. in a pool worker.

    Cheap to call again; later renders in the same process reuse what it loaded.
    """
    templates = templates or TemplateSet(None)
    engine_for(templates).warm_up()
    warm_up_docx(templates)
