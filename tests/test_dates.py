"""Printed dates: Buddhist Era in Thai, SOURCE_DATE_EPOCH, the date a document embeds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jdgen.dates import source_date_epoch
from jdgen.errors import UsageError
from jdgen.render.dates import (
    THAI_MONTHS,
    buddhist_year,
    document_moment,
    format_date,
)


def test_thai_date_uses_buddhist_era_and_thai_month():
    assert format_date(dt.date(2026, 11, 29), "th") == "29 พฤศจิกายน พ.ศ. 2569"
    assert format_date(dt.date(2024, 1, 1), "th") == "1 มกราคม พ.ศ. 2567"


def test_english_and_russian_dates():
    assert format_date(dt.date(2026, 11, 29), "en") == "29 November 2026"
    assert format_date(dt.date(2026, 3, 8), "ru") == "8 марта 2026 г."
    assert format_date(dt.date(2026, 3, 8), "de") == "2026-03-08"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2400, 12, 31)))
def test_thai_year_is_ce_plus_543(date):
    printed = format_date(date, "th")
    assert printed.endswith(f"พ.ศ. {date.year + 543}")
    assert buddhist_year(date) == date.year + 543
    assert THAI_MONTHS[date.month - 1] in printed.split()


def test_source_date_epoch_is_read_as_utc():
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1764374400"}) == dt.datetime(
        2025, 11, 29, tzinfo=dt.UTC
    )
    assert source_date_epoch({}) is None
    assert source_date_epoch({"SOURCE_DATE_EPOCH": " "}) is None


def test_bad_source_date_epoch_is_a_usage_error():
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH='yesterday' is not a whole number"):
        source_date_epoch({"SOURCE_DATE_EPOCH": "yesterday"})


@pytest.mark.parametrize("raw", ["99999999999999", "-99999999999999", "9" * 40])
def test_out_of_range_source_date_epoch_is_a_usage_error(raw):
    with pytest.raises(UsageError, match=f"SOURCE_DATE_EPOCH='{raw}' is out of range"):
        source_date_epoch({"SOURCE_DATE_EPOCH": raw})


def test_approval_date_wins_over_source_date_epoch():
    epoch = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert document_moment(dt.date(2026, 11, 29), epoch) == dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    assert document_moment(None, epoch) == epoch
    assert document_moment(None, None) is None
