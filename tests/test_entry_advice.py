"""Each entry's writing advice (LIX, typography, spelling) is kept between runs in
.trivselreport-cache/raad.json: an unchanged entry's advice is not worked out again, and
anything the advice depends on (the entry, the config, the word list, the dictionary,
the code) makes it anew. A file the tool did not write is ignored; `--uden-cache`
neither reads nor writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from trivselreport.commands import entryadvice
from trivselreport.commands.checking import check_project
from trivselreport.errors import Problem
from trivselreport.reading.cache.store import CACHE_DIR

from .conftest import write_entry

HARD = (
    "titel: Svært\ntype: kursus\ndato: 2024-04-15\ntekst: |\n"
    "  Kommunalbestyrelsens uddannelsesudvalg behandlede forvaltningens omfattende "
    'redegørelse om "trivselsfremmende" initiativer 2023-2024 grundigt, og vi var med.\n'
)  # LIX 78: 14 words (a year range is none), 9 of them long, 1 sentence
EASY = "titel: Let\ntype: kursus\ndato: 2024-04-16\ntekst: Vi så en god film.\n"
MISSPELT = "titel: Fejl\ntype: kursus\ndato: 2024-04-17\ntekst: Alle kan biddrage.\n"


@pytest.fixture
def project(small_project: Path) -> Path:
    write_entry(small_project, "svaer.yaml", HARD)
    write_entry(small_project, "let.yaml", EASY)
    write_entry(small_project, "fejl.yaml", MISSPELT)
    return small_project


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entries whose advice was worked out (not taken from the file)."""
    worked: list[str] = []
    real = entryadvice.writing_problems  # type: ignore[attr-defined]

    def counting(config: object, entries: list[object], *rest: object) -> list[Problem]:
        worked.extend(entry.path.name for entry in entries)  # type: ignore[attr-defined]
        return real(config, entries, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(entryadvice, "writing_problems", counting)
    return worked


def advice(project: Path, *, cached: bool = True) -> list[Problem]:
    return [p for p in check_project(project, cached=cached).problems if p.kind]


def test_the_kept_advice_is_the_advice_worked_out(project: Path, made: list[str]) -> None:
    cold = advice(project)
    assert {p.kind for p in cold} == {"lix", "typografi", "stavning"}
    assert sorted(made) == ["fejl.yaml", "let.yaml", "svaer.yaml"]
    made.clear()
    assert advice(project) == cold
    assert made == []
    assert advice(project, cached=False) == cold


def test_only_a_changed_entry_is_worked_out_again(project: Path, made: list[str]) -> None:
    advice(project)
    made.clear()
    write_entry(project, "let.yaml", EASY.replace("god film", "god bog"))
    advice(project)
    assert made == ["let.yaml"]


def test_an_entry_moved_down_a_line_gets_its_advice_on_the_new_line(project: Path) -> None:
    before = {p.line for p in advice(project) if p.file and p.file.name == "fejl.yaml"}
    write_entry(project, "fejl.yaml", "# en kommentar\n" + MISSPELT)
    after = {p.line for p in advice(project) if p.file and p.file.name == "fejl.yaml"}
    assert after == {line + 1 for line in before if line is not None}


def test_a_changed_config_or_word_list_makes_every_advice_anew(
    project: Path, made: list[str]
) -> None:
    advice(project)
    made.clear()
    config = project / "trivselreport.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "lix_grænse: 100\n", "utf-8")
    assert not any(p.kind == "lix" for p in advice(project))
    assert len(made) == 3
    made.clear()
    (project / "ordliste.txt").write_text("biddrage\n", encoding="utf-8")
    assert not any(p.kind == "stavning" for p in advice(project))
    assert len(made) == 3


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[1]", b'{"format": "trivselreport advice", "key": "x", "records": []}'],
)
def test_a_file_the_tool_did_not_write_is_ignored(
    project: Path, made: list[str], content: bytes
) -> None:
    (project / CACHE_DIR).mkdir()
    (project / CACHE_DIR / entryadvice.ADVICE_FILE).write_bytes(content)
    assert {p.kind for p in advice(project)} == {"lix", "typografi", "stavning"}
    assert len(made) == 3


def test_a_record_tampered_with_is_worked_out_again(project: Path, made: list[str]) -> None:
    import json

    advice(project)
    kept = project / CACHE_DIR / entryadvice.ADVICE_FILE
    document = json.loads(kept.read_text(encoding="utf-8"))
    for record in document["records"].values():
        record[1] = [["x", 1, 2, 3, 4, "nonsens", None]]
    kept.write_text(json.dumps(document), encoding="utf-8")
    made.clear()
    assert {p.kind for p in advice(project)} == {"lix", "typografi", "stavning"}
    assert len(made) == 3


def test_without_the_cache_the_file_is_neither_read_nor_written(project: Path) -> None:
    advice(project, cached=False)
    assert not (project / CACHE_DIR / entryadvice.ADVICE_FILE).exists()
