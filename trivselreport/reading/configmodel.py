"""What trivselreport.yaml says, once read: the typed `Config` with its sections and memos.

`config` reads the file into these; `configchecks` holds the rules that look at
more than one field (title placeholders, types against sections, memo periods).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trivselreport.errors import Problem
from trivselreport.reading.privacy.terms import NO_TERMS, ForbiddenTerms

DEFAULT_UPCOMING_MONTHS = 6
DEFAULT_LIX_LIMIT = 55  # LIX from which an entry is "meget svær" to read
MAX_LIX_LIMIT = 100
DEFAULT_QUOTES = "””"  # the opening and the closing quote the memo shows
QUOTE_STYLES = ("””", "»«", "„“")


@dataclass(frozen=True)
class SectionConfig:
    heading: str
    types: tuple[str, ...]
    lead: str | None = None
    own_headings: bool = False
    line: int | None = None
    show_titles: bool = False  # each entry under its title, a heading below the section's
    show_dates: bool = False  # and its date under that title (only with show_titles)


@dataclass(frozen=True)
class MemoConfig:
    period: str
    memo_date: date | None = None
    end: date | None = None
    case_number: str | None = None
    intro_file: Path | None = None
    # Where the memo and its keys stand in the file, for messages.
    line: int | None = field(default=None, compare=False)
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line_of(self, key: str) -> int | None:
        return dict(self.key_lines).get(key, self.line)


@dataclass(frozen=True)
class Config:
    path: Path
    organisation: str
    title_pattern: str
    themes: tuple[str, ...]
    types: tuple[str, ...]
    sections: tuple[SectionConfig, ...]
    administration: str | None = None
    department: str | None = None
    prepared_by: str | None = None
    case_number: str | None = None
    start_date: date | None = None
    memos: tuple[MemoConfig, ...] = ()
    forbidden: ForbiddenTerms = NO_TERMS
    overview: bool = False
    upcoming_months: int = DEFAULT_UPCOMING_MONTHS
    lix_limit: int = DEFAULT_LIX_LIMIT
    quotes: str = DEFAULT_QUOTES
    # Where each top-level key stands in the file: for messages.
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    # What looks wrong but does not stop a build (`check` shows it): not part of the config.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    # Personal data in the config's published texts: errors `check` shows, while the rest of
    # the project is still checked with the config; a build refuses at the door
    # (memo.guard.guard_memo) if its memo shows one of these texts.
    publication_problems: tuple[Problem, ...] = field(default=(), compare=False)
    # The SHA-256 (hex) of the file's bytes as read: the build's record names it.
    digest: str | None = field(default=None, compare=False)

    def line_of(self, key: str) -> int | None:
        return dict(self.key_lines).get(key)

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def section_headings(self) -> tuple[str, ...]:
        return tuple(section.heading for section in self.sections)

    def memo_for(self, period: str) -> MemoConfig | None:
        return next((memo for memo in self.memos if memo.period == period), None)
