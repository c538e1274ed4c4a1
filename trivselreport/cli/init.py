"""`trivselreport init`: a new project with an example."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

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
) -> None:
    """Opret et nyt projekt med et eksempel.

    Opretter trivselreport.yaml, mappen entries med ét eksempel på et indslag og en
    .gitignore. Et eksisterende projekt bliver aldrig overskrevet.
    """
    from trivselreport.cli.report import fail
    from trivselreport.commands.scaffold import init_project

    try:
        created = init_project(directory, date.today())
    except UserError as error:
        fail(error, None, closing="Intet er ændret.")
    note_saved(f"Projektet er oprettet i {directory.resolve()}.")
    say(f"Nyt projekt oprettet i {directory.resolve()}:")
    for path in created:
        say(f"  {path.relative_to(directory).as_posix()}")
    say(
        "Næste skridt: ret trivselreport.yaml, skriv indslag med »trivselreport new«, "
        "og tjek dem med »trivselreport check«."
    )
