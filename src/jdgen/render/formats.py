"""The registry of output formats: format name -> renderer producing the file's bytes."""

from __future__ import annotations

from collections.abc import Callable

from jdgen.render.html import RenderContext, render_html
from jdgen.resolve.document import Document

Renderer = Callable[[Document, tuple[str, ...], RenderContext], bytes]


def _html(doc: Document, langs: tuple[str, ...], ctx: RenderContext) -> bytes:
    return render_html(doc, langs, ctx).encode("utf-8")


RENDERERS: dict[str, Renderer] = {"html": _html}
