"""`trivselreport check`: every problem of the project at once, as text or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from trivselreport.cli.options import ProjectOption
from trivselreport.cli.terminal import say
from trivselreport.errors import UserError


def check(
    strict: Annotated[bool, typer.Option("--strict", help="Lad også advarsler give fejl.")] = False,
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="tekst eller json.")
    ] = "tekst",
    project: ProjectOption = None,
) -> None:
    """Tjek alle indslag, også for persondata.

    Viser alle fejl og advarsler på én gang med fil, linje og felt. Slutter med kode 1
    ved fejl (og ved advarsler med --strict).
    """
    from trivselreport.cli.report import fail, print_problems, problems_json
    from trivselreport.commands.checking import check_project
    from trivselreport.commands.options import check_format, project_folder

    project_dir: Path | None = None
    try:
        check_format(output_format, ("tekst", "json"))
        project_dir = project_folder(project)
        report = check_project(project_dir)
    except UserError as error:
        fail(error, project_dir, closing=None)
    if output_format == "json":
        say(problems_json(report.problems, project_dir))
    elif report.problems:
        print_problems(report.problems, project_dir, closing=None)
    else:
        say(f"Alt i orden: {report.valid_entries} indslag tjekket, ingen fejl.")
    if report.fails(strict=strict):
        raise typer.Exit(code=1)
