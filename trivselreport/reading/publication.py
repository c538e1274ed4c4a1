"""The door: every text the memo publishes, scanned for personal data in one place.

What reaches the public is not what was typed: Markdown resolves escapes and
entities and drops emphasis markers, YAML joins lines, and some texts never pass
through an entry at all (the config's header fields, section headings and leads,
theme names in the overview, the introduction file). So the guard looks at the
texts as published:

- `guard_memo` walks the composed memo after composition and before any writer
  runs, and refuses the build while any published text holds a CPR number, a
  phone number, an e-mail address or one of the project's forbidden terms;
- `guard_output` reads the finished HTML and DOCX once more as a reader would
  (text, alternative texts, link targets, document properties), which also
  covers what a project's own templates add;
- `check` uses the same scans per file (`config_publication_problems`,
  `entry_publication_problems`, `introduction_problems`), so what `check`
  calls clean is what the build publishes.

Contact details are allowed in internal entries, which only the internal
edition shows; a CPR number never is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from trivselreport.errors import Problem, UserError
from trivselreport.reading.markdown import MARKUP_CHARACTERS, published_text
from trivselreport.reading.normalise import for_matching
from trivselreport.reading.privacy import (
    OBFUSCATED_AT,
    ForbiddenTerms,
    problems_in_text,
    scan_mapping,
)
from trivselreport.reading.yamlread import Mapping, Scalar, Sequence

if TYPE_CHECKING:
    from trivselreport.memo.compose import Memo
    from trivselreport.reading.config import Config
    from trivselreport.reading.entries import Entry

_SIX_DIGITS = re.compile(r"(?:\D*\d){6}")

# The config's lists of forbidden words and patterns are not published: they name
# exactly what must not be.
UNPUBLISHED_CONFIG_KEYS = frozenset({"forbudte_ord", "forbudte_mønstre"})


@dataclass(frozen=True)
class PublishedText:
    """One text of the memo as the reader meets it, and where it came from."""

    text: str
    file: Path | None
    line: int | None
    field: str | None
    markdown: bool = False  # the text is Markdown: scan it as rendered
    internal: bool = False  # from an internal entry: contact details allowed
    folded: bool = False  # YAML joined its lines: a space may be where a line ended


def scan_published(
    texts: Iterator[PublishedText] | list[PublishedText], terms: ForbiddenTerms
) -> list[Problem]:
    problems: list[Problem] = []
    for published in texts:
        pieces = (
            [(offset, piece) for offset, piece in published_text(published.text)]
            if published.markdown
            else [(0, published.text)]
        )
        for offset, piece in pieces:
            first_line = None if published.line is None else published.line + offset
            problems += problems_in_text(
                published.file,
                piece,
                first_line=first_line,
                field=published.field,
                internal=published.internal,
                terms=terms,
                folded=published.folded,
            )
    return list(dict.fromkeys(problems))


# --- the composed memo -----------------------------------------------------------------------


def guard_memo(memo: Memo, config: Config) -> None:
    """Refuse the memo while any text it publishes holds personal data."""
    problems = scan_published(memo_texts(memo, config), config.forbidden)
    if problems:
        raise UserError(problems)


def memo_texts(memo: Memo, config: Config) -> Iterator[PublishedText]:
    """Every text the memo publishes, in every writer: the template contract's texts."""
    path = config.path
    yield PublishedText(memo.title, path, config.line_of("titel"), "titel")
    yield PublishedText(memo.organisation, path, config.line_of("organisation"), "organisation")
    # The author in the files' properties is `udarbejdet_af` or else the organisation.
    header_keys = {
        "Sagsnr.": "sagsnr",
        "Forvaltning": "forvaltning",
        "Afdeling": "afdeling",
        "Udarbejdet af": "udarbejdet_af",
    }
    memo_config = config.memo_for(memo.period.key)
    for header in memo.header:
        key = header_keys.get(header.label)
        line = config.line_of(key) if key else None
        if key == "sagsnr" and memo_config and memo_config.case_number:
            line = memo_config.line
        yield PublishedText(f"{header.label}: {header.value}", path, line, key)
    if memo.intro_text:
        yield PublishedText(memo.intro_text, memo.intro_source, 1, None, markdown=True)
    section_lines = {section.heading: section.line for section in config.sections}
    for section in memo.sections:
        line = section_lines.get(section.heading)
        yield PublishedText(section.heading, path, line, "sektioner")
        if section.lead_text:
            yield PublishedText(section.lead_text, path, line, "sektioner", markdown=True)
        for item in section.items:
            yield from entry_texts(item.entry)  # its title is the heading of an own section
            yield PublishedText(
                item.when,
                item.entry.path,
                item.entry.line_of("dato"),
                "dato",
                internal=item.entry.internal,
            )
    if memo.overview is not None:
        theme_line = config.line_of("temaer")
        yield PublishedText(memo.overview.heading, None, None, None)
        for row in memo.overview.rows:
            yield PublishedText(row.theme, path, theme_line, "temaer")
        yield PublishedText(memo.overview.text_alternative(), path, theme_line, "temaer")


def entry_texts(entry: Entry) -> Iterator[PublishedText]:
    """What the memo shows of one entry: its title, its text and its pictures' texts."""
    internal = entry.internal
    yield PublishedText(entry.title, entry.path, entry.line_of("titel"), "titel", internal=internal)
    yield PublishedText(
        entry.text,
        entry.path,
        entry.text_line,
        "tekst",
        markdown=True,
        internal=internal,
        folded=entry.text_folded,
    )
    pictures_line = entry.line_of("billeder")
    for index, picture in enumerate(entry.pictures, start=1):
        yield PublishedText(
            picture.alt, entry.path, pictures_line, f"billeder[{index}].alt", internal=internal
        )
        if picture.caption:
            yield PublishedText(
                picture.caption,
                entry.path,
                pictures_line,
                f"billeder[{index}].tekst",
                internal=internal,
            )


# --- what `check` scans per file ---------------------------------------------------------------


def entry_publication_problems(entry: Entry, terms: ForbiddenTerms) -> list[Problem]:
    """Findings that only the rendered text shows (the raw scan of the file finds the rest).

    Only a text with markup characters can read differently once rendered, and only
    one with six digits, an "@", an entity or a forbidden term can hold something to
    find; the others are not rendered at all, so `check` stays close to the raw scan.
    """
    if MARKUP_CHARACTERS.isdisjoint(entry.text):
        return []
    text = for_matching(entry.text).text  # "＠" is an "@", "１" a digit
    if not (
        terms.words
        or terms.patterns
        or "@" in text
        or "&" in text
        or _SIX_DIGITS.match(text)
        or OBFUSCATED_AT.search(text)
    ):
        return []
    return scan_published(
        [
            PublishedText(
                entry.text,
                entry.path,
                entry.text_line,
                "tekst",
                markdown=True,
                internal=entry.internal,
                folded=entry.text_folded,
            )
        ],
        terms,
    )


def config_publication_problems(config: Config, mapping: Mapping) -> list[Problem]:
    """The config's published texts (organisation, header fields, title, section
    headings and leads, theme names, case numbers) as typed and as rendered."""
    problems = scan_mapping(
        config.path, mapping, internal=False, terms=config.forbidden, skip=UNPUBLISHED_CONFIG_KEYS
    )
    sections = mapping.values.get("sektioner")
    if isinstance(sections, Sequence):
        for item in sections.items:
            lead = item.values.get("indledning") if isinstance(item, Mapping) else None
            if isinstance(lead, Scalar) and not lead.is_null:
                first_line = lead.line + 1 if lead.block else lead.line
                problems += scan_published(
                    [
                        PublishedText(
                            lead.text,
                            config.path,
                            first_line,
                            "sektioner",
                            markdown=True,
                            folded=lead.folded,
                        )
                    ],
                    config.forbidden,
                )
    return list(dict.fromkeys(problems))


def introduction_problems(path: Path, text: str, terms: ForbiddenTerms) -> list[Problem]:
    """An introduction file, as typed and as rendered."""
    return scan_published(
        [PublishedText(text, path, 1, None), PublishedText(text, path, 1, None, markdown=True)],
        terms,
    )


# --- the finished files ------------------------------------------------------------------------


def guard_output(name: str, text: str, *, internal_edition: bool, terms: ForbiddenTerms) -> None:
    """Refuse a finished file (read back by `readback`) that still holds personal data.

    Everything from the entries, the config and the introduction was scanned by
    `guard_memo`; what is found here came from somewhere else, typically one of
    the project's own templates or stylesheets. The internal edition may show the
    contact details of internal entries, never a CPR number.
    """
    problems = problems_in_text(
        None,
        text,
        first_line=None,
        field=None,
        internal=internal_edition,
        terms=terms,
        across_lines=False,
    )
    if problems:
        raise UserError(
            [
                Problem(
                    None,
                    f"Den færdige {name} indeholder stadig noget, der ikke må "
                    f"offentliggøres: {problem.message}",
                    hint="Det kommer ikke fra et indslag, fra trivselreport.yaml eller fra "
                    "indledningen; tjek projektets egne skabeloner og stylesheets i mappen "
                    "templates.",
                )
                for problem in problems
            ]
        )
