"""The libraries a PDF's bytes depend on, and whether this machine subsets fonts with HarfBuzz.

WeasyPrint lays text out with Pango and HarfBuzz and subsets the fonts it embeds with
libharfbuzz-subset. Where that library is missing (or older than 4.1.0) it falls back to
fontTools, whose subsets are other bytes: the same sources would then give different PDFs on
two machines. :func:`pdf_stack` names every library and version that shapes a PDF's bytes
(the build's key includes it, so equal keys still mean equal bytes), and
:func:`subset_warning` says, before a build renders PDFs, that this machine is the odd one.

The system libraries are looked up with :mod:`ctypes` under the names WeasyPrint opens, so
that a no-op build never imports WeasyPrint (a second of start-up).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from importlib import metadata

from jdgen.errors import Location, Problem

# The names WeasyPrint's text/ffi.py passes to dlopen, per library.
_PANGO = (
    "libpango-1.0-0",
    "pango-1.0-0",
    "pango-1.0",
    "libpango-1.0.so.0",
    "libpango-1.0.dylib",
    "libpango-1.0-0.dll",
)
_HARFBUZZ = (
    "libharfbuzz-0",
    "harfbuzz",
    "harfbuzz-0.0",
    "libharfbuzz.so.0",
    "libharfbuzz.0.dylib",
    "libharfbuzz-0.dll",
)
_HARFBUZZ_SUBSET = (
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
SUBSET_MIN = (4, 1, 0)  # WeasyPrint uses libharfbuzz-subset only from this HarfBuzz on
SUBSET_PACKAGE = "libharfbuzz-subset0"  # Debian/Ubuntu


def _open(names: tuple[str, ...]) -> ctypes.CDLL | None:
    """The first of ``names`` the dynamic loader opens (as cffi's dlopen would), or None."""
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            found = ctypes.util.find_library(name.removeprefix("lib").split(".so")[0])
            if found:
                try:
                    return ctypes.CDLL(found)
                except OSError:
                    pass
    return None


def _version(names: tuple[str, ...], symbol: str) -> str | None:
    library = _open(names)
    if library is None:
        return None
    function = getattr(library, symbol, None)
    if function is None:
        return "unknown"
    function.restype = ctypes.c_char_p
    raw = function()
    return raw.decode("ascii", "replace") if raw else "unknown"


@cache
def pango_version() -> str | None:
    """Pango's version (``1.50.12``), or None where it cannot be loaded."""
    return _version(_PANGO, "pango_version_string")


@cache
def harfbuzz_version() -> str | None:
    """HarfBuzz's version (``6.0.0``), or None where it cannot be loaded."""
    return _version(_HARFBUZZ, "hb_version_string")


def _at_least(version: str, minimum: tuple[int, ...]) -> bool:
    try:
        parts = tuple(int(p) for p in version.split(".")[: len(minimum)])
    except ValueError:
        return False
    return parts >= minimum


@cache
def subsets_with_harfbuzz() -> bool:
    """Whether WeasyPrint subsets fonts with libharfbuzz-subset here (else with fontTools)."""
    version = harfbuzz_version()
    return (
        version is not None
        and _at_least(version, SUBSET_MIN)
        and _open(_HARFBUZZ_SUBSET) is not None
    )


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


@cache
def pdf_stack() -> str:
    """Every library and version a PDF's bytes depend on, as one line (part of its key)."""
    subsetter = "harfbuzz" if subsets_with_harfbuzz() else "fonttools"
    return (
        f"weasyprint={_package('weasyprint')} pydyf={_package('pydyf')} "
        f"fonttools={_package('fonttools')} pango={pango_version()} "
        f"harfbuzz={harfbuzz_version()} subset={subsetter}"
    )


def subset_warning() -> Problem | None:
    """A warning when this machine's PDFs differ from those of a machine with HarfBuzz
    subsetting (None when it has it, or cannot render PDFs at all)."""
    if pango_version() is None or subsets_with_harfbuzz():
        return None
    found = harfbuzz_version()
    why = (
        "libharfbuzz-subset is not installed"
        if found is None or _at_least(found, SUBSET_MIN)
        else f"HarfBuzz {found} is older than 4.1.0"
    )
    return Problem(
        Location("jdgen"),
        "",
        (
            f"{why}, so WeasyPrint subsets the PDF fonts with fontTools: these PDFs are not "
            f"byte-identical to PDFs of the same sources built where it is; install it "
            f"(Debian/Ubuntu: apt-get install {SUBSET_PACKAGE}; macOS: brew install harfbuzz)"
        ),
        "warning",
    )
