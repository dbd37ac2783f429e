"""Make Thai text in WeasyPrint's PDFs extract as the text that was typeset.

WeasyPrint maps each glyph to Unicode once per font (a ToUnicode CMap). Thai shaping breaks
that: HarfBuzz decomposes SARA AM (ำ) into NIKHAHIT + SARA AA and substitutes shifted tone
marks, so copy-paste and ``pdftotext`` give ``ผลกาไร`` for ``ผลกำไร``. PDF's remedy is
``/ActualText`` marked content: each text box is wrapped in a ``/Span`` whose ActualText is
the box's own text, which readers and extractors (poppler, Acrobat) use instead of guessing
from glyphs. Installed once per process; idempotent.
"""

from __future__ import annotations

from typing import Any

import pydyf  # type: ignore[import-untyped]
import weasyprint.draw as weasy_draw  # type: ignore[import-untyped]

_MARK = "_jdgen_actual_text"


def install_actual_text() -> None:
    """Wrap WeasyPrint's text drawing so every text box carries ``/ActualText``."""
    original = weasy_draw.draw_text
    if getattr(original, _MARK, False):
        return

    def draw_text(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text = getattr(textbox, "text", "")
        if not text:
            return original(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    setattr(draw_text, _MARK, True)
    weasy_draw.draw_text = draw_text
