"""Never a traceback: every kind of input a user can produce gets a Danish message.

Each case is a small project (the config, one entry) and a command, with what must
come back: the exit code, the words of the message and where it points (file, line,
field or option), no traceback, and - when the command fails - nothing in output/
and no new entry. The cases run in process, without WeasyPrint (`--format html` or
`docx`, `check`, `list`), so the crash must be fixed where the value is read: the
CLI's last line of defence (tests/test_cli_edges.py) is not reached here.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.memo.period import _months_later
from trivselreport.reading.config import fill_title, load_config

from .conftest import SMALL_CONFIG

runner = CliRunner()

ENTRY = """\
titel: "Kursus i trivsel"
type: kursus
dato: 2024-04-10
tekst: "Et kursus."
"""
CONFIG_LINES = SMALL_CONFIG.count("\n")  # a key appended to the config stands on the next line
NEW = ("new", "--no-input", "--type", "kursus", "--titel", "Kursus", "--tekst", "x")
# What a terminal would act on: C0 controls but tab and newline, DEL, C1, direction marks.
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True, scope="module")
def _command_built_once() -> Iterator[None]:
    """typer builds the click command anew for every invoke; these hundreds of cases share
    one, which makes them several times faster and changes nothing they test."""
    import typer.testing
    from typer.main import get_command

    command = get_command(app)
    patch = pytest.MonkeyPatch()
    patch.setattr(typer.testing, "_get_command", lambda _app: command)
    yield
    patch.undo()


@dataclass(frozen=True)
class Case:
    """A command run in a small project, and what it must answer."""

    args: tuple[str, ...]
    code: int
    words: str = ""  # the message must contain these words
    where: str = ""  # and point here, e.g. 'trivselreport.yaml, linje 18, felt »startdato«'
    config: str = SMALL_CONFIG
    entries: dict[str, str] = field(default_factory=lambda: {"a.yaml": ENTRY})
    files: dict[str, str] = field(default_factory=dict)  # other files in the project


@dataclass(frozen=True)
class Outcome:
    code: int
    output: str
    project: Path


def make_project(tmp_path: Path, case: Case) -> Path:
    project = tmp_path / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(case.config, encoding="utf-8")
    for name, text in case.entries.items():
        (project / "entries" / name).write_text(text, encoding="utf-8")
    for name, text in case.files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    return project


def entry_files(project: Path) -> list[Path]:
    return sorted((project / "entries").rglob("*.yaml"))


def run_case(tmp_path: Path, case: Case) -> Outcome:
    """Run the case and check what every case must do; return what came back."""
    project = make_project(tmp_path, case)
    before = entry_files(project)
    result = runner.invoke(app, [*case.args, "--project", str(project)])
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{output}"
    )
    assert "Traceback" not in output
    assert result.exit_code == case.code, output
    assert case.words in output, output
    assert case.where in output, output
    if case.code != 0:
        assert not (project / "output").exists(), "a failed command wrote output"
        assert entry_files(project) == before, "a failed command wrote an entry"
    return Outcome(result.exit_code, output, project)


def config_with(extra: str) -> str:
    return SMALL_CONFIG + extra


def entry_with(extra: str = "", **replace: str) -> str:
    lines = [
        f"{line.split(':')[0]}: {replace[line.split(':')[0]]}"
        if line.split(":")[0] in replace
        else line
        for line in ENTRY.splitlines()
    ]
    return "\n".join(lines) + "\n" + extra


def config_line(text: str, key: str) -> int:
    """The line of the first line of `text` that starts with `key:` (after indentation)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip(" -").startswith(f"{key}:"):
            return number
    raise AssertionError(key)


# --- 1. dates: years outside what a memo can have, months and days that do not exist -----

BAD_DATES = {
    "år 0": ("0000-04-15", "Året 0 i »0000-04-15« er ikke rimeligt"),
    "år 1": ("0001-01-01", "Året 1 i »0001-01-01« er ikke rimeligt"),
    "negativt år": ("-2024-04-15", "Året -2024 i »-2024-04-15« er ikke rimeligt"),
    "femcifret år": ("20240-04-15", "Året 20240 i »20240-04-15« er ikke rimeligt"),
    "år 9999 (date.max)": ("9999-12-31", "Året 9999 i »9999-12-31« er ikke rimeligt"),
    "år 2204 (2024 byttet om)": ("2204-04-15", "Året 2204 i »2204-04-15« er ikke rimeligt"),
    "år 1899": ("1899-12-31", "Året 1899 i »1899-12-31« er ikke rimeligt"),
    "år 2200": ("2200-01-01", "Året 2200 i »2200-01-01« er ikke rimeligt"),
    "dag først, femcifret år": ("31.12.99999", "Året 99999 i »31.12.99999« er ikke rimeligt"),
    "måned 13": ("2024-13-01", "måned 13 findes ikke"),
    "måned 0": ("2024-00-10", "måned 0 findes ikke"),
    "dag 32": ("2024-01-32", "»2024-01-32« findes ikke i kalenderen"),
    "30. februar": ("2024-02-30", "»2024-02-30« findes ikke i kalenderen"),
    "absurd dag": ("2024-04-99", "»2024-04-99« findes ikke i kalenderen"),
}


def _date_places() -> dict[str, Callable[[str], tuple[Case, str]]]:
    """Every place a date is read: options of build, list and new; config; entries."""

    def option(*args: str, where: str) -> Callable[[str], tuple[Case, str]]:
        return lambda day: (Case(tuple(a.replace("DAY", day) for a in args), 1), where)

    def config_key(extra: str, key: str) -> Callable[[str], tuple[Case, str]]:
        def make(day: str) -> tuple[Case, str]:
            text = config_with(extra.replace("DAY", day))
            return (
                Case(("check",), 1, config=text),
                f"trivselreport.yaml, linje {config_line(text, key.split('.')[-1])}, felt »{key}«",
            )

        return make

    def entry_key(key: str, line: int, **fields: str) -> Callable[[str], tuple[Case, str]]:
        def make(day: str) -> tuple[Case, str]:
            text = entry_with(
                **{
                    name: value.replace("DAY", day)
                    for name, value in fields.items()
                    if name != "extra"
                },
                extra=fields.get("extra", "").replace("DAY", day),
            )
            return (
                Case(("check",), 1, entries={"a.yaml": ENTRY, "b.yaml": text}),
                f"entries/b.yaml, linje {line}, felt »{key}«",
            )

        return make

    return {
        "build --to": option("build", "--to", "DAY", "--format", "html", where="tilvalget »--to«"),
        "build --from": option(
            "build",
            "--from",
            "DAY",
            "--to",
            "2024-04-30",
            "--format",
            "html",
            where="tilvalget »--from«",
        ),
        "build --dato": option(
            "build",
            "--period",
            "2024-04",
            "--dato",
            "DAY",
            "--format",
            "html",
            where="tilvalget »--dato«",
        ),
        "list --to": option("list", "--to", "DAY", where="tilvalget »--to«"),
        "stats --from": option(
            "stats", "--from", "DAY", "--to", "2024-04-30", where="tilvalget »--from«"
        ),
        "new --dato": option(*NEW, "--dato", "DAY", where="tilvalget »--dato«"),
        "new --slutdato": option(
            *NEW, "--dato", "2024-04-01", "--slutdato", "DAY", where="tilvalget »--slutdato«"
        ),
        "startdato": config_key("startdato: DAY\n", "startdato"),
        "memoer dato": config_key(
            'memoer:\n  - periode: "2024-04"\n    dato: DAY\n', "memoer[1].dato"
        ),
        "memoer slutdato": config_key(
            'memoer:\n  - periode: "2024-04"\n    slutdato: DAY\n', "memoer[1].slutdato"
        ),
        "indslagets dato": entry_key("dato", 3, dato="DAY"),
        "indslagets slutdato": entry_key("slutdato", 5, extra="slutdato: DAY\n"),
    }


DATE_PLACES = _date_places()
# Every kind of date where each way of reading one starts (an option, a prompt-style
# option, the config, an entry), and every place with the kinds that crashed before.
DATE_CASES = sorted(
    {
        (kind, place)
        for kind in BAD_DATES
        for place in ("build --to", "new --dato", "startdato", "indslagets dato")
    }
    | {
        (kind, place)
        for kind in ("år 0", "år 9999 (date.max)", "femcifret år", "måned 13")
        for place in DATE_PLACES
    }
)


@pytest.mark.parametrize(("kind", "place"), DATE_CASES)
def test_an_impossible_or_implausible_date_is_refused_where_it_is_read(
    tmp_path: Path, place: str, kind: str
) -> None:
    day, words = BAD_DATES[kind]
    case, where = DATE_PLACES[place](day)
    run_case(tmp_path, Case(case.args, 1, words, where, case.config, case.entries))


BAD_MONTHS = {
    "år 0": ("0000-04", "Året 0 i »0000-04« er ikke rimeligt"),
    "år 9999, december": ("9999-12", "Året 9999 i »9999-12« er ikke rimeligt"),
    "femcifret år": ("10000-01", "Året 10000 i »10000-01« er ikke rimeligt"),
    "negativt år": ("-2024-04", "Året -2024 i »-2024-04« er ikke rimeligt"),
    "år 2204": ("2204-04", "Året 2204 i »2204-04« er ikke rimeligt"),
    "måned 13": ("2024-13", "»2024-13« er ikke en måned"),
    "måned 0": ("2024-00", "»2024-00« er ikke en måned"),
    "tocifret år": ("24-04", "»24-04« er ikke en måned"),
    "i ord": ("april 2024", "»april 2024« er ikke en måned"),
    "en hel dato": ("2024-04-01", "»2024-04-01« er ikke en måned"),
    "skråstreg": ("2024/04", "»2024/04« er ikke en måned"),
    "tom": ("", "»« er ikke en måned"),
    "mellemrum": ("   ", "er ikke en måned"),
}

MONTH_PLACES: dict[str, Callable[[str], tuple[Case, str]]] = {
    "build --period": lambda month: (
        Case(("build", "--period", month, "--format", "html"), 1),
        "tilvalget »--period«",
    ),
    "list --period": lambda month: (Case(("list", "--period", month), 1), "tilvalget »--period«"),
    "stats --period": lambda month: (Case(("stats", "--period", month), 1), "tilvalget »--period«"),
    "memoer periode": lambda month: (
        Case(("check",), 1, config=config_with(f'memoer:\n  - periode: "{month}"\n')),
        f"trivselreport.yaml, linje {CONFIG_LINES + 2}, felt »memoer[1].periode«",
    ),
}


@pytest.mark.parametrize("place", sorted(MONTH_PLACES))
@pytest.mark.parametrize("kind", sorted(BAD_MONTHS))
def test_an_impossible_or_implausible_period_is_refused(
    tmp_path: Path, place: str, kind: str
) -> None:
    month, words = BAD_MONTHS[kind]
    case, where = MONTH_PLACES[place](month)
    if place == "memoer periode" and not month.strip():
        words, where = "er tomt", where  # an empty period is a missing value in the config
    run_case(tmp_path, Case(case.args, 1, words, where, case.config))


@pytest.mark.parametrize(
    "args",
    [
        ("build", "--to", "2199-12-31", "--format", "html"),
        ("build", "--from", "1900-01-01", "--to", "2199-12-31", "--format", "html"),
        ("build", "--period", "2199-12", "--format", "html"),
        ("list", "--to", "2199-12-31"),
    ],
)
def test_dates_at_the_edges_of_the_range_build_with_any_upcoming_months(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """The last plausible month plus the most upcoming months is still a real date."""
    entries = {
        "a.yaml": ENTRY,
        "b.yaml": entry_with(dato="2199-12-31"),
        "c.yaml": entry_with(dato="1900-01-01"),
    }
    run_case(tmp_path, Case(args, 0, config=config_with("kommende_måneder: 60\n"), entries=entries))


def test_month_arithmetic_stops_at_the_calendars_end() -> None:
    assert _months_later(date(9999, 11, 30), 60) == date.max
    assert _months_later(date(2199, 12, 31), 60) == date(2204, 12, 31)


# --- 2. memo dates the DOCX's zip cannot store, SOURCE_DATE_EPOCH ---------------------------


def zip_times(project: Path) -> set[tuple[int, ...]]:
    (docx,) = (project / "output").rglob("*.docx")
    with zipfile.ZipFile(docx) as archive:
        assert archive.testzip() is None
        return {info.date_time for info in archive.infolist()}


def document_xml(project: Path) -> str:
    (docx,) = (project / "output").rglob("*.docx")
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/document.xml").decode("utf-8")


LATEST_ZIP_TIME = (2107, 12, 31, 23, 59, 58)
EARLIEST_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

MEMO_DATES = {
    "efter 2107 (--dato)": ("--dato", "2150-06-01", "", LATEST_ZIP_TIME, "1. juni 2150"),
    "sidste mulige (--dato)": ("--dato", "2199-12-31", "", LATEST_ZIP_TIME, "31. december 2199"),
    "før 1980 (--dato)": ("--dato", "1900-01-01", "", EARLIEST_ZIP_TIME, "1. januar 1900"),
    "2108 i memoer": (None, None, "    dato: 2108-01-01\n", LATEST_ZIP_TIME, "1. januar 2108"),
    "1979 i memoer": (None, None, "    dato: 1979-12-31\n", EARLIEST_ZIP_TIME, "31. december 1979"),
    "2107 i memoer": (
        None,
        None,
        "    dato: 2107-12-31\n",
        (2107, 12, 31, 12, 0, 0),
        "31. december 2107",
    ),
}


@pytest.mark.parametrize("kind", sorted(MEMO_DATES))
def test_a_memo_date_outside_the_zip_range_is_clamped_in_the_docx_only(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    option, value, memo_line, zip_time, shown = MEMO_DATES[kind]
    args = ["build", "--period", "2024-04", "--format", "docx"]
    if option and value:
        args += [option, value]
    config = config_with('memoer:\n  - periode: "2024-04"\n' + memo_line)
    outcome = run_case(tmp_path, Case(tuple(args), 0, config=config))
    assert zip_times(outcome.project) == {zip_time}
    assert shown in document_xml(outcome.project)  # the memo's own date is untouched


SOURCE_DATE_EPOCHS = {
    "langt efter 2107": ("99999999999999", LATEST_ZIP_TIME, "efter år 2107"),
    "40 cifre": ("9" * 40, LATEST_ZIP_TIME, "efter år 2107"),
    "negativ": ("-5", (2024, 4, 30, 12, 0, 0), "ikke et helt antal sekunder"),
    "bogstaver": ("abc", (2024, 4, 30, 12, 0, 0), "ikke et helt antal sekunder"),
    "videnskabelig": ("1e9", (2024, 4, 30, 12, 0, 0), "ikke et helt antal sekunder"),
    "decimaltal": ("1713139200.5", (2024, 4, 30, 12, 0, 0), "ikke et helt antal sekunder"),
    "1970": ("0", EARLIEST_ZIP_TIME, ""),
    "april 2024 med mellemrum": (" 1713139200 ", (2024, 4, 15, 0, 0, 0), ""),
    "tom": ("", (2024, 4, 30, 12, 0, 0), ""),
}


@pytest.mark.parametrize("kind", sorted(SOURCE_DATE_EPOCHS))
def test_any_source_date_epoch_gives_a_valid_docx(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    value, zip_time, warning = SOURCE_DATE_EPOCHS[kind]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    outcome = run_case(
        tmp_path, Case(("build", "--period", "2024-04", "--format", "docx"), 0, warning)
    )
    assert zip_times(outcome.project) == {zip_time}
    assert ("Advarsel" in outcome.output) == bool(warning)


# --- 3. control characters from YAML escapes; what is echoed to the terminal --------------

ESCAPES = {
    r"\x07": "U+0007",
    r"\0": "U+0000",
    r"\x1b[31m": "U+001B",
    r"\e[2J": "U+001B",
    r"\u0085": "U+0085",
    r"\N": "U+0085",
    r"\x9b": "U+009B",
    r"\x7f": "U+007F",
    r"\ufffe": "U+FFFE",
    r"\v": "U+000B",
    r"\f": "U+000C",
    r"\b": "U+0008",
    r"\x1f": "U+001F",
    r"\x80": "U+0080",
}


def _entry_field(key: str, template: str, line: int) -> Callable[[str], tuple[Case, str]]:
    def make(escape: str) -> tuple[Case, str]:
        text = template.replace("ESC", escape)
        return (
            Case(("check",), 1, entries={"a.yaml": text}),
            f"entries/a.yaml, linje {line}, felt »{key}«",
        )

    return make


def _config_field(key: str, old: str, new: str, line_key: str) -> Callable[[str], tuple[Case, str]]:
    def make(escape: str) -> tuple[Case, str]:
        text = (
            SMALL_CONFIG.replace(old, new.replace("ESC", escape), 1)
            if old
            else (config_with(new.replace("ESC", escape)))
        )
        assert text != SMALL_CONFIG
        line = config_line(text, line_key)
        return Case(("check",), 1, config=text), f"trivselreport.yaml, linje {line}, felt »{key}«"

    return make


CONTROL_PLACES: dict[str, Callable[[str], tuple[Case, str]]] = {
    "titel": _entry_field("titel", entry_with(titel='"Kursus ESC i trivsel"'), 1),
    "tekst": _entry_field("tekst", entry_with(tekst='"Et ESC kursus."'), 4),
    "tekst som blok med escape-linje": _entry_field(
        "tekst", ENTRY.replace('tekst: "Et kursus."', 'tekst: "Første linje\\n\\nESC"'), 4
    ),
    "ansvarlig": _entry_field("ansvarlig", entry_with('ansvarlig: "Skole ESC"\n'), 5),
    "temaer": _entry_field("temaer", entry_with('temaer: ["TilhørESC"]\n'), 5),
    "sektion": _entry_field("sektion", entry_with('sektion: "KurserESC"\n'), 5),
    "organisation": _config_field(
        "organisation",
        'organisation: "Testkommune"',
        'organisation: "TestESCkommune"',
        "organisation",
    ),
    "forvaltning": _config_field(
        "forvaltning",
        'forvaltning: "Børne- og Kulturforvaltningen"',
        'forvaltning: "BørneESC"',
        "forvaltning",
    ),
    "afdeling": _config_field("afdeling", "", 'afdeling: "SkoleESC"\n', "afdeling"),
    "udarbejdet_af": _config_field(
        "udarbejdet_af", "", 'udarbejdet_af: "LederESC"\n', "udarbejdet_af"
    ),
    "sagsnr": _config_field("sagsnr", "", 'sagsnr: "24/ESC"\n', "sagsnr"),
    "config titel": _config_field(
        "titel", 'titel: "Status {måned} {år}"', 'titel: "Status ESC{måned} {år}"', "titel"
    ),
    "config temaer": _config_field("temaer", '"Tilhør"', '"TilESChør"', "temaer"),
    "sektionsoverskrift": _config_field(
        "sektioner[1].overskrift", '"Programmet"', '"ProgramESC"', "overskrift"
    ),
    "sektionsindledning": _config_field(
        "sektioner[2].indledning", '"Arrangementer i perioden."', '"ArrangementerESC"', "indledning"
    ),
    "memoets sagsnr": _config_field(
        "memoer[1].sagsnr", "", 'memoer:\n  - periode: "2024-04"\n    sagsnr: "ESC"\n', "sagsnr"
    ),
}

# Every escape in a title and in the organisation; every other field with one escape each.
_ESCAPE_LIST = sorted(ESCAPES)
CONTROL_CASES = sorted(
    {(place, escape) for place in ("titel", "organisation") for escape in ESCAPES}
    | {
        (place, _ESCAPE_LIST[index % len(_ESCAPE_LIST)])
        for index, place in enumerate(sorted(CONTROL_PLACES))
    }
)


@pytest.mark.parametrize(("place", "escape"), CONTROL_CASES)
def test_a_control_character_is_refused_naming_the_field(
    tmp_path: Path, place: str, escape: str
) -> None:
    case, where = CONTROL_PLACES[place](escape)
    outcome = run_case(
        tmp_path,
        Case(
            case.args,
            1,
            f"usynligt styretegn ({ESCAPES[escape]})",
            where,
            case.config,
            case.entries,
        ),
    )
    assert not RAW_CONTROLS.search(outcome.output)


@pytest.mark.parametrize("escape", sorted(ESCAPES))
def test_the_build_refuses_a_control_character_too(tmp_path: Path, escape: str) -> None:
    command = ("build", "--period", "2024-04", "--format", "html,docx")
    entry = entry_with(tekst=f'"Et kursus{escape}."')
    run_case(
        tmp_path,
        Case(
            command,
            1,
            f"usynligt styretegn ({ESCAPES[escape]})",
            "entries/a.yaml, linje 4, felt »tekst«",
            entries={"a.yaml": entry},
        ),
    )


@pytest.mark.parametrize("escape", [r"\ud800", r"\udfff", r"\q", r"C:\skole", r"\x4"])
def test_an_invalid_escape_is_explained(tmp_path: Path, escape: str) -> None:
    entry = entry_with(titel=f'"Mappe {escape}"')
    run_case(
        tmp_path,
        Case(
            ("check",),
            1,
            "har en \\-kode, der ikke er gyldig",
            "entries/a.yaml, linje 1",
            entries={"a.yaml": entry},
        ),
    )


def test_tabs_and_line_breaks_stay_allowed_in_text(tmp_path: Path) -> None:
    entry = entry_with(tekst='"Første\\tlinje\\n\\n- punkt\\r\\n- punkt"')
    entry = entry.replace('titel: "Kursus i trivsel"', 'titel: "Kursus\\ti\\ntrivsel"')
    run_case(
        tmp_path,
        Case(
            ("build", "--period", "2024-04", "--format", "html,docx"), 0, entries={"a.yaml": entry}
        ),
    )


def test_a_control_character_in_the_introduction_is_refused_with_its_line(tmp_path: Path) -> None:
    case = Case(
        ("build", "--period", "2024-04", "--format", "html"),
        1,
        "usynligt styretegn (U+001B)",
        "indledninger/2024-04.md, linje 3",
        files={"indledninger/2024-04.md": "Indledning.\n\nFarve \x1b[31m her.\n"},
    )
    run_case(tmp_path, case)


HOSTILE_NAMES = {
    "farvekode": b"a\x1b[31mroed.yaml",
    "ryd skærmen": b"b\x1b[2J\x1b[H.yaml",
    "klokke": b"c\x07.yaml",
    "C1 CSI": "d\x9b2J.yaml".encode(),
    "vognretur": b"e\rfalsk.yaml",
    "retningsskift": "f\u202elmay.yaml".encode(),
    "ikke UTF-8": b"g\xff\xfe.yaml",
}


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("check", "--format", "json"),
        ("list",),
        ("build", "--period", "2024-04", "--format", "html"),
    ],
)
def test_file_names_are_never_echoed_with_raw_control_characters(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    project = make_project(tmp_path, Case((), 0))
    for index, name in enumerate(HOSTILE_NAMES.values()):
        # Same title and date: each is named in a duplicate warning; one is broken.
        text = ENTRY if index else entry_with(type="ukendt")
        with open(os.fsencode(project / "entries") + b"/" + name, "w", encoding="utf-8") as stream:
            stream.write(text)
    result = runner.invoke(app, [*command, "--project", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert not RAW_CONTROLS.search(result.output), repr(result.output)
    if command[0] != "list":
        assert "\\x1b" in result.output or "\\u001b" in result.output


def test_a_misspelt_key_with_a_control_character_is_shown_safely(tmp_path: Path) -> None:
    entry = ENTRY + '"dato\\x1b[2J": 2024-04-11\n'
    outcome = run_case(
        tmp_path,
        Case(("check",), 1, "Ukendt felt", "entries/a.yaml, linje 5", entries={"a.yaml": entry}),
    )
    assert "\\x1b[2J" in outcome.output and not RAW_CONTROLS.search(outcome.output)


@pytest.mark.parametrize(
    "args",
    [
        ("new", "--no-input", "--deltagere", "x\x1b[2Jy"),
        ("bu\x1b[2Jild",),
        ("build", "--perio\x07d", "2024-04"),
        ("check", "--format", "\x9b31m"),
    ],
)
def test_what_was_typed_is_never_echoed_with_raw_control_characters(args: tuple[str, ...]) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 1 and "Fejl" in result.output
    assert not RAW_CONTROLS.search(result.output), repr(result.output)


# --- 4. the title pattern: plain placeholders only -----------------------------------------

TITLE_PATTERNS = {
    "{måned:>1000000} {år}": "»{måned:>1000000}« i titlen har et tillæg",
    "{måned} {år:0>100000000}": "»{år:0>100000000}« i titlen har et tillæg",
    "{periode:^30}": "»{periode:^30}« i titlen har et tillæg",
    "{måned} {år!r}": "»{år!r}« i titlen har et tillæg",
    "{måned!s} {år}": "»{måned!s}« i titlen har et tillæg",
    "{måned!r:>9} {år}": "»{måned!r:>9}« i titlen har et tillæg",
    "{måned:{år}}": "»{måned:{år}}« i titlen har et tillæg",
    "{måned.__class__} {år}": "Ukendt pladsholder »{måned.__class__}«",
    "{måned[0]} {år}": "Ukendt pladsholder »{måned[0]}«",
    "{0} {år}": "Ukendt pladsholder »{0}«",
    "{} {år}": "tom pladsholder »{}«",
    "{!r}": "tom pladsholder »{}«",
    "{ måned } {år}": "Ukendt pladsholder »{ måned }«",
    "Status {måned {år}": "uden sin makker",
    "Status måned} {år}": "uden sin makker",
    "Status {måned}} {år}": "uden sin makker",
    "Status {": "uden sin makker",
    "{måned!} {år}": "uden sin makker",
}


@pytest.mark.parametrize("pattern", sorted(TITLE_PATTERNS))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_title_pattern_with_more_than_plain_placeholders_is_refused(
    tmp_path: Path, pattern: str, command: str
) -> None:
    config = SMALL_CONFIG.replace('titel: "Status {måned} {år}"', f'titel: "{pattern}"')
    args = (
        ("check",) if command == "check" else ("build", "--period", "2024-04", "--format", "html")
    )
    run_case(
        tmp_path,
        Case(
            args,
            1,
            TITLE_PATTERNS[pattern],
            "trivselreport.yaml, linje 3, felt »titel«",
            config=config,
        ),
    )


def test_doubled_braces_are_literal_braces_in_the_title(tmp_path: Path) -> None:
    config = SMALL_CONFIG.replace('"Status {måned} {år}"', '"{{Status}} {måned} {år}"')
    outcome = run_case(
        tmp_path,
        Case(
            ("build", "--period", "2024-04", "--format", "html"),
            0,
            "Bygget: {Status} april 2024",
            config=config,
        ),
    )
    assert (outcome.project / "output").is_dir()


@pytest.mark.parametrize("pattern", ["{måned:>9}", "{år!r}", "{x}", "{}"])
def test_filling_a_title_never_runs_a_format_specification(pattern: str) -> None:
    with pytest.raises(ValueError):
        fill_title(pattern, {"måned": "april", "år": "2024", "periode": "2024-04"})


# --- 5. kommende_måneder ---------------------------------------------------------------------

UPCOMING = {
    "-1": "må ikke være mindre end 0",
    "61": "må højst være 60, men er 61",
    "1000": "må højst være 60, men er 1000",
    "1000000000000": "må højst være 60, men er et tal med 13 cifre",
    "99999999999999999999999999999": "må højst være 60, men er et tal med 29 cifre",
    "-99999999999999": "urimeligt stort tal",
    "10**12": "skal være et helt tal, men er »10**12«",
    "mange": "skal være et helt tal, men er »mange«",
    "1.5": "skal være et helt tal, men er »1.5«",
    "6,5": "skal være et helt tal, men er »6,5«",
    '"6 måneder"': "skal være et helt tal, men er »6 måneder«",
    "[6]": "skal være en tekst, men er en liste",
    "{antal: 6}": "skal være en tekst, men er en samling af felter",
}


@pytest.mark.parametrize("value", sorted(UPCOMING))
def test_an_absurd_number_of_upcoming_months_is_refused(tmp_path: Path, value: str) -> None:
    outcome = run_case(
        tmp_path,
        Case(
            ("build", "--period", "2024-04", "--format", "html"),
            1,
            UPCOMING[value],
            f"trivselreport.yaml, linje {CONFIG_LINES + 1}, felt »kommende_måneder«",
            config=config_with(f"kommende_måneder: {value}\n"),
        ),
    )
    if not value.startswith(("[", "{")):
        assert "Skriv et antal måneder fra 0 til 60" in outcome.output  # the hint: the bounds


@pytest.mark.parametrize(("months", "shown"), [("0", False), ("60", True)])
def test_the_bounds_of_upcoming_months_are_allowed(
    tmp_path: Path, months: str, shown: bool
) -> None:
    entries = {"a.yaml": ENTRY, "b.yaml": entry_with(titel='"Planlagt"', dato="2029-04-30")}
    outcome = run_case(
        tmp_path,
        Case(
            ("build", "--period", "2024-04", "--format", "html"),
            0,
            config=config_with(f"kommende_måneder: {months}\n"),
            entries=entries,
        ),
    )
    (html,) = (outcome.project / "output").rglob("*.html")
    assert ("Planlagt" in html.read_text(encoding="utf-8")) == shown


# --- 7. implausible memo settings: check warns, the build goes on --------------------------

IMPLAUSIBLE = {
    "dato langt efter perioden": (
        'memoer:\n  - periode: "2024-04"\n    dato: 2042-04-15\n',
        "memoer[1].dato",
        3,
        "er dateret 15. april 2042, langt fra dets periode",
    ),
    "dato langt før perioden": (
        'memoer:\n  - periode: "2024-04"\n    dato: 2023-01-02\n',
        "memoer[1].dato",
        3,
        "er dateret 2. januar 2023, langt fra dets periode",
    ),
    "slutdato før måneden": (
        'memoer:\n  - periode: "2024-04"\n    slutdato: 2024-03-15\n',
        "memoer[1].slutdato",
        3,
        "slutter 15. marts 2024, før dets egen måned begynder",
    ),
    "slutdato år efter måneden": (
        'memoer:\n  - periode: "2024-04"\n    slutdato: 2030-04-30\n',
        "memoer[1].slutdato",
        3,
        "slutter 30. april 2030, mere end tre måneder efter dets måned",
    ),
    "perioder der overlapper": (
        'memoer:\n  - periode: "2024-03"\n    slutdato: 2024-05-31\n  - periode: "2024-04"\n',
        "memoer[1].slutdato",
        3,
        "dækker også perioden for notatet 2024-04",
    ),
    "samme slutdato": (
        'memoer:\n  - periode: "2024-03"\n    slutdato: 2024-04-30\n  - periode: "2024-04"\n',
        "memoer[1].slutdato",
        3,
        "dækker også perioden for notatet 2024-04",
    ),
}


@pytest.mark.parametrize("kind", sorted(IMPLAUSIBLE))
def test_check_warns_about_implausible_memo_settings(tmp_path: Path, kind: str) -> None:
    extra, key, offset, words = IMPLAUSIBLE[kind]
    where = f"Advarsel i trivselreport.yaml, linje {CONFIG_LINES + offset}, felt »{key}«"
    config = config_with(extra)
    run_case(tmp_path, Case(("check",), 0, words, where, config=config))
    run_case(tmp_path / "streng", Case(("check", "--strict"), 1, words, where, config=config))


@pytest.mark.parametrize("kind", sorted(IMPLAUSIBLE))
def test_the_build_never_crashes_on_an_implausible_memo_setting(tmp_path: Path, kind: str) -> None:
    entries = {"a.yaml": ENTRY, "b.yaml": entry_with(dato="2024-03-10")}
    outcome = run_case(
        tmp_path,
        Case(
            ("build", "--period", "2024-04", "--format", "html,docx"),
            0,
            "Bygget:",
            config=config_with(IMPLAUSIBLE[kind][0]),
            entries=entries,
        ),
    )
    assert len(list((outcome.project / "output").rglob("*.docx"))) == 1


def test_plausible_memo_settings_give_no_warning(tmp_path: Path) -> None:
    extra = (
        'memoer:\n  - periode: "2024-03"\n    dato: 2024-04-03\n    slutdato: 2024-04-02\n'
        '  - periode: "2024-04"\n    dato: 2024-04-15\n'
    )
    outcome = run_case(tmp_path, Case(("check",), 0, "Alt i orden", config=config_with(extra)))
    assert "Advarsel" not in outcome.output


# --- 8. odd values of options and odd shapes of files ---------------------------------------

ODD_OPTIONS = {
    "--format tom": (("build", "--period", "2024-04", "--format", ""), "tilvalget »--format«"),
    "--format komma": (("build", "--period", "2024-04", "--format", ","), "tilvalget »--format«"),
    "--format xml": (("build", "--period", "2024-04", "--format", "xml"), "tilvalget »--format«"),
    "--format semikolon": (
        ("build", "--period", "2024-04", "--format", "pdf;docx"),
        "tilvalget »--format«",
    ),
    "--format ødf": (("build", "--period", "2024-04", "--format", "ødf"), "tilvalget »--format«"),
    "check --format XML": (("check", "--format", "XML"), "tilvalget »--format«"),
    "check --format tom": (("check", "--format", ""), "tilvalget »--format«"),
    "stats --format json": (("stats", "--format", "json"), "tilvalget »--format«"),
    "--deltagere 40 cifre": (
        (*NEW, "--dato", "2024-04-01", "--deltagere", "9" * 40),
        "tilvalget »--deltagere«: »deltagere« er et urimeligt stort tal (40 cifre)",
    ),
    "--deltagere negativ": (
        (*NEW, "--dato", "2024-04-01", "--deltagere", "-3"),
        "tilvalget »--deltagere«",
    ),
    "--deltagere i ord": (
        (*NEW, "--dato", "2024-04-01", "--deltagere", "mange"),
        "tilvalget »--deltagere«: »deltagere« skal være et helt tal, men er »mange«",
    ),
    "--from uden --to": (("build", "--from", "2024-04-01"), "tilvalget »--to«"),
    "--period og --to": (
        ("build", "--period", "2024-04", "--to", "2024-04-30"),
        "tilvalget »--period«",
    ),
    "--from efter --to": (
        ("build", "--from", "2024-05-01", "--to", "2024-04-30"),
        "tilvalget »--from«",
    ),
}


@pytest.mark.parametrize("kind", sorted(ODD_OPTIONS))
def test_odd_option_values_are_refused_with_the_option_named(tmp_path: Path, kind: str) -> None:
    args, where = ODD_OPTIONS[kind]
    run_case(tmp_path, Case(args, 1, "", where))


ODD_CONFIGS = {
    "en liste": ("- organisation: K\n- titel: T\n", "men den indeholder en liste"),
    "tom": ("", "Filen er tom"),
    "kun en kommentar": ("# kommer senere\n", "Filen er tom"),
    "null": ("null\n", "men den indeholder en tekst"),
    "et tal": ("42\n", "men den indeholder en tekst"),
    "kun ukendte felter": ("farve: rød\n", "Ukendt felt »farve«"),
    "udarbejdet_af som liste": (
        config_with("udarbejdet_af: [a, b]\n"),
        "»udarbejdet_af« skal være en tekst, men er en liste",
    ),
    "organisation som samling": (
        SMALL_CONFIG.replace('organisation: "Testkommune"', "organisation: {navn: K}"),
        "»organisation« skal være en tekst, men er en samling",
    ),
    "memoer som samling": (
        config_with("memoer: {periode: 2024-04}\n"),
        "»memoer« skal være en liste",
    ),
    "memo som tekst": (
        config_with("memoer: [2024-04]\n"),
        "Hvert punkt i »memoer« skal være en samling af felter",
    ),
    "samme periode to gange": (
        config_with('memoer:\n  - periode: "2024-04"\n  - periode: "2024-4"\n'),
        "Perioden 2024-04 står flere gange",
    ),
    "temaer som tal": (
        re.sub(r"^temaer: .*$", "temaer: 42", SMALL_CONFIG, count=1, flags=re.MULTILINE),
        "»42« er ikke et af temaerne",
    ),
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("kind", sorted(ODD_CONFIGS))
def test_a_config_of_the_wrong_shape_gets_a_message(
    tmp_path: Path, kind: str, command: str
) -> None:
    config, words = ODD_CONFIGS[kind]
    args = (
        ("check",) if command == "check" else ("build", "--period", "2024-04", "--format", "html")
    )
    if kind == "temaer som tal":  # a valid config: the entry's theme is what is wrong
        config, words = config, "er ikke et af temaerne"
        entries = {"a.yaml": entry_with('temaer: ["Tilhør"]\n')}
        run_case(tmp_path, Case(args, 1, words, "entries/a.yaml", config=config, entries=entries))
        return
    run_case(tmp_path, Case(args, 1, words, "trivselreport.yaml", config=config))


ODD_ENTRIES = {
    "tekst som liste": ("tekst: [a, b]", "»tekst« skal være en tekst, men er en liste"),
    "tekst som samling": ("tekst: {a: b}", "»tekst« skal være en tekst, men er en samling"),
    "titel som liste": ('titel: ["a"]', "»titel« skal være en tekst, men er en liste"),
    "dato som liste": ("dato: [2024-04-10]", "»dato« skal være en tekst, men er en liste"),
    "deltagere som samling": ("deltagere: {a: 1}", "»deltagere« skal være en tekst"),
}


@pytest.mark.parametrize("kind", sorted(ODD_ENTRIES))
def test_an_entry_value_of_the_wrong_shape_gets_a_message(tmp_path: Path, kind: str) -> None:
    line, words = ODD_ENTRIES[kind]
    key = line.split(":")[0]
    text = (
        re.sub(rf"^{key}: .*$", lambda _: line, ENTRY, flags=re.M) if key in ENTRY else ENTRY + line
    )
    run_case(
        tmp_path,
        Case(
            ("build", "--period", "2024-04", "--format", "html"),
            1,
            words,
            f"felt »{key}«",
            entries={"a.yaml": text + "\n"},
        ),
    )


def test_a_case_number_written_as_a_number_is_text(tmp_path: Path) -> None:
    outcome = run_case(
        tmp_path,
        Case(
            ("build", "--period", "2024-04", "--format", "html"),
            0,
            config=config_with("sagsnr: 0012345\n"),
        ),
    )
    (html,) = (outcome.project / "output").rglob("*.html")
    assert "0012345" in html.read_text(encoding="utf-8")


def test_a_project_option_naming_a_file_is_refused(tmp_path: Path) -> None:
    afile = tmp_path / "fil.txt"
    afile.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(afile)])
    assert result.exit_code == 1 and "er en fil, ikke en mappe" in result.output


def test_a_project_option_naming_a_missing_folder_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", "--period", "2024-04", "--project", str(tmp_path / "findes-ikke")]
    )
    assert result.exit_code == 1, result.output
    assert "tilvalget »--project«" in result.output and "findes ikke" in result.output


def test_a_project_folder_that_cannot_be_read_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root every folder can be read, so the refusal is simulated where it happens."""
    project = make_project(tmp_path, Case((), 0))
    real_is_file = Path.is_file

    def is_file(path: Path) -> bool:
        if path.name == "trivselreport.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_file(path)

    monkeypatch.setattr(Path, "is_file", is_file)
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1
    assert "kan ikke læses: du har ikke adgang" in result.output


def test_an_unreadable_entry_is_named_in_danish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, Case((), 0))
    real_open = open

    def refusing_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("a.yaml"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", refusing_open)
    result = runner.invoke(app, ["check", "--project", str(project)])
    assert "entries/a.yaml: Filen kan ikke læses: du har ikke adgang." in result.output


def test_the_small_project_of_these_cases_is_valid(tmp_path: Path) -> None:
    """Sanity of the fixture: the small project is valid and builds."""
    project = make_project(tmp_path, Case((), 0))
    assert load_config(project).organisation == "Testkommune"
    run_case(tmp_path / "bygget", Case(("build", "--period", "2024-04", "--format", "html"), 0))
