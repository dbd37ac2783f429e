"""``jdgen diff`` as one library call: choose the sides, compare, write the redline.

:func:`run_diff` returns what to print and the :class:`~jdgen.errors.Outcome` (SAME or
DIFFERENT, like diff(1)). Called by git as an external diff, it always ends SAME, since git
stops at an external diff that exits non-zero, and shows the plain YAML text diff (a
:class:`~jdgen.errors.Fallback`) when the roles cannot be resolved.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jdgen.diff.choose import Versions, choose_sides
from jdgen.diff.compare import diff_sets
from jdgen.diff.errors import DocxNeedsOutput
from jdgen.diff.fallback import plain_text_diff
from jdgen.diff.formats import DEFAULT_AUTHOR, Options, writers
from jdgen.diff.redline import parse_lang, redline_templates, revision_date
from jdgen.errors import Fallback, JdgenError, Outcome
from jdgen.write import write_atomic
from jdgen.write.guard import refuse_source_output


@dataclass(frozen=True)
class Redline:
    """How to write the comparison: format, output file, languages, colour, DOCX revision."""

    fmt: str = "term"
    output: Path | None = None  # None: the bytes are returned to print
    langs: str | None = None  # --lang as given, e.g. "th,en"
    color: bool = False
    author: str | None = None
    date: str | None = None  # --date as given (ISO)


@dataclass(frozen=True)
class DiffRun:
    """The result of :func:`run_diff`: the bytes to print (None: nothing, or written to the
    output file) and how the command ends."""

    outcome: Outcome | Fallback
    data: bytes | None = None


def run_diff(versions: Versions, redline: Redline) -> DiffRun:
    """Compare the versions named, and print or write the redline.

    An output that is a source is refused (:class:`~jdgen.errors.OutputIsSource`) before
    anything is compared, in every mode.
    """
    if redline.output is not None:
        refuse_source_output(redline.output, versions.input_files())
    if not versions.git_external:
        return _compare(versions, redline)
    try:
        made = _compare(versions, redline)
    except JdgenError as error:
        if not versions.from_git():
            raise
        return DiffRun(
            Fallback(
                error,
                f"showing the YAML text diff of {versions.sides[0]} instead",
                plain_text_diff(versions.sides),
                Outcome.SAME,
            )
        )
    return DiffRun(Outcome.SAME, made.data)  # git stops at an external diff that exits non-zero


def _compare(versions: Versions, redline: Redline) -> DiffRun:
    pair = choose_sides(versions)
    old, new = pair.old, pair.new
    result = diff_sets(old.documents, new.documents, old.label, new.label, pair.by_variant)
    if redline.fmt == "docx" and redline.output is None:
        raise DocxNeedsOutput("--format docx writes a file: give -o FILE.docx")
    options = Options(
        langs=parse_lang(redline.langs, result),
        color=redline.color,
        author=redline.author or new.author or DEFAULT_AUTHOR,
        date=revision_date(redline.date, new),
        templates=redline_templates(old, new),
        old_commit=old.commit or "",
        new_commit=new.commit or "",
    )
    data = writers()[redline.fmt](result, options)
    if redline.output is not None:
        write_atomic(redline.output, data)
    outcome = Outcome.DIFFERENT if result.changed else Outcome.SAME
    return DiffRun(outcome, data if redline.output is None else None)
