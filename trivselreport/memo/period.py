"""Which entries a memo covers: the period, what is ongoing, what is planned."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry
from trivselreport.reading.fields.values import month_end, parse_month

_LAST_MONTH_INDEX = date.max.year * 12 + date.max.month - 1


@dataclass(frozen=True)
class Period:
    """The span a memo reports on. `start` None means: from the very first entry."""

    key: str
    end: date
    start: date | None = None
    upcoming_until: date | None = None  # planned entries after this are not shown yet

    def covers(self, entry: Entry) -> bool:
        """Happened in the period, or ran into it (slutdato inside or after its start)."""
        started_in_time = entry.start <= self.end
        still_running = self.start is None or entry.last_day >= self.start
        return started_in_time and still_running

    def is_upcoming(self, entry: Entry) -> bool:
        after = entry.start > self.end
        return after and (self.upcoming_until is None or entry.start <= self.upcoming_until)


@dataclass(frozen=True)
class PeriodChoice:
    """What the user asked for: a month, or a span up to `end` (from `start`, or else
    from the day after the previous memo)."""

    month: str | None = None
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if (self.month is None) == (self.end is None) or (
            self.month is not None and self.start is not None
        ):
            raise ValueError("a PeriodChoice is a month, or an end with an optional start")


def resolve_period(config: Config, choice: PeriodChoice) -> Period:
    """The period the user's choice stands for, for `build`, `list` and `stats` alike."""
    if choice.month is not None:
        return period_for_month(config, choice.month)
    assert choice.end is not None  # __post_init__ holds it
    return period_between(config, choice.start, choice.end)


def period_for_month(config: Config, month: str) -> Period:
    """The period of the memo for `month`: since the previous memo, up to the month's end."""
    try:
        year, number = parse_month(month)
    except ValueError as error:
        raise UserError(Problem(None, str(error), field="--period")) from None
    key = f"{year:04d}-{number:02d}"
    memo = config.memo_for(key)
    end = memo.end if memo and memo.end else month_end(year, number)
    return Period(
        key=key,
        end=end,
        start=_start_after_previous_memo(config, end),
        upcoming_until=_months_later(end, config.upcoming_months),
    )


def period_between(config: Config, start: date | None, end: date) -> Period:
    if start is not None and start > end:
        raise UserError(
            Problem(
                None,
                f"--from ({start.isoformat()}) ligger efter --to ({end.isoformat()}).",
                field="--from",
            )
        )
    if start is None:
        start = _start_after_previous_memo(config, end)
    key = f"{start.isoformat()}_{end.isoformat()}" if start else f"til-{end.isoformat()}"
    return Period(
        key=key, end=end, start=start, upcoming_until=_months_later(end, config.upcoming_months)
    )


def _months_later(day: date, months: int) -> date:
    """The last day of the month `months` after `day`'s month."""
    index = max(min(day.year * 12 + day.month - 1 + months, _LAST_MONTH_INDEX), 0)
    return month_end(index // 12, index % 12 + 1)


def _start_after_previous_memo(config: Config, end: date) -> date | None:
    earlier_ends = [memo.end or month_end(*parse_month(memo.period)) for memo in config.memos]
    earlier_ends = [memo_end for memo_end in earlier_ends if memo_end < end]
    if earlier_ends:
        return max(earlier_ends) + timedelta(days=1)
    return config.start_date


@dataclass(frozen=True)
class Selection:
    period: Period
    reported: list[Entry]
    upcoming: list[Entry]

    @property
    def all(self) -> list[Entry]:
        return [*self.reported, *self.upcoming]


def select_entries(
    entries: list[Entry],
    period: Period,
    *,
    include_internal: bool,
    entries_folder: Path | None = None,
) -> Selection:
    """The entries a memo for `period` reports and announces; `entries_folder`, when
    given, is named in the error if it is missing."""
    visible = [entry for entry in entries if include_internal or not entry.internal]
    reported = [entry for entry in visible if period.covers(entry)]
    upcoming = [entry for entry in visible if period.is_upcoming(entry)]
    if not reported:
        # Planned entries alone do not make a memo: most likely the period is mistyped.
        since = f"fra {period.start.isoformat()} " if period.start else ""
        message = (
            f"Der er ingen indslag {since}til {period.end.isoformat()}, så der er "
            "intet notat at bygge."
        )
        if entries_folder is not None and not os.path.lexists(entries_folder):
            raise UserError(
                Problem(
                    entries_folder,
                    f"{message} Mappen {entries_folder.name} findes ikke i projektmappen.",
                    hint="Opret mappen, og skriv indslag med »trivselreport "
                    "new«; eller angiv den rigtige projektmappe med --project.",
                )
            )
        raise UserError(
            Problem(
                None, message, hint="Tjek perioden, eller skriv indslag med »trivselreport new«."
            )
        )
    return Selection(period, reported, upcoming)


# Without a `startdato`, the first configured memo covers everything before it; an entry
# ending more than this many months before that memo's end is taken for a mistyped date.
FIRST_MEMO_REACH_MONTHS = 12


@dataclass(frozen=True)
class MemoSpan:
    """The dates some configured memo can show: from the first memo's start (its
    `startdato`, or a year before it ends) to the last memo's end plus its upcoming months."""

    first: date
    last: date

    def outside(self, entry: Entry) -> bool:
        return entry.last_day < self.first or entry.start > self.last


def configured_memo_span(config: Config) -> MemoSpan | None:
    """Where the memos under `memoer` reach; None when none is configured."""
    ends = [memo.end or month_end(*parse_month(memo.period)) for memo in config.memos]
    if not ends:
        return None
    first_end = min(ends)
    first = config.start_date
    if first is None or first > first_end:
        first = _months_later(first_end, -FIRST_MEMO_REACH_MONTHS) + timedelta(days=1)
    return MemoSpan(first, _months_later(max(ends), config.upcoming_months))
