"""Compose the memo: put selected entries into the configured sections, in order."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trivselreport.danish import date_span, long_date, month_year
from trivselreport.errors import Problem, UserError
from trivselreport.memo.chart import Overview, OverviewRow
from trivselreport.memo.period import Period, Selection
from trivselreport.reading.config import Config, SectionConfig, fill_title
from trivselreport.reading.confine import inside_project
from trivselreport.reading.entries import Entry
from trivselreport.reading.fields import control_character
from trivselreport.reading.markdown import render_markdown
from trivselreport.reading.textfile import read_text


@dataclass(frozen=True)
class MemoItem:
    entry: Entry
    html: str
    upcoming: bool
    when: str  # Danish date (span), e.g. "4. juni 2024"
    source: str = ""  # the entry's file, relative to the project, for messages


@dataclass(frozen=True)
class MemoSection:
    heading: str
    items: list[MemoItem]
    lead_html: str | None = None
    lead_text: str | None = None  # the Markdown behind lead_html, for the DOCX


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
    intro_html: str | None = None
    intro_text: str | None = None  # the Markdown behind intro_html, for the DOCX
    intro_source: Path | None = None  # the file the introduction was read from
    overview: Overview | None = None
    internal: bool = False
    sources: list[Path] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return long_date(self.memo_date)

    def entry_count(self) -> int:
        return sum(len(section.items) for section in self.sections)


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
    memo_date: date | None = None,
    internal: bool = False,
) -> Memo:
    period = selection.period
    memo_config = config.memo_for(period.key)
    if memo_date is None:
        memo_date = memo_config.memo_date if memo_config and memo_config.memo_date else period.end
    intro_source = intro_file(config, period.key)
    intro_text = _intro_text(intro_source, config.root) if intro_source else None

    header = [HeaderField("Dato", long_date(memo_date))]
    case_number = (memo_config.case_number if memo_config else None) or config.case_number
    if case_number:
        header.append(HeaderField("Sagsnr.", case_number))
    for label, value in (
        ("Forvaltning", config.administration),
        ("Afdeling", config.department),
        ("Udarbejdet af", config.prepared_by),
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
        sections=compose_sections(config, selection),
        intro_html=render_markdown(intro_text) if intro_text else None,
        intro_text=intro_text,
        intro_source=intro_source,
        internal=internal,
        sources=sorted(entry.path for entry in selection.all),
        overview=compose_overview(config, selection) if config.overview else None,
    )


OVERVIEW_HEADING = "Bilag: Aktiviteter og deltagere pr. tema"


def compose_overview(config: Config, selection: Selection) -> Overview:
    """What happened in the period (not what is planned), counted per theme."""
    from trivselreport.memo.stats import compute_stats

    stats = compute_stats(selection.reported, config.themes, config.types)
    rows = [
        OverviewRow(theme, tally.entries, tally.known_participants)
        for theme, tally in stats.by_theme.items()
        if tally.entries or theme in config.themes
    ]
    return Overview(OVERVIEW_HEADING, rows, stats.total.entries, stats.total.known_participants)


def compose_sections(config: Config, selection: Selection) -> list[MemoSection]:
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
            MemoItem(
                entry,
                render_markdown(entry.text),
                id(entry) in upcoming,
                date_span(entry.start, entry.end),
                _relative(entry.path, config.root),
            )
            for entry in entries
        ]
        if not items:
            continue
        if section.own_headings:
            sections.extend(MemoSection(item.entry.title, [item]) for item in items)
        else:
            lead = render_markdown(section.lead) if section.lead else None
            sections.append(MemoSection(section.heading, items, lead, section.lead))
    return sections


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _section_of(config: Config, entry: Entry) -> SectionConfig:
    if entry.section is not None:
        return next(s for s in config.sections if s.heading == entry.section)
    return next(s for s in config.sections if entry.type in s.types)


INTRODUCTIONS_DIR = "indledninger"


def intro_file(config: Config, period_key: str) -> Path | None:
    """The memo's introduction: the file its `memoer` entry names, or indledninger/<periode>.md."""
    memo_config = config.memo_for(period_key)
    path = memo_config.intro_file if memo_config else None
    if path is None:
        default = config.root / INTRODUCTIONS_DIR / f"{period_key}.md"
        path = default if os.path.lexists(default) else None
    return path


def _intro_text(path: Path, root: Path) -> str:
    raw = read_text(path, source=inside_project(path, root, "Indledningen"))
    if (found := control_character(raw)) is not None:
        raise UserError(
            Problem(
                path,
                f"Indledningen indeholder et usynligt styretegn ({found[1]}), som ikke kan "
                "stå i notatet.",
                line=raw.count("\n", 0, found[0]) + 1,
                hint="Slet tegnet, eller skriv linjen igen; den slags tegn kommer ofte med, når "
                "tekst kopieres fra Word eller en e-mail.",
            )
        )
    text = raw.rstrip()  # leading blank lines kept: line numbers stay true
    if not text.strip():
        raise UserError(
            Problem(path, "Indledningen er tom.", hint="Skriv indledningen, eller fjern filen.")
        )
    return text
