"""PDF rendering: the HTML template typeset by WeasyPrint, with fonts from pip packages.

One :class:`PdfEngine` per template set holds what is expensive and never changes between
documents: the font configuration (fonts registered once), the pre-parsed stylesheets and
the safe URL fetcher. Output bytes depend only on the inputs, never on the clock or the
folder: metadata dates come from the approval date or ``SOURCE_DATE_EPOCH``, the PDF file
identifier from the content digest, a font subset by fontTools carries the same date (not
the time of the build), and a link that resolved to a template file is written relative.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import posixpath
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

from jdgen.assets.fonts import FontFile, all_fonts, font_dirs, template_coverage
from jdgen.assets.templates import TemplateSet
from jdgen.render.dates import UNDATED, epoch_seconds
from jdgen.render.fetcher import SafeFetcher
from jdgen.render.fonts import font_face_css
from jdgen.render.glyphs import check_template_glyphs
from jdgen.render.html import DOCUMENT_TEMPLATE, RenderContext, render_html
from jdgen.render.pdf_text import install_actual_text
from jdgen.resolve.document import Document

# WeasyPrint reports refused resources as warnings on its logger; jdgen's fetcher already
# records them, and a document must not print noise for the links it was denied.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class PdfEngine:
    """Reusable WeasyPrint state for one template set (one project)."""

    def __init__(self, templates: TemplateSet) -> None:
        install_actual_text()
        self.templates = templates
        self.fonts: tuple[FontFile, ...] = all_fonts(templates)
        self.fetcher = SafeFetcher((*templates.folders, *font_dirs(templates)))
        self.font_config = FontConfiguration()

    @cached_property
    def base_url(self) -> str:
        """The document template's URL: relative links in the HTML resolve against it."""
        return self.templates.find(DOCUMENT_TEMPLATE).as_uri()

    @cached_property
    def stylesheets(self) -> list[CSS]:
        """@font-face rules and ``html/style.css``, parsed once; fonts registered once."""
        path, style = self.templates.style_css
        return [
            CSS(
                string=font_face_css(self.fonts),
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            ),
            CSS(
                string=style,
                base_url=path.as_uri(),
                url_fetcher=self.fetcher,
                font_config=self.font_config,
            ),
        ]

    def warm_up(self) -> None:
        """Parse the stylesheets, register the fonts and read the cmaps now."""
        _ = self.stylesheets, self.base_url
        template_coverage(self.templates)

    def render(self, doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> bytes:
        """The document as PDF bytes."""
        check_template_glyphs(doc, langs, self.templates, ctx.approval)
        html = render_html(doc, langs, ctx, inline_css=False, anchors=False)
        identifier = (
            hashlib.sha256(
                f"{doc.digest}:{'+'.join(langs)}:{ctx.approval.status}:{ctx.approval.revision}".encode()
            )
            .hexdigest()[:32]
            .encode()
        )
        with font_timestamps(epoch_seconds(ctx.moment or UNDATED)):
            document = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).render(
                stylesheets=self.stylesheets, font_config=self.font_config
            )
            self.relative_links(document)
            data = document.write_pdf(pdf_identifier=identifier)
        assert isinstance(data, bytes)
        return data

    @cached_property
    def _folder_paths(self) -> tuple[str, ...]:
        """Each template folder as written and with its links resolved, ending in ``/``."""
        paths = []
        for folder in self.templates.folders:
            for form in (folder.absolute(), folder.resolve()):
                paths.append(form.as_posix().rstrip("/") + "/")
        return tuple(dict.fromkeys(paths))

    def relative_links(self, document: object) -> None:
        """Links that WeasyPrint resolved to a template file, made relative again.

        A template's ``<a href="policy.html">`` becomes ``file:///<folder>/html/policy.html``
        (against the template's URL), which would put the folder the project happens to be
        in into the PDF. It is written as the path from ``html/`` instead.
        """
        for page in document.pages:  # type: ignore[attr-defined]
            for index, (kind, target, rectangle, box) in enumerate(page.links):
                if kind != "external" or not isinstance(target, str):
                    continue
                if not target.startswith("file:"):
                    continue
                path = unquote(urlsplit(target).path)
                folder = next((f for f in self._folder_paths if path.startswith(f)), None)
                if folder is not None:
                    relative = posixpath.relpath("/" + path[len(folder) :], "/html")
                    page.links[index] = (kind, quote(relative), rectangle, box)


@contextlib.contextmanager
def font_timestamps(seconds: int) -> Iterator[None]:
    """Date the fonts fontTools writes ``seconds`` (instead of now) while rendering.

    Where libharfbuzz-subset is missing WeasyPrint subsets fonts with fontTools, which
    stamps each font's ``head.modified`` with the current time unless
    ``SOURCE_DATE_EPOCH`` is set (``fontTools.misc.timeTools.timestampNow``), so two builds
    seconds apart would differ. HarfBuzz keeps the font's own date and ignores it.
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(seconds)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


_ENGINES: dict[tuple[Path, ...], PdfEngine] = {}


def engine_for(templates: TemplateSet) -> PdfEngine:
    """The process-wide engine for ``templates`` (created on first use)."""
    engine = _ENGINES.get(templates.folders)
    if engine is None:
        engine = _ENGINES[templates.folders] = PdfEngine(templates)
    return engine


def render_pdf(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> bytes:
    """The document as PDF bytes (through the cached engine of its template set)."""
    return engine_for(ctx.templates).render(doc, langs, ctx)
