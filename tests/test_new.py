"""`trivselreport new`: writing an entry by answering questions or by options alone.

The guided flow asks, in this order: type → titel → dato → slutdato → temaer →
ansvarlig → deltagere → intern → tekst (ended by a line holding only "."). Each
answer is checked as it is given and asked again, with a Danish "✗ …", until it
is valid. With --no-input every field comes from an option named like the
entry's key. The entry is saved as entries/<år>/<dato>-<titel>.yaml and never
replaces another file.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.authoring import EntryDraft, entry_yaml
from trivselreport.reading.config import CONFIG_FILE, load_config
from trivselreport.reading.entries import Entry, load_entries

runner = CliRunner()

CONFIG = """\
organisation: "Testkommune"
titel: "Status {måned} {år}"
temaer:
  - "Tilhør"
  - "Tempo og pauser"
  - "Fritid i samspil med kommunale institutioner"
typer: [program, arrangement, kursus, netværk]
sektioner:
  - overskrift: "Programmet"
    typer: [program]
  - overskrift: "Arrangementer"
    typer: [arrangement, netværk]
  - overskrift: "Kurser"
    typer: [kursus]
    egne_overskrifter: ja
"""

EDIT_MARKER = "# ---- Alt herunder ignoreres ----"


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with types program, arrangement, kursus, netværk and three themes."""
    folder = tmp_path / "projekt"
    (folder / "entries").mkdir(parents=True)
    (folder / CONFIG_FILE).write_text(CONFIG, encoding="utf-8")
    return folder.resolve()


def text_lines(*lines: str) -> str:
    """The text answer as typed: its lines, then the line with only "." that ends it."""
    return "\n".join([*lines, "."])


@dataclass(frozen=True)
class Answers:
    """What the user types at each question of `new`, in the order they are asked.

    A value with several lines is several attempts at the same question.
    """

    type: str = "kursus"
    title: str = "Kursus i trivsel"
    date: str = "2024-04-15"
    end: str = ""
    themes: str = ""
    responsible: str = ""
    participants: str = ""
    internal: str = ""
    text: str = text_lines("En kort tekst.")

    def typed(self) -> str:
        return (
            "\n".join(
                (
                    self.type,
                    self.title,
                    self.date,
                    self.end,
                    self.themes,
                    self.responsible,
                    self.participants,
                    self.internal,
                    self.text,
                )
            )
            + "\n"
        )


def new(project: Path, *options: str, answers: Answers | None = None) -> tuple[int, str]:
    """Run `trivselreport new` in `project`; returns the exit code and all output."""
    result = runner.invoke(
        app,
        ["new", "--project", str(project), *options],
        input=answers.typed() if answers is not None else None,
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result.exit_code, result.output


def new_without_questions(project: Path, *options: str) -> tuple[int, str]:
    return new(project, "--no-input", *options)


def saved_files(project: Path) -> list[Path]:
    return sorted((project / "entries").rglob("*.yaml"))


def saved_entries(project: Path) -> list[Entry]:
    """The project's entries as `check` and `build` read them."""
    return load_entries(load_config(project))


def the_entry(project: Path) -> Entry:
    entries = saved_entries(project)
    assert len(entries) == 1, entries
    return entries[0]


def asked(output: str, question: str) -> int:
    """How many times a question was put."""
    return output.count(question)


# --- the guided flow ---------------------------------------------------------------------


def test_the_questions_come_in_the_documented_order(project: Path) -> None:
    code, output = new(project, answers=Answers())
    assert code == 0, output
    questions = [
        "Type (nummer eller navn)",
        "Titel:",
        "Dato [",
        "Slutdato (tom: samme dag)",
        "Temaer (numre",
        "Ansvarlig enhed eller rolle",
        "Antal deltagere",
        "Kun til intern brug?",
        "Skriv teksten (Markdown)",
    ]
    positions = [output.index(question) for question in questions]
    assert positions == sorted(positions)


def test_the_type_can_be_answered_by_its_number(project: Path) -> None:
    code, output = new(project, answers=Answers(type="2"))
    assert code == 0, output
    assert the_entry(project).type == "arrangement"


def test_the_type_can_be_answered_by_its_name(project: Path) -> None:
    code, output = new(project, answers=Answers(type="netværk"))
    assert code == 0, output
    assert the_entry(project).type == "netværk"


def test_an_unknown_type_is_asked_again_with_a_danish_message(project: Path) -> None:
    code, output = new(project, answers=Answers(type="foredrag\n1"))
    assert code == 0, output
    assert "✗ »foredrag« er ikke en af typerne." in output
    assert asked(output, "Type (nummer eller navn)") == 2
    assert the_entry(project).type == "program"


def test_a_misspelt_type_gets_the_meant_one_suggested(project: Path) -> None:
    code, output = new(project, answers=Answers(type="kurus\nkursus"))
    assert code == 0, output
    assert "Mente du »kursus«?" in output


def test_a_type_number_outside_the_list_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(type="5\n4"))
    assert code == 0, output
    assert "✗ »5« er ikke en af typerne." in output
    assert the_entry(project).type == "netværk"


def test_a_superscript_digit_as_type_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(type="²\n1"))
    assert code == 0, output
    assert "✗ »²« er ikke en af typerne." in output


def test_an_empty_title_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(title="   \nForældremøde"))
    assert code == 0, output
    assert "✗ Titlen må ikke være tom." in output
    assert the_entry(project).title == "Forældremøde"


def test_an_empty_date_answer_means_today(project: Path) -> None:
    code, output = new(project, answers=Answers(date=""))
    assert code == 0, output
    assert f"Dato [{date.today().isoformat()}]" in output
    assert the_entry(project).start == date.today()


@pytest.mark.parametrize("typed", ["2024-04-15", "15-04-2024", "15.4.2024", "15/4/2024"])
def test_a_date_typed_the_danish_way_is_saved_as_iso(project: Path, typed: str) -> None:
    code, output = new(project, answers=Answers(date=typed))
    assert code == 0, output
    [path] = saved_files(project)
    assert "\ndato: 2024-04-15\n" in path.read_text(encoding="utf-8")


def test_an_impossible_date_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(date="30.2.2024\n29.2.2024"))
    assert code == 0, output
    assert "✗ Datoen »30.2.2024« findes ikke i kalenderen." in output
    assert asked(output, "Dato [") == 2
    assert the_entry(project).start == date(2024, 2, 29)


def test_an_end_date_before_the_date_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(date="2024-04-15", end="14.4.2024\n17.4.2024"))
    assert code == 0, output
    assert "✗ Slutdatoen 2024-04-14 ligger før datoen 2024-04-15." in output
    assert the_entry(project).end == date(2024, 4, 17)


def test_an_empty_end_date_means_the_same_day(project: Path) -> None:
    code, output = new(project, answers=Answers(end=""))
    assert code == 0, output
    assert the_entry(project).end is None
    assert "slutdato" not in saved_files(project)[0].read_text(encoding="utf-8")


def test_themes_can_be_chosen_by_numbers_separated_by_commas(project: Path) -> None:
    code, output = new(project, answers=Answers(themes="1,3"))
    assert code == 0, output
    assert the_entry(project).themes == ("Tilhør", "Fritid i samspil med kommunale institutioner")


def test_themes_can_be_chosen_by_name_separated_by_semicolons_and_keep_the_config_order(
    project: Path,
) -> None:
    code, output = new(
        project, answers=Answers(themes="Fritid i samspil med kommunale institutioner; Tilhør")
    )
    assert code == 0, output
    assert the_entry(project).themes == ("Tilhør", "Fritid i samspil med kommunale institutioner")


def test_an_unknown_theme_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(themes="1,7\n2"))
    assert code == 0, output
    assert "✗ »7« er ikke et af temaerne." in output
    assert the_entry(project).themes == ("Tempo og pauser",)


def test_a_misspelt_theme_name_gets_the_meant_one_suggested(project: Path) -> None:
    code, output = new(project, answers=Answers(themes="Tilhor; Tempo og pauser\n1"))
    assert code == 0, output
    assert "✗ »Tilhor« er ikke et af temaerne. Mente du »Tilhør«?" in output
    assert the_entry(project).themes == ("Tilhør",)


def test_responsible_and_participants_are_saved(project: Path) -> None:
    code, output = new(
        project, answers=Answers(responsible="Skoleafdelingen", participants="mange\n25")
    )
    assert code == 0, output
    assert (
        "✗ »deltagere« skal være et helt tal, men er »mange«. "
        "Skriv et helt tal, fx 25, eller lad feltet stå tomt." in output
    )
    entry = the_entry(project)
    assert (entry.responsible, entry.participants) == ("Skoleafdelingen", 25)


def test_a_superscript_digit_as_participants_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(participants="²\n25"))
    assert code == 0, output
    assert "✗ »deltagere« skal være et helt tal, men er »²«." in output
    assert the_entry(project).participants == 25


def test_a_text_with_paragraphs_and_a_list_is_kept_exactly(project: Path) -> None:
    lines = [
        "Første afsnit med **fed** tekst.",
        "",
        "- punkt et",
        "- punkt to",
        "",
        "Sidste afsnit.",
    ]
    code, output = new(project, answers=Answers(text=text_lines(*lines)))
    assert code == 0, output
    assert the_entry(project).text == "\n".join(lines)


def test_an_empty_text_is_asked_again(project: Path) -> None:
    code, output = new(
        project, answers=Answers(text=text_lines() + "\n" + text_lines("Nu med tekst."))
    )
    assert code == 0, output
    assert "✗ Teksten må ikke være tom." in output
    assert asked(output, "Skriv teksten (Markdown)") == 2
    assert the_entry(project).text == "Nu med tekst."


def test_a_text_with_a_cpr_number_is_refused_showing_only_the_masked_number(
    project: Path,
) -> None:
    code, output = new(
        project,
        answers=Answers(
            text=text_lines("Barnet med cpr 150312-1234 trives.")
            + "\n"
            + text_lines("Barnet trives.")
        ),
    )
    assert code == 0, output
    assert "✗ Teksten indeholder et CPR-nummer (150312-****)" in output
    assert asked(output, "Skriv teksten (Markdown)") == 2
    assert the_entry(project).text == "Barnet trives."
    assert "150312" not in saved_files(project)[0].read_text(encoding="utf-8")


def test_a_refused_cpr_number_is_never_printed_in_full(project: Path) -> None:
    code, output = new(
        project,
        answers=Answers(
            text=text_lines("Barnet med cpr 150312-1234 trives.")
            + "\n"
            + text_lines("Barnet trives.")
        ),
    )
    assert code == 0, output
    assert "150312-****" in output
    assert "150312-1234" not in output


def test_a_phone_number_is_refused_in_a_public_entry(project: Path) -> None:
    code, output = new(
        project,
        answers=Answers(
            internal="n",
            text=text_lines("Ring til skolen på 22 33 44 55.")
            + "\n"
            + text_lines("Ring til skolen."),
        ),
    )
    assert code == 0, output
    assert "✗ Teksten indeholder et telefonnummer (22 ** ** **)" in output
    entry = the_entry(project)
    assert (entry.text, entry.internal) == ("Ring til skolen.", False)


def test_a_phone_number_is_accepted_in_an_internal_entry(project: Path) -> None:
    code, output = new(
        project, answers=Answers(internal="j", text=text_lines("Ring til skolen på 22 33 44 55."))
    )
    assert code == 0, output
    assert "✗" not in output
    entry = the_entry(project)
    assert (entry.text, entry.internal) == ("Ring til skolen på 22 33 44 55.", True)
    assert "\nintern: ja\n" in entry.path.read_text(encoding="utf-8")


def test_a_phone_number_as_responsible_is_asked_again_in_a_public_entry(
    project: Path,
) -> None:
    code, output = new(project, answers=Answers(responsible="Ring 22334455\nSkoleafdelingen"))
    assert code == 0, output
    assert "✗" in output and "telefonnummer" in output
    assert the_entry(project).responsible == "Skoleafdelingen"


def test_options_given_are_not_asked_again(project: Path) -> None:
    typed = "\n".join(["2024-04-15", "", "", "", "", "", text_lines("Tekst.")]) + "\n"
    result = runner.invoke(
        app,
        ["new", "--project", str(project), "--type", "kursus", "--titel", "Givet som tilvalg"],
        input=typed,
    )
    assert result.exit_code == 0, result.output
    assert "Type (nummer eller navn)" not in result.output
    assert "Titel:" not in result.output
    entry = the_entry(project)
    assert (entry.type, entry.title, entry.start) == (
        "kursus",
        "Givet som tilvalg",
        date(2024, 4, 15),
    )


# --- options only ------------------------------------------------------------------------


def test_every_option_mirrors_an_entry_field(project: Path) -> None:
    code, output = new_without_questions(
        project,
        "--type",
        "kursus",
        "--titel",
        "Sorggruppekursus",
        "--dato",
        "2024-03-06",
        "--slutdato",
        "2024-03-08",
        "--tema",
        "Tilhør",
        "--tema",
        "Tempo og pauser",
        "--ansvarlig",
        "Skoleafdelingen",
        "--deltagere",
        "24",
        "--intern",
        "--tekst",
        "Et kursus over tre dage.\n\n- Viden om sorggrupper",
    )
    assert code == 0, output
    path = project / "entries" / "2024" / "2024-03-06-sorggruppekursus.yaml"
    assert the_entry(project) == Entry(
        path=path,
        title="Sorggruppekursus",
        type="kursus",
        start=date(2024, 3, 6),
        end=date(2024, 3, 8),
        themes=("Tilhør", "Tempo og pauser"),
        responsible="Skoleafdelingen",
        participants=24,
        internal=True,
        text="Et kursus over tre dage.\n\n- Viden om sorggrupper",
    )


def test_the_text_can_come_from_a_file(project: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "tekst.md"
    text_file.write_text("Første afsnit.\n\n- et punkt\n", encoding="utf-8")
    code, output = new_without_questions(
        project,
        "--type",
        "program",
        "--titel",
        "Fra fil",
        "--dato",
        "2024-04-15",
        "--tekst-fil",
        str(text_file),
    )
    assert code == 0, output
    assert the_entry(project).text == "Første afsnit.\n\n- et punkt"


def test_no_input_lists_every_missing_required_option_and_writes_nothing(
    project: Path,
) -> None:
    code, output = new_without_questions(project)
    assert code == 1
    assert "--type mangler." in output
    assert "--titel mangler." in output
    assert "--tekst eller --tekst-fil mangler." in output
    assert "--dato mangler" not in output
    assert "3 fejl fundet. Intet er skrevet." in output
    assert saved_files(project) == []


def test_no_input_dates_the_entry_today(project: Path) -> None:
    code, output = new_without_questions(
        project, "--type", "kursus", "--titel", "I dag", "--tekst", "Tekst."
    )
    assert code == 0, output
    entry = the_entry(project)
    assert entry.start == date.today()
    assert entry.path.parent.name == str(date.today().year)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--dato",
            "15/04/24",
            "»15/04/24« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-04-15.",
        ),
        ("--dato", "31.4.2024", "Datoen »31.4.2024« findes ikke i kalenderen."),
        ("--slutdato", "2024-04-01", "Slutdatoen 2024-04-01 ligger før datoen 2024-04-15."),
    ],
)
def test_a_bad_date_option_is_an_error_that_says_how_to_write_it(
    project: Path, option: str, value: str, message: str
) -> None:
    code, output = new_without_questions(
        project,
        "--type",
        "kursus",
        "--titel",
        "X",
        "--dato",
        "2024-04-15",
        "--tekst",
        "Tekst.",
        option,
        value,
    )
    assert code == 1
    assert f"tilvalget »{option}«: {message}" in output
    assert saved_files(project) == []


def test_an_unknown_type_option_gets_the_meant_one_suggested(project: Path) -> None:
    code, output = new_without_questions(
        project, "--type", "kurus", "--titel", "X", "--tekst", "Tekst."
    )
    assert code == 1
    assert "»kurus« er ikke en af typerne." in output
    assert "Mente du »kursus«?" in output
    assert saved_files(project) == []


def test_an_unknown_theme_option_gets_the_meant_one_suggested(project: Path) -> None:
    code, output = new_without_questions(
        project, "--type", "kursus", "--titel", "X", "--tekst", "Tekst.", "--tema", "Tilhor"
    )
    assert code == 1
    assert "»Tilhor« er ikke et af temaerne." in output
    assert "Mente du »Tilhør«?" in output
    assert saved_files(project) == []


def test_text_and_text_file_together_is_an_error(project: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "tekst.md"
    text_file.write_text("Fra fil.", encoding="utf-8")
    code, output = new_without_questions(
        project,
        "--type",
        "kursus",
        "--titel",
        "X",
        "--tekst",
        "Fra tilvalg.",
        "--tekst-fil",
        str(text_file),
    )
    assert code == 1
    assert "Brug enten --tekst eller --tekst-fil, ikke begge." in output
    assert saved_files(project) == []


def test_a_text_file_in_utf8_with_bom_and_windows_line_ends_is_read(
    project: Path, tmp_path: Path
) -> None:
    text_file = tmp_path / "fra-notesblok.txt"
    text_file.write_bytes(b"\xef\xbb\xbf" + "Æblegrød på skolen.\r\n\r\n- én\r\n".encode())
    code, output = new_without_questions(
        project,
        "--type",
        "kursus",
        "--titel",
        "BOM",
        "--dato",
        "2024-04-15",
        "--tekst-fil",
        str(text_file),
    )
    assert code == 0, output
    assert the_entry(project).text == "Æblegrød på skolen.\n\n- én"


def test_a_text_file_saved_as_windows_1252_is_refused_with_the_utf8_hint(
    project: Path, tmp_path: Path
) -> None:
    text_file = tmp_path / "ansi.txt"
    text_file.write_bytes("Æblegrød på skolen.".encode("cp1252"))
    code, output = new_without_questions(
        project,
        "--type",
        "kursus",
        "--titel",
        "ANSI",
        "--dato",
        "2024-04-15",
        "--tekst-fil",
        str(text_file),
    )
    assert code == 1
    assert "Filen er ikke gemt som UTF-8." in output
    assert "Windows-1252" in output and "Kodning: UTF-8" in output
    assert saved_files(project) == []


def test_a_cpr_number_given_as_an_option_is_refused_and_shown_masked(project: Path) -> None:
    code, output = new_without_questions(
        project,
        "--type",
        "kursus",
        "--titel",
        "X",
        "--dato",
        "2024-04-15",
        "--tekst",
        "Barnet 150312-1234 trives.",
    )
    assert code == 1
    assert "150312-****" in output
    assert "150312-1234" not in output
    assert saved_files(project) == []


# --- file names ---------------------------------------------------------------------------


def test_the_file_is_named_by_date_and_an_ascii_title_and_its_path_printed(
    project: Path,
) -> None:
    code, output = new_without_questions(
        project,
        "--type",
        "kursus",
        "--titel",
        "Åben skolegård: Ørnereden & Æblehaven",
        "--dato",
        "2024-04-15",
        "--tekst",
        "Tekst.",
    )
    assert code == 0, output
    relative = "entries/2024/2024-04-15-aaben-skolegaard-oernereden-aeblehaven.yaml"
    assert f"Indslaget er gemt i {relative}" in output
    assert saved_files(project) == [project / relative]
    assert relative.isascii()


def test_saving_the_same_entry_twice_never_overwrites_the_first(project: Path) -> None:
    options = ("--type", "kursus", "--titel", "Samme titel", "--dato", "2024-04-15")
    assert new_without_questions(project, *options, "--tekst", "Første.")[0] == 0
    first = project / "entries" / "2024" / "2024-04-15-samme-titel.yaml"
    before = first.read_bytes()
    code, output = new_without_questions(project, *options, "--tekst", "Anden.")
    assert code == 0, output
    assert "Indslaget er gemt i entries/2024/2024-04-15-samme-titel-2.yaml" in output
    assert first.read_bytes() == before
    second = first.with_name("2024-04-15-samme-titel-2.yaml")
    assert {entry.path: entry.text for entry in saved_entries(project)} == {
        first: "Første.",
        second: "Anden.",
    }


def test_eight_people_saving_the_same_entry_at_once_get_eight_files(project: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "trivselreport",
        "new",
        "--no-input",
        "--project",
        str(project),
        "--type",
        "kursus",
        "--titel",
        "Samtidigt kursus",
        "--dato",
        "2024-04-15",
        "--tekst",
        "Gemt på samme tid.",
    ]
    environment = {**os.environ, "PYTHONUTF8": "1"}
    processes = [
        subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=environment,
        )
        for _ in range(8)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 8, outputs
    printed = {stdout.strip() for stdout, _ in outputs}
    assert len(printed) == 8
    stem = "2024-04-15-samtidigt-kursus"
    expected = [f"{stem}.yaml", *(f"{stem}-{number}.yaml" for number in range(2, 9))]
    assert sorted(path.name for path in saved_files(project)) == sorted(expected)
    entries = saved_entries(project)
    assert len(entries) == 8
    assert {(entry.title, entry.text) for entry in entries} == {
        ("Samtidigt kursus", "Gemt på samme tid.")
    }


# --- --edit ------------------------------------------------------------------------------


def fake_editor(folder: Path, written: str) -> Path:
    """An 'editor' that keeps a copy of what it was shown, writes `written` above the
    marker line in place of what was there, and adds a stray line below the marker."""
    script = folder / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "from pathlib import Path\n"
        "path = Path(sys.argv[1])\n"
        "shown = path.read_text(encoding='utf-8')\n"
        f"Path({str(folder / 'shown.md')!r}).write_text(shown, encoding='utf-8')\n"
        f"marker = {EDIT_MARKER!r}\n"
        "below = shown[shown.index(marker):]\n"
        f"path.write_text({written!r} + '\\n\\n' + below + 'Under markøren.\\n', "
        "encoding='utf-8')\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_edit_takes_the_text_written_above_the_marker_in_the_editor(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = "Skrevet i editoren.\n\n- et punkt\n- et andet punkt"
    # The other questions (slutdato, temaer, ansvarlig, deltagere, intern) are left empty.
    code, output = new_with_editor(project, monkeypatch, fake_editor(tmp_path, written))
    assert code == 0, output
    shown = (tmp_path / "shown.md").read_text(encoding="utf-8")
    assert EDIT_MARKER in shown and "# Skriv teksten over linjen ovenfor" in shown
    entry = the_entry(project)
    assert entry.text == written
    saved = entry.path.read_text(encoding="utf-8")
    assert "Alt herunder ignoreres" not in saved
    assert "# Skriv teksten" not in saved
    assert "Under markøren" not in saved


# --- round trip: what `new` writes is read back unchanged --------------------------------


def round_trip(project: Path, title: str, text: str) -> Entry:
    """Write a draft with entry_yaml, then load it as `check` and `build` do."""
    draft = EntryDraft(type="kursus", title=title, start=date(2024, 4, 15), text=text)
    (project / "entries" / "rundtur.yaml").write_text(entry_yaml(draft), encoding="utf-8")
    return the_entry(project)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ('Han sagde "hej"', "Hun svarede \"farvel\" og 'på gensyn'."),
        ("Det var 'rart'", "Citat: 'enkelt' og \"dobbelt\""),
        ("Møde: status på året", "Tid: 12:30: frokost"),
        ("# Ikke en kommentar", "# Heller ikke en kommentar\nTekst # med havelåge"),
        ("- Ikke en liste", "- punkt et\n- punkt to"),
        ("no", "no"),
        ("12:30", "12:30"),
        ("ja", "2024"),
        ("null", "~"),
        ("”Citat” »guillemets« – tankestreg", "”Alene hjemme på nettet” – »Viften« «omvendt»"),
        ("Fest 🎉 for alle", "Glade børn 😀👍🏽"),
        ("Faner", "Kolonne\tefter tab\n\tindrykket med tab"),
        ("Mellemrum", "Linje med mellemrum til sidst   \nNæste linje  "),
        ("&anker *alias !mærke", "&anker\n*alias\n!mærke\n%TAG\n@snabel"),
        ("---", "---\n...\ntekst: |\n  ikke et felt"),
    ],
)
def test_tricky_titles_and_texts_survive_the_round_trip(
    project: Path, title: str, text: str
) -> None:
    entry = round_trip(project, title, text)
    assert entry.title == title
    assert entry.text == text.strip()


@pytest.mark.parametrize(
    "separator",
    [
        pytest.param("\u2028", id="line-separator"),
        pytest.param("\u0085", id="next-line"),
        pytest.param("\x0b", id="vertical-tab-from-word"),
    ],
)
def test_a_text_with_an_unusual_line_break_survives_the_round_trip(
    project: Path, separator: str
) -> None:
    text = f"Første linje{separator}anden linje"
    # Kept as typed, or turned into an ordinary line break: either way no word is lost.
    assert round_trip(project, "Indsat fra Word", text).text.split() == text.split()


# --- the whole entry or nothing, even on a full disk -------------------------------------

SAVE = ("--type", "kursus", "--titel", "Fuld disk", "--dato", "2024-04-15")
ENTRY = Path("entries") / "2024" / "2024-04-15-fuld-disk.yaml"


def everything_under(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, hidden ones included, with its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def refuse(number: int) -> Callable[..., None]:
    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    return refused


def full_disk(after: int = 0, *, half_way: bool = False) -> Callable[[int, bytes], int]:
    """os.write as on a disk that is full after `after` whole writes, the next one
    writing half of its bytes first if `half_way`."""
    real, calls = os.write, 0

    def write(descriptor: int, data: bytes) -> int:
        nonlocal calls
        calls += 1
        if calls <= after:
            return real(descriptor, data)
        if calls == after + 1 and half_way:
            return real(descriptor, bytes(data)[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


@pytest.fixture(params=["hard links", "no hard links"])
def links(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with hard links, and as on a drive without them (then: create exclusively)."""
    if request.param == "no hard links":
        monkeypatch.setattr(os, "link", refuse(errno.EPERM))
    return str(request.param)


@pytest.mark.parametrize("failing", ["write", "fsync", "half-way"])
def test_a_full_disk_leaves_no_entry_at_all(
    project: Path, monkeypatch: pytest.MonkeyPatch, links: str, failing: str
) -> None:
    assert new_without_questions(project, *SAVE, "--tekst", "Den første.")[0] == 0
    before = everything_under(project / "entries")
    if failing == "half-way":
        monkeypatch.setattr(os, "write", full_disk(half_way=True))
    else:
        monkeypatch.setattr(os, failing, refuse(errno.ENOSPC))
    code, output = new_without_questions(project, *SAVE, "--tekst", "Den anden.")
    monkeypatch.undo()
    assert code == 1
    assert "Der er ikke plads på disken." in output
    assert "Indslaget er ikke gemt; der er ikke skrevet noget i entries." in output
    assert "Traceback" not in output
    assert everything_under(project / "entries") == before  # no -2, no hidden leftover
    assert [entry.text for entry in saved_entries(project)] == ["Den første."]


@pytest.mark.parametrize("half_way", [False, True])
def test_without_hard_links_a_disk_filling_while_the_entry_is_created_leaves_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, half_way: bool
) -> None:
    # The hidden temporary file is written whole; the drive refuses the hard link; the
    # disk is full when the entry's own file is then written: that file is removed.
    monkeypatch.setattr(os, "link", refuse(errno.EPERM))
    monkeypatch.setattr(os, "write", full_disk(after=1, half_way=half_way))
    code, output = new_without_questions(project, *SAVE, "--tekst", "Tekst.")
    monkeypatch.undo()
    assert code == 1 and "Der er ikke plads på disken." in output
    assert everything_under(project / "entries") == {}


def test_an_entry_written_in_many_small_pieces_is_saved_whole(
    project: Path, monkeypatch: pytest.MonkeyPatch, links: str
) -> None:
    real = os.write
    monkeypatch.setattr(os, "write", lambda descriptor, data: real(descriptor, data[:7]))
    text = "En lang tekst, der skrives i mange små bidder. " * 20
    assert new_without_questions(project, *SAVE, "--tekst", text)[0] == 0
    monkeypatch.undo()
    assert the_entry(project).text == text.strip()
    assert everything_under(project / "entries").keys() == {ENTRY.relative_to("entries").as_posix()}


def test_a_folder_that_cannot_be_written_is_a_danish_message_and_nothing_is_saved(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "open", refuse(errno.EROFS))
    code, output = new_without_questions(project, *SAVE, "--tekst", "Tekst.")
    monkeypatch.undo()
    assert code == 1
    assert "Du har ikke adgang til at skrive i mappen." in output
    assert "Indslaget er ikke gemt" in output
    assert everything_under(project / "entries") == {}


def test_the_leftover_of_a_killed_new_is_removed_by_the_next(project: Path) -> None:
    from trivselreport.writers.files import staging

    folder = project / "entries" / "2024"
    folder.mkdir()
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    leftover = folder / f".x.yaml.{staging._host()}-{process.pid}-{'0' * 12}.ny"
    leftover.write_text("titel: halv", encoding="utf-8")
    assert new_without_questions(project, *SAVE, "--tekst", "Tekst.")[0] == 0
    assert sorted(path.name for path in folder.iterdir()) == ["2024-04-15-fuld-disk.yaml"]


# --- --edit: the editor's file stays in the project, and the text is never lost ----------


def scripted_editor(folder: Path, body: str) -> Path:
    """An 'editor' running `body` (Python) with `path`, the file it was given; every path
    it was given is logged, one a line, in editor.log beside it."""
    script = folder / "editor.py"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nfrom pathlib import Path\npath = Path(sys.argv[1])\n"
        f"with open({str(folder / 'editor.log')!r}, 'a', encoding='utf-8') as log:\n"
        "    log.write(str(path) + '\\n')\n" + textwrap.dedent(body),
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def edited_paths(folder: Path) -> list[Path]:
    return [Path(line) for line in (folder / "editor.log").read_text(encoding="utf-8").splitlines()]


def new_with_editor(
    project: Path, monkeypatch: pytest.MonkeyPatch, editor: str | Path, typed: str = "\n" * 6
) -> tuple[int, str]:
    """`new --edit` with `editor` as EDITOR; `typed` answers the other questions."""
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    result = runner.invoke(
        app,
        [
            "new",
            "--project",
            str(project),
            "--edit",
            "--type",
            "kursus",
            "--titel",
            "Med editor",
            "--dato",
            "2024-04-15",
        ],
        input=typed,
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result.exit_code, result.output


WRITE_ABOVE_MARKER = f"""\
shown = path.read_text(encoding="utf-8")
below = shown[shown.index({EDIT_MARKER!r}):]
path.write_text(TEXT + "\\n\\n" + below, encoding=ENCODING)
"""


def kept_file(project: Path) -> Path:
    files = list((project / ".trivselreport").iterdir())
    assert len(files) == 1, files
    return files[0]


def test_the_editors_file_is_in_the_project_and_removed_once_the_entry_is_saved(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = scripted_editor(
        tmp_path, 'TEXT, ENCODING = "Skrevet i editoren.", "utf-8"\n' + WRITE_ABOVE_MARKER
    )
    code, output = new_with_editor(project, monkeypatch, editor)
    assert code == 0, output
    [edited] = edited_paths(tmp_path)
    assert edited.parent == project / ".trivselreport"  # not /tmp: nothing outside the project
    assert the_entry(project).text == "Skrevet i editoren."
    assert not (project / ".trivselreport").exists()


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_an_editor_saving_in_another_encoding_keeps_the_text_and_names_the_file(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    text = "Æbler, øl og ål – på én gang." if encoding == "cp1252" else "Æbler, øl og ål."
    editor = scripted_editor(
        tmp_path, f"TEXT, ENCODING = {text!r}, {encoding!r}\n" + WRITE_ABOVE_MARKER
    )
    code, output = new_with_editor(project, monkeypatch, editor)
    assert code == 1
    kept = kept_file(project)
    assert f".trivselreport/{kept.name}" in output
    assert "Filen er ikke gemt som UTF-8." in output
    assert "Teksten, du skrev i editoren, er bevaret i denne fil." in output
    assert output.rstrip().endswith("Indslaget er ikke gemt.")
    assert kept.read_bytes().startswith(text.encode(encoding))  # as the editor saved it
    assert saved_files(project) == []
    # Saved again as UTF-8, the kept file gives the entry: only what is above the marker.
    kept.write_text(kept.read_bytes().decode(encoding), encoding="utf-8")
    code, output = new_without_questions(
        project,
        "--type",
        "kursus",
        "--titel",
        "Med editor",
        "--dato",
        "2024-04-15",
        "--tekst-fil",
        str(kept),
    )
    assert code == 0, output
    assert the_entry(project).text == text


def test_an_editor_deleting_its_file_gets_it_put_back_and_named(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = scripted_editor(tmp_path, "path.unlink()\n")
    code, output = new_with_editor(project, monkeypatch, editor)
    assert code == 1
    kept = kept_file(project)
    assert f".trivselreport/{kept.name}" in output
    assert "Editoren har slettet filen" in output
    assert "Filen er lagt tilbage" in output
    assert EDIT_MARKER in kept.read_text(encoding="utf-8")
    assert saved_files(project) == []


def test_text_refused_in_the_editor_is_opened_again_in_the_same_file(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = scripted_editor(
        tmp_path,
        f"""\
        shown = path.read_text(encoding="utf-8")
        below = shown[shown.index({EDIT_MARKER!r}):]
        above = shown[:shown.index({EDIT_MARKER!r})]
        if "070761-4285" in above:  # the second time: the user's text is still there
            TEXT = above.replace("070761-4285", "[fjernet]").strip()
        else:
            TEXT = "Barnet med cpr 070761-4285 deltog."
        path.write_text(TEXT + "\\n\\n" + below, encoding="utf-8")
        """,
    )
    code, output = new_with_editor(project, monkeypatch, editor, typed="\n" * 5 + "j\n")
    assert code == 0, output
    first, second = edited_paths(tmp_path)
    assert first == second
    assert "070761-****" in output and "070761-4285" not in output
    assert the_entry(project).text == "Barnet med cpr [fjernet] deltog."
    assert not (project / ".trivselreport").exists()


def test_text_refused_in_the_editor_and_not_reopened_is_kept_and_named(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = scripted_editor(
        tmp_path, 'TEXT, ENCODING = "Ring på 22 33 44 55.", "utf-8"\n' + WRITE_ABOVE_MARKER
    )
    code, output = new_with_editor(project, monkeypatch, editor, typed="\n" * 5 + "n\n")
    assert code == 1
    kept = kept_file(project)
    assert f".trivselreport/{kept.name}" in output
    assert "Ring på 22 33 44 55." in kept.read_text(encoding="utf-8")
    assert saved_files(project) == []


def test_an_editor_that_fails_keeps_the_file_and_names_it(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = scripted_editor(
        tmp_path, "path.write_text('Halvt skrevet', encoding='utf-8')\nsys.exit(3)\n"
    )
    code, output = new_with_editor(project, monkeypatch, editor)
    assert code == 1
    assert "sluttede med en fejl" in output
    assert f".trivselreport/{kept_file(project).name}" in output
    assert kept_file(project).read_text(encoding="utf-8") == "Halvt skrevet"


def test_when_saving_fails_after_editing_the_editors_file_is_kept_and_named(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = scripted_editor(
        tmp_path, 'TEXT, ENCODING = "Min tekst.", "utf-8"\n' + WRITE_ABOVE_MARKER
    )
    real_link = os.link
    monkeypatch.setattr(
        os,
        "link",
        lambda *args, **kwargs: (
            refuse(errno.ENOSPC)() if "entries" in str(args[1]) else real_link(*args, **kwargs)
        ),
    )
    code, output = new_with_editor(project, monkeypatch, editor)
    assert code == 1
    assert "Der er ikke plads på disken." in output
    assert f".trivselreport/{kept_file(project).name}" in output
    assert kept_file(project).read_text(encoding="utf-8").startswith("Min tekst.")
    assert saved_files(project) == []


@pytest.mark.parametrize("editor", ["findes-ikke-9f3a", "/ingen/sådan/editor", 'vim "'])
def test_a_missing_editor_is_a_danish_message_and_leaves_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, editor: str
) -> None:
    code, output = new_with_editor(project, monkeypatch, editor)
    assert code == 1
    assert f"Editoren »{editor}« kan ikke startes." in output
    assert "Traceback" not in output
    assert not (project / ".trivselreport").exists()
    assert saved_files(project) == []
