"""`trivselreport new`: a new entry from options, from questions for what they leave
out (new_prompts.py), or from both."""

# No `from __future__ import annotations`: typer reads these annotations at every start
# (see cli/app.py).

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from trivselreport.cli.options import EditOption, NoInputOption, ProjectOption
from trivselreport.cli.terminal import INTERRUPTED, note_saved, say, tell
from trivselreport.errors import InputEnded, UserError


def new(
    entry_type: Annotated[
        str | None,
        typer.Option("--type", metavar="TYPE", help="Typen af indslag.", show_default=False),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--titel", metavar="TEKST", help="Titel.", show_default=False)
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--dato",
            metavar="DATO",
            help="Dato, fx 2024-04-15 eller 15.4.2024 (standard: i dag).",
            show_default=False,
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--slutdato", metavar="DATO", help="Sidste dag (valgfri).", show_default=False
        ),
    ] = None,
    themes: Annotated[
        list[str] | None,
        typer.Option("--tema", metavar="TEMA", help="Et tema; kan gentages.", show_default=False),
    ] = None,
    responsible: Annotated[
        str | None,
        typer.Option(
            "--ansvarlig", metavar="TEKST", help="Ansvarlig enhed eller rolle.", show_default=False
        ),
    ] = None,
    participants: Annotated[
        str | None,
        typer.Option("--deltagere", metavar="ANTAL", help="Antal deltagere.", show_default=False),
    ] = None,
    internal: Annotated[
        bool,
        typer.Option(
            "--intern",
            help="Indslaget er internt: det kommer kun med i den interne udgave (build --intern).",
        ),
    ] = False,
    unfinished: Annotated[
        bool,
        typer.Option(
            "--kladde",
            help="Gem indslaget som kladde (kladde: ja): det bliver i projektet, men kommer "
            "ikke med i noget notat, før linjen er fjernet.",
        ),
    ] = False,
    text: Annotated[
        str | None,
        typer.Option("--tekst", metavar="TEKST", help="Teksten (Markdown).", show_default=False),
    ] = None,
    text_file: Annotated[
        Path | None,
        typer.Option(
            "--tekst-fil",
            metavar="FIL",
            help="Læs teksten fra en fil.",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    edit: EditOption = False,
    no_input: NoInputOption = False,
    project: ProjectOption = None,
) -> None:
    """Skriv et nyt indslag.

    Spørger om hvert felt, der ikke er givet som tilvalg, og tjekker svaret med det
    samme. Indslaget gemmes i entries/<år>/<dato>-<titel>.yaml; en eksisterende fil
    bliver aldrig overskrevet.
    """
    from trivselreport.cli.report import fail
    from trivselreport.commands.authoring import write_new_entry
    from trivselreport.commands.newentry import draft_from_options, require_complete
    from trivselreport.commands.options import project_folder
    from trivselreport.reading.config import load_config

    project_dir: Path | None = None
    try:
        project_dir = project_folder(project)
        config = load_config(project_dir)
        draft = draft_from_options(
            config,
            entry_type=entry_type,
            title=title,
            start=start,
            end=end,
            themes=themes or [],
            responsible=responsible,
            participants=participants,
            internal=internal,
            unfinished=unfinished,
            text=text,
            text_file=text_file,
            today=date.today(),
            fill_today=no_input,
        )
        if no_input:
            require_complete(draft)
        else:
            from trivselreport.cli.new_prompts import complete_draft

            draft = complete_draft(config, draft, today=date.today(), edit=edit)
        path = write_new_entry(config, draft)
    except UserError as error:
        fail(error, project_dir)
    except InputEnded:
        tell("")  # the question stands unanswered on the last line
        tell(INTERRUPTED)
        raise typer.Exit(code=1) from None
    shown = path.relative_to(project_dir).as_posix()
    saved = "Indslaget er gemt som kladde i" if draft.unfinished else "Indslaget er gemt i"
    note_saved(f"{saved} {shown}.")
    say(f"{saved} {shown}")
