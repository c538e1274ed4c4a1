"""`trivselreport check`: every problem of the project at once, as text or JSON."""

# No `from __future__ import annotations`: typer reads these annotations at every start
# (see cli/app.py).

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from trivselreport.cli.options import NoCacheOption, PeriodOption, ProjectOption, StrictOption
from trivselreport.cli.terminal import say, tell
from trivselreport.errors import UserError

if TYPE_CHECKING:
    from trivselreport.commands.checking import CheckReport


def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[FIL]...",
            help="Tjek kun disse indslag (filer eller mapper under entries) og "
            "trivselreport.yaml; ellers hele projektet.",
            show_default=False,
        ),
    ] = None,
    strict: StrictOption = False,
    output_format: Annotated[
        str, typer.Option("--format", metavar="FORMAT", help="tekst eller json.")
    ] = "tekst",
    fix: Annotated[
        bool,
        typer.Option(
            "--ret",
            "--fix",
            help="Skriv typer, temaer og sektioner, som de står i trivselreport.yaml, "
            "i de filer, der staver dem anderledes (kun de værdier ændres).",
        ),
    ] = False,
    add_words: Annotated[
        list[str] | None,
        typer.Option(
            "--tilføj-ord",
            "--add-word",
            metavar="ORD",
            help="Skriv ORD i projektets ordliste (ordliste.txt), så stavekontrollen kender "
            "det, og tjek derefter projektet. Kan gives flere gange.",
            show_default=False,
        ),
    ] = None,
    no_spelling: Annotated[
        bool,
        typer.Option(
            "--uden-stavning",
            "--no-spelling",
            help="Tjek ikke stavningen (de andre tjek laves som altid).",
        ),
    ] = False,
    lix: Annotated[
        bool,
        typer.Option(
            "--lix",
            help="Vis læsbarheden (LIX) af hvert indslag og af hele notatet for perioden.",
        ),
    ] = False,
    period: PeriodOption = None,
    no_cache: NoCacheOption = False,
    project: ProjectOption = None,
) -> None:
    """Tjek alle indslag, også for persondata.

    Viser alle fejl og advarsler på én gang med fil, linje og felt. Nævnes filer, tjekkes
    kun de og trivselreport.yaml, så en ødelagt fil et andet sted ikke tæller. Slutter
    med kode 1 ved fejl (og ved advarsler med --strict). Nævner filer, der staver en type,
    et tema eller en sektion anderledes end trivselreport.yaml; --ret retter dem.
    Skriveråd (stavning, svære tekster målt med LIX, typografi) stopper kun noget med
    --strict. --lix viser LIX for hvert indslag og for notatet (--periode, ellers det
    nyeste under memoer).
    """
    options = _CheckOptions(
        files or (), strict, output_format, fix, add_words or [], no_spelling, lix, period
    )
    if no_cache or files or add_words or fix or lix or period:
        report = _check(options, project, cached=not no_cache)
        if report.fails(strict=strict):
            raise typer.Exit(code=1)
        return
    _check_kept(options, project)


class _CheckOptions(NamedTuple):
    files: list[Path] | tuple[()]
    strict: bool
    output_format: str
    fix: bool
    add_words: list[str]
    no_spelling: bool
    lix: bool
    period: str | None


def _check_kept(options: _CheckOptions, project: Path | None) -> None:
    """A whole-project check: its kept report when nothing it read has changed (shown
    as it was printed), else a check whose report is kept for the next time."""
    from trivselreport.cli.kept import run_kept

    def run() -> tuple[int, int]:
        report = _check(options, project, cached=True)
        return int(report.fails(strict=False)), int(report.fails(strict=True))

    run_kept(
        "check",
        project,
        {"format": options.output_format, "spelling": not options.no_spelling},
        run,
        strict=options.strict,
    )


def _check(options: _CheckOptions, project: Path | None, *, cached: bool) -> "CheckReport":
    """Check and print the report (a project that cannot be checked ends the command
    with code 1); the caller decides the exit code of the report."""
    from trivselreport.cli.report import fail, print_problems, problems_json
    from trivselreport.commands.checking import check_project
    from trivselreport.commands.options import check_format, project_folder

    files, output_format = options.files, options.output_format
    project_dir: Path | None = None
    try:
        check_format(output_format, ("tekst", "json"))
        project_dir = project_folder(project if project or not files else _near(files[0]))
        if options.add_words:
            _add_words(project_dir, options.add_words, to_stderr=output_format == "json")
        report = check_project(
            project_dir, files or (), spelling=not options.no_spelling, cached=cached
        )
    except UserError as error:
        fail(error, project_dir, closing=None)
    for note in report.notes:
        (tell if output_format == "json" else say)(f"Bemærk: {note}")
    if output_format == "json":
        say(problems_json(report.problems, project_dir))
    elif report.problems and not report.advice_only:
        print_problems(report.problems, project_dir, closing=None)
    else:
        if report.problems:
            print_problems(report.problems, project_dir, closing=None)
        say(f"Alt i orden: {report.valid_entries} indslag tjekket, ingen fejl.")
    if options.lix:
        _print_lix(project_dir, files or (), options.period, to_stderr=output_format == "json")
    _respellings(
        project_dir,
        fix=options.fix,
        to_stderr=output_format == "json",
        candidates=report.names_otherwise,
        cached=cached,
    )
    return report


def _add_words(project_dir: Path, words: list[str], *, to_stderr: bool) -> None:
    """`--tilføj-ord`: the words written in ordliste.txt, and a Danish confirmation."""
    from trivselreport.commands.wordlist import WORD_LIST, add_words

    added = add_words(project_dir, words)
    write = tell if to_stderr else say
    if added.added:
        shown = ", ".join(f"»{word}«" for word in added.added)
        write(f"Tilføjet til {WORD_LIST}: {shown}.")
    if added.present:
        shown = ", ".join(f"»{word}«" for word in added.present)
        write(f"Står allerede i {WORD_LIST}: {shown}.")


def _print_lix(
    project_dir: Path, files: list[Path] | tuple[()], period: str | None, *, to_stderr: bool
) -> None:
    from trivselreport.cli.report import fail, lix_lines
    from trivselreport.cli.terminal import tell
    from trivselreport.commands.lixreport import lix_report

    try:
        report = lix_report(project_dir, files, period)
    except UserError as error:
        fail(error, project_dir, closing=None)
    write = tell if to_stderr else say
    write("\n".join(lix_lines(report, project_dir)))


def _near(path: Path) -> Path | None:
    """Where to look for the project of a file named without --project: its folder,
    when that is inside a project, or else the current folder."""
    from trivselreport.reading.config import find_project

    folder = path if path.is_dir() else path.parent
    try:
        return find_project(folder.resolve())
    except (UserError, OSError, RuntimeError):
        return None


def _respellings(
    project_dir: Path,
    *,
    fix: bool,
    to_stderr: bool,
    candidates: tuple[Path, ...] | None = None,
    cached: bool = True,
) -> None:
    """Names spelt otherwise than configured: a note (never a warning: the files work,
    so --strict does not fail on them), or, with --ret, the files rewritten."""
    from trivselreport.cli.report import fail
    from trivselreport.cli.terminal import tell
    from trivselreport.commands.canonical import project_respellings, rewrite_files
    from trivselreport.errors import shown_path

    found = project_respellings(project_dir, candidates, cached=cached)
    if not found:
        return
    write = tell if to_stderr else say
    files = list(dict.fromkeys(respelling.path for respelling in found))
    if not fix:
        write(
            "Bemærk: "
            + ("1 fil staver" if len(files) == 1 else f"{len(files)} filer staver")
            + " et navn anderledes end trivselreport.yaml (filerne virker):"
        )
    for path in files:
        changes = [respelling for respelling in found if respelling.path == path]
        if fix:
            try:
                rewrite_files(changes)
            except UserError as error:
                fail(error, project_dir, closing="Filen er uændret.")
        for respelling in changes:
            where = f"{shown_path(path, project_dir)}, linje {respelling.line}"
            change = f"»{respelling.written}« → »{respelling.canonical}«"
            label = "Rettet" if fix else "Kan rettes"
            write(f"  {label}: {where}, felt »{respelling.key}«: {change}")
    if not fix:
        write("  → Kør »trivselreport check --ret« for at skrive navnene, som de er sat op.")
