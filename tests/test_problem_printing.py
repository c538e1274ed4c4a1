"""`print_problems` writes the bytes rich's per-line printing wrote, at once.

`reference_print` below is `print_problems` as it was: a rich `console.print` of a
Text per problem and per hint, each piece redacted on its own. The tests print the
same problems both ways, on the same kind of console, and compare what was written:
hundreds of seeded random problems (with and without file, line, field and hint, every
level and kind of writing advice, control characters, tabs, line breaks anywhere,
personal data and forbidden words to mask, Danish letters, wide characters), on
stderr as rich's environment variables make it (FORCE_COLOR, NO_COLOR, TERM=dumb,
COLUMNS, a plain stream) and on consoles forced to each colour system. A stderr that
fails is still swallowed, and a broken pipe ends as rich ends it.
"""

from __future__ import annotations

import errno
import io
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from tests.conftest import SMALL_CONFIG
from trivselreport.cli import consolelines, report
from trivselreport.cli.report import count_phrase, level_label, print_problems
from trivselreport.cli.terminal import printable
from trivselreport.errors import WRITING_KINDS, Level, Problem
from trivselreport.reading.privacy.findings import redact
from trivselreport.reading.privacy.terms import ForbiddenTerms


def _reference_safe(text: str, terms: ForbiddenTerms) -> str:
    redacted = "/".join(redact(piece, terms) for piece in redact(text, terms).split("/"))
    return printable(redacted)


def reference_print(
    console: Console,
    problems: list[Problem],
    project_dir: Path | None,
    closing: str | None = "Intet er skrevet.",
) -> None:
    """print_problems as it was, on `console`."""
    ordered = sorted(problems, key=Problem.sort_key)
    terms = report._terms(project_dir)
    try:
        for problem in ordered:
            label, style = level_label(problem)
            line = Text()
            line.append(label, style=style)
            where = _reference_safe(problem.location(project_dir), terms)
            if where:
                line.append(f" i {where}")
            line.append(f": {_reference_safe(problem.message, terms)}")
            console.print(line)
            if problem.hint:
                console.print(Text(f"  → {_reference_safe(problem.hint, terms)}", style="yellow"))
        errors = sum(problem.level == "error" for problem in ordered)
        advice = sum(problem.level == "advice" for problem in ordered)
        summary = f"{count_phrase(errors, len(ordered) - errors - advice, advice)} fundet."
        console.print(Text(f"{summary} {closing}" if closing else summary, style="bold"))
    except (OSError, ValueError):
        pass


# --- random problems -----------------------------------------------------------------------

WORDS = [
    "Teksten",
    "er",
    "svær",
    "at",
    "læse",
    "Ærø",
    "Øresund",
    "på",
    "»citat«",
    "„anført“",
    "LIX 56",
    "…",
    "→",
    "–",
    "—",
    "✓",
    "✗",
    "😀",
    "日本",
    "e\u0301",
    "\u00ad",
    "\u200b",
    "\u202e",
    "\x1b[31m",
    "\x07",
    "\x08",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x9b",
    "\x00",
    "\udce6",
    "\n",
    "\n\n",
    "\t",
    "150312-1234",
    "12 34 56 78",
    "anna@kommune.dk",
    "Ahmed",
    "2024/25",
    "entries/2024/150312-1234.yaml",
    "[bold]ikke markup[/bold]",
    ":smile:",
    "\\",
    "  ",
]
FILES = [
    None,
    Path("entries/2024/x.yaml"),
    Path("entries/æøå/indslag med mellemrum.yaml"),
    Path("entries/\udce6bad.yaml"),
    Path("/et/andet/sted/fil.yaml"),
    Path("trivselreport.yaml"),
]
FIELDS = [None, "tekst", "titel", "--periode", "temaer", "ø\tæ", "Ahmed"]
LEVELS: list[Level] = ["error", "warning", "advice"]
KINDS = [None, *WRITING_KINDS]


def _sentence(rng: random.Random, *, tabs: bool) -> str:
    words = [word for word in WORDS if tabs or word != "\t"]
    return " ".join(rng.choice(words) for _ in range(rng.randrange(0, 12)))


def random_problems(
    rng: random.Random, project_dir: Path, count: int, *, tabs: bool = True
) -> list[Problem]:
    problems = []
    for _ in range(count):
        file = rng.choice(FILES)
        if file is not None and not file.is_absolute() and rng.random() < 0.7:
            file = project_dir / file
        level = rng.choice(LEVELS)
        problems.append(
            Problem(
                file,
                _sentence(rng, tabs=tabs),
                line=rng.choice([None, 1, 37]),
                field=rng.choice(FIELDS),
                hint=rng.choice([None, "", _sentence(rng, tabs=tabs)]),
                level=level,
                kind=rng.choice(KINDS) if level == "advice" else None,
            )
        )
    return problems


CLOSINGS = [
    None,
    "",
    "Intet er skrevet.",
    "Notatet er bygget.\nSe filerne.",
    "a\rb\x07c\x08",
    "a\tb",
]


# --- consoles --------------------------------------------------------------------------

_RICH_VARIABLES = [
    "FORCE_COLOR",
    "NO_COLOR",
    "TERM",
    "COLORTERM",
    "COLUMNS",
    "LINES",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "JUPYTER_COLUMNS",
    "JUPYTER_LINES",
]

ENVIRONMENTS = [
    {},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": "1", "NO_COLOR": "1"},
    {"FORCE_COLOR": "1", "TERM": "dumb"},
    {"FORCE_COLOR": "1", "COLORTERM": "truecolor"},
    {"FORCE_COLOR": "1", "TERM": "xterm-256color"},
    {"FORCE_COLOR": "1", "COLUMNS": "20"},
    {"FORCE_COLOR": "1", "COLUMNS": "0"},  # no width: rich prints nothing at all
    {"NO_COLOR": "1"},
    {"TTY_COMPATIBLE": "1", "COLORTERM": "truecolor"},
]


@pytest.fixture
def project(small_project: Path) -> Path:
    config = small_project / "trivselreport.yaml"
    config.write_text(SMALL_CONFIG + "forbudte_ord: [Ahmed]\n", encoding="utf-8")
    return small_project


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in _RICH_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield monkeypatch


def _stderr_both_ways(
    monkeypatch: pytest.MonkeyPatch,
    problems: list[Problem],
    project_dir: Path | None,
    closing: str | None,
) -> tuple[str, str]:
    """What print_problems writes to stderr, and what the reference wrote."""
    new = io.StringIO()
    monkeypatch.setattr("sys.stderr", new)
    print_problems(problems, project_dir, closing=closing)
    old = io.StringIO()
    monkeypatch.setattr("sys.stderr", old)
    reference_print(
        Console(stderr=True, highlight=False, soft_wrap=True), problems, project_dir, closing
    )
    return new.getvalue(), old.getvalue()


@pytest.mark.parametrize("environment", ENVIRONMENTS, ids=lambda env: ",".join(env) or "plain")
def test_stderr_gets_what_rich_printed_line_by_line(
    clean_environment: pytest.MonkeyPatch, project: Path, environment: dict[str, str]
) -> None:
    for name, value in environment.items():
        clean_environment.setenv(name, value)
    rng = random.Random(sum(map(ord, "".join(environment))))
    for closing in CLOSINGS:
        problems = random_problems(rng, project, 60)
        new, old = _stderr_both_ways(clean_environment, problems, project, closing)
        assert new == old


def test_a_colour_terminal_gets_the_label_colours_and_a_plain_stream_none(
    clean_environment: pytest.MonkeyPatch, project: Path
) -> None:
    """The comparison above is not of two empty outputs: colour codes where rich puts them."""
    problems = [
        Problem(project / "entries/a.yaml", "Linje et\nlinje to", line=3, hint="Ret\n\ndet"),
        Problem(None, "Stavning", level="advice", kind="stavning"),
    ]
    clean_environment.setenv("FORCE_COLOR", "1")
    new, old = _stderr_both_ways(clean_environment, problems, project, None)
    assert new == old
    assert new == (
        "\x1b[1;36mSkriveråd (stavning)\x1b[0m: Stavning\n"
        "\x1b[1;31mFejl\x1b[0m i entries/a.yaml, linje 3: Linje et\nlinje to\n"
        "\x1b[33m  → Ret\x1b[0m\n\n\x1b[33mdet\x1b[0m\n"
        "\x1b[1m1 fejl og 1 skriveråd fundet.\x1b[0m\n"
    )
    clean_environment.delenv("FORCE_COLOR")
    new, old = _stderr_both_ways(clean_environment, problems, project, None)
    assert new == old
    assert "\x1b" not in new
    assert new.startswith("Skriveråd (stavning): Stavning\nFejl i entries/a.yaml, linje 3: Linje")


@pytest.mark.parametrize(
    "options",
    [
        {"force_terminal": True, "color_system": "standard"},
        {"force_terminal": True, "color_system": "256"},
        {"force_terminal": True, "color_system": "truecolor"},
        {"force_terminal": True, "color_system": "windows"},
        {"force_terminal": True, "color_system": None},
        {"force_terminal": True, "color_system": "truecolor", "no_color": True},
        {"force_terminal": True, "color_system": "truecolor", "width": 12},
        {"force_terminal": True, "color_system": "standard", "legacy_windows": True},
        {"force_terminal": True, "color_system": "standard", "tab_size": 4},
        {"force_terminal": False},
    ],
    ids=str,
)
def test_a_forced_console_gets_what_rich_printed_line_by_line(
    monkeypatch: pytest.MonkeyPatch, project: Path, options: dict[str, object]
) -> None:
    rng = random.Random(str(options))
    for closing in CLOSINGS:
        problems = random_problems(rng, project, 60)
        new = io.StringIO()
        old = io.StringIO()
        console = Console(file=new, highlight=False, soft_wrap=True, **options)  # type: ignore[arg-type]
        monkeypatch.setattr(report, "_console", lambda stderr=False, console=console: console)
        print_problems(problems, project, closing=closing)
        reference_print(
            Console(file=old, highlight=False, soft_wrap=True, **options),  # type: ignore[arg-type]
            problems,
            project,
            closing,
        )
        assert new.getvalue() == old.getvalue()


def test_problems_without_a_project_and_none_at_all_print_as_before(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_environment.setenv("FORCE_COLOR", "1")
    rng = random.Random(7)
    for problems in ([], random_problems(rng, tmp_path, 40, tabs=False)):
        new, old = _stderr_both_ways(clean_environment, problems, None, "Intet er skrevet.")
        assert new == old


# --- how it is written ----------------------------------------------------------------------


class _Recording(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []
        self.flushes = 0

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)

    def flush(self) -> None:
        self.flushes += 1


def test_thousands_of_problems_are_written_in_one_write(
    clean_environment: pytest.MonkeyPatch, project: Path
) -> None:
    clean_environment.setenv("FORCE_COLOR", "1")
    stream = _Recording()
    clean_environment.setattr("sys.stderr", stream)
    problems = random_problems(random.Random(3), project, 2000, tabs=False)
    print_problems(problems, project)
    assert len([write for write in stream.writes if write]) == 1  # rich itself writes ""
    assert stream.flushes >= 1
    assert stream.getvalue().count("\n") >= 2001


def test_on_windows_the_output_is_written_in_whole_lines_of_at_most_8192_characters(
    clean_environment: pytest.MonkeyPatch, project: Path
) -> None:
    """As rich writes on Windows, where one long write to the console fails."""
    clean_environment.setattr(consolelines, "WINDOWS", True)
    stream = _Recording()
    clean_environment.setattr("sys.stderr", stream)
    problems = random_problems(random.Random(4), project, 600, tabs=False)
    problems.append(Problem(None, "lang " * 3000))
    print_problems(problems, project)
    old = io.StringIO()
    clean_environment.setattr("sys.stderr", old)
    reference_print(Console(stderr=True, highlight=False, soft_wrap=True), problems, project)
    assert "".join(stream.writes) == old.getvalue()
    batches = [write for write in stream.writes if write]
    assert len(batches) > 2
    for batch in batches:
        assert batch.endswith("\n")
        assert len(batch) <= 8192 or batch.count("\n") == 1


class _Failing(io.StringIO):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EIO, "Input/output error"),
        ValueError("I/O operation on closed file."),
        UnicodeEncodeError("ascii", "æ", 0, 1, "ordinal not in range"),
    ],
    ids=repr,
)
def test_a_stderr_that_fails_is_swallowed(
    clean_environment: pytest.MonkeyPatch, project: Path, error: Exception
) -> None:
    clean_environment.setattr("sys.stderr", _Failing(error))
    print_problems(random_problems(random.Random(5), project, 30), project)


def test_a_closed_stderr_is_swallowed(clean_environment: pytest.MonkeyPatch, project: Path) -> None:
    stream = io.StringIO()
    stream.close()
    clean_environment.setattr("sys.stderr", stream)
    print_problems(random_problems(random.Random(6), project, 30), project)


def test_a_broken_pipe_ends_the_program_as_rich_ends_it(
    clean_environment: pytest.MonkeyPatch, project: Path
) -> None:
    """rich's on_broken_pipe (stdout to the null device, exit code 1), both ways."""
    calls: list[str] = []

    def on_broken_pipe(self: Console) -> None:
        calls.append("broken pipe")
        raise SystemExit(1)

    clean_environment.setattr(Console, "on_broken_pipe", on_broken_pipe)
    problems = random_problems(random.Random(8), project, 10)
    clean_environment.setattr("sys.stderr", _Failing(BrokenPipeError(errno.EPIPE, "Broken pipe")))
    with pytest.raises(SystemExit) as new:
        print_problems(problems, project)
    with pytest.raises(SystemExit) as old:
        reference_print(Console(stderr=True, highlight=False, soft_wrap=True), problems, project)
    assert new.value.code == old.value.code == 1
    assert calls == ["broken pipe", "broken pipe"]


# --- ConsoleLines for any pieces --------------------------------------------------------------

STYLES = [
    None,
    "",
    "bold",
    "bold red",
    "yellow",
    "italic underline",
    "dim cyan on white",
    "reverse",
    "#ff8800",
    "color(200) on grey11",
    "not bold",
    "link https://example.org",
]


def _without_link_ids(text: str) -> str:
    return re.sub(r"\x1b\]8;id=[-0-9]+;", "\x1b]8;id=;", text)


def _random_pieces(rng: random.Random) -> tuple[consolelines.Piece, ...]:
    pieces = []
    for _ in range(rng.randrange(0, 5)):
        text = "".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 6)))
        pieces.append((rng.choice(["", text, text, "\n", printable(text)]), rng.choice(STYLES)))
    return tuple(pieces)


@pytest.mark.parametrize(
    "options",
    [
        {"force_terminal": True, "color_system": "truecolor"},
        {"force_terminal": True, "color_system": "standard", "no_color": True},
        {"force_terminal": True, "color_system": "256", "width": 0},
        {"force_terminal": True, "color_system": "standard", "quiet": True},
        {"force_terminal": True, "color_system": "standard", "record": True},
        {"force_terminal": False},
    ],
    ids=str,
)
def test_any_pieces_in_any_style_come_out_as_rich_prints_them(options: dict[str, object]) -> None:
    """A link's id, which rich draws anew at every print, is left out of the comparison."""
    rng = random.Random(str(options))
    lines = [_random_pieces(rng) for _ in range(400)]
    new = io.StringIO()
    old = io.StringIO()
    console = Console(file=new, highlight=False, soft_wrap=True, **options)  # type: ignore[arg-type]
    composed = consolelines.ConsoleLines(console)
    reference = Console(file=old, highlight=False, soft_wrap=True, **options)  # type: ignore[arg-type]
    for pieces in lines:
        composed.add(*pieces)
        text = Text()
        for piece, style in pieces:
            text.append(piece, style=style)
        reference.print(text)
    composed.write()
    assert _without_link_ids(new.getvalue()) == _without_link_ids(old.getvalue())
    if console.record:  # it has recorded it all, as it would have line by line
        assert _without_link_ids(console.export_text(styles=True)) == _without_link_ids(
            reference.export_text(styles=True)
        )


def test_each_line_with_a_link_gets_its_own_link_id_as_rich_gives_it() -> None:
    """A terminal takes links with the same id for one link (hovering underlines both)."""
    stream = io.StringIO()
    lines = consolelines.ConsoleLines(
        Console(file=stream, force_terminal=True, color_system="standard", soft_wrap=True)
    )
    lines.add(("se her", "link https://example.org"))
    lines.add(("og her", "link https://example.org"))
    lines.write()
    ids = re.findall(r"\x1b\]8;id=([-0-9]+);https://example.org", stream.getvalue())
    assert len(ids) == 2
    assert ids[0] != ids[1]
