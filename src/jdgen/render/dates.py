"""Dates as printed: Buddhist Era in Thai, day-month-year in English and Russian.

The date a document carries comes from its approval, or from ``SOURCE_DATE_EPOCH`` for a
draft, never from the clock, so the same inputs always print (and embed) the same date. A
draft without ``SOURCE_DATE_EPOCH`` embeds no date where a format allows none (PDF) and
:data:`UNDATED` where one is required (DOCX core properties, the ``head`` table of a font
that fontTools subsets).

Not the sources' commit time: a shallow clone (the default in CI) knows only its last
commit, so it would date a document differently from a full clone of the same sources.
"""

from __future__ import annotations

import datetime as dt

from jdgen.dates import BUDDHIST_ERA_OFFSET

UNDATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # where a timestamp is required and none is given

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
RUSSIAN_MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def buddhist_year(date: dt.date) -> int:
    """The Buddhist-Era year of ``date`` (พ.ศ. = CE + 543)."""
    return date.year + BUDDHIST_ERA_OFFSET


def format_date(date: dt.date, lang: str) -> str:
    """``date`` written out in ``lang``: ``29 พฤศจิกายน พ.ศ. 2569``, ``29 November 2026``.

    Languages without a rule of their own get ISO 8601 (``2026-11-29``).
    """
    if lang == "th":
        return f"{date.day} {THAI_MONTHS[date.month - 1]} พ.ศ. {buddhist_year(date)}"
    if lang == "en":
        return f"{date.day} {ENGLISH_MONTHS[date.month - 1]} {date.year}"
    if lang == "ru":
        return f"{date.day} {RUSSIAN_MONTHS_GENITIVE[date.month - 1]} {date.year} г."
    return date.isoformat()


def document_moment(
    approved_on: dt.date | None, source_date: dt.datetime | None
) -> dt.datetime | None:
    """The timestamp embedded in PDF/DOCX metadata: the approval date, else SOURCE_DATE_EPOCH.

    None means "embed no date at all" (a draft built without SOURCE_DATE_EPOCH).
    """
    if approved_on is not None:
        return dt.datetime(approved_on.year, approved_on.month, approved_on.day, tzinfo=dt.UTC)
    return source_date


def epoch_seconds(moment: dt.datetime) -> int:
    """``moment`` as whole seconds since 1970-01-01 UTC (as ``SOURCE_DATE_EPOCH`` writes it)."""
    return int(moment.timestamp())
