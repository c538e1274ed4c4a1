"""`list --mangler`: what the entries lack before the memo goes out.

In the period shown (every date without one): entries without a theme (when the config
has themes), and without a participant count. Across the whole project, whatever the
period: entries dated outside every memo configured under `memoer`
(`memo.period.configured_memo_span`), which no memo will ever show: before the first
memo's period, or after the last memo's end plus its `kommende_måneder` (planned entries
within them are normal planning). The config has no notion of types without
participants, so every type is asked for a count, but an entry that has not begun yet
(dated after today) is not: no one has taken part in it yet. The rows are sorted by what
matters most (a date no memo shows, then a theme, then a count).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trivselreport.commands.prepare import ChosenEntries
from trivselreport.memo.period import MemoSpan, configured_memo_span
from trivselreport.reading.entries import Entry

OUTSIDE_MEMOS = "dato uden for alle notater"
NO_THEME = "mangler tema"
NO_PARTICIPANTS = "mangler deltagerantal"
ORDER = (OUTSIDE_MEMOS, NO_THEME, NO_PARTICIPANTS)  # the most important first


@dataclass(frozen=True)
class MissingEntry:
    entry: Entry
    missing: tuple[str, ...]  # in ORDER

    @property
    def text(self) -> str:
        return "; ".join(self.missing)


@dataclass(frozen=True)
class MissingReport:
    rows: list[MissingEntry]
    span: MemoSpan | None  # None: no memo configured, so no date is judged


def find_missing(chosen: ChosenEntries, *, today: date | None = None) -> MissingReport:
    today = today or date.today()
    span = configured_memo_span(chosen.config)
    in_period = {entry.path for entry in chosen.entries}
    rows: list[MissingEntry] = []
    for entry in chosen.any_date:
        missing: list[str] = []
        if span is not None and span.outside(entry):
            missing.append(OUTSIDE_MEMOS)
        if entry.path in in_period:
            if not entry.themes and chosen.config.themes:  # a project may have no themes
                missing.append(NO_THEME)
            if entry.participants is None and entry.start <= today:
                missing.append(NO_PARTICIPANTS)
        if missing:
            rows.append(MissingEntry(entry, tuple(missing)))
    rows.sort(
        key=lambda row: (
            ORDER.index(row.missing[0]),
            row.entry.start,
            row.entry.title,
            str(row.entry.path),
        )
    )
    return MissingReport(rows, span)
