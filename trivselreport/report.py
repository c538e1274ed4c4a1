"""What the CLI prints: problems and build summaries, in Danish, via rich."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from trivselreport.build import BuildResult
from trivselreport.errors import Problem


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_problems(problems: list[Problem], project_dir: Path | None) -> None:
    console = _console(stderr=True)
    ordered = sorted(problems, key=Problem.sort_key)
    for problem in ordered:
        line = Text()
        where = problem.location(project_dir)
        line.append("Fejl", style="bold red")
        if where:
            line.append(f" i {where}")
        line.append(f": {problem.message}")
        console.print(line)
        if problem.hint:
            console.print(Text(f"  → {problem.hint}", style="yellow"))
    count = len(ordered)
    noun = "fejl"
    console.print(Text(f"{count} {noun} fundet. Intet er skrevet.", style="bold"))


def print_build_summary(result: BuildResult, project_dir: Path) -> None:
    console = _console()
    memo = result.memo
    console.print(Text(f"Bygget: {memo.title} ({memo.date_text})", style="bold green"))
    period = memo.period
    span = (f"{period.start.isoformat()} – {period.end.isoformat()}" if period.start
            else f"til og med {period.end.isoformat()}")
    console.print(f"Periode: {span}")
    table = Table(show_edge=False, box=None, pad_edge=False)
    table.add_column("Sektion")
    table.add_column("Indslag", justify="right")
    for section in memo.sections:
        table.add_row(section.heading, str(len(section.items)))
    console.print(table)
    pages = "1 side" if result.pages == 1 else f"{result.pages} sider"
    console.print(f"{memo.entry_count()} indslag, {pages}.")
    for label, path in (("PDF", result.pdf_path), ("HTML til Word", result.html_path)):
        try:
            shown = path.relative_to(Path.cwd())
        except ValueError:
            shown = path
        console.print(f"{label}: {shown}")
    sys.stdout.flush()
