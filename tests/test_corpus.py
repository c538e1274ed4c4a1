"""The corpus of broken entries and configs: each gives its own precise Danish message.

tests/corpus/project/ is a project whose entries/ holds one valid entry and many
broken ones, as staff really write them; tests/corpus/configs/ holds broken
configurations. A few cases cannot live in git (binary, cp1252, several megabytes,
symlinks, a folder named like an entry) and are made in a copy at test time.
`check` must report every one of them, with file, line and field, in one run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.checking import CheckReport, check_project
from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import load_config

CORPUS = Path(__file__).parent / "corpus"

# file → (line, field, words the message must hold); field None: the file as a whole.
ENTRY_CASES: dict[str, tuple[int | None, str | None, str]] = {
    "01-tab-indrykning.yaml": (5, None, "tabulatortegn"),
    "02-tab-foran-felt.yaml": (2, None, "tabulatortegn"),
    "03-dobbelt-felt.yaml": (3, "titel", "står der to gange (også i linje 1)"),
    "04-kolon-i-titel.yaml": (1, None, "Et kolon inde i en værdi"),
    "05-kolon-i-liste.yaml": (4, "temaer", "Hvert punkt i »temaer« skal være en kort tekst"),
    "06-spoergsmaal-som-noegle.yaml": (2, "type", "Feltet »type« er tomt"),
    "07-uafsluttet-anfoerselstegn.yaml": (1, None, "anførselstegn er ikke lukket"),
    "08-uafsluttet-enkelt-citat.yaml": (1, None, "anførselstegn er ikke lukket"),
    "09-uafsluttet-liste.yaml": (4, None, "firkantede parenteser er ikke lukket"),
    "10-uafsluttet-kroellet.yaml": (1, None, "krøllet parentes { er ikke lukket"),
    "11-flere-dokumenter.yaml": (5, None, "flere dokumenter"),
    "12-liste-i-stedet-for-felter.yaml": (1, None, "men den indeholder en liste"),
    "13-bare-en-saetning.yaml": (1, None, "men den indeholder en tekst"),
    "14-tom-fil.yaml": (None, None, "Filen er tom"),
    "15-kun-kommentar.yaml": (None, None, "Filen er tom"),
    "16-umulig-dato.yaml": (3, "dato", "»2024-02-30« findes ikke i kalenderen"),
    "17-dansk-datoformat.yaml": (3, "dato", "»2024-04-15« i stedet for »15-04-2024«"),
    "18-dato-med-punktum.yaml": (3, "dato", "»2024-04-15« i stedet for »15.4.2024«"),
    "19-dato-i-ord.yaml": (3, "dato", "»15. april 2024« er ikke en dato"),
    "20-slutdato-foer-dato.yaml": (4, "slutdato", "ligger før datoen 2024-03-10"),
    "21-negative-deltagere.yaml": (4, "deltagere", "må ikke være mindre end 0"),
    "22-deltagere-i-ord.yaml": (4, "deltagere", "skal være et helt tal"),
    "23-deltagere-decimal.yaml": (4, "deltagere", "skal være et helt tal, men er »12,5«"),
    "24-mangler-titel.yaml": (1, "titel", "Feltet »titel« mangler"),
    "25-mangler-type.yaml": (1, "type", "Feltet »type« mangler"),
    "26-mangler-dato.yaml": (1, "dato", "Feltet »dato« mangler"),
    "27-mangler-tekst.yaml": (1, "tekst", "Feltet »tekst« mangler"),
    "28-tom-tekst.yaml": (4, "tekst", "Feltet »tekst« er tomt"),
    "29-stavefejl-i-felt.yaml": (1, "tittel", "Ukendt felt »tittel«"),
    "30-engelsk-felt.yaml": (3, "date", "Ukendt felt »date«"),
    "31-ukendt-type.yaml": (2, "type", "»mødet« er ikke en af typerne"),
    "32-ukendt-tema.yaml": (5, "temaer", "»Tilhøre« er ikke et af temaerne"),
    "33-ukendt-sektion.yaml": (4, "sektion", "»Kursus« er ikke en af sektionernes overskrifter"),
    "35-alias-bombe.yaml": (1, None, "mere end 50000 værdier"),
    "36-python-tag.yaml": (1, None, "Mærket »python/object/apply:os.system« er ikke tilladt"),
    "37-tekst-som-liste.yaml": (4, "tekst", "skal være en tekst, men er en liste"),
    "38-titel-som-samling.yaml": (1, "titel", "men er en samling af felter"),
    "39-intern-uklart.yaml": (4, "intern", "skal være ja eller nej"),
    "40-forkert-indrykning.yaml": (2, None, "rykket ind, men hører ikke til feltet ovenfor"),
    "41-udefineret-alias.yaml": (1, None, "peger på noget, der ikke findes"),
    "42-styretegn.yaml": (1, None, "usynligt styretegn (U+0001)"),
    "43-cpr-nummer.yaml": (5, "tekst", "ligner et CPR-nummer (150312-****)"),
    "44-telefonnummer.yaml": (4, "tekst", "ligner et telefonnummer (22 ** ** **)"),
    "45-selvreference.yaml": (4, None, "peger på sig selv"),
    "46-dobbelt-tema.yaml": (4, "temaer", "»Tempo« er ikke et af temaerne"),
    # Control characters that YAML escapes produce: invalid in the PDF's XMP and DOCX's XML.
    "47-escape-bip-i-titel.yaml": (1, "titel", "usynligt styretegn (U+0007)"),
    "48-escape-farvekode-i-tekst.yaml": (4, "tekst", "usynligt styretegn (U+001B)"),
    "49-escape-nul-i-ansvarlig.yaml": (4, "ansvarlig", "usynligt styretegn (U+0000)"),
    "55-c1-styretegn.yaml": (1, "titel", "usynligt styretegn (U+009B)"),
    "56-ugyldig-escape.yaml": (1, None, "har en \\-kode, der ikke er gyldig"),
    "63-windows-sti.yaml": (1, None, "har en \\-kode, der ikke er gyldig"),
    "64-escape-nel-i-tema.yaml": (4, "temaer", "usynligt styretegn (U+0085)"),
    # Years no memo can have: typos, and dates whose arithmetic would overflow.
    "57-aar-nul.yaml": (3, "dato", "Året 0 i »0000-01-01« er ikke rimeligt"),
    "58-aar-fem-cifre.yaml": (3, "dato", "Året 20240 i »20240-04-01« er ikke rimeligt"),
    "59-aar-2204.yaml": (3, "dato", "Året 2204 i »2204-04-10« er ikke rimeligt"),
    "60-maaned-13.yaml": (3, "dato", "måned 13 findes ikke"),
    "61-slutdato-aar-9999.yaml": (4, "slutdato", "Året 9999 i »9999-12-31« er ikke rimeligt"),
    "62-negativt-aar.yaml": (3, "dato", "Året -2024 i »-2024-04-01« er ikke rimeligt"),
}

# Cases made at test time, in the copy: file → (line, words).
MADE_CASES: dict[str, tuple[int | None, str]] = {
    "50-binaer.yaml": (None, "ikke en tekstfil"),
    "51-windows-1252.yaml": (1, "ikke gemt som UTF-8"),
    "52-for-stor.yaml": (None, "grænsen er 1024 KiB"),
    "53-genvej.yaml": (None, "fører uden for projektmappen"),
    "54-mappe.yaml": (None, "ikke en almindelig fil"),
}

CONFIG_CASES: dict[str, tuple[int | None, str | None, str]] = {
    "01-ukendt-noegle.yaml": (8, "organisaton", "Ukendt felt »organisaton«"),
    "02-mangler-organisation.yaml": (1, "organisation", "»organisation« mangler"),
    "03-ukendt-pladsholder.yaml": (2, "titel", "Ukendt pladsholder »{aar}«"),
    "04-type-uden-sektion.yaml": (4, "typer", "»møde« hører ikke til nogen sektion"),
    "05-sektion-med-ukendt-type.yaml": (6, "sektioner", "samler typen »kurser«"),
    "06-ingen-sektioner.yaml": (1, "sektioner", "mindst én sektion"),
    "07-forkert-memoperiode.yaml": (9, "memoer[1].periode", "»april 2024« er ikke en måned"),
    "08-yaml-fejl.yaml": (1, None, "anførselstegn er ikke lukket"),
    "09-ugyldigt-moenster.yaml": (8, "forbudte_mønstre", "ikke et gyldigt regulært udtryk"),
    "10-tema-to-gange.yaml": (3, "temaer", "»Tilhør« står to gange"),
    "11-liste-i-stedet.yaml": (1, None, "men den indeholder en liste"),
    "12-ukendt-sektionsnoegle.yaml": (
        8,
        "sektioner[1].egen_overskrift",
        "Ukendt felt »egen_overskrift«",
    ),
    "13-titel-med-bredde.yaml": (2, "titel", "»{måned:>1000000}« i titlen har et tillæg"),
    "14-titel-med-konvertering.yaml": (2, "titel", "»{år!r}« i titlen har et tillæg"),
    "15-titel-tom-pladsholder.yaml": (2, "titel", "tom pladsholder »{}«"),
    "16-kommende-for-mange.yaml": (8, "kommende_måneder", "må højst være 60"),
    "17-kommende-i-ord.yaml": (8, "kommende_måneder", "skal være et helt tal, men er »mange«"),
    "18-styretegn-i-organisation.yaml": (1, "organisation", "styretegn (U+0007)"),
    "19-startdato-aar-nul.yaml": (8, "startdato", "Året 0 i »0000-01-01« er ikke rimeligt"),
    "20-memoperiode-aar-9999.yaml": (9, "memoer[1].periode", "Året 9999 i »9999-12«"),
    "21-memodato-aar-2204.yaml": (10, "memoer[1].dato", "Året 2204 i »2204-04-15«"),
    "22-styretegn-i-tema.yaml": (3, "temaer", "styretegn (U+001B)"),
}


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("korpus") / "projekt"
    shutil.copytree(CORPUS / "project", project)
    entries = project / "entries"
    (entries / "50-binaer.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (entries / "51-windows-1252.yaml").write_bytes("titel: Møde om trivsel\n".encode("cp1252"))
    (entries / "52-for-stor.yaml").write_bytes(b"tekst: |\n" + b"  bla bla\n" * 200_000)
    os.symlink("/etc/passwd", entries / "53-genvej.yaml")
    (entries / "54-mappe.yaml").mkdir()
    return project


@pytest.fixture(scope="module")
def report(corpus_copy: Path) -> CheckReport:
    return check_project(corpus_copy)


def problems_for(report: CheckReport, name: str) -> list[Problem]:
    return [
        problem
        for problem in report.problems
        if problem.file is not None and problem.file.name == name
    ]


def test_the_corpus_is_large_enough() -> None:
    assert len(ENTRY_CASES) + len(MADE_CASES) + len(CONFIG_CASES) >= 40
    written = {path.name for path in (CORPUS / "project" / "entries").iterdir()}
    assert set(ENTRY_CASES) | {"00-gyldigt.yaml", "34-yaml11-nej-og-klokkeslet.yaml"} == written


@pytest.mark.parametrize("name", sorted(ENTRY_CASES))
def test_each_broken_entry_gets_its_own_message(report: CheckReport, name: str) -> None:
    line, field, words = ENTRY_CASES[name]
    problems = problems_for(report, name)
    matching = [p for p in problems if words in p.message]
    assert matching, [p.message for p in problems]
    problem = matching[0]
    assert (problem.line, problem.field, problem.level) == (line, field, "error")
    assert problem.hint or "»" in problem.message  # a way out, or the value to correct


@pytest.mark.parametrize("name", sorted(MADE_CASES))
def test_files_that_are_not_text_entries_are_refused_clearly(
    report: CheckReport, name: str
) -> None:
    line, words = MADE_CASES[name]
    (problem,) = problems_for(report, name)
    assert words in problem.message and problem.line == line
    assert problem.hint


def test_the_valid_entry_and_the_yaml_1_1_surprises_load(
    corpus_copy: Path, report: CheckReport
) -> None:
    assert problems_for(report, "00-gyldigt.yaml") == []
    assert problems_for(report, "34-yaml11-nej-og-klokkeslet.yaml") == []
    # Well-formed: these two, and the two whose only fault is personal data.
    assert report.valid_entries == 4


def test_a_python_tag_is_never_executed(report: CheckReport) -> None:
    assert not Path("/tmp/trivselreport-pwned").exists()


def test_every_problem_is_reported_in_one_run_by_the_cli(corpus_copy: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--project", str(corpus_copy)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name in [*ENTRY_CASES, *MADE_CASES]:
        assert f"entries/{name}" in result.output, name
    assert "150312-1234" not in result.output


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_each_broken_config_gets_its_own_message(tmp_path: Path, name: str) -> None:
    line, field, words = CONFIG_CASES[name]
    shutil.copy2(CORPUS / "configs" / name, tmp_path / "trivselreport.yaml")
    with pytest.raises(UserError) as caught:
        load_config(tmp_path)
    matching = [p for p in caught.value.problems if words in p.message]
    assert matching, [p.message for p in caught.value.problems]
    assert (matching[0].line, matching[0].field) == (line, field)
    assert matching[0].hint or "»" in matching[0].message
