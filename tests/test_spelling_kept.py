"""Hunspell's suggestions are kept between runs in .trivselreport-cache/forslag.json, so
that a `check` run again (the pre-commit hook) does not wait for them once more. The
file belongs to one dictionary; it is used only when it is a file the tool wrote, never
through a link, and `--uden-cache` neither reads nor writes it. Needs the real Danish
dictionary (these tests fail without it, never skip)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trivselreport.commands import entryadvice
from trivselreport.commands import spelling as spelling_command
from trivselreport.commands.checking import check_project
from trivselreport.memo.writing import spelling
from trivselreport.memo.writing.spelling import Lookups
from trivselreport.reading.cache import suggestions
from trivselreport.reading.cache.store import CACHE_DIR
from trivselreport.reading.cache.suggestions import SUGGESTIONS_FILE

from .conftest import write_entry

ENTRY = "titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: Alle kan biddrage til det.\n"


class CountingDictionary:
    """The real dictionary, counting the (slow) suggestions asked of it."""

    def __init__(self) -> None:
        import enchant

        self.real = enchant.Dict("da_DK")
        self.suggested: list[str] = []

    def check(self, word: str) -> bool:
        return bool(self.real.check(word))

    def suggest(self, word: str) -> list[str]:
        self.suggested.append(word)
        return list(self.real.suggest(word))


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> CountingDictionary:
    """Each call of this fixture is a new process as far as the dictionary knows."""
    assert spelling.load_dictionary() is not None, "run scripts/install-system-packages"
    dictionary = CountingDictionary()
    monkeypatch.setattr(spelling, "load_dictionary", lambda: Lookups(dictionary))
    return dictionary


def kept_file(project: Path) -> Path:
    return project / CACHE_DIR / SUGGESTIONS_FILE


@pytest.fixture(autouse=True)
def no_kept_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    """The entries' advice is kept too (test_entry_advice.py); here each run makes it
    anew, so that only the kept suggestions are tested."""
    monkeypatch.setattr(entryadvice, "_load", lambda root, key: {})


def advice_texts(project: Path, *, cached: bool = True) -> list[str]:
    return [p.message for p in check_project(project, cached=cached).problems if p.kind]


def test_the_suggestions_of_a_check_are_kept_and_used_by_the_next(
    small_project: Path, fresh: CountingDictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    first = advice_texts(small_project)
    assert fresh.suggested == ["biddrage"]
    kept = json.loads(kept_file(small_project).read_text(encoding="utf-8"))
    assert kept["words"]["biddrage"][0] == "bidrage"

    # The next run, a new process, after the entry changed (so its advice is made anew).
    write_entry(small_project, "a.yaml", ENTRY.replace("til det.", "til dagen."))
    again = CountingDictionary()
    monkeypatch.setattr(spelling, "load_dictionary", lambda: Lookups(again))
    assert advice_texts(small_project) == first
    assert again.suggested == []


def test_a_word_corrected_is_no_longer_reported_though_its_suggestions_are_kept(
    small_project: Path, fresh: CountingDictionary
) -> None:
    entry = write_entry(small_project, "a.yaml", ENTRY)
    advice_texts(small_project)
    entry.write_text(ENTRY.replace("biddrage", "bidrage"), encoding="utf-8")
    assert advice_texts(small_project) == []
    kept = json.loads(kept_file(small_project).read_text(encoding="utf-8"))
    assert "biddrage" in kept["words"]


def test_another_dictionary_makes_the_kept_suggestions_unused(
    small_project: Path, fresh: CountingDictionary, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    advice_texts(small_project)
    monkeypatch.setattr(spelling_command, "dictionary_key", lambda: "en anden ordbog")
    monkeypatch.setattr(entryadvice, "dictionary_key", lambda: "en anden ordbog")
    again = CountingDictionary()
    monkeypatch.setattr(spelling, "load_dictionary", lambda: Lookups(again))
    advice_texts(small_project)
    assert again.suggested == ["biddrage"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"format": "trivselreport suggestions", "key": 1, "words": []}',
        b'{"format": "noget andet", "words": {"biddrage": ["forkert"]}}',
    ],
)
def test_a_file_the_tool_did_not_write_is_ignored_and_replaced(
    small_project: Path, fresh: CountingDictionary, content: bytes
) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    kept_file(small_project).parent.mkdir()
    kept_file(small_project).write_bytes(content)
    assert any("mente du »bidrage«" in text for text in advice_texts(small_project))
    assert fresh.suggested == ["biddrage"]
    assert json.loads(kept_file(small_project).read_text(encoding="utf-8"))["words"]


def test_planted_suggestions_under_another_key_are_never_shown(
    small_project: Path, fresh: CountingDictionary
) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    kept_file(small_project).parent.mkdir()
    planted = {"format": suggestions.FORMAT, "key": "gammel", "words": {"biddrage": ["x"]}}
    kept_file(small_project).write_text(json.dumps(planted), encoding="utf-8")
    assert not any("»x«" in text for text in advice_texts(small_project))


def test_a_linked_file_is_neither_read_nor_written_through(
    small_project: Path, fresh: CountingDictionary, tmp_path: Path
) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    outside = tmp_path / "udenfor.json"
    key = suggestions.dictionary_key()
    outside.write_text(
        json.dumps({"format": suggestions.FORMAT, "key": key, "words": {"biddrage": ["x"]}}),
        encoding="utf-8",
    )
    kept_file(small_project).parent.mkdir()
    kept_file(small_project).symlink_to(outside)
    assert not any("»x«" in text for text in advice_texts(small_project))
    assert json.loads(outside.read_text(encoding="utf-8"))["words"] == {"biddrage": ["x"]}
    assert not kept_file(small_project).is_symlink()  # the link itself was replaced


def test_without_the_cache_nothing_is_read_or_written(
    small_project: Path, fresh: CountingDictionary
) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    advice_texts(small_project, cached=False)
    assert not kept_file(small_project).exists()
