"""The fonts documents are set in, what they can print, and their fingerprint.

OFL fonts installed by pip, never the system's: Sarabun carries Thai and Latin; PT Sans
carries Cyrillic (and Latin) for Russian labels and text. A project may add fonts by
dropping ``.ttf``/``.otf`` files into ``templates/fonts/``; they join the glyph-coverage
check (the ``unprintable`` lint, ``jdgen sign``, the renderers) and are declared to
WeasyPrint like the packaged ones.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import fontpkg_pt_sans  # type: ignore[import-untyped]
import fontpkg_sarabun  # type: ignore[import-untyped]

from jdgen.assets.templates import TemplateSet
from jdgen.errors import ConfigError, Location, Problem

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


def font_dirs(templates: TemplateSet) -> tuple[Path, ...]:
    """Every folder fonts may be loaded from: the font packages' and ``templates/fonts/``."""
    packaged = {f.path.parent for f in PACKAGE_FONTS}
    return (*sorted(packaged), *(folder / "fonts" for folder in templates.folders))


def open_font(path: Path, **options: Any) -> Any:
    """``path`` as a fontTools ``TTFont`` (imported here: commands that render nothing never
    load fontTools)."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    return TTFont(path, **options)


@cache
def _face_of(path: Path) -> FontFile:
    font = open_font(path, lazy=True)
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
            problems.append(
                Problem(
                    Location(templates.display(path)),
                    "",
                    f"not a font jdgen can read ({type(err).__name__}: {err}); replace it "
                    "with a TrueType or OpenType file, or remove it",
                )
            )
    if problems:
        raise ConfigError(problems)
    return tuple(found)


def project_font_paths(templates: TemplateSet) -> list[Path]:
    """The ``.ttf``/``.otf`` files in the project's ``templates/fonts/`` (none opened)."""
    return [
        templates.contained(path, folder)
        for folder in templates.folders
        if (fonts := folder / "fonts").is_dir()
        for path in sorted(fonts.iterdir())
        if path.suffix.lower() in (".ttf", ".otf")
    ]


def all_fonts(templates: TemplateSet) -> tuple[FontFile, ...]:
    """Project fonts first, then the packaged ones."""
    return (*project_fonts(templates), *PACKAGE_FONTS)


@cache
def codepoints(path: Path) -> frozenset[int]:
    """The characters ``path`` has a glyph for (its best Unicode cmap)."""
    cmap = open_font(path, lazy=True).getBestCmap() or {}
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
def _file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def fingerprint(templates: TemplateSet | None = None) -> str:
    """A hash of every font file the renderers may embed (part of the build's cache key).

    By file name and bytes, without opening a font: a no-op build reads no character map
    and never imports fontTools, even when the project ships fonts.
    """
    paths = [f.path for f in PACKAGE_FONTS]
    if templates is not None:
        paths += project_font_paths(templates)
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path.name}\0{_file_digest(str(path))}\0".encode())
    return digest.hexdigest()
