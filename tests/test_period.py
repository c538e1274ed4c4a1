"""Which entries a memo covers: since the previous memo, ongoing, and upcoming."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from trivselreport.errors import UserError
from trivselreport.memo.period import (
    Period,
    period_between,
    period_for_month,
    select_entries,
)
from trivselreport.reading.config import Config, MemoConfig, load_config
from trivselreport.reading.entries import Entry
from trivselreport.reading.fields.values import parse_month


def entry(title: str, start: date, end: date | None = None, *, internal: bool = False) -> Entry:
    return Entry(
        path=Path(f"{title}.yaml"),
        title=title,
        type="arrangement",
        start=start,
        text="Tekst.",
        end=end,
        internal=internal,
    )


@pytest.fixture
def config(small_project: Path) -> Config:
    return load_config(small_project)


def test_a_month_runs_from_the_day_after_the_previous_memo(config: Config) -> None:
    config = replace(config, memos=(MemoConfig("2023-12"), MemoConfig("2024-04")))
    period = period_for_month(config, "2024-04")
    assert period == Period(
        key="2024-04",
        start=date(2024, 1, 1),
        end=date(2024, 4, 30),
        upcoming_until=date(2024, 10, 31),
    )


def test_without_earlier_memos_the_config_start_date_is_used(config: Config) -> None:
    config = replace(config, start_date=date(2024, 2, 1))
    assert period_for_month(config, "2024-04").start == date(2024, 2, 1)


def test_without_earlier_memos_or_start_date_everything_earlier_counts(config: Config) -> None:
    period = period_for_month(config, "2024-04")
    assert period.start is None
    assert period.covers(entry("gammel", date(2001, 1, 1)))


def test_a_memo_may_end_on_a_given_day(config: Config) -> None:
    config = replace(config, memos=(MemoConfig("2024-01", end=date(2024, 1, 20)),))
    period = period_for_month(config, "2024-04")
    assert period.start == date(2024, 1, 21)


def test_later_memos_do_not_shorten_an_earlier_period(config: Config) -> None:
    config = replace(config, memos=(MemoConfig("2023-12"), MemoConfig("2024-08")))
    assert period_for_month(config, "2024-04").start == date(2024, 1, 1)


def test_entries_are_split_into_reported_and_upcoming() -> None:
    period = Period(key="2024-04", start=date(2024, 1, 1), end=date(2024, 4, 30))
    before = entry("før", date(2023, 11, 2))
    inside = entry("i perioden", date(2024, 3, 5))
    last_day = entry("sidste dag", date(2024, 4, 30))
    later = entry("kommende", date(2024, 6, 4))
    selection = select_entries([before, inside, last_day, later], period, include_internal=False)
    assert selection.reported == [inside, last_day]
    assert selection.upcoming == [later]


def test_an_ongoing_entry_appears_in_every_memo_it_overlaps() -> None:
    school_year = entry("skoleår", date(2023, 8, 1), date(2024, 6, 30))
    for start, end in (
        (date(2023, 8, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 4, 30)),
        (date(2024, 5, 1), date(2024, 8, 31)),
    ):
        assert Period("p", end, start).covers(school_year)
    assert not Period("p", date(2024, 12, 31), date(2024, 9, 1)).covers(school_year)


def test_internal_entries_are_left_out_of_the_committee_memo() -> None:
    period = Period(key="2024-04", end=date(2024, 4, 30))
    public = entry("offentlig", date(2024, 4, 2))
    secret = entry("intern", date(2024, 4, 3), internal=True)
    assert select_entries([public, secret], period, include_internal=False).reported == [public]
    assert select_entries([public, secret], period, include_internal=True).reported == [
        public,
        secret,
    ]


def test_a_period_with_no_entries_is_an_error_not_an_empty_memo() -> None:
    period = Period(key="2024-04", start=date(2024, 1, 1), end=date(2024, 4, 30))
    with pytest.raises(UserError) as caught:
        select_entries([entry("gammel", date(2023, 1, 1))], period, include_internal=False)
    assert "ingen indslag" in caught.value.problems[0].message


def test_from_and_to_give_a_named_span(config: Config) -> None:
    period = period_between(config, date(2024, 2, 1), date(2024, 3, 15))
    assert period == Period(
        key="2024-02-01_2024-03-15",
        start=date(2024, 2, 1),
        end=date(2024, 3, 15),
        upcoming_until=date(2024, 9, 30),
    )


def test_from_after_to_is_refused(config: Config) -> None:
    with pytest.raises(UserError) as caught:
        period_between(config, date(2024, 5, 1), date(2024, 3, 15))
    assert caught.value.problems[0].field == "--from"


@pytest.mark.parametrize("text", ["2024-13", "april", "2024/04", "24-04", ""])
def test_a_month_must_be_written_as_year_and_month(text: str) -> None:
    with pytest.raises(ValueError, match="ÅÅÅÅ-MM"):
        parse_month(text)


def test_a_bad_period_option_names_the_option(config: Config) -> None:
    with pytest.raises(UserError) as caught:
        period_for_month(config, "april 2024")
    assert caught.value.problems[0].field == "--period"


def test_only_entries_planned_within_the_horizon_are_upcoming(config: Config) -> None:
    period = period_for_month(replace(config, upcoming_months=2), "2024-04")
    assert period.upcoming_until == date(2024, 6, 30)
    soon, later = entry("juni", date(2024, 6, 30)), entry("juli", date(2024, 7, 1))
    selection = select_entries(
        [entry("april", date(2024, 4, 2)), soon, later], period, include_internal=False
    )
    assert selection.upcoming == [soon]


def test_the_default_horizon_is_six_months(config: Config) -> None:
    assert period_for_month(config, "2024-11").upcoming_until == date(2025, 5, 31)
