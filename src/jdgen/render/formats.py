"""The registry of output formats: format name -> renderer producing the file's bytes.

The PDF and DOCX engines (WeasyPrint, python-docx) are imported on first use, so commands
that never render (validate, list, status, a no-op build) start fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType

from jdgen.assets.templates import TemplateSet
from jdgen.errors import SystemLibraryMissing
from jdgen.render.glyphs import check_template_glyphs
from jdgen.render.html import RenderContext, render_html
from jdgen.resolve.document import Document

Renderer = Callable[[Document, tuple[str, ...], RenderContext], bytes]


def _html(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> bytes:
    check_template_glyphs(doc, langs, ctx.templates, ctx.approval)
    return render_html(doc, langs, ctx).encode("utf-8")


PDF_SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


def pdf_module() -> ModuleType:
    """``jdgen.render.pdf``, or :class:`SystemLibraryMissing` when WeasyPrint cannot load
    the system libraries it typesets with (Pango, HarfBuzz)."""
    try:
        from jdgen.render import pdf
    except OSError as err:
        raise SystemLibraryMissing(
            f"PDF output needs the Pango and HarfBuzz system libraries, which could not be "
            f"loaded ({err}); install them (Debian/Ubuntu: apt-get install "
            f"{PDF_SYSTEM_PACKAGES}; macOS: brew install pango) or build without PDF "
            f"(--format docx,html)"
        ) from None
    return pdf


def _pdf(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> bytes:
    rendered: bytes = pdf_module().render_pdf(doc, langs, ctx)
    return rendered


def _docx(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> bytes:
    from jdgen.render.docx import render_docx

    return render_docx(doc, langs, ctx)


RENDERERS: dict[str, Renderer] = {"html": _html, "pdf": _pdf, "docx": _docx}


def warm_up(templates: TemplateSet | None = None, formats: Iterable[str] = ("pdf", "docx")) -> None:
    """Load fonts and parse stylesheets (PDF), read the reference DOCX (DOCX) once, e.g. in
    a pool worker, for the ``formats`` it will render (a template another format needs is
    never read).

    Cheap to call again; later renders in the same process reuse what it loaded.
    """
    from jdgen.render.docx import warm_up_docx

    templates = templates or TemplateSet(None)
    if "pdf" in formats:
        try:
            pdf = pdf_module()
        except SystemLibraryMissing:
            pass  # each PDF file then fails with the message, and other formats still build
        else:
            pdf.engine_for(templates).warm_up()
    if "docx" in formats:
        warm_up_docx(templates)
