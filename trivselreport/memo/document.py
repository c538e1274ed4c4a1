"""The composed memo: a writer-neutral document, and the contract of every template.

`compose.compose_memo` builds it from the selected entries; each writer
(`writers.registry`) turns it into a file. It holds no HTML, no Markdown and
no open file: texts are plain strings, bodies are `memo.body` trees parsed
once, pictures carry their published bytes.

What a template (or any writer) may use is the public fields and properties
below, nothing else: `Memo` → `header` (`HeaderField`), `intro` (a `Body`),
`sections` (`MemoSection` → `lead`, `items`), each `MemoItem` → `title`, `body`,
`when`, `upcoming`, `upcoming_mark`, `heading`, `dated`, `date_line`, `pictures`
(`Figure` → `alt`, `caption`, `media_type`, `path`), `overview`
(`memo.overview.Overview`), and, in the internal edition only, `drafts`
(`DraftNote` → `title`, `when`, `source`, `line`) with `drafts_heading` and
`drafts_note`. The HTML writer enforces it: a template asking for anything else gets
a Danish message.
`MemoItem.origin` is the entry behind an item, for the guard and for messages;
templates cannot see it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath

from trivselreport.danish import long_date
from trivselreport.memo import wording
from trivselreport.memo.body import Body
from trivselreport.memo.overview import Overview
from trivselreport.memo.period import Period
from trivselreport.reading.entries import Entry


@dataclass(frozen=True)
class Figure:
    """A picture as the memo publishes it: the cleaned copy (no hidden data, upright).

    `path` is where it was read from: a writer may name it (the PDF's reference to
    it), but it is never opened again; the bytes are `data`."""

    data: bytes = field(repr=False)
    media_type: str
    alt: str
    caption: str | None
    path: PurePath


@dataclass(frozen=True)
class MemoItem:
    """One entry as the memo shows it."""

    title: str
    body: Body
    when: str  # Danish date (span), e.g. "4. juni 2024"
    upcoming: bool
    pictures: tuple[Figure, ...] = ()
    source: str = ""  # the entry's file, relative to the project, for messages
    origin: Entry | None = field(default=None, repr=False, compare=False)
    # In a section with `vis_titler: ja`: the item's own sub-heading (its title), one level
    # below the section's heading (h3, Heading 3); None where the section shows no titles.
    heading: str | None = None
    dated: bool = False  # `vis_datoer: ja`: its date stands under that heading

    @property
    def upcoming_mark(self) -> str | None:
        """The mark of an item still to come (`wording.upcoming_mark`), else None."""
        return wording.upcoming_mark(self.when) if self.upcoming else None

    @property
    def date_line(self) -> str | None:
        """The line under the item's heading: its date where the section shows dates, the
        upcoming mark ("Kommende – 4. juni 2024") for an item still to come (its title is
        the heading above, so the mark stands alone); None without a heading."""
        if self.heading is None:
            return None
        if self.upcoming:
            return self.upcoming_mark
        return self.when if self.dated else None


@dataclass(frozen=True)
class DraftNote:
    """A draft (`kladde: ja`) named at the end of the internal edition; never shown."""

    title: str
    when: str  # Danish date, or `wording.DRAFT_NO_DATE`
    source: str  # the file, relative to the project

    @property
    def line(self) -> str:
        return wording.draft_line(self.title, self.when, self.source)


@dataclass(frozen=True)
class MemoSection:
    heading: str
    items: list[MemoItem]
    lead: Body | None = None  # the section's fixed lead text


@dataclass(frozen=True)
class HeaderField:
    label: str
    value: str


@dataclass(frozen=True)
class Memo:
    title: str
    memo_date: date
    language: str
    organisation: str
    author: str
    period: Period
    header: list[HeaderField]
    sections: list[MemoSection]
    intro: Body | None = None
    intro_source: Path | None = None  # the file the introduction was read from
    overview: Overview | None = None
    internal: bool = False
    sources: list[Path] = field(default_factory=list)
    drafts: list[DraftNote] = field(default_factory=list)  # the internal edition's only

    @property
    def date_text(self) -> str:
        return long_date(self.memo_date)

    @property
    def internal_label(self) -> str:
        return wording.INTERNAL_LABEL

    @property
    def drafts_heading(self) -> str:
        return wording.DRAFTS_HEADING

    @property
    def drafts_note(self) -> str:
        return wording.DRAFTS_NOTE

    def entry_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    def figures(self) -> list[Figure]:
        return [picture for s in self.sections for item in s.items for picture in item.pictures]
