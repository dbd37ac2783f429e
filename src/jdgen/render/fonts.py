"""The fonts documents are set in: OFL fonts installed by pip, never the system's.

Sarabun carries Thai and Latin; PT Sans carries Cyrillic (and Latin) for Russian labels and
text. A project may add fonts by dropping ``.ttf``/``.otf`` files into ``templates/fonts/``;
they join the glyph-coverage check and are declared to WeasyPrint like the packaged ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import fontpkg_pt_sans  # type: ignore[import-untyped]
import fontpkg_sarabun  # type: ignore[import-untyped]

from jdgen.errors import ConfigError, Location, Problem
from jdgen.render.templates import TemplateSet

THAI_FAMILY = "Sarabun"
CYRILLIC_FAMILY = "PT Sans"


@dataclass(frozen=True)
class FontFile:
    """One font file and the CSS face it provides."""

    family: str
    path: Path
    weight: int = 400
    style: str = "normal"


def _sarabun(name: str, weight: int, style: str) -> FontFile:
    return FontFile(THAI_FAMILY, fontpkg_sarabun.ROOT / "files" / name, weight, style)


def _pt_sans(name: str, weight: int, style: str) -> FontFile:
    return FontFile(CYRILLIC_FAMILY, fontpkg_pt_sans.ROOT / "files" / name, weight, style)


PACKAGE_FONTS: tuple[FontFile, ...] = (
    _sarabun("Sarabun-Regular.ttf", 400, "normal"),
    _sarabun("Sarabun-Bold.ttf", 700, "normal"),
    _sarabun("Sarabun-Italic.ttf", 400, "italic"),
    _sarabun("Sarabun-BoldItalic.ttf", 700, "italic"),
    _pt_sans("PT_Sans-Web-Regular.ttf", 400, "normal"),
    _pt_sans("PT_Sans-Web-Bold.ttf", 700, "normal"),
    _pt_sans("PT_Sans-Web-Italic.ttf", 400, "italic"),
    _pt_sans("PT_Sans-Web-BoldItalic.ttf", 700, "italic"),
)

# The first family sets the text; later ones fill in characters it lacks.
_STACKS = {"ru": (CYRILLIC_FAMILY, THAI_FAMILY)}
_DEFAULT_STACK = (THAI_FAMILY, CYRILLIC_FAMILY)


def font_dirs(templates: TemplateSet) -> tuple[Path, ...]:
    """Every folder fonts may be loaded from: the font packages' and ``templates/fonts/``."""
    packaged = {f.path.parent for f in PACKAGE_FONTS}
    return (*sorted(packaged), *(folder / "fonts" for folder in templates.folders))


def _open_font(path: Path, **options: Any) -> Any:
    """``path`` as a fontTools ``TTFont`` (imported here: commands that render nothing never
    load fontTools)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    return TTFont(path, **options)


@cache
def _face_of(path: Path) -> FontFile:
    font = _open_font(path, lazy=True)
    name = font["name"]
    family = str(name.getDebugName(16) or name.getDebugName(1) or path.stem)
    os2 = font["OS/2"]
    style = "italic" if os2.fsSelection & 1 else "normal"
    return FontFile(family, path, int(os2.usWeightClass), style)


def project_fonts(templates: TemplateSet) -> tuple[FontFile, ...]:
    """Fonts a project ships in ``templates/fonts/`` (the package ships none there).

    Raises :class:`ConfigError` naming every file that is not a readable font (its name,
    style and character map are read here, once).
    """
    found: list[FontFile] = []
    problems: list[Problem] = []
    for path in project_font_paths(templates):
        try:
            found.append(_face_of(path))
            codepoints(path)
        # fontTools reports a damaged file with whatever its parser tripped on
        # (TTLibError, struct.error, KeyError for a missing table, ...).
        except Exception as err:
            problems.append(Problem(
                Location(templates.display(path)), "",
                f"not a font jdgen can read ({type(err).__name__}: {err}); replace it "
                "with a TrueType or OpenType file, or remove it"))
    if problems:
        raise ConfigError(problems)
    return tuple(found)


def project_font_paths(templates: TemplateSet) -> list[Path]:
    """The ``.ttf``/``.otf`` files in the project's ``templates/fonts/`` (none opened)."""
    return [templates.contained(path, folder) for folder in templates.folders
            if (fonts := folder / "fonts").is_dir()
            for path in sorted(fonts.iterdir()) if path.suffix.lower() in (".ttf", ".otf")]


def all_fonts(templates: TemplateSet) -> tuple[FontFile, ...]:
    """Project fonts first, then the packaged ones."""
    return (*project_fonts(templates), *PACKAGE_FONTS)


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
def codepoints(path: Path) -> frozenset[int]:
    """The characters ``path`` has a glyph for (its best Unicode cmap)."""
    cmap = _open_font(path, lazy=True).getBestCmap() or {}
    return frozenset(cmap)


def coverage(fonts: tuple[FontFile, ...]) -> frozenset[int]:
    """Every character at least one of ``fonts`` can print."""
    covered: set[int] = set()
    for font in fonts:
        covered |= codepoints(font.path)
    return frozenset(covered)


_COVERAGE: dict[tuple[Path, ...], tuple[frozenset[int], str]] = {}


def template_coverage(templates: TemplateSet) -> tuple[frozenset[int], str]:
    """The characters the fonts of ``templates`` cover, and their family names (cached)."""
    found = _COVERAGE.get(templates.folders)
    if found is None:
        fonts = all_fonts(templates)
        names = ", ".join(dict.fromkeys(f.family for f in fonts))
        found = _COVERAGE[templates.folders] = (coverage(fonts), names)
    return found


@cache
def _woff2_base64(path: Path) -> str:
    """``path`` as WOFF2, base64-encoded (deterministic: no timestamp is rewritten); once
    per font and process, whatever mix of languages asks for it."""
    import base64
    import io

    font = _open_font(path, recalcTimestamp=False)
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
        if f.family in families and f.style == "normal" and f.weight in (400, 700))
