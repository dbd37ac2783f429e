"""The usage errors of ``jdgen diff``: versions given wrongly, options that do not fit."""

from __future__ import annotations

from jdgen.errors import UsageError


class ConflictingVersions(UsageError):
    """The versions to compare are given two ways (OLD NEW with --from, or --since-approval)."""


class MissingVersion(UsageError):
    """A version to compare is missing: --to without --from, or not both OLD and NEW."""


class BadGitArguments(UsageError):
    """``--git-external`` was not given git's 7 (or 9, for a rename) arguments."""


class NeverApproved(UsageError):
    """``--since-approval ID`` names a document the sign-off ledger has never approved."""


class DocxNeedsOutput(UsageError):
    """``--format docx`` was asked for without ``-o FILE``: a DOCX cannot go to a terminal."""


class BadDate(UsageError):
    """``--date`` is not an ISO date or date-time."""


class UnknownLanguage(UsageError):
    """``--lang`` names a language the compared documents do not have."""
