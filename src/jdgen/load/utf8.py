"""Reading bytes as UTF-8, with the first bad byte placed where an editor shows it."""

from __future__ import annotations

from jdgen.errors import Location, Problem


def decode_utf8(data: bytes, display: str) -> str | Problem:
    """The text of ``data`` (a byte-order mark dropped), or the problem of its first byte
    that is not UTF-8, at its line and column (in characters, as an editor counts)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        line_start = data.rfind(b"\n", 0, err.start) + 1
        col = len(data[line_start : err.start].decode("utf-8", errors="replace")) + 1
        return Problem(
            Location(display, line, col),
            "",
            f"not valid UTF-8 (byte 0x{data[err.start]:02X}); save the file as UTF-8",
        )
