"""The command line: parse options, call the core, print Danish results.

Kept thin on purpose: every decision lives in the core modules, which know
nothing of typer. WeasyPrint is imported only by `build`, inside the core.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from trivselreport import __version__
from trivselreport.clitext import install_danish_texts
from trivselreport.errors import Problem, UserError

if TYPE_CHECKING:
    from trivselreport.build import PeriodChoice

install_danish_texts()

app = typer.Typer(
    name="trivselreport",
    help="Samler indslag om børn og unges trivsel til statusnotatet til udvalget.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ProjectOption = Annotated[
    Path | None,
    typer.Option("--project", "-p", help="Projektmappen (ellers findes den ud fra den aktuelle "
                 "mappe).", file_okay=False, show_default=False),
]


def _parse_date_option(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    from trivselreport.fields import parse_date

    try:
        return parse_date(value)
    except ValueError as error:
        raise UserError(Problem(None, str(error), field=option)) from None


def _project_dir(project: Path | None) -> Path:
    from trivselreport.config import find_project

    return find_project(project if project is not None else Path.cwd())


def _fail(error: UserError, project_dir: Path | None) -> NoReturn:
    from trivselreport.report import print_problems

    print_problems(error.problems, project_dir)
    raise typer.Exit(code=1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"trivselreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", help="Vis versionen og afslut.",
                                          callback=_version, is_eager=True)] = False,
) -> None:
    """Samler indslag om børn og unges trivsel til statusnotatet til udvalget."""


@app.command()
def build(
    period: Annotated[str | None, typer.Option("--period", help="Notatets måned, fx 2024-04.",
                                               show_default=False)] = None,
    from_date: Annotated[str | None, typer.Option("--from", help="Første dato (ÅÅÅÅ-MM-DD); "
                                                  "bruges sammen med --to.",
                                                  show_default=False)] = None,
    to_date: Annotated[str | None, typer.Option("--to", help="Sidste dato (ÅÅÅÅ-MM-DD).",
                                                show_default=False)] = None,
    memo_date: Annotated[str | None, typer.Option("--dato", help="Notatets dato (ellers den "
                                                  "i trivselreport.yaml eller periodens "
                                                  "sidste dag).", show_default=False)] = None,
    internal: Annotated[bool, typer.Option("--intern", help="Byg en intern udgave, der også "
                                           "medtager interne indslag.")] = False,
    project: ProjectOption = None,
) -> None:
    """Byg notatet som PDF og som HTML, der kan åbnes i Word."""
    from trivselreport.build import build_memo
    from trivselreport.report import print_build_summary

    project_dir: Path | None = None
    try:
        project_dir = _project_dir(project)
        choice = _period_choice(period, from_date, to_date)
        result = build_memo(project_dir, choice,
                            memo_date=_parse_date_option(memo_date, "--dato"),
                            internal=internal)
    except UserError as error:
        _fail(error, project_dir)
    print_build_summary(result, project_dir)


def _period_choice(
    period: str | None, from_date: str | None, to_date: str | None
) -> PeriodChoice:
    from trivselreport.build import PeriodChoice

    if period is not None and (from_date or to_date):
        raise UserError(Problem(None, "Brug enten --period eller --from/--to, ikke begge.",
                                field="--period"))
    if period is not None:
        return PeriodChoice(month=period)
    if to_date is None:
        raise UserError(Problem(None, "Angiv hvilken periode notatet skal dække.",
                                field="--period",
                                hint="Skriv fx »trivselreport build --period 2024-04«, eller "
                                "brug --from og --to."))
    return PeriodChoice(start=_parse_date_option(from_date, "--from"),
                        end=_parse_date_option(to_date, "--to"))


def main() -> None:
    app()
