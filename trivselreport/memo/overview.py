"""The committee overview: activities and participants per theme, as the memo states them.

Writers draw it as a table (and the PDF also as a bar chart, `writers.chart`);
the numbers and words are the same in each.
"""

from __future__ import annotations

from dataclasses import dataclass

from trivselreport.memo import wording


def participants_text(value: int | None) -> str:
    """A number of participants as a table cell says it."""
    return wording.NOT_STATED if value is None else str(value)


@dataclass(frozen=True)
class OverviewRow:
    theme: str
    activities: int
    participants: int | None  # None: no activity in the row gave a number of participants

    @property
    def participants_text(self) -> str:
        return participants_text(self.participants)


@dataclass(frozen=True)
class Overview:
    """Counts per theme; an activity with several themes counts under each of them,
    so the totals are counted separately, once per activity."""

    heading: str
    rows: list[OverviewRow]
    total_activities: int
    total_participants: int | None
    caption: str = wording.OVERVIEW_CAPTION
    note: str = wording.OVERVIEW_NOTE
    columns: tuple[str, str, str] = wording.OVERVIEW_COLUMNS
    total_label: str = wording.OVERVIEW_TOTAL

    @property
    def total_participants_text(self) -> str:
        return participants_text(self.total_participants)

    def text_alternative(self) -> str:
        parts = ", ".join(f"{row.theme}: {row.activities}" for row in self.rows)
        return f"{wording.CHART_DESCRIPTION} {parts}."
