"""Drafts: `kladde: ja` keeps an entry in the project without it reaching any memo.

A draft is left out of the committee memo and of the internal edition; the internal
edition names it at its end under "Kladder – ikke med i notatet". Whatever is wrong
with a draft (a bad date, an unknown type, personal data, even YAML that cannot be
read, when the text has the line `kladde: ja`) is a warning: `check` shows it, and
`build`, `list` and `stats` are not stopped. A broken file that is not a draft still
stops `build` (with a hint on drafts), while `list` and `stats` show its errors, show
or count every other entry, and end with exit code 1.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner, Result

from trivselreport.cli.app import app
from trivselreport.commands.build import build_memo
from trivselreport.commands.prepare import DRAFT_HINT, prepare_memo
from trivselreport.memo import wording
from trivselreport.memo.compose import compose_drafts
from trivselreport.memo.period import Period, PeriodChoice
from trivselreport.reading.config import load_config
from trivselreport.reading.drafts import DRAFT_NOTE, Draft
from trivselreport.reading.entries import LoadedEntries, read_entries
from trivselreport.writers.readback import docx_text

from .conftest import write_entry
from .formclient import fingerprint, forms_client, page

runner = CliRunner()
APRIL = PeriodChoice(month="2024-04")

FINISHED = """\
titel: Temadag om tilhør
type: arrangement
dato: 2024-04-10
tekst: En god dag.
"""

DRAFT = """\
titel: Ufærdigt kursus
type: kursus
dato: 2024-04-12
kladde: ja
tekst: Mangler stadig.
"""


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result


def loaded(project: Path) -> LoadedEntries:
    return read_entries(load_config(project))


# --- which files are drafts, and their problems as warnings --------------------------------


def test_a_draft_is_kept_apart_from_the_entries(small_project: Path) -> None:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    draft = write_entry(small_project, "kladde.yaml", DRAFT)
    result = loaded(small_project)
    assert [entry.title for entry in result.entries] == ["Temadag om tilhør"]
    assert result.drafts == [Draft(draft, "Ufærdigt kursus", date(2024, 4, 12))]
    assert result.problems == []


def test_kladde_nej_is_an_ordinary_entry(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", DRAFT.replace("kladde: ja", "kladde: nej"))
    result = loaded(small_project)
    assert [entry.title for entry in result.entries] == ["Ufærdigt kursus"]
    assert result.drafts == []


def test_kladde_must_be_yes_or_no(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", DRAFT.replace("kladde: ja", "kladde: måske"))
    result = loaded(small_project)
    assert result.entries == [] and result.drafts == []
    assert [problem.field for problem in result.errors] == ["kladde"]


@pytest.mark.parametrize(
    ("line", "written", "said"),
    [
        ("dato: 2024-04-12", "dato: 2024-04-31", "findes ikke i kalenderen"),
        ("type: kursus", "type: ukendt", "ikke en af typerne"),
        ("tekst: Mangler stadig.", "", "»tekst« mangler"),
        ("tekst: Mangler stadig.", "tekst: x\nfarve: blå", "farve"),
        ("tekst: Mangler stadig.", "tekst: x\ndeltagere: mange", "deltagere"),
        ("dato: 2024-04-12", "dato: 2024-04-12\nslutdato: 2024-01-01", "slutdato"),
    ],
)
def test_what_is_wrong_with_a_draft_is_a_warning(
    small_project: Path, line: str, written: str, said: str
) -> None:
    write_entry(small_project, "kladde.yaml", DRAFT.replace(line, written))
    result = loaded(small_project)
    assert result.entries == [] and result.errors == []
    assert result.problems
    assert all(problem.level == "warning" for problem in result.problems)
    assert any(said in problem.message or said == problem.field for problem in result.problems)
    assert all(DRAFT_NOTE in problem.message for problem in result.problems)
    assert [draft.path.name for draft in result.drafts] == ["kladde.yaml"]


@pytest.mark.parametrize(
    "draft_line",
    ["kladde: ja", "kladde: JA", "kladde:ja", 'kladde: "ja"', "kladde: yes  # ikke færdig"],
)
def test_a_file_that_is_not_yaml_is_a_draft_by_its_line(
    small_project: Path, draft_line: str
) -> None:
    write_entry(small_project, "brudt.yaml", f'titel: "Ikke lukket\n{draft_line}\ndato: x\n')
    result = loaded(small_project)
    assert result.errors == []
    assert [problem.level for problem in result.problems] == ["warning"]
    assert result.drafts == [Draft(small_project / "entries" / "brudt.yaml")]


@pytest.mark.parametrize(
    "line",
    ["  kladde: ja", "# kladde: ja", "kladde: nej", "tekst: kladde: ja", "ikke_kladde: ja"],
)
def test_only_a_kladde_line_of_its_own_makes_a_broken_file_a_draft(
    small_project: Path, line: str
) -> None:
    write_entry(small_project, "brudt.yaml", f'titel: "Ikke lukket\n{line}\n')
    result = loaded(small_project)
    assert result.drafts == []
    assert [problem.level for problem in result.problems] == ["error"]


def test_a_file_that_is_not_text_is_never_a_draft(small_project: Path) -> None:
    path = small_project / "entries" / "ansi.yaml"
    path.write_bytes("titel: Æblet\nkladde: ja\n".encode("cp1252"))
    result = loaded(small_project)
    assert result.drafts == []
    assert [problem.level for problem in result.problems] == ["error"]


def test_personal_data_in_a_draft_is_a_warning_and_its_title_is_not_kept(
    small_project: Path,
) -> None:
    write_entry(
        small_project, "kladde.yaml", DRAFT.replace("Ufærdigt kursus", "Samtale med 150312-1234")
    )
    result = loaded(small_project)
    assert result.errors == []
    assert any("CPR" in problem.message for problem in result.problems)
    assert result.drafts == [
        Draft(small_project / "entries" / "kladde.yaml", None, date(2024, 4, 12))
    ]


def test_contact_details_in_an_internal_drafts_title_are_not_kept_either(
    small_project: Path,
) -> None:
    text = DRAFT.replace("Ufærdigt kursus", "Ring til a@b.dk").replace(
        "kladde: ja", "kladde: ja\nintern: ja"
    )
    write_entry(small_project, "kladde.yaml", text)
    [draft] = loaded(small_project).drafts
    assert draft.title is None


# --- the memo -------------------------------------------------------------------------------


def test_a_draft_reaches_neither_edition_and_is_named_at_the_end_of_the_internal_one(
    small_project: Path,
) -> None:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    write_entry(small_project, "kladde.yaml", DRAFT)
    write_entry(small_project, "brudt.yaml", 'titel: "Ikke lukket\nkladde: ja\n')
    committee = prepare_memo(small_project, APRIL).memo
    internal = prepare_memo(small_project, APRIL, internal=True).memo
    for memo in (committee, internal):
        titles = [item.title for section in memo.sections for item in section.items]
        assert titles == ["Temadag om tilhør"]
        assert all("kladde" not in path.name for path in memo.sources)
    assert committee.drafts == []
    assert [draft.line for draft in internal.drafts] == [
        "Ufærdigt kursus, 12. april 2024 (entries/kladde.yaml)",
        f"{wording.DRAFT_NO_TITLE}, {wording.DRAFT_NO_DATE} (entries/brudt.yaml)",
    ]


def test_the_internal_edition_names_the_drafts_of_the_period_and_later() -> None:
    period = Period("2024-04", start=date(2024, 1, 1), end=date(2024, 4, 30))
    root = Path("/projekt")
    drafts = [
        Draft(root / "entries/senere.yaml", "Senere", date(2024, 9, 1)),
        Draft(root / "entries/gammel.yaml", "Gammel", date(2023, 5, 1)),
        Draft(root / "entries/udateret.yaml", "Udateret"),
        Draft(root / "entries/nu.yaml", "Nu", date(2024, 1, 1)),
    ]
    notes = compose_drafts(drafts, period, root)
    assert [note.title for note in notes] == ["Nu", "Senere", "Udateret"]
    assert [note.when for note in notes] == ["1. januar 2024", "1. september 2024", "uden dato"]
    everything = Period("2024-04", end=date(2024, 4, 30))
    assert len(compose_drafts(drafts, everything, root)) == 4


def _texts(project: Path, *, internal: bool) -> dict[str, str]:
    result = build_memo(project, APRIL, internal=internal)
    pdf = "\n".join(page.extract_text() for page in pypdf.PdfReader(result.pdf_path).pages)
    return {
        "pdf": " ".join(pdf.split()),
        "html": result.html_path.read_text(encoding="utf-8"),
        "docx": docx_text(result.docx_path.read_bytes()),
    }


@pytest.mark.pdf
def test_every_format_lists_the_drafts_in_the_internal_edition_only(small_project: Path) -> None:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    write_entry(small_project, "kladde.yaml", DRAFT)
    write_entry(small_project, "cpr.yaml", DRAFT.replace("Ufærdigt kursus", "Om 150312-1234"))
    line = "Ufærdigt kursus, 12. april 2024 (entries/kladde.yaml)"
    for name, text in _texts(small_project, internal=True).items():
        assert wording.DRAFTS_HEADING in text, name
        assert line in text, name
        assert "150312" not in text, name
        assert "Mangler stadig" not in text, name
    for name, text in _texts(small_project, internal=False).items():
        assert "En god dag." in text, name
        assert wording.DRAFTS_HEADING not in text, name
        assert "Ufærdigt kursus" not in text, name


def test_the_drafts_are_a_heading_and_a_list_in_the_word_html(small_project: Path) -> None:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    write_entry(small_project, "kladde.yaml", DRAFT)
    result = build_memo(small_project, APRIL, internal=True, formats=("html",))
    html = result.html_path.read_text(encoding="utf-8")
    assert f"<h2>{wording.DRAFTS_HEADING}</h2>" in html
    assert "<li>Ufærdigt kursus, 12. april 2024 (entries/kladde.yaml)</li>" in html


# --- check, build, list, stats --------------------------------------------------------------


def test_check_reports_a_drafts_problems_as_warnings(small_project: Path) -> None:
    write_entry(small_project, "kladde.yaml", DRAFT.replace("2024-04-12", "2024-04-31"))
    write_entry(small_project, "brudt.yaml", 'titel: "Ikke lukket\nkladde: ja\n')
    result = invoke("check", "--project", str(small_project))
    assert result.exit_code == 0, result.output
    assert "0 fejl og 2 advarsler fundet." in result.output
    assert "Advarsel i entries/kladde.yaml, linje 3, felt »dato«" in result.output
    assert invoke("check", "--project", str(small_project), "--strict").exit_code == 1
    problems = json.loads(
        invoke("check", "--project", str(small_project), "--format", "json").stdout
    )
    assert {(p["file"], p["level"]) for p in problems} == {
        ("entries/kladde.yaml", "warning"),
        ("entries/brudt.yaml", "warning"),
    }


def test_build_is_not_stopped_by_a_broken_draft(small_project: Path) -> None:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    write_entry(small_project, "brudt.yaml", 'titel: "Ikke lukket\nkladde: ja\n')
    result = invoke(
        "build", "--project", str(small_project), "--period", "2024-04", "--format", "html"
    )
    assert result.exit_code == 0, result.output


def test_build_refuses_a_broken_entry_and_says_how_to_make_it_a_draft(
    small_project: Path,
) -> None:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    write_entry(
        small_project, "2024/gammel.yaml", DRAFT.replace("kladde: ja\n", "").replace("12", "31")
    )
    result = invoke("build", "--project", str(small_project), "--period", "2024-04")
    assert result.exit_code == 1
    assert "Fejl i entries/2024/gammel.yaml" in result.output
    assert DRAFT_HINT in " ".join(result.output.split())
    assert not (small_project / "output").exists()


def test_build_refusing_for_the_config_alone_does_not_speak_of_drafts(
    small_project: Path,
) -> None:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    config = small_project / "trivselreport.yaml"
    config.write_text(config.read_text(encoding="utf-8") + 'sagsnr: "150312-1234"\n', "utf-8")
    result = invoke("build", "--project", str(small_project), "--period", "2024-04")
    assert result.exit_code == 1
    assert "kladde" not in result.output


@pytest.fixture
def one_broken_old_file(small_project: Path) -> Path:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    write_entry(small_project, "moede.yaml", FINISHED.replace("arrangement", "møde"))
    write_entry(small_project, "2024/gammel.yaml", 'titel: "Ikke lukket\ndato: 2023-01-01\n')
    write_entry(small_project, "2024/forkert.yaml", FINISHED.replace("2024-04-10", "i fjor"))
    return small_project


def test_list_shows_the_errors_lists_the_rest_and_ends_with_code_1(
    one_broken_old_file: Path,
) -> None:
    result = invoke("list", "--project", str(one_broken_old_file))
    assert result.exit_code == 1
    assert "entries/faerdig.yaml" in result.stdout and "entries/moede.yaml" in result.stdout
    assert result.stdout.rstrip().endswith("2 indslag.")
    assert "Fejl i entries/2024/gammel.yaml" in result.stderr
    assert "Fejl i entries/2024/forkert.yaml" in result.stderr
    assert "kunne læses" in result.stderr


def test_stats_counts_the_rest_and_ends_with_code_1(one_broken_old_file: Path) -> None:
    for output_format in ("tabel", "csv"):
        result = invoke("stats", "--project", str(one_broken_old_file), "--format", output_format)
        assert result.exit_code == 1
        assert "Fejl i entries/2024/gammel.yaml" in result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=";"))
    assert ["type", "arrangement", "1", "", "0"] in rows
    assert ["type", "møde", "1", "", "0"] in rows


def test_list_and_stats_leave_drafts_out_and_pass(small_project: Path) -> None:
    write_entry(small_project, "faerdig.yaml", FINISHED)
    write_entry(small_project, "kladde.yaml", DRAFT)
    write_entry(small_project, "brudt.yaml", 'titel: "Ikke lukket\nkladde: ja\n')
    listed = invoke("list", "--project", str(small_project))
    assert listed.exit_code == 0, listed.output
    assert "Ufærdigt kursus" not in listed.stdout and listed.stdout.rstrip().endswith("1 indslag.")
    counted = invoke("stats", "--project", str(small_project), "--format", "csv")
    assert counted.exit_code == 0, counted.output
    assert ["type", "kursus", "0", "", "0"] in list(
        csv.reader(io.StringIO(counted.stdout), delimiter=";")
    )


# --- the serve form -------------------------------------------------------------------------


FORM = {"titel": "Ufærdigt kursus", "type": "kursus", "dato": "2024-04-12", "tekst": "Mangler."}


def test_the_form_writes_a_draft_when_kladde_is_ticked(small_project: Path) -> None:
    response = forms_client(small_project).post("/indslag/nyt", {**FORM, "kladde": "ja"})
    assert response.status_code == 303
    result = loaded(small_project)
    assert result.entries == [] and result.problems == []
    [draft] = result.drafts
    assert "kladde: ja\n" in draft.path.read_text(encoding="utf-8")


def test_the_form_shows_a_drafts_box_ticked_and_keeps_it_on_saving(small_project: Path) -> None:
    path = write_entry(small_project, "kladde.yaml", DRAFT)
    client = forms_client(small_project)
    response = client.get("/indslag/ret", fil="entries/kladde.yaml")
    assert response.status_code == 200, response.text
    parsed = page(response.text)
    assert "checked" in parsed.by_id("felt-kladde").attrs
    form = {
        **{key: parsed.value(key) for key in ("titel", "type", "dato", "tekst")},
        "kladde": "ja",
        "fil": parsed.value("fil"),
        "fingeraftryk": fingerprint(response.text),
    }
    saved = client.post("/indslag/ret", {**form, "titel": "Stadig ufærdigt"})
    assert saved.status_code == 303, saved.text
    assert "kladde: ja" in path.read_text(encoding="utf-8")
    assert [draft.title for draft in loaded(small_project).drafts] == ["Stadig ufærdigt"]
    finished = client.get("/indslag/ret", fil="entries/kladde.yaml")
    form["fingeraftryk"] = fingerprint(finished.text)
    del form["kladde"]
    assert client.post("/indslag/ret", form).status_code == 303
    assert [entry.title for entry in loaded(small_project).entries] == ["Ufærdigt kursus"]


def test_personal_data_in_a_drafts_file_name_is_still_an_error(small_project: Path) -> None:
    write_entry(small_project, "150312-1234.yaml", DRAFT)
    result = loaded(small_project)
    assert result.errors
    assert all(problem.level == "error" for problem in result.errors)


def test_new_writes_a_draft_with_kladde(small_project: Path) -> None:
    result = invoke(
        "new",
        "--project",
        str(small_project),
        "--no-input",
        "--type",
        "kursus",
        "--titel",
        "Kursus i sorg",
        "--dato",
        "2024-04-12",
        "--tekst",
        "Program følger.",
        "--kladde",
    )
    assert result.exit_code == 0, result.output
    assert "gemt som kladde i entries/2024/2024-04-12-kursus-i-sorg.yaml" in result.output
    written = (small_project / "entries/2024/2024-04-12-kursus-i-sorg.yaml").read_text("utf-8")
    assert "kladde: ja\n" in written
    project = loaded(small_project)
    assert [draft.title for draft in project.drafts] == ["Kursus i sorg"]
    assert project.entries == []
