"""The build pipeline: load → select → compose (`prepare_memo`) → each format's writer
(`writers.registry`) → the period's files replaced together."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from trivselreport.commands.prepare import PreparedMemo, prepare_memo
from trivselreport.commands.record import project_path
from trivselreport.danish import slug
from trivselreport.errors import Problem, UserError
from trivselreport.memo.document import Memo
from trivselreport.memo.period import PeriodChoice as PeriodChoice  # callers take it from here
from trivselreport.reading.config import DEFAULT_LIX_LIMIT
from trivselreport.writers.pdf.collector import loading_frozen
from trivselreport.writers.registry import OUTPUT_FORMATS, WriterProject, writer_for

if TYPE_CHECKING:
    from trivselreport.commands.spellcount import SpellingCount

OUTPUT_DIR = "output"


FORMATS = (
    "pdf",
    "html",
    "docx",
)  # as --format and the summary list them (`writers.registry` has each)


def parse_formats(text: str) -> tuple[str, ...]:
    """'pdf,docx' → ('pdf', 'docx'), in the canonical order; unknown names are errors."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown or not wanted:
        raise UserError(
            Problem(
                None,
                f"Ukendt format »{', '.join(unknown) or text}«.",
                field="--format",
                hint="Vælg blandt pdf, html og docx, adskilt af komma, fx --format pdf,docx.",
            )
        )
    return tuple(name for name in FORMATS if name in wanted)


@dataclass
class BuildResult:
    memo: Memo
    files: dict[str, Path]
    pages: int | None
    seconds: dict[str, float] = field(default_factory=dict)
    sources_path: Path | None = None
    # What the build warns about once it is done (characters the PDF draws as boxes).
    warnings: list[Problem] = field(default_factory=list)
    # How many words of the memo's texts the spelling check does not know (`check` names
    # them); None when there is no dictionary.
    misspelt: int | None = None
    lix_limit: int = DEFAULT_LIX_LIMIT  # from which an entry is named as hard to read

    @property
    def folder(self) -> Path:
        """The period's folder the files were written to."""
        return (self.sources_path or next(iter(self.files.values()))).parent

    @property
    def pdf_path(self) -> Path:
        return self.files["pdf"]

    @property
    def html_path(self) -> Path:
        return self.files["html"]

    @property
    def docx_path(self) -> Path:
        return self.files["docx"]


def output_stem(memo: Memo) -> str:
    stem = slug(memo.title, max_length=120)
    return f"{stem}-intern" if memo.internal else stem


def build_memo(
    project_dir: Path,
    choice: PeriodChoice,
    *,
    memo_date: date | None = None,
    internal: bool = False,
    formats: tuple[str, ...] = FORMATS,
    on_step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the memo in the asked formats; nothing is written unless every step succeeds."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now
        if on_step:
            on_step(name)

    prepared = prepare_memo(
        project_dir, choice, memo_date=memo_date, internal=internal, on_step=step
    )
    config, period, memo = prepared.config, prepared.period, prepared.memo

    project = WriterProject(project_dir, config.forbidden)
    if "pdf" not in formats:  # the PDF writer checks it itself
        from trivselreport.writers.html.render import checked_pdf_html

        checked_pdf_html(memo, project)
    contents: dict[str, bytes] = {}
    pages: int | None = None
    counting: SpellingCount | None = None
    for name in OUTPUT_FORMATS:  # in the order they are written
        if name in formats:
            with loading_frozen(OUTPUT_FORMATS[name].module):  # the first time: its library
                write = writer_for(name)
            if counting is None and (name == "pdf" or "pdf" not in formats):
                counting = _count_misspelt(prepared)  # WeasyPrint loaded, if it is to be
            contents[name] = write(memo, project)
            step(name)
    if "pdf" in contents:
        from trivselreport.writers.pdf.render import page_count

        pages = page_count(contents["pdf"])

    from trivselreport.reading.files.confine import check_output_folder
    from trivselreport.writers.files.output import write_all_atomically

    folder = project_dir / OUTPUT_DIR / period.key
    stem = output_stem(memo)
    files = {name: folder / f"{stem}.{name}" for name in FORMATS if name in contents}
    sources = folder / f"{stem}.kilder.txt"
    check_output_folder(folder, project_dir)
    write_all_atomically(
        {
            **{files[name]: contents[name] for name in files},
            sources: sources_manifest(prepared, project_dir).encode("utf-8"),
        }
    )
    step("skrivning")
    warnings = _pdf_glyph_warnings(prepared) if "pdf" in formats else []
    return BuildResult(
        memo,
        files,
        pages,
        seconds,
        sources,
        warnings,
        (counting or _count_misspelt(prepared)).result(),
        lix_limit=prepared.config.lix_limit,
    )


def _count_misspelt(prepared: PreparedMemo) -> SpellingCount:
    """The spelling advice of the memo's texts, to be counted (for the build's summary)
    with the dictionary that starts loading now, in a thread of its own (`spellcount`)."""
    from trivselreport.commands.spellcount import SpellingCount

    return SpellingCount.start(
        prepared.config, prepared.selection.all, _introduction_text(prepared)
    )


def _pdf_glyph_warnings(prepared: PreparedMemo) -> list[Problem]:
    """The characters of the memo's own texts that its PDF draws as empty boxes."""
    from trivselreport.commands.glyphs import glyph_problems

    return glyph_problems(prepared.config, prepared.selection.all, _introduction_text(prepared))


def _introduction_text(prepared: PreparedMemo) -> list[tuple[Path, str]]:
    """The introduction the memo was composed with, as it was read then (not read again:
    the file may have changed since)."""
    introduction = prepared.introduction
    return [(introduction.path, introduction.text)] if introduction is not None else []


def sources_manifest(prepared: PreparedMemo, project_dir: Path) -> str:
    """The build's record (`commands.record`): the SHA-256 and path of every file read for
    the memo, hashed from the bytes read once before composing, so the record says what
    the memo was made of even when a file is saved again while the build runs."""
    from trivselreport.commands.record import (
        CONFIG,
        INTRODUCTION,
        MEMO_ENTRY,
        OTHER_ENTRY,
        RecordedFile,
        record_text,
    )

    in_memo = {entry.path for entry in prepared.selection.all}
    files = [
        RecordedFile(
            project_path(entry.path, project_dir),
            entry.digest,
            MEMO_ENTRY if entry.path in in_memo else OTHER_ENTRY,
        )
        for entry in {
            entry.path: entry for entry in [*prepared.entries, *prepared.selection.all]
        }.values()
    ]
    config, introduction = prepared.config, prepared.introduction
    if config.digest is not None:
        files.append(RecordedFile(project_path(config.path, project_dir), config.digest, CONFIG))
    if introduction is not None and introduction.digest is not None:
        files.append(
            RecordedFile(
                project_path(introduction.path, project_dir), introduction.digest, INTRODUCTION
            )
        )
    return record_text(prepared.memo.title, files)
