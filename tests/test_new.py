"""`trivselreport new`: writing an entry by answering questions or by options alone.

The guided flow asks, in this order: type → titel → dato → slutdato → temaer →
ansvarlig → deltagere → intern → tekst (ended by a line holding only "."). Each
answer is checked as it is given and asked again, with a Danish "✗ …", until it
is valid. With --no-input every field comes from an option named like the
entry's key. The entry is saved as entries/<år>/<dato>-<titel>.yaml and never
replaces another file.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.authoring import EntryDraft, entry_yaml
from trivselreport.cli import app
from trivselreport.config import CONFIG_FILE, load_config
from trivselreport.entries import Entry, load_entries

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
        return "\n".join((self.type, self.title, self.date, self.end, self.themes,
                          self.responsible, self.participants, self.internal,
                          self.text)) + "\n"


def new(project: Path, *options: str, answers: Answers | None = None) -> tuple[int, str]:
    """Run `trivselreport new` in `project`; returns the exit code and all output."""
    result = runner.invoke(app, ["new", "--project", str(project), *options],
                           input=answers.typed() if answers is not None else None)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}")
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
    questions = ["Type (nummer eller navn)", "Titel:", "Dato [", "Slutdato (tom: samme dag)",
                 "Temaer (numre", "Ansvarlig enhed eller rolle", "Antal deltagere",
                 "Kun til intern brug?", "Skriv teksten (Markdown)"]
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
    assert "✗ Slutdatoen ligger før datoen 2024-04-15." in output
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
    code, output = new(project, answers=Answers(
        themes="Fritid i samspil med kommunale institutioner; Tilhør"))
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
    code, output = new(project, answers=Answers(responsible="Skoleafdelingen",
                                                participants="mange\n25"))
    assert code == 0, output
    assert "✗ Skriv et helt tal, fx 25, eller lad feltet stå tomt." in output
    entry = the_entry(project)
    assert (entry.responsible, entry.participants) == ("Skoleafdelingen", 25)


def test_a_superscript_digit_as_participants_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(participants="²\n25"))
    assert code == 0, output
    assert "✗ Skriv et helt tal" in output
    assert the_entry(project).participants == 25


def test_a_text_with_paragraphs_and_a_list_is_kept_exactly(project: Path) -> None:
    lines = ["Første afsnit med **fed** tekst.", "", "- punkt et", "- punkt to", "",
             "Sidste afsnit."]
    code, output = new(project, answers=Answers(text=text_lines(*lines)))
    assert code == 0, output
    assert the_entry(project).text == "\n".join(lines)


def test_an_empty_text_is_asked_again(project: Path) -> None:
    code, output = new(project, answers=Answers(text=text_lines() + "\n"
                                                + text_lines("Nu med tekst.")))
    assert code == 0, output
    assert "✗ Teksten må ikke være tom." in output
    assert asked(output, "Skriv teksten (Markdown)") == 2
    assert the_entry(project).text == "Nu med tekst."


def test_a_text_with_a_cpr_number_is_refused_showing_only_the_masked_number(
    project: Path,
) -> None:
    code, output = new(project, answers=Answers(
        text=text_lines("Barnet med cpr 150312-1234 trives.") + "\n"
        + text_lines("Barnet trives.")))
    assert code == 0, output
    assert "✗ Teksten indeholder et CPR-nummer (150312-****)" in output
    assert asked(output, "Skriv teksten (Markdown)") == 2
    assert the_entry(project).text == "Barnet trives."
    assert "150312" not in saved_files(project)[0].read_text(encoding="utf-8")


def test_a_refused_cpr_number_is_never_printed_in_full(project: Path) -> None:
    code, output = new(project, answers=Answers(
        text=text_lines("Barnet med cpr 150312-1234 trives.") + "\n"
        + text_lines("Barnet trives.")))
    assert code == 0, output
    assert "150312-****" in output
    assert "150312-1234" not in output


def test_a_phone_number_is_refused_in_a_public_entry(project: Path) -> None:
    code, output = new(project, answers=Answers(
        internal="n",
        text=text_lines("Ring til skolen på 22 33 44 55.") + "\n"
        + text_lines("Ring til skolen.")))
    assert code == 0, output
    assert "✗ Teksten indeholder et telefonnummer (22 ** ** **)" in output
    entry = the_entry(project)
    assert (entry.text, entry.internal) == ("Ring til skolen.", False)


def test_a_phone_number_is_accepted_in_an_internal_entry(project: Path) -> None:
    code, output = new(project, answers=Answers(
        internal="j", text=text_lines("Ring til skolen på 22 33 44 55.")))
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
    result = runner.invoke(app, ["new", "--project", str(project), "--type", "kursus",
                                 "--titel", "Givet som tilvalg"], input=typed)
    assert result.exit_code == 0, result.output
    assert "Type (nummer eller navn)" not in result.output
    assert "Titel:" not in result.output
    entry = the_entry(project)
    assert (entry.type, entry.title, entry.start) == ("kursus", "Givet som tilvalg",
                                                      date(2024, 4, 15))


# --- options only ------------------------------------------------------------------------


def test_every_option_mirrors_an_entry_field(project: Path) -> None:
    code, output = new_without_questions(
        project, "--type", "kursus", "--titel", "Sorggruppekursus", "--dato", "2024-03-06",
        "--slutdato", "2024-03-08", "--tema", "Tilhør", "--tema", "Tempo og pauser",
        "--ansvarlig", "Skoleafdelingen", "--deltagere", "24", "--intern",
        "--tekst", "Et kursus over tre dage.\n\n- Viden om sorggrupper")
    assert code == 0, output
    path = project / "entries" / "2024" / "2024-03-06-sorggruppekursus.yaml"
    assert the_entry(project) == Entry(
        path=path, title="Sorggruppekursus", type="kursus", start=date(2024, 3, 6),
        end=date(2024, 3, 8), themes=("Tilhør", "Tempo og pauser"),
        responsible="Skoleafdelingen", participants=24, internal=True,
        text="Et kursus over tre dage.\n\n- Viden om sorggrupper")


def test_the_text_can_come_from_a_file(project: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "tekst.md"
    text_file.write_text("Første afsnit.\n\n- et punkt\n", encoding="utf-8")
    code, output = new_without_questions(project, "--type", "program", "--titel", "Fra fil",
                                         "--dato", "2024-04-15", "--tekst-fil", str(text_file))
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
    code, output = new_without_questions(project, "--type", "kursus", "--titel", "I dag",
                                         "--tekst", "Tekst.")
    assert code == 0, output
    entry = the_entry(project)
    assert entry.start == date.today()
    assert entry.path.parent.name == str(date.today().year)


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--dato", "15/04/24", "»15/04/24« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, "
     "fx 2024-04-15."),
    ("--dato", "31.4.2024", "Datoen »31.4.2024« findes ikke i kalenderen."),
    ("--slutdato", "2024-04-01", "Slutdatoen ligger før datoen."),
])
def test_a_bad_date_option_is_an_error_that_says_how_to_write_it(
    project: Path, option: str, value: str, message: str
) -> None:
    code, output = new_without_questions(project, "--type", "kursus", "--titel", "X",
                                         "--dato", "2024-04-15", "--tekst", "Tekst.",
                                         option, value)
    assert code == 1
    assert f"tilvalget »{option}«: {message}" in output
    assert saved_files(project) == []


def test_an_unknown_type_option_gets_the_meant_one_suggested(project: Path) -> None:
    code, output = new_without_questions(project, "--type", "kurus", "--titel", "X",
                                         "--tekst", "Tekst.")
    assert code == 1
    assert "»kurus« er ikke en af typerne." in output
    assert "Mente du »kursus«?" in output
    assert saved_files(project) == []


def test_an_unknown_theme_option_gets_the_meant_one_suggested(project: Path) -> None:
    code, output = new_without_questions(project, "--type", "kursus", "--titel", "X",
                                         "--tekst", "Tekst.", "--tema", "Tilhor")
    assert code == 1
    assert "»Tilhor« er ikke et af temaerne." in output
    assert "Mente du »Tilhør«?" in output
    assert saved_files(project) == []


def test_text_and_text_file_together_is_an_error(project: Path, tmp_path: Path) -> None:
    text_file = tmp_path / "tekst.md"
    text_file.write_text("Fra fil.", encoding="utf-8")
    code, output = new_without_questions(project, "--type", "kursus", "--titel", "X",
                                         "--tekst", "Fra tilvalg.", "--tekst-fil", str(text_file))
    assert code == 1
    assert "Brug enten --tekst eller --tekst-fil, ikke begge." in output
    assert saved_files(project) == []


def test_a_text_file_in_utf8_with_bom_and_windows_line_ends_is_read(
    project: Path, tmp_path: Path
) -> None:
    text_file = tmp_path / "fra-notesblok.txt"
    text_file.write_bytes(b"\xef\xbb\xbf" + "Æblegrød på skolen.\r\n\r\n- én\r\n".encode())
    code, output = new_without_questions(project, "--type", "kursus", "--titel", "BOM",
                                         "--dato", "2024-04-15", "--tekst-fil", str(text_file))
    assert code == 0, output
    assert the_entry(project).text == "Æblegrød på skolen.\n\n- én"


def test_a_text_file_saved_as_windows_1252_is_refused_with_the_utf8_hint(
    project: Path, tmp_path: Path
) -> None:
    text_file = tmp_path / "ansi.txt"
    text_file.write_bytes("Æblegrød på skolen.".encode("cp1252"))
    code, output = new_without_questions(project, "--type", "kursus", "--titel", "ANSI",
                                         "--dato", "2024-04-15", "--tekst-fil", str(text_file))
    assert code == 1
    assert "Filen er ikke gemt som UTF-8." in output
    assert "Windows-1252" in output and "Kodning: UTF-8" in output
    assert saved_files(project) == []


def test_a_cpr_number_given_as_an_option_is_refused_and_shown_masked(project: Path) -> None:
    code, output = new_without_questions(project, "--type", "kursus", "--titel", "X",
                                         "--dato", "2024-04-15",
                                         "--tekst", "Barnet 150312-1234 trives.")
    assert code == 1
    assert "150312-****" in output
    assert "150312-1234" not in output
    assert saved_files(project) == []


# --- file names ---------------------------------------------------------------------------


def test_the_file_is_named_by_date_and_an_ascii_title_and_its_path_printed(
    project: Path,
) -> None:
    code, output = new_without_questions(project, "--type", "kursus", "--titel",
                                         "Åben skolegård: Ørnereden & Æblehaven",
                                         "--dato", "2024-04-15", "--tekst", "Tekst.")
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
        first: "Første.", second: "Anden."}


def test_eight_people_saving_the_same_entry_at_once_get_eight_files(project: Path) -> None:
    command = [sys.executable, "-m", "trivselreport", "new", "--no-input",
               "--project", str(project), "--type", "kursus", "--titel", "Samtidigt kursus",
               "--dato", "2024-04-15", "--tekst", "Gemt på samme tid."]
    environment = {**os.environ, "PYTHONUTF8": "1"}
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, encoding="utf-8", env=environment)
                 for _ in range(8)]
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
        ("Samtidigt kursus", "Gemt på samme tid.")}


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
        encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_edit_takes_the_text_written_above_the_marker_in_the_editor(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = "Skrevet i editoren.\n\n- et punkt\n- et andet punkt"
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, written)))
    monkeypatch.delenv("VISUAL", raising=False)
    typed = "\n" * 6  # slutdato, temaer, ansvarlig, deltagere, intern: all left empty
    result = runner.invoke(app, ["new", "--project", str(project), "--edit", "--type",
                                 "kursus", "--titel", "Med editor", "--dato", "2024-04-15"],
                           input=typed)
    assert result.exit_code == 0, result.output
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


@pytest.mark.parametrize(("title", "text"), [
    ('Han sagde "hej"', 'Hun svarede "farvel" og \'på gensyn\'.'),
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
])
def test_tricky_titles_and_texts_survive_the_round_trip(
    project: Path, title: str, text: str
) -> None:
    entry = round_trip(project, title, text)
    assert entry.title == title
    assert entry.text == text.strip()


@pytest.mark.parametrize("separator", [
    pytest.param("\u2028", id="line-separator"),
    pytest.param("\u0085", id="next-line"),
    pytest.param("\x0b", id="vertical-tab-from-word"),
])
def test_a_text_with_an_unusual_line_break_survives_the_round_trip(
    project: Path, separator: str
) -> None:
    text = f"Første linje{separator}anden linje"
    # Kept as typed, or turned into an ordinary line break: either way no word is lost.
    assert round_trip(project, "Indsat fra Word", text).text.split() == text.split()
