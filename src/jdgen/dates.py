"""The dates jdgen reads rather than prints: ``SOURCE_DATE_EPOCH`` and the Buddhist Era.

``SOURCE_DATE_EPOCH`` dates a draft (:mod:`jdgen.render.dates` says how); it is read from
the environment once per project (:attr:`jdgen.project.Project.source_date`) and carried
from there to the build's key and its renderers.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

from jdgen.errors import UsageError

BUDDHIST_ERA_OFFSET = 543  # พ.ศ. = CE + 543


@dataclass(frozen=True)
class SourceDate:
    """``SOURCE_DATE_EPOCH`` as given (stripped; part of every file's key) and the moment
    it names (None when it is not set)."""

    text: str
    moment: dt.datetime | None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> SourceDate:
        """The ``SOURCE_DATE_EPOCH`` of ``environ`` (default: this process's environment).

        A malformed value is a :class:`UsageError`, as in :func:`source_date_epoch`.
        """
        env = os.environ if environ is None else environ
        return cls(env.get("SOURCE_DATE_EPOCH", "").strip(), source_date_epoch(env))


def source_date_epoch(environ: Mapping[str, str] | None = None) -> dt.datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` names (UTC), or None when it is not set.

    A value that is not a whole number of seconds, or names no representable moment, is a
    usage error, not a silent default.
    """
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        seconds = int(raw)
    except ValueError:
        raise UsageError(
            f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds since 1970-01-01 UTC"
        ) from None
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(
            f"SOURCE_DATE_EPOCH={raw!r} is out of range (seconds since "
            "1970-01-01 UTC for a year up to 9999)"
        ) from None
