"""`list` and `stats`: which entries there are, and how many, per theme, type and month."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from trivselreport.memo.period import Period
from trivselreport.reading.entries import Entry

NO_THEME = "(intet tema)"


@dataclass(frozen=True)
class EntryFilter:
    period: Period | None = None
    types: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    internal: bool | None = None  # None: both

    def accepts(self, entry: Entry) -> bool:
        if self.period is not None and not self.period.covers(entry):
            return False
        if self.types and entry.type not in self.types:
            return False
        if self.themes and not set(self.themes) & set(entry.themes):
            return False
        return self.internal is None or entry.internal == self.internal


def filter_entries(entries: list[Entry], wanted: EntryFilter) -> list[Entry]:
    chosen = [entry for entry in entries if wanted.accepts(entry)]
    return sorted(chosen, key=lambda e: (e.start, e.title, str(e.path)))


@dataclass
class Tally:
    entries: int = 0
    participants: int = 0
    with_participants: int = 0  # entries that gave a number of participants

    def add(self, entry: Entry) -> None:
        self.entries += 1
        if entry.participants is not None:
            self.participants += entry.participants
            self.with_participants += 1

    @property
    def known_participants(self) -> int | None:
        return self.participants if self.with_participants else None

    @property
    def partly_stated(self) -> bool:
        """Some entries gave a number and some did not: the sum covers only some."""
        return 0 < self.with_participants < self.entries


@dataclass
class Stats:
    total: Tally = field(default_factory=Tally)
    by_theme: dict[str, Tally] = field(default_factory=dict)
    by_type: dict[str, Tally] = field(default_factory=dict)
    by_month: dict[str, Tally] = field(default_factory=dict)


def compute_stats(entries: list[Entry], themes: tuple[str, ...], types: tuple[str, ...]) -> Stats:
    """Counts in the config's order; an entry with several themes counts under each."""
    stats = Stats(
        by_theme={theme: Tally() for theme in themes}, by_type={name: Tally() for name in types}
    )
    for entry in sorted(entries, key=lambda e: e.start):
        stats.total.add(entry)
        for theme in entry.themes or (NO_THEME,):
            stats.by_theme.setdefault(theme, Tally()).add(entry)
        stats.by_type.setdefault(entry.type, Tally()).add(entry)
        month = f"{entry.start.year:04d}-{entry.start.month:02d}"
        stats.by_month.setdefault(month, Tally()).add(entry)
    return stats


@dataclass(frozen=True)
class StatsRow:
    """One row of `stats`, the same for the table and the CSV."""

    grouping: str  # tema, type, måned or "i alt"
    value: str
    entries: int
    participants: int | None  # None: no entry of the row gave a number (unknown, not zero)
    stated: int  # the entries that gave a number; the sum covers only these

    @property
    def partly_stated(self) -> bool:
        return 0 < self.stated < self.entries


def stats_rows(stats: Stats) -> list[StatsRow]:
    """The rows per theme, type and month, then the total."""
    rows: list[StatsRow] = []
    for grouping, tallies in (
        ("tema", stats.by_theme),
        ("type", stats.by_type),
        ("måned", stats.by_month),
    ):
        rows.extend(_row(grouping, name, tally) for name, tally in tallies.items())
    rows.append(_row("i alt", "", stats.total))
    return rows


def _row(grouping: str, value: str, tally: Tally) -> StatsRow:
    return StatsRow(
        grouping, value, tally.entries, tally.known_participants, tally.with_participants
    )


def total_sentence(stats: Stats) -> str:
    """The total in words, saying how many entries the participants cover where not all
    gave a number: "4 indslag, 120 deltagere, oplyst for 1 af 4 indslag."."""
    total = stats.total
    entries = "1 indslag" if total.entries == 1 else f"{total.entries} indslag"
    if total.known_participants is None:
        return f"{entries}, deltagere ikke oplyst."
    people = f"{total.participants} deltager" + ("" if total.participants == 1 else "e")
    if total.partly_stated:
        return (
            f"{entries}, {people}, oplyst for {total.with_participants} af {total.entries} indslag."
        )
    return f"{entries}, {people}."


# What a Danish Excel opens right by double click: UTF-8 only with the byte order mark
# (without it Excel reads the file as Windows-1252 and shows "FravÃ¦r"), semicolons (the
# comma is the Danish decimal sign) and CRLF line ends.
CSV_ENCODING = "utf-8-sig"
CSV_DELIMITER = ";"
CSV_LINE_END = "\r\n"


def csv_number(value: float | None) -> str:
    """A number as Danish Excel reads it: no thousands separator, a decimal comma;
    an empty cell for unknown (not 0)."""
    if value is None:
        return ""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return repr(value).replace(".", ",")


def stats_csv(stats: Stats) -> bytes:
    """The counts as a CSV file's bytes, ready for a Danish Excel (see CSV_ENCODING)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator=CSV_LINE_END)
    writer.writerow(["opdeling", "værdi", "indslag", "deltagere", "indslag med deltagertal"])
    writer.writerows(
        (
            row.grouping,
            row.value,
            csv_number(row.entries),
            csv_number(row.participants),
            csv_number(row.stated),
        )
        for row in stats_rows(stats)
    )
    return buffer.getvalue().encode(CSV_ENCODING)
