"""`trivselreport list` and `trivselreport stats`: the entries as a table, and counted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trivselreport.cli.options import (
    FromOption,
    IncludeInternalOption,
    NoCacheOption,
    PeriodOption,
    ProjectOption,
    ToOption,
    internal_filter,
)
from trivselreport.cli.terminal import out_bytes
from trivselreport.errors import Problem, UserError

LIST_PARTIAL = "Listen viser kun de indslag, der kunne læses."
STATS_PARTIAL = "Tallene tæller kun de indslag, der kunne læses."


def show_unreadable(problems: list[Problem], project_dir: Path | None, closing: str) -> None:
    """The errors of the files `list` or `stats` had to leave out, before what they show."""
    if problems:
        from trivselreport.cli.report import print_problems

        print_problems(problems, project_dir, closing=closing)


def list_entries(
    period: PeriodOption = None,
    from_date: FromOption = None,
    to_date: ToOption = None,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type", metavar="TYPE", help="Kun denne type; kan gentages.", show_default=False
        ),
    ] = None,
    themes: Annotated[
        list[str] | None,
        typer.Option(
            "--tema", metavar="TEMA", help="Kun dette tema; kan gentages.", show_default=False
        ),
    ] = None,
    with_internal: Annotated[
        bool,
        typer.Option(
            "--intern",
            help="Med interne indslag, som i build og stats (list viser dem også uden).",
        ),
    ] = False,
    only_internal: Annotated[
        bool, typer.Option("--kun-intern", "--kun-interne", help="Kun de interne indslag.")
    ] = False,
    without_internal: Annotated[
        bool,
        typer.Option(
            "--ikke-intern",
            "--uden-interne",
            help="Uden interne indslag: kun dem, der må komme i notatet til udvalget.",
        ),
    ] = False,
    no_cache: NoCacheOption = False,
    project: ProjectOption = None,
) -> None:
    """Vis indslagene som en tabel.

    Viser alle indslag i perioden, også de interne (kolonnen Intern); --kun-intern og
    --ikke-intern vælger dem fra eller til.
    """
    from trivselreport.cli.report import fail, print_entries
    from trivselreport.commands.choosing import PeriodOptions, choose_entries
    from trivselreport.commands.options import project_folder

    project_dir: Path | None = None
    try:
        project_dir = project_folder(project)
        chosen = choose_entries(
            project_dir,
            PeriodOptions(period, from_date, to_date),
            types=tuple(types or ()),
            themes=tuple(themes or ()),
            internal=internal_filter(with_internal, only_internal, without_internal),
            cached=not no_cache,
        )
    except UserError as error:
        fail(error, project_dir, closing=None)
    show_unreadable(chosen.problems, project_dir, LIST_PARTIAL)
    print_entries(chosen.entries, project_dir)
    if chosen.problems:
        raise typer.Exit(code=1)


def stats(
    period: PeriodOption = None,
    from_date: FromOption = None,
    to_date: ToOption = None,
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="tabel eller csv.")
    ] = "tabel",
    internal: IncludeInternalOption = False,
    no_cache: NoCacheOption = False,
    project: ProjectOption = None,
) -> None:
    """Tæl indslag og deltagere.

    Optæller indslag og deltagere for hvert tema, hver type og hver måned, som tabel
    eller som CSV til et regneark.
    """
    from trivselreport.cli.report import fail, print_stats
    from trivselreport.commands.choosing import PeriodOptions
    from trivselreport.commands.counting import count_readable_entries
    from trivselreport.commands.options import check_format, project_folder
    from trivselreport.memo.stats import stats_csv

    project_dir: Path | None = None
    try:
        check_format(output_format, ("tabel", "csv"))
        project_dir = project_folder(project)
        result, unreadable = count_readable_entries(
            project_dir,
            PeriodOptions(period, from_date, to_date),
            internal=internal,
            cached=not no_cache,
        )
    except UserError as error:
        fail(error, project_dir, closing=None)
    show_unreadable(unreadable, project_dir, STATS_PARTIAL)
    if output_format == "csv":
        out_bytes(stats_csv(result))
    else:
        print_stats(result)
    if unreadable:
        raise typer.Exit(code=1)
