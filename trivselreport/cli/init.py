"""`trivselreport init`: a new project, asking who the memo is from and its title."""

# No `from __future__ import annotations`: typer reads these annotations at every start
# (see cli/app.py).

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from trivselreport.cli.options import NoInputOption
from trivselreport.cli.terminal import note_saved, say
from trivselreport.errors import UserError


def init(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="MAPPE",
            help="Mappen, projektet skal oprettes i.",
            show_default="den aktuelle mappe",
        ),
    ] = Path("."),
    organisation: Annotated[
        str | None,
        typer.Option(
            "--organisation",
            metavar="TEKST",
            help="Organisationen, fx »Hvidovre Kommune«.",
            show_default=False,
        ),
    ] = None,
    department: Annotated[
        str | None,
        typer.Option(
            "--forvaltning",
            metavar="TEKST",
            help="Forvaltningen, fx »Børne- og Kulturforvaltningen«.",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--afdeling", metavar="TEKST", help="Afdelingen (valgfri).", show_default=False
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--titel",
            metavar="TEKST",
            help="Notatets titel; {måned} og {år} bliver periodens.",
            show_default=False,
        ),
    ] = None,
    inside_other: Annotated[
        bool,
        typer.Option(
            "--i-andet-projekt",
            help="Opret projektet, selv om mappen ligger inde i et andet projekt.",
        ),
    ] = False,
    no_input: NoInputOption = False,
) -> None:
    """Opret et nyt projekt.

    Spørger om organisation, forvaltning, afdeling og notatets titel (eller tager dem
    som tilvalg) og opretter trivselreport.yaml, en indledning i mappen indledninger,
    mappen entries og en .gitignore. Et eksisterende projekt bliver aldrig overskrevet,
    og et projekt oprettes ikke inde i et andet uden --i-andet-projekt.
    """
    from trivselreport.cli.report import fail
    from trivselreport.commands.scaffold import ProjectDetails, init_project, refuse_inside_other

    defaults = ProjectDetails()
    try:
        if not inside_other:
            refuse_inside_other(directory)  # before any question
        asking = not no_input and sys.stdin is not None and sys.stdin.isatty()
        details = ProjectDetails(
            organisation=_answer(organisation, "Organisation", defaults.organisation, asking),
            department=_answer(department, "Forvaltning", defaults.department, asking),
            unit=_answer(unit, "Afdeling (tom: ingen)", defaults.unit, asking),
            title=_answer(title, "Notatets titel", defaults.title, asking),
        )
        created = init_project(directory, date.today(), details, inside_other=inside_other)
    except UserError as error:
        fail(error, None, closing="Intet er ændret.")
    note_saved(f"Projektet er oprettet i {directory.resolve()}.")
    say(f"Nyt projekt oprettet i {directory.resolve()}:")
    for path in created:
        shown = path.relative_to(directory).as_posix()
        say(f"  {shown}/" if path.is_dir() else f"  {shown}")
    say(
        "Næste skridt: tilføj jeres temaer i trivselreport.yaml, skriv indslag med "
        "»trivselreport new«, og tjek dem med »trivselreport check«."
    )


def _answer(given: str | None, question: str, default: str, asking: bool) -> str:
    """An option's value, else the answer to `question` on a terminal, else `default`."""
    if given is not None:
        return given.strip()
    if not asking:
        return default
    from trivselreport.cli.new_prompts import ask, enable_line_editing

    enable_line_editing()
    return ask(question, default=default or None) or default
