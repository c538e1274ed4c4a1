"""`trivselreport list` and `trivselreport stats`: the entries as a table, and counted."""

# No `from __future__ import annotations`: typer reads these annotations at every start
# (see cli/app.py).

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from trivselreport.commands.news import News
    from trivselreport.commands.prepare import ChosenEntries

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
    news: Annotated[
        bool,
        typer.Option(
            "--nye",
            help="Kun de indslag, der er nye eller ændrede, siden det forrige notat blev bygget "
            "(uden --periode: alle datoer).",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--siden",
            metavar="PERIODE",
            show_default=False,
            help="Med --nye: sammenlign med det notat, der sidst blev bygget for PERIODE, "
            "fx 2024-03.",
        ),
    ] = None,
    missing: Annotated[
        bool,
        typer.Option(
            "--mangler",
            help="Det, indslagene mangler: tema, deltagerantal, eller en dato, som intet "
            "notat under memoer dækker.",
        ),
    ] = False,
    no_cache: NoCacheOption = False,
    project: ProjectOption = None,
) -> None:
    """Vis indslagene som en tabel.

    Viser alle indslag i perioden, også de interne (kolonnen Intern); --kun-intern og
    --ikke-intern vælger dem fra eller til. --nye viser kun det nye og ændrede siden
    forrige notat, --mangler det, indslagene mangler.
    """

    def run() -> tuple[int, int]:
        _list(
            period,
            from_date,
            to_date,
            types,
            themes,
            (with_internal, only_internal, without_internal),
            (news, since, missing),
            cached=not no_cache,
            project=project,
        )
        return 0, 0

    if no_cache:
        run()
        return
    from trivselreport.cli.kept import run_kept

    options = {
        "period": period,
        "from": from_date,
        "to": to_date,
        "types": types,
        "themes": themes,
        "internal": (with_internal, only_internal, without_internal),
        "news": (news, since, missing),
    }
    run_kept("list", project, options, run, dated=True)


def _list(
    period: str | None,
    from_date: str | None,
    to_date: str | None,
    types: list[str] | None,
    themes: list[str] | None,
    internal_flags: tuple[bool, bool, bool],
    reports: tuple[bool, str | None, bool],
    *,
    cached: bool,
    project: Path | None,
) -> None:
    """List the entries; `internal_flags` are --intern, --kun-intern and --ikke-intern,
    `reports` --nye, --siden and --mangler. Ends the command with code 1 when some
    entries could not be read."""
    news, since, missing = reports
    from trivselreport.cli.report import fail, print_entries
    from trivselreport.commands.choosing import PeriodOptions, choose_entries
    from trivselreport.commands.options import project_folder

    project_dir: Path | None = None
    try:
        _check_report_options(news, since, missing)
        project_dir = project_folder(project)
        chosen = choose_entries(
            project_dir,
            PeriodOptions(period, from_date, to_date),
            types=tuple(types or ()),
            themes=tuple(themes or ()),
            internal=internal_filter(*internal_flags),
            cached=cached,
        )
        if news:
            from trivselreport.commands.news import find_news

            found = find_news(chosen, since)
    except UserError as error:
        fail(error, project_dir, closing=None)
    show_unreadable(chosen.problems, project_dir, LIST_PARTIAL)
    if news:
        _print_news(found, project_dir)
    elif missing:
        _print_missing(chosen, project_dir)
    else:
        print_entries(chosen.entries, project_dir)
    if chosen.problems:
        raise typer.Exit(code=1)


def _check_report_options(news: bool, since: str | None, missing: bool) -> None:
    if news and missing:
        raise UserError(
            Problem(
                None,
                "--nye og --mangler kan ikke bruges sammen.",
                field="--mangler",
                hint="Vis først det nye med --nye og derefter det, der mangler, med --mangler.",
            )
        )
    if since is not None and not news:
        raise UserError(
            Problem(
                None,
                "--siden bruges sammen med --nye.",
                field="--siden",
                hint=f"Skriv fx »trivselreport list --nye --siden {since}«.",
            )
        )


def _print_news(found: "News", project_dir: Path) -> None:
    from trivselreport.cli.report import print_entries, print_lines
    from trivselreport.commands.news import built_when

    if found.record is None:
        print_lines(["Der er ikke bygget et notat endnu, så alle indslag er nye."])
    else:
        title = found.title or found.record.path.name.removesuffix(".kilder.txt")
        lines = [
            f"Nye og ændrede indslag siden »{title}« (periode {found.record.period_key}) "
            f"blev bygget {built_when(found.record)}."
        ]
        if found.by_time:
            lines.append(
                "Notatet blev bygget af en ældre udgave af trivselreport, som ikke gemte "
                "filernes indhold: et indslag regnes for nyt eller ændret, når filen er gemt, "
                "efter notatet blev bygget."
            )
        print_lines(lines)
    print_entries(found.entries, project_dir, marks=found.marks, mark_heading="Nyt")
    notes: list[str] = []
    if found.outside:
        some = (
            "1 nyt eller ændret indslag"
            if found.outside == 1
            else (f"{found.outside} nye eller ændrede indslag")
        )
        notes.append(
            f"Desuden {some} uden for perioden, fx dateret i et notat, der allerede er "
            "bygget; se dem med »trivselreport list --nye« uden --periode."
        )
    if found.deleted:
        notes.append("Slettet, siden notatet blev bygget: " + ", ".join(found.deleted))
    print_lines(notes)


def _print_missing(chosen: "ChosenEntries", project_dir: Path) -> None:
    from trivselreport.cli.report import print_entries, print_lines
    from trivselreport.commands.missing import find_missing

    report = find_missing(chosen)
    if report.span is None:
        print_lines(
            [
                "Der er ingen notater under »memoer« i trivselreport.yaml, så datoerne er "
                "ikke tjekket."
            ]
        )
    if not report.rows:
        print_lines(
            [
                "Intet mangler: alle indslag i perioden har tema og deltagerantal"
                + (", og alle ligger inden for et notat." if report.span else ".")
            ]
        )
        return
    print_entries(
        [row.entry for row in report.rows],
        project_dir,
        marks={row.entry.path: row.text for row in report.rows},
        mark_heading="Mangler",
        themes=False,
    )


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

    def run() -> tuple[int, int]:
        _stats(
            period,
            from_date,
            to_date,
            output_format,
            internal,
            cached=not no_cache,
            project=project,
        )
        return 0, 0

    # The CSV is written as bytes (out_bytes), which a kept report does not hold.
    if no_cache or output_format != "tabel":
        run()
        return
    from trivselreport.cli.kept import run_kept

    options = {"period": period, "from": from_date, "to": to_date, "internal": internal}
    run_kept("stats", project, options, run, dated=True)


def _stats(
    period: str | None,
    from_date: str | None,
    to_date: str | None,
    output_format: str,
    internal: bool,
    *,
    cached: bool,
    project: Path | None,
) -> None:
    """Count the entries; ends the command with code 1 when some could not be read."""
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
            cached=cached,
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
