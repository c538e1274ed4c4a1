"""Compose the memo: put selected entries into the configured sections, in order.

Composition reads no file: the introduction's text and the pictures' published
bytes come in ready (`commands.prepare` reads them), and the result is the
writer-neutral `memo.document.Memo`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from trivselreport.danish import date_span, long_date, month_year
from trivselreport.memo import wording
from trivselreport.memo.body import (
    ENTRY_HEADING_LEVEL,
    INTRO_HEADING_LEVEL,
    TITLED_ENTRY_HEADING_LEVEL,
    parse_body,
)
from trivselreport.memo.document import (
    DraftNote,
    Figure,
    HeaderField,
    Memo,
    MemoItem,
    MemoSection,
)
from trivselreport.memo.overview import Overview, OverviewRow
from trivselreport.memo.period import Period, Selection
from trivselreport.memo.stats import compute_stats
from trivselreport.memo.writing.typography import typeset_body, typeset_text
from trivselreport.reading.config import DEFAULT_QUOTES, Config, SectionConfig, fill_title
from trivselreport.reading.drafts import Draft
from trivselreport.reading.entries import Entry
from trivselreport.reading.introduction import Introduction

OVERVIEW_HEADING = wording.OVERVIEW_HEADING


def memo_title(config: Config, period: Period) -> str:
    return fill_title(
        config.title_pattern,
        {
            "måned": month_year(period.end).split(" ")[0],
            "år": str(period.end.year),
            "periode": period.key,
        },
    )


def compose_memo(
    config: Config,
    selection: Selection,
    *,
    introduction: Introduction | None = None,
    pictures: Mapping[Path, bytes] | None = None,
    memo_date: date | None = None,
    internal: bool = False,
    drafts: Sequence[Draft] = (),
) -> Memo:
    """The memo of `selection`. `pictures`: each selected picture's published bytes by
    its path (`reading.picturepublish.publish_all`); every picture shown must be there.
    `drafts` are named at the end of the internal edition (`compose_drafts`), never shown."""
    period = selection.period
    memo_config = config.memo_for(period.key)
    if memo_date is None:
        memo_date = memo_config.memo_date if memo_config and memo_config.memo_date else period.end

    header = [HeaderField(wording.DATE_LABEL, long_date(memo_date))]
    case_number = (memo_config.case_number if memo_config else None) or config.case_number
    if case_number:
        header.append(HeaderField(wording.CASE_NUMBER_LABEL, case_number))
    for label, value in (
        (wording.ADMINISTRATION_LABEL, config.administration),
        (wording.DEPARTMENT_LABEL, config.department),
        (wording.PREPARED_BY_LABEL, config.prepared_by),
    ):
        if value:
            header.append(HeaderField(label, value))

    return Memo(
        title=memo_title(config, period),
        memo_date=memo_date,
        language="da",
        organisation=config.organisation,
        author=config.prepared_by or config.organisation,
        period=period,
        header=header,
        sections=compose_sections(config, selection, pictures or {}),
        intro=typeset_body(parse_body(introduction.text, INTRO_HEADING_LEVEL), config.quotes)
        if introduction
        else None,
        intro_source=introduction.path if introduction else None,
        internal=internal,
        sources=sorted(entry.path for entry in selection.all),
        overview=compose_overview(config, selection) if config.overview else None,
        drafts=compose_drafts(drafts, period, config.root) if internal else [],
    )


def compose_drafts(drafts: Sequence[Draft], period: Period, root: Path) -> list[DraftNote]:
    """The drafts dated in the period or later, and those without a readable date, by
    date (undated last) and file."""
    shown = [
        draft
        for draft in drafts
        if draft.start is None or period.start is None or draft.start >= period.start
    ]
    shown.sort(key=lambda d: (d.start is None, d.start or date.min, str(d.path)))
    return [
        DraftNote(
            draft.title or wording.DRAFT_NO_TITLE,
            long_date(draft.start) if draft.start else wording.DRAFT_NO_DATE,
            _relative(draft.path, root),
        )
        for draft in shown
    ]


def compose_overview(config: Config, selection: Selection) -> Overview:
    """What happened in the period (not what is planned), counted per theme."""
    stats = compute_stats(selection.reported, config.themes, config.types)
    rows = [
        OverviewRow(theme, tally.entries, tally.known_participants, tally.with_participants)
        for theme, tally in stats.by_theme.items()
        if tally.entries or theme in config.themes
    ]
    total = stats.total
    partly = total.partly_stated or any(row.partly_stated for row in rows)
    return Overview(
        OVERVIEW_HEADING,
        rows,
        total.entries,
        total.known_participants,
        total.with_participants,
        note=f"{wording.OVERVIEW_NOTE} {wording.OVERVIEW_PARTLY_NOTE}"
        if partly
        else wording.OVERVIEW_NOTE,
    )


def compose_sections(
    config: Config, selection: Selection, pictures: Mapping[Path, bytes]
) -> list[MemoSection]:
    """Sections in configured order, entries by date, empty sections left out."""
    upcoming = {id(entry) for entry in selection.upcoming}
    by_heading: dict[str, list[Entry]] = {section.heading: [] for section in config.sections}
    for entry in selection.all:
        by_heading[_section_of(config, entry).heading].append(entry)

    sections: list[MemoSection] = []
    for section in config.sections:
        entries = sorted(
            by_heading[section.heading], key=lambda e: (e.start, e.last_day, e.title, str(e.path))
        )
        items = [
            compose_item(
                entry, id(entry) in upcoming, config.root, pictures, section, config.quotes
            )
            for entry in entries
        ]
        if not items:
            continue
        if section.own_headings:
            sections.extend(MemoSection(item.title, [item]) for item in items)
        else:
            lead = typeset_body(parse_body(section.lead), config.quotes) if section.lead else None
            sections.append(MemoSection(section.heading, items, lead))
    return sections


def compose_item(
    entry: Entry,
    upcoming: bool,
    root: Path,
    pictures: Mapping[Path, bytes],
    section: SectionConfig | None = None,
    quotes: str = DEFAULT_QUOTES,
) -> MemoItem:
    """One entry as `section` shows it, its title and text in Danish typography
    (`memo.writing`): under its own title (a heading one level below the section's, so
    the headings in its text go one level further down) where the section has
    `vis_titler: ja`."""
    titled = section is not None and section.show_titles
    level = TITLED_ENTRY_HEADING_LEVEL if titled else ENTRY_HEADING_LEVEL
    title = typeset_text(entry.title, quotes)
    return MemoItem(
        title=title,
        body=typeset_body(parse_body(entry.text, level), quotes),
        when=date_span(entry.start, entry.end),
        upcoming=upcoming,
        pictures=tuple(
            Figure(
                pictures[picture.path],
                picture.media_type,
                typeset_text(picture.alt, quotes),
                typeset_text(picture.caption, quotes) if picture.caption else picture.caption,
                picture.path,
            )
            for picture in entry.pictures
        ),
        source=_relative(entry.path, root),
        origin=entry,
        heading=title if titled else None,
        dated=titled and section is not None and section.show_dates,
    )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _section_of(config: Config, entry: Entry) -> SectionConfig:
    if entry.section is not None:
        return next(s for s in config.sections if s.heading == entry.section)
    return next(s for s in config.sections if entry.type in s.types)
