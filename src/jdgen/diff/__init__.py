"""Clause-level diff of resolved documents (``jdgen diff``).

:func:`diff_documents` compares two versions of one document, :func:`diff_sets` two sets;
:mod:`jdgen.diff.sources` finds the documents of a file, a ``REV:path`` or a whole revision;
:mod:`jdgen.diff.formats` writes the result as term, md, html, json or a DOCX redline.
:func:`jdgen.diff.run.run_diff` is the whole of ``jdgen diff``: :mod:`~jdgen.diff.choose`
picks the sides, :mod:`~jdgen.diff.redline` dresses the redline, and
:mod:`~jdgen.diff.fallback` gives git the plain YAML diff when the roles cannot be resolved.
"""

from jdgen.diff.compare import diff_documents, diff_sets, pair_documents
from jdgen.diff.model import Change, DocumentDiff, Hint, SetDiff

__all__ = [
    "Change",
    "DocumentDiff",
    "Hint",
    "SetDiff",
    "diff_documents",
    "diff_sets",
    "pair_documents",
]
