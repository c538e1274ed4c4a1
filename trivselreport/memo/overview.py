"""The committee overview: activities and participants per theme, as the memo states them.

Writers draw it as a table (and the PDF also as a bar chart, `writers.chart`);
the numbers and words are the same in each.
"""

from __future__ import annotations

from dataclasses import dataclass

from trivselreport.memo import wording


def participants_text(value: int | None, stated: int, counted: int) -> str:
    """A number of participants as a table cell says it: wording.NOT_STATED where no activity
    gave a number, and how many it covers where only `stated` of `counted` did, so a sum
    of some is never read as the sum of all: "120 (oplyst for 1 af 4)"."""
    if value is None:
        return wording.NOT_STATED
    if stated < counted:
        return f"{value} ({wording.PARTLY_STATED.format(stated=stated, counted=counted)})"
    return str(value)


@dataclass(frozen=True)
class OverviewRow:
    theme: str
    activities: int
    participants: int | None  # None: no activity in the row gave a number of participants
    stated: int  # the activities that gave a number

    @property
    def participants_text(self) -> str:
        return participants_text(self.participants, self.stated, self.activities)

    @property
    def partly_stated(self) -> bool:
        return 0 < self.stated < self.activities


@dataclass(frozen=True)
class Overview:
    """Counts per theme; an activity with several themes counts under each of them,
    so the totals are counted separately, once per activity."""

    heading: str
    rows: list[OverviewRow]
    total_activities: int
    total_participants: int | None
    total_stated: int
    caption: str = wording.OVERVIEW_CAPTION
    note: str = wording.OVERVIEW_NOTE
    columns: tuple[str, str, str] = wording.OVERVIEW_COLUMNS
    total_label: str = wording.OVERVIEW_TOTAL

    @property
    def total_participants_text(self) -> str:
        return participants_text(self.total_participants, self.total_stated, self.total_activities)

    def text_alternative(self) -> str:
        parts = ", ".join(f"{row.theme}: {row.activities}" for row in self.rows)
        return f"{wording.CHART_DESCRIPTION} {parts}."
