"""The command line: parse options, call the core, print Danish results.

Kept thin on purpose: every decision lives in the core modules, which know
nothing of typer. WeasyPrint is imported only by `build`, inside the core.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from trivselreport import __version__
from trivselreport.cli.clitext import install_danish_texts
from trivselreport.cli.terminal import INTERRUPTED, note_saved, out, run, say, tell
from trivselreport.errors import InputEnded, Problem, UserError

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
    typer.Option(
        "--project",
        "-p",
        metavar="MAPPE",
        help="Projektmappen (ellers findes den ud fra den aktuelle mappe).",
        file_okay=False,
        show_default=False,
    ),
]

PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar="ÅÅÅÅ-MM",
        show_default=False,
        help="Notatets periode: måneden, fx 2024-04, og dagene siden forrige notat.",
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATO",
        show_default=False,
        help="Første dato (ÅÅÅÅ-MM-DD) i stedet for --period.",
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="DATO",
        show_default=False,
        help="Sidste dato (ÅÅÅÅ-MM-DD) i stedet for --period.",
    ),
]


def _project_dir(project: Path | None) -> Path:
    from trivselreport.reading.config import find_project

    if project is not None and not project.exists():
        raise UserError(
            Problem(
                None,
                f"Mappen »{project}« findes ikke.",
                field="--project",
                hint="Angiv projektmappen, den med trivselreport.yaml.",
            )
        )
    return find_project(project if project is not None else Path.cwd())


def _fail(
    error: UserError, project_dir: Path | None, *, closing: str | None = "Intet er skrevet."
) -> NoReturn:
    from trivselreport.cli.report import print_problems

    print_problems(
        error.problems, project_dir, closing=error.closing if error.closing is not None else closing
    )
    raise typer.Exit(code=1)


def _version(value: bool) -> None:
    if value:
        say(f"trivselreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Vis versionen og afslut.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Samler indslag om børn og unges trivsel til statusnotatet til udvalget."""


@app.command()
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
        typer.Option("--intern", help="Byg en intern udgave, der også medtager interne indslag."),
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
    from trivselreport.cli.report import BuildProgress, print_build_summary
    from trivselreport.commands.build import build_memo, parse_formats
    from trivselreport.commands.prepare import PeriodOptions, parse_date_option

    project_dir: Path | None = None
    try:
        project_dir = _project_dir(project)
        choice = PeriodOptions(period, from_date, to_date).choice()
        wanted = parse_formats(formats)
        _warn_about_source_date_epoch(wanted, project_dir)
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
        _fail(error, project_dir)
    folder = (result.sources_path or next(iter(result.files.values()))).parent
    note_saved(f"Notatet er gemt i {folder.relative_to(project_dir).as_posix()}.")
    print_build_summary(result, project_dir)


def _warn_about_source_date_epoch(formats: tuple[str, ...], project_dir: Path) -> None:
    from trivselreport.writers.reproducible import source_date_epoch_problem

    problem = source_date_epoch_problem() if "docx" in formats else None
    if problem is not None:
        from trivselreport.cli.report import print_problems

        print_problems([problem], project_dir, closing=None)


@app.command()
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
    from trivselreport.commands.scaffold import init_project

    try:
        created = init_project(directory, date.today())
    except UserError as error:
        _fail(error, None, closing="Intet er ændret.")
    note_saved(f"Projektet er oprettet i {directory.resolve()}.")
    say(f"Nyt projekt oprettet i {directory.resolve()}:")
    for path in created:
        say(f"  {path.relative_to(directory).as_posix()}")
    say(
        "Næste skridt: ret trivselreport.yaml, skriv indslag med »trivselreport new«, "
        "og tjek dem med »trivselreport check«."
    )


@app.command()
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
    internal: Annotated[bool, typer.Option("--intern", help="Kun til intern brug.")] = False,
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
    edit: Annotated[bool, typer.Option("--edit", help="Skriv teksten i din editor.")] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Spørg aldrig; alt påkrævet skal gives som tilvalg.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Skriv et nyt indslag.

    Spørger om hvert felt, der ikke er givet som tilvalg, og tjekker svaret med det
    samme. Indslaget gemmes i entries/<år>/<dato>-<titel>.yaml; en eksisterende fil
    bliver aldrig overskrevet.
    """
    from trivselreport.commands.authoring import write_new_entry
    from trivselreport.commands.newentry import draft_from_options, require_complete
    from trivselreport.reading.config import load_config

    project_dir: Path | None = None
    try:
        project_dir = _project_dir(project)
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
            text=text,
            text_file=text_file,
            today=date.today(),
            fill_today=no_input,
        )
        if no_input:
            require_complete(draft)
        else:
            from trivselreport.cli.prompts import complete_draft

            draft = complete_draft(config, draft, today=date.today(), edit=edit)
        path = write_new_entry(config, draft)
    except UserError as error:
        _fail(error, project_dir)
    except InputEnded:
        tell("")  # the question stands unanswered on the last line
        tell(INTERRUPTED)
        raise typer.Exit(code=1) from None
    shown = path.relative_to(project_dir).as_posix()
    note_saved(f"Indslaget er gemt i {shown}.")
    say(f"Indslaget er gemt i {shown}")


@app.command()
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
    from trivselreport.cli.report import print_problems, problems_json
    from trivselreport.commands.checking import check_project

    project_dir: Path | None = None
    try:
        _check_format(output_format, ("tekst", "json"))
        project_dir = _project_dir(project)
        report = check_project(project_dir)
    except UserError as error:
        _fail(error, project_dir, closing=None)
    if output_format == "json":
        say(problems_json(report.problems, project_dir))
    elif report.problems:
        print_problems(report.problems, project_dir, closing=None)
    else:
        say(f"Alt i orden: {report.valid_entries} indslag tjekket, ingen fejl.")
    if report.fails(strict=strict):
        raise typer.Exit(code=1)


@app.command(name="list")
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
    internal: Annotated[
        bool | None,
        typer.Option(
            "--intern/--ikke-intern",
            help="Kun interne eller kun ikke-interne indslag.",
            show_default=False,
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Vis indslagene som en tabel."""
    from trivselreport.cli.report import print_entries
    from trivselreport.commands.prepare import PeriodOptions, choose_entries

    project_dir: Path | None = None
    try:
        project_dir = _project_dir(project)
        chosen = choose_entries(
            project_dir,
            PeriodOptions(period, from_date, to_date),
            types=tuple(types or ()),
            themes=tuple(themes or ()),
            internal=internal,
        )
    except UserError as error:
        _fail(error, project_dir, closing=None)
    print_entries(chosen.entries, project_dir)


@app.command()
def stats(
    period: PeriodOption = None,
    from_date: FromOption = None,
    to_date: ToOption = None,
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="tabel eller csv.")
    ] = "tabel",
    internal: Annotated[bool, typer.Option("--intern", help="Tæl også interne indslag.")] = False,
    project: ProjectOption = None,
) -> None:
    """Tæl indslag og deltagere.

    Optæller indslag og deltagere for hvert tema, hver type og hver måned, som tabel
    eller som CSV til et regneark.
    """
    from trivselreport.cli.report import print_stats
    from trivselreport.commands.prepare import PeriodOptions, choose_entries
    from trivselreport.memo.stats import compute_stats, stats_csv

    project_dir: Path | None = None
    try:
        _check_format(output_format, ("tabel", "csv"))
        project_dir = _project_dir(project)
        chosen = choose_entries(
            project_dir,
            PeriodOptions(period, from_date, to_date),
            internal=None if internal else False,
        )
    except UserError as error:
        _fail(error, project_dir, closing=None)
    config = chosen.config
    result = compute_stats(chosen.entries, config.themes, config.types)
    if output_format == "csv":
        out(stats_csv(result))
    else:
        print_stats(result)


def _check_format(value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise UserError(
            Problem(
                None,
                f"Ukendt format »{value}«.",
                field="--format",
                hint="Mulige formater: " + ", ".join(allowed) + ".",
            )
        )


def main() -> None:
    """The entry point: every way the program can end becomes an exit code and, where
    there is something to say, a Danish message; never a traceback (see terminal.run)."""
    sys.exit(run(lambda: app(standalone_mode=False)))
