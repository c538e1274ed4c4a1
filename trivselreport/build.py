"""The build pipeline: load → select → compose → render → write, each step typed."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trivselreport.compose import Memo, compose_memo
from trivselreport.config import load_config
from trivselreport.danish import slug
from trivselreport.entries import load_entries
from trivselreport.period import Period, period_between, period_for_month, select_entries
from trivselreport.render import render_pdf_html, render_word_html

OUTPUT_DIR = "output"


@dataclass(frozen=True)
class PeriodChoice:
    """What the user asked for: a month, or a from/to span."""

    month: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass
class BuildResult:
    memo: Memo
    pdf_path: Path
    html_path: Path
    pages: int
    seconds: dict[str, float] = field(default_factory=dict)


def output_stem(memo: Memo) -> str:
    stem = slug(memo.title, max_length=120)
    return f"{stem}-intern" if memo.internal else stem


def build_memo(
    project_dir: Path,
    choice: PeriodChoice,
    *,
    memo_date: date | None = None,
    internal: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the memo's PDF and Word HTML; nothing is written unless every step succeeds."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now
        if on_step:
            on_step(name)

    config = load_config(project_dir)
    entries = load_entries(config)
    step("indlæsning")
    if choice.month is not None:
        period: Period = period_for_month(config, choice.month)
    else:
        assert choice.end is not None
        period = period_between(config, choice.start, choice.end)
    selection = select_entries(entries, period, include_internal=internal)
    memo = compose_memo(config, selection, memo_date=memo_date, internal=internal)
    step("sammensætning")

    from trivselreport.fonts import font_face_css

    pdf_html = render_pdf_html(memo, project_dir, font_face_css())
    word_html = render_word_html(memo, project_dir)
    step("html")

    from trivselreport.pdf import render_pdf
    from trivselreport.render import PACKAGE_TEMPLATES

    pdf = render_pdf(pdf_html, allowed_roots=[PACKAGE_TEMPLATES, project_dir / "templates"],
                     base_dir=project_dir)
    step("pdf")

    from trivselreport.output import write_atomically

    folder = project_dir / OUTPUT_DIR / period.key
    stem = output_stem(memo)
    pdf_path = folder / f"{stem}.pdf"
    html_path = folder / f"{stem}.html"
    write_atomically(pdf_path, pdf.data)
    write_atomically(html_path, word_html.encode("utf-8"))
    step("skrivning")
    return BuildResult(memo, pdf_path, html_path, pdf.pages, seconds)
