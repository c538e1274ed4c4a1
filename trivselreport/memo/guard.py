"""The door: every text the memo publishes, scanned for personal data before it is written.

- `guard_memo` walks the composed memo after composition and before any writer
  runs, and refuses the build while any published text holds a CPR number, a
  phone number, an e-mail address or one of the project's forbidden terms;
- `guard_output` reads the finished HTML and DOCX once more as a reader would
  (text, alternative texts, link targets, document properties), which also
  covers what a project's own templates add.

Both use the scans of `reading.publication`, the same that `check` runs per file.
Contact details are allowed in internal entries, which only the internal
edition shows; a CPR number never is.
"""

from __future__ import annotations

from collections.abc import Iterator

from trivselreport.errors import Problem, UserError
from trivselreport.memo import wording
from trivselreport.memo.document import Memo
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry
from trivselreport.reading.introduction import Introduction
from trivselreport.reading.privacy.findings import problems_in_text
from trivselreport.reading.privacy.publication import PublishedText, scan_published
from trivselreport.reading.privacy.terms import ForbiddenTerms

# --- the composed memo -----------------------------------------------------------------------


def guard_memo(memo: Memo, config: Config, introduction: Introduction | None = None) -> None:
    """Refuse the memo while any text it publishes holds personal data.

    The texts with a body are scanned in the Markdown they were parsed from (the
    entry, the section's lead, `introduction`), as `check` scans them, so that a
    finding names the line it was written on."""
    problems = scan_published(memo_texts(memo, config, introduction), config.forbidden)
    if problems:
        raise UserError(problems)


def memo_texts(
    memo: Memo, config: Config, introduction: Introduction | None = None
) -> Iterator[PublishedText]:
    """Every text the memo publishes, in every writer: the template contract's texts."""
    path = config.path
    yield PublishedText(memo.title, path, config.line_of("titel"), "titel")
    yield PublishedText(memo.organisation, path, config.line_of("organisation"), "organisation")
    # The author in the files' properties is `udarbejdet_af` or else the organisation.
    header_keys = {
        wording.CASE_NUMBER_LABEL: "sagsnr",
        wording.ADMINISTRATION_LABEL: "forvaltning",
        wording.DEPARTMENT_LABEL: "afdeling",
        wording.PREPARED_BY_LABEL: "udarbejdet_af",
    }
    memo_config = config.memo_for(memo.period.key)
    for header in memo.header:
        key = header_keys.get(header.label)
        line = config.line_of(key) if key else None
        if key == "sagsnr" and memo_config and memo_config.case_number:
            line = memo_config.line
        yield PublishedText(f"{header.label}: {header.value}", path, line, key)
    if memo.intro is not None:
        if introduction is None:
            raise ValueError("the memo has an introduction: guard it with its text")
        yield PublishedText(introduction.text, introduction.path, 1, None, markdown=True)
    configured = {section.heading: section for section in config.sections}
    for section in memo.sections:
        section_config = configured.get(section.heading)
        line = section_config.line if section_config else None
        yield PublishedText(section.heading, path, line, "sektioner")
        if section.lead is not None and section_config and section_config.lead:
            yield PublishedText(section_config.lead, path, line, "sektioner", markdown=True)
        for item in section.items:
            entry = item.origin
            if entry is None:
                raise ValueError("a composed item knows the entry it shows")
            yield from entry_texts(entry)  # its title is the heading of an own section
            yield PublishedText(
                item.when, entry.path, entry.line_of("dato"), "dato", internal=entry.internal
            )
    if memo.overview is not None:
        theme_line = config.line_of("temaer")
        yield PublishedText(memo.overview.heading, None, None, None)
        for row in memo.overview.rows:
            yield PublishedText(row.theme, path, theme_line, "temaer")
        yield PublishedText(memo.overview.text_alternative(), path, theme_line, "temaer")
    if memo.drafts:
        yield PublishedText(memo.drafts_heading, None, None, None)
        yield PublishedText(memo.drafts_note, None, None, None)
    for draft in memo.drafts:
        # The title was left out when it holds personal data (`reading.drafts.draft_of`).
        yield PublishedText(draft.line, config.root / draft.source, None, "titel")


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
