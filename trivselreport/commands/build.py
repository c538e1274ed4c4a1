"""The build pipeline: load → select → compose (`prepare_memo`) → render → write, typed."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trivselreport.commands.prepare import prepare_memo
from trivselreport.danish import slug
from trivselreport.errors import Problem, UserError
from trivselreport.memo.compose import Memo
from trivselreport.memo.guard import guard_output
from trivselreport.memo.period import PeriodChoice as PeriodChoice  # callers take it from here
from trivselreport.reading.pictures import publish_all
from trivselreport.writers.html import render_pdf_html, render_word_html

OUTPUT_DIR = "output"


FORMATS = ("pdf", "html", "docx")


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

    from trivselreport.writers.accessibility import check_accessibility

    # Every picture's published copy (no hidden data, upright), made and proved whole once,
    # before any writer runs; the writers all take it from here.
    pictures = publish_all(
        [
            picture
            for section in memo.sections
            for item in section.items
            for picture in item.entry.pictures
        ]
    )
    pdf_html = render_pdf_html(memo, project_dir)
    problems = check_accessibility(pdf_html, project_dir)
    if problems:
        raise UserError(problems)
    from trivselreport.writers.readback import docx_text, html_text

    def guard(name: str, text: str) -> None:
        guard_output(name, text, internal_edition=internal, terms=config.forbidden)

    guard("PDF", html_text(pdf_html))
    contents: dict[str, bytes] = {}
    if "html" in formats:
        word_html = render_word_html(memo, project_dir)
        guard("HTML til Word", html_text(word_html))
        contents["html"] = word_html.encode("utf-8")
    step("html")

    pages: int | None = None
    if "pdf" in formats:
        from trivselreport.writers.html import PACKAGE_TEMPLATES
        from trivselreport.writers.pdf import render_pdf

        pdf = render_pdf(
            pdf_html,
            allowed_roots=[PACKAGE_TEMPLATES, project_dir / "templates"],
            base_dir=project_dir,
            pictures=pictures,
        )
        contents["pdf"], pages = pdf.data, pdf.pages
        step("pdf")
    if "docx" in formats:
        from trivselreport.writers.docx_writer import build_docx

        contents["docx"] = build_docx(memo)
        guard("DOCX-fil", docx_text(contents["docx"]))
        step("docx")

    from trivselreport.reading.confine import check_output_folder
    from trivselreport.writers.output import write_all_atomically

    folder = project_dir / OUTPUT_DIR / period.key
    stem = output_stem(memo)
    files = {name: folder / f"{stem}.{name}" for name in FORMATS if name in contents}
    sources = folder / f"{stem}.kilder.txt"
    check_output_folder(folder, project_dir)
    write_all_atomically(
        {
            **{files[name]: contents[name] for name in files},
            sources: sources_manifest(memo, project_dir).encode("utf-8"),
        }
    )
    step("skrivning")
    return BuildResult(memo, files, pages, seconds, sources)


def sources_manifest(memo: Memo, project_dir: Path) -> str:
    """Which entry files the memo was built from: all read once, before composing."""
    lines = [f"# {memo.title}: bygget af {len(memo.sources)} indslag", ""]
    for path in memo.sources:
        try:
            lines.append(path.resolve().relative_to(project_dir.resolve()).as_posix())
        except ValueError:
            lines.append(str(path))
    return "\n".join(lines) + "\n"
