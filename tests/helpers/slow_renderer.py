"""A test-only wrapper around the HTML renderer: slow, or failing for chosen documents.

Used in-process (``install(monkeypatch...)``) and in subprocesses through
``tests/helpers/sitecustomize.py``, which installs it when ``JDGEN_TEST_RENDER_DELAY`` or
``JDGEN_TEST_RENDER_FAIL`` is set (so that pool workers get it too, whatever start method).
"""

from __future__ import annotations

import os
import time

from jdgen.errors import RenderError
from jdgen.render import formats
from jdgen.render.formats import Renderer


def wrap(inner: Renderer, delay: float = 0.0, fail: frozenset[str] = frozenset()) -> Renderer:
    """``inner`` made slower by ``delay`` seconds and raising for documents in ``fail``."""

    def render(doc, langs, ctx):  # type: ignore[no-untyped-def]
        if delay:
            time.sleep(delay)
        if doc.id in fail:
            raise RenderError(f"cannot render {doc.id}: simulated renderer failure")
        return inner(doc, langs, ctx)

    return render


def install_from_env() -> None:
    """Wrap the html renderer as ``JDGEN_TEST_RENDER_DELAY`` / ``_FAIL`` ask."""
    delay = float(os.environ.get("JDGEN_TEST_RENDER_DELAY", "0") or 0)
    fail = frozenset(filter(None, os.environ.get("JDGEN_TEST_RENDER_FAIL", "").split(",")))
    if delay or fail:
        formats.RENDERERS["html"] = wrap(formats.RENDERERS["html"], delay, fail)
