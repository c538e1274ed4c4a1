"""`trivselreport build`: the memo as PDF, Word (DOCX) and HTML."""

# No `from __future__ import annotations`: typer reads these annotations at every start
# (see cli/app.py).

from pathlib import Path
from typing import Annotated

import typer

from trivselreport.cli.options import FromOption, PeriodOption, ProjectOption, ToOption
from trivselreport.cli.terminal import note_saved
from trivselreport.errors import UserError


def build(
    period: PeriodOption = None,
    from_date: FromOption = None,
    to_date: ToOption = None,
    memo_date: Annotated[
        str | None,
        typer.Option(
            "--dato",
            metavar="DATO",
            help="Notatets dato (ellers den i trivselreport.yaml eller periodens sidste dag).",
            show_default=False,
        ),
    ] = None,
    internal: Annotated[
        bool,
        typer.Option(
            "--intern",
            help="Med interne indslag: byg den interne udgave, der ikke må offentliggøres.",
        ),
    ] = False,
    formats: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="Hvilke filer der skrives, adskilt af komma."
        ),
    ] = "pdf,html,docx",
    project: ProjectOption = None,
) -> None:
    """Byg notatet som PDF, Word (DOCX) og HTML."""
    from trivselreport.writers.pdf.collector import loading_frozen

    with loading_frozen("trivselreport.commands.build"):  # 0.01 s of collector runs
        from trivselreport.cli.report import (
            BuildProgress,
            fail,
            print_build_summary,
            print_problems,
        )
        from trivselreport.commands.build import build_memo, parse_formats
        from trivselreport.commands.options import build_warnings, project_folder
        from trivselreport.commands.prepare import PeriodOptions, parse_date_option

    project_dir: Path | None = None
    try:
        project_dir = project_folder(project)
        choice = PeriodOptions(period, from_date, to_date).choice()
        wanted = parse_formats(formats)
        if warnings := build_warnings(wanted):
            print_problems(warnings, project_dir, closing=None)
        with BuildProgress() as progress:
            result = build_memo(
                project_dir,
                choice,
                memo_date=parse_date_option(memo_date, "--dato"),
                internal=internal,
                formats=wanted,
                on_step=progress.step,
            )
    except UserError as error:
        fail(error, project_dir)
    folder = result.folder
    note_saved(f"Notatet er gemt i {folder.relative_to(project_dir).as_posix()}.")
    print_build_summary(result, project_dir)
    if result.warnings:
        print_problems(result.warnings, project_dir, closing=None)
