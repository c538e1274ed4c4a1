"""What the CLI prints: problems, summaries and tables, in Danish.

Problems are coloured with rich; summaries and tables are plain aligned text,
which needs no import and stays fast for thousands of rows. rich is imported
only where it is used, so a build or a clean check does not pay for it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

import typer

from trivselreport.cli.terminal import out, printable
from trivselreport.errors import WRITING_KINDS, Problem, UserError, shown_path
from trivselreport.reading.privacy.findings import redact
from trivselreport.reading.privacy.terms import NO_TERMS, ForbiddenTerms

if TYPE_CHECKING:
    from rich.console import Console

    from trivselreport.commands.build import BuildResult
    from trivselreport.commands.lixreport import LixReport
    from trivselreport.memo.stats import Stats
    from trivselreport.reading.entries import Entry

LEVEL_LABELS = {
    "error": ("Fejl", "bold red"),
    "warning": ("Advarsel", "bold yellow"),
    "advice": ("Skriveråd", "bold cyan"),
}
# The level as the JSON of `check` names it: writing advice is "advarsel" (issue 14),
# the others keep the English names scripts already rely on.
JSON_LEVELS = {"error": "error", "warning": "warning", "advice": "advarsel"}


def level_label(problem: Problem) -> tuple[str, str]:
    """'Fejl', 'Advarsel' or 'Skriveråd (stavning)', and its colour."""
    label, style = LEVEL_LABELS[problem.level]
    if problem.kind in WRITING_KINDS:
        label += f" ({WRITING_KINDS[problem.kind]})"
    return label, style


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def aligned_table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Rows as lines of columns padded to the same width (columns in `right` to the right)."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(width) if index in right else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _write(lines: list[str]) -> None:
    out(printable("\n".join(lines)) + "\n")


def _shown(path: Path, project_dir: Path | None, cwd: Path | None = None) -> str:
    """`path` relative to the project, else to the current folder (`cwd`, when the
    caller has it), else as given; each form worked out once."""
    plain = shown_path(path, None)
    for base in (project_dir, cwd or Path.cwd()):
        if base is not None and (shown := shown_path(path, base)) != plain:
            return shown
    return plain


def _redacted(text: str, terms: ForbiddenTerms = NO_TERMS) -> str:
    """`privacy.redact`, applied to each piece between slashes too: in a path such as
    entries/2024/150312-1234.yaml the folder must not make the number pass for part
    of a case number (24/…)."""
    whole = redact(text, terms)
    if whole == text and "/" not in text:
        return whole  # its only piece is the text just redacted, unchanged
    return "/".join(redact(piece, terms) for piece in whole.split("/"))


def count_phrase(errors: int, warnings: int, advice: int = 0) -> str:
    parts = [f"{errors} fejl"]
    if warnings:
        parts.append(f"{warnings} advarsel" if warnings == 1 else f"{warnings} advarsler")
    if advice:
        parts.append(f"{advice} skriveråd")
    return ", ".join(parts[:-1]) + " og " + parts[-1] if len(parts) > 1 else parts[0]


def print_problems(
    problems: list[Problem], project_dir: Path | None, *, closing: str | None = "Intet er skrevet."
) -> None:
    """Each problem as a line on stderr (and its hint as another), then how many there
    were. The lines are what a rich `console.print` of each would write, composed and
    written at once (consolelines.py): thousands of findings print in no time."""
    from trivselreport.cli.consolelines import ConsoleLines

    console = _console(stderr=True)
    ordered = sorted(problems, key=Problem.sort_key)
    terms = _terms(project_dir)
    safe: dict[str, str] = {}  # hints, and often messages, repeat

    def shown(text: str) -> str:
        if text not in safe:
            safe[text] = _safe(text, terms)
        return safe[text]

    try:
        lines = ConsoleLines(console)
        for problem in ordered:
            where = shown(problem.location(project_dir))
            lines.add(
                level_label(problem),
                (f" i {where}" if where else "", None),
                (f": {shown(problem.message)}", None),
            )
            if problem.hint:
                lines.add((f"  → {shown(problem.hint)}", "yellow"))
        errors = sum(problem.level == "error" for problem in ordered)
        advice = sum(problem.level == "advice" for problem in ordered)
        summary = f"{count_phrase(errors, len(ordered) - errors - advice, advice)} fundet."
        lines.add((f"{summary} {closing}" if closing else summary, "bold"))
        lines.write()
    except (OSError, ValueError):
        pass  # stderr is closed or full: the exit code still tells


def fail(
    error: UserError, project_dir: Path | None, *, closing: str | None = "Intet er skrevet."
) -> NoReturn:
    """Print a command's problems and end it with exit code 1."""
    print_problems(
        error.problems, project_dir, closing=error.closing if error.closing is not None else closing
    )
    raise typer.Exit(code=1)


def _safe(text: str, terms: ForbiddenTerms) -> str:
    """What may be printed about a problem: personal data and forbidden words masked,
    control characters made visible."""
    return printable(_redacted(text, terms))


# Characters json.dumps leaves as they are, but a terminal would act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _terms(project_dir: Path | None) -> ForbiddenTerms:
    """The project's forbidden words, masked in every message like personal data."""
    from trivselreport.reading.config import terms_for_messages

    return terms_for_messages(project_dir)


def problems_json(problems: list[Problem], project_dir: Path | None) -> str:
    terms = _terms(project_dir) if problems else NO_TERMS
    items = [
        {
            "file": _redacted(_shown(problem.file, project_dir), terms) if problem.file else None,
            "line": problem.line,
            "field": _redacted(problem.field, terms) if problem.field else None,
            "level": JSON_LEVELS[problem.level],
            "kind": problem.kind,
            "message": _redacted(problem.message, terms),
            "hint": _redacted(problem.hint, terms) if problem.hint else None,
        }
        for problem in sorted(problems, key=Problem.sort_key)
    ]
    text = json.dumps(items, ensure_ascii=False, indent=2)
    # They can only stand inside strings, where a \u escape means the same character.
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def print_build_summary(result: BuildResult, project_dir: Path) -> None:
    memo = result.memo
    period = memo.period
    from trivselreport.danish import long_date

    span = (
        f"{long_date(period.start)} – {long_date(period.end)}"
        if period.start
        else f"til og med {long_date(period.end)}"
    )
    lines = [f"Bygget: {memo.title} ({memo.date_text})", f"Periode: {span}"]
    lines += aligned_table(
        [
            ("Sektion", "Indslag"),
            *((section.heading, str(len(section.items))) for section in memo.sections),
        ],
        right=(1,),
    )
    if result.pages is None:
        lines.append(f"{memo.entry_count()} indslag.")
    else:
        pages = "1 side" if result.pages == 1 else f"{result.pages} sider"
        lines.append(f"{memo.entry_count()} indslag, {pages}.")
    labels = {"pdf": "PDF", "docx": "Word (DOCX)", "html": "HTML til Word"}
    lines.append(readability_line(result))
    lines.append(spelling_line(result.misspelt))
    lines += [f"{labels[name]}: {_shown(path, None)}" for name, path in result.files.items()]
    if result.sources_path is not None:
        count = len(memo.sources)
        files = "1 indslagsfil" if count == 1 else f"{count} indslagsfiler"
        lines.append(
            f"Bygget af {files}, læst én gang før sammensætningen; listen med hver fils "
            "SHA-256 står i "
            f"{_shown(result.sources_path, None)}"
        )
    _write(lines)


def spelling_line(misspelt: int | None) -> str:
    """The build summary's line on spelling: how many words the dictionary does not know."""
    if misspelt is None:
        return "Stavning: ikke tjekket (den danske ordbog, hunspell-da, er ikke installeret)."
    if misspelt == 0:
        return "Stavning: ordbogen kender alle ord i notatets tekster."
    words = "1 ord" if misspelt == 1 else f"{misspelt} ord"
    return (
        f"Stavning: {words} i notatets tekster kender ordbogen ikke; "
        "»trivselreport check« viser hvilke (skriveråd, notatet er bygget)."
    )


def readability_line(result: BuildResult) -> str:
    """'Læsbarhed: LIX 52 (svær); 1 indslag med LIX 55 eller derover.'"""
    from trivselreport.memo.writing.lix import lix_phrase, memo_readability, readability

    line = f"Læsbarhed: {lix_phrase(memo_readability(result.memo).counts)}"
    items = [item for section in result.memo.sections for item in section.items]
    over = sum((readability([item.body]).counts.rounded or 0) >= result.lix_limit for item in items)
    if over:
        entries = "1 indslag" if over == 1 else f"{over} indslag"
        line += (
            f"; {entries} med LIX {result.lix_limit} eller derover (se »trivselreport check --lix«)"
        )
    return line + "."


def lix_lines(report: LixReport, project_dir: Path) -> list[str]:
    """`check --lix`: a row per entry, then the whole memo's LIX."""
    rows = [("Titel", "Fil", "LIX", "Niveau", "Ord", "Sætninger")]
    for row in report.entries:
        counts = row.readability.counts
        rows.append(
            (
                row.entry.title,
                _shown(row.entry.path, project_dir),
                "–" if counts.rounded is None else str(counts.rounded),
                counts.band or "–",
                str(counts.words),
                str(counts.sentences),
            )
        )
    limit = report.config.lix_limit
    over = sum((row.readability.counts.rounded or 0) >= limit for row in report.entries)
    lines = [*aligned_table(rows, right=(2, 4, 5))] if report.entries else ["Ingen indslag."]
    lines.append(
        f"{len(report.entries)} indslag; {over} med LIX {limit} eller derover "
        "(grænsen »lix_grænse«)."
    )
    if report.period is None:
        lines.append("Hele notatet: ingen periode (angiv den med --periode ÅÅÅÅ-MM).")
    elif report.memo is None:
        lines.append(f"Hele notatet for {report.period}: {report.memo_problem}")
    else:
        from trivselreport.memo.writing.lix import lix_phrase

        counts = report.memo.counts
        lines.append(
            f"Hele notatet for {report.period}: {lix_phrase(counts)}, {counts.words} ord, "
            f"{counts.sentences} sætninger (indledning, sektionernes tekster og indslag)."
        )
    return lines


def print_entries(
    entries: list[Entry],
    project_dir: Path,
    *,
    marks: dict[Path, str] | None = None,
    mark_heading: str = "",
    themes: bool = True,
) -> None:
    """The entries as a table; `marks`, when given, fills a column `mark_heading` by file
    (what `list --nye` and `list --mangler` say of each entry); `themes` False leaves out
    the themes' column."""
    heading: tuple[str, ...] = ("Dato", "Type", "Titel", *(("Temaer",) if themes else ()), "Intern")
    rows: list[tuple[str, ...]] = [
        (*heading, *((mark_heading,) if marks is not None else ()), "Fil")
    ]
    cwd = Path.cwd()
    rows += [
        (
            entry.start.isoformat(),
            entry.type,
            entry.title,
            *(("; ".join(entry.themes),) if themes else ()),
            "ja" if entry.internal else "",
            *((marks.get(entry.path, ""),) if marks is not None else ()),
            _shown(entry.path, project_dir, cwd),
        )
        for entry in entries
    ]
    _write([*aligned_table(rows), f"{len(entries)} indslag."])


def print_lines(lines: list[str]) -> None:
    """Plain lines on standard output (the notes around a table)."""
    if lines:
        _write(lines)


def print_stats(stats: Stats) -> None:
    from trivselreport.memo.stats import stats_rows, total_sentence

    rows = [("Opdeling", "Værdi", "Indslag", "Deltagere", "Deltagertal oplyst for")]
    previous = ""
    for row in stats_rows(stats):
        rows.append(
            (
                row.grouping if row.grouping != previous else "",
                row.value,
                str(row.entries),
                "–" if row.participants is None else str(row.participants),
                f"{row.stated} af {row.entries} indslag" if row.partly_stated else "",
            )
        )
        previous = row.grouping
    _write([*aligned_table(rows, right=(2, 3)), total_sentence(stats)])


class BuildProgress:
    """A spinner for builds that take more than a second, on a terminal only.

    Quiet when output goes to a file or another program, so logs stay clean.
    """

    DELAY_SECONDS = 1.0
    NEXT_STEP: ClassVar[dict[str, str]] = {
        "indlæsning": "sammensætter",
        "sammensætning": "laver HTML",
        "html": "tegner PDF",
        "pdf": "skriver Word",
        "docx": "gemmer filer",
    }

    def __init__(self) -> None:
        import threading

        self._on_terminal = sys.stdout.isatty()
        self._lock = threading.Lock()
        self._status: Any = None
        self._text = "læser indslag"
        self._timer = threading.Timer(self.DELAY_SECONDS, self._show)
        self._timer.daemon = True

    def __enter__(self) -> BuildProgress:
        if self._on_terminal:
            self._timer.start()
        return self

    def _show(self) -> None:
        with self._lock:
            self._status = _console().status(f"Bygger notatet: {self._text} …")
            self._status.start()

    def step(self, finished: str) -> None:
        with self._lock:
            self._text = self.NEXT_STEP.get(finished, "arbejder")
            if self._status is not None:
                self._status.update(f"Bygger notatet: {self._text} …")

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()
        with self._lock:
            if self._status is not None:
                self._status.stop()
