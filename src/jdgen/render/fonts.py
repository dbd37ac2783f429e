"""Fonts as the renderers declare them: each language's font stack, ``@font-face`` rules
loading the font files, and the fonts embedded in a self-contained HTML page.

Which fonts there are, and what they can print, is :mod:`jdgen.assets.fonts`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jdgen.assets.fonts import CYRILLIC_FAMILY, THAI_FAMILY, FontFile, all_fonts, open_font
from jdgen.assets.templates import TemplateSet

# The first family sets the text; later ones fill in characters it lacks.
_STACKS = {"ru": (CYRILLIC_FAMILY, THAI_FAMILY)}
_DEFAULT_STACK = (THAI_FAMILY, CYRILLIC_FAMILY)


def font_stack(lang: str) -> tuple[str, ...]:
    """The font families for text in ``lang``, most preferred first."""
    return _STACKS.get(lang, _DEFAULT_STACK)


def font_face_css(fonts: tuple[FontFile, ...]) -> str:
    """``@font-face`` rules loading each font from its package file."""
    return "\n".join(
        f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.as_uri()}"); '
        f"font-weight: {f.weight}; font-style: {f.style}; }}"
        for f in fonts
    )


@cache
def _woff2_base64(path: Path) -> str:
    """``path`` as WOFF2, base64-encoded (deterministic: no timestamp is rewritten); once
    per font and process, whatever mix of languages asks for it."""
    import base64
    import io

    font = open_font(path, recalcTimestamp=False)
    font.flavor = "woff2"
    buffer = io.BytesIO()
    font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def embedded_font_css(templates: TemplateSet, langs: tuple[str, ...]) -> str:
    """``@font-face`` rules with the fonts inside (data: URIs), for a self-contained HTML page.

    Only the regular and bold faces of each language's main family are embedded (about
    45 KB each), so the preview shows Thai on a machine without a Thai font and loads
    nothing from anywhere.
    """
    families = {font_stack(lang)[0] for lang in langs}  # fallbacks stay in the PDF only
    return "\n".join(
        f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
        f"font-style: normal; src: url(data:font/woff2;base64,{_woff2_base64(f.path)}) "
        'format("woff2"); }'
        for f in all_fonts(templates)
        if f.family in families and f.style == "normal" and f.weight in (400, 700)
    )
