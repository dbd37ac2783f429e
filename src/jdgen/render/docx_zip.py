"""Byte-reproducible OOXML packages: fixed entry times and attributes, stable order."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.opc.pkgwriter import _ContentTypesItem

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BINARY_LEVEL = 1  # fonts and images hardly shrink further at higher levels, but cost more
_XML_LEVEL = 6


def _entry(target: zipfile.ZipFile, name: str, data: bytes, level: int) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    target.writestr(info, data, compresslevel=level)


def write_package(package: Any) -> bytes:
    """A python-docx package as zip bytes with fixed timestamps, in one pass.

    The same entries and order as python-docx's own writer (content types, package
    relationships, then each part and its relationships), but every entry gets a fixed date,
    so equal documents give equal bytes.
    """
    parts = list(package.iter_parts())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        _entry(
            target,
            "[Content_Types].xml",
            _ContentTypesItem.from_parts(parts).blob,  # type: ignore[no-untyped-call]
            _XML_LEVEL,
        )
        _entry(target, "_rels/.rels", package.rels.xml, _XML_LEVEL)
        for part in parts:
            binary = not part.content_type.endswith("xml")
            _entry(
                target, part.partname.membername, part.blob, _BINARY_LEVEL if binary else _XML_LEVEL
            )
            if len(part.rels):
                _entry(target, part.partname.rels_uri.membername, part.rels.xml, _XML_LEVEL)
    return out.getvalue()
