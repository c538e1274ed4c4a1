"""Danish conventions: dates, month titles and ASCII file names."""

from __future__ import annotations

from datetime import date

import pytest

from trivselreport.danish import date_span, long_date, month_year, slug


def test_dates_are_written_the_danish_way() -> None:
    assert long_date(date(2024, 4, 15)) == "15. april 2024"
    assert long_date(date(2024, 3, 1)) == "1. marts 2024"
    assert month_year(date(2024, 4, 30)) == "april 2024"


def test_spans_share_month_and_year_where_they_can() -> None:
    assert date_span(date(2024, 3, 6), date(2024, 3, 8)) == "6.–8. marts 2024"
    assert date_span(date(2024, 4, 30), date(2024, 5, 2)) == "30. april – 2. maj 2024"
    assert date_span(date(2023, 12, 30), date(2024, 1, 2)) == ("30. december 2023 – 2. januar 2024")
    assert date_span(date(2024, 6, 4), None) == "4. juni 2024"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Status Sundhed og Trivsel april 2024", "status-sundhed-og-trivsel-april-2024"),
        ("Forældremøde på Ørbygård Skole", "foraeldremoede-paa-oerbygaard-skole"),
        ("ÆØÅ: 12:30 / ”citat” – café", "aeoeaa-12-30-citat-cafe"),
        ("!!!", "notat"),
    ],
)
def test_file_names_are_ascii(title: str, expected: str) -> None:
    assert slug(title) == expected
