"""Writers of a :class:`~jdgen.diff.model.SetDiff`: term, md, html, json and docx.

Every writer is ``fn(diff, options) -> bytes`` and lists changes in document order: header
fields first, then sections in published order. ``--lang`` limits the languages shown. The
text writers (term, md, html) name clauses by printed number and sections by their titles,
and show a change that repeats in several documents once (:mod:`.layout`).
"""

from __future__ import annotations

from collections.abc import Callable

from jdgen.diff.formats.common import DEFAULT_AUTHOR, FIXED_DATE, Options
from jdgen.diff.model import SetDiff

Writer = Callable[[SetDiff, Options], bytes]


def writers() -> dict[str, Writer]:
    """Format name -> writer (imported on demand; docx pulls in python-docx)."""
    from jdgen.diff.formats import docx, html, json, md, term

    return {
        "term": term.write,
        "md": md.write,
        "html": html.write,
        "json": json.write,
        "docx": docx.write,
    }


FORMATS = ("term", "md", "html", "json", "docx")


__all__ = ["DEFAULT_AUTHOR", "FIXED_DATE", "FORMATS", "Options", "Writer", "writers"]
