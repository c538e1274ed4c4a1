"""The guard's scans of what each file publishes: the config, an entry, an introduction.

What reaches the public is not what was typed: Markdown resolves escapes and
entities and drops emphasis markers, YAML joins lines, and some texts never pass
through an entry at all (the config's header fields, section headings and leads,
theme names in the overview, the introduction file). So the guard looks at the
texts as published (`PublishedText`, `scan_published`).

`check` uses these scans per file (`config_publication_problems`,
`entry_publication_problems`, `introduction_problems`); the door of the memo itself
(`memo.guard`) scans the composed memo and the finished files with the same
`scan_published`, so what `check` calls clean is what the build publishes.

Contact details are allowed in internal entries, which only the internal
edition shows; a CPR number never is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from trivselreport.errors import Problem
from trivselreport.reading.files.yamlread import Mapping, Scalar, Sequence
from trivselreport.reading.markdown import MARKUP_CHARACTERS, published_text
from trivselreport.reading.privacy.findings import problems_in_text, scan_mapping
from trivselreport.reading.privacy.lookalike import OBFUSCATED_AT
from trivselreport.reading.privacy.normalise import for_matching
from trivselreport.reading.privacy.terms import ForbiddenTerms


class EntryText(Protocol):
    """What the scan of one entry reads of it (an `entries.Entry` has all of it)."""

    @property
    def path(self) -> Path: ...
    @property
    def text(self) -> str: ...
    @property
    def text_line(self) -> int | None: ...
    @property
    def internal(self) -> bool: ...
    @property
    def text_folded(self) -> bool: ...


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


# --- what `check` scans per file ---------------------------------------------------------------


def entry_publication_problems(entry: EntryText, terms: ForbiddenTerms) -> list[Problem]:
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


def config_publication_problems(
    path: Path, mapping: Mapping, terms: ForbiddenTerms
) -> list[Problem]:
    """The config's published texts (organisation, header fields, title, section
    headings and leads, theme names, case numbers) as typed and as rendered."""
    problems = scan_mapping(
        path, mapping, internal=False, terms=terms, skip=UNPUBLISHED_CONFIG_KEYS
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
                            path,
                            first_line,
                            "sektioner",
                            markdown=True,
                            folded=lead.folded,
                        )
                    ],
                    terms,
                )
    return list(dict.fromkeys(problems))


def introduction_problems(path: Path, text: str, terms: ForbiddenTerms) -> list[Problem]:
    """An introduction file, as typed and as rendered."""
    return scan_published(
        [PublishedText(text, path, 1, None), PublishedText(text, path, 1, None, markdown=True)],
        terms,
    )
