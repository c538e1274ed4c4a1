"""The count of misspelt words after `build`, with the dictionary loaded beside the writers.

Whatever formats are built, the count is the one `commands.spelling.misspelt_count`
gives for the memo's texts (the entries' titles, texts and picture texts, the
sections' leads, the introduction): a word once per field, None without a
dictionary, the words of ordliste.txt known, and without it when it cannot be read.
What goes wrong while counting is not swallowed. The dictionary starts loading, in
a thread of its own, only once WeasyPrint is loaded (it is imported with ctypes'
library search off); the build counts with it when its files are written. Needs the
real Danish dictionary (fails without it, never skips).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from trivselreport.commands import spelling as advice
from trivselreport.commands.build import build_memo
from trivselreport.commands.prepare import prepare_memo
from trivselreport.memo.period import PeriodChoice
from trivselreport.memo.writing import spelling

from .conftest import SMALL_CONFIG, write_entry

APRIL = PeriodChoice(month="2024-04")
ENTRY = (
    "titel: {title}\ntype: {type}\ndato: 2024-04-{day:02d}\ntemaer: [Tilhør]\ntekst: |\n  {text}\n"
)
# Misspelt: "Sammarbejde" (a title), "biddrage" in two texts (once in one, twice in the
# other: counted once per text), "skolle" (the introduction), "mødde" (a section's lead)
# and "foraeldre" (a picture's caption); "Rødovredagen" is known from ordliste.txt, and
# "trivsell" stands in an internal entry, not in the memo.
MISSPELT = 6
FORMATS = [("pdf",), ("html",), ("docx",), ("html", "docx"), ("pdf", "html", "docx")]


def png_bytes() -> bytes:
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(stream, format="PNG")
    return stream.getvalue()


@pytest.fixture
def project(small_project: Path) -> Path:
    assert spelling.load_dictionary() is not None, "run scripts/install-system-packages"
    config = SMALL_CONFIG.replace("Arrangementer i perioden.", "Arrangementer i perioden mødde.")
    (small_project / "trivselreport.yaml").write_text(config, encoding="utf-8")
    (small_project / "ordliste.txt").write_text("Rødovredagen\n", encoding="utf-8")
    entry = ENTRY.format
    write_entry(
        small_project,
        "a.yaml",
        entry(
            title="Sammarbejde", type="program", day=3, text="Alle kan biddrage på Rødovredagen."
        ),
    )
    write_entry(
        small_project,
        "b.yaml",
        entry(title="Koncert", type="arrangement", day=9, text="Alle vil biddrage og biddrage."),
    )
    (small_project / "entries" / "foto.png").write_bytes(png_bytes())
    write_entry(
        small_project,
        "c.yaml",
        entry(title="Billedet", type="kursus", day=12, text="Et kursus.")
        + "billeder:\n  - fil: foto.png\n    alt: Et rødt felt\n    tekst: Mange foraeldre\n",
    )
    write_entry(
        small_project,
        "d.yaml",
        entry(title="Internt", type="møde", day=1, text="Om trivsell.") + "intern: ja\n",
    )
    (small_project / "indledninger").mkdir()
    (small_project / "indledninger" / "2024-04.md").write_text(
        "Velkommen til en ny skolle.\n", encoding="utf-8"
    )
    return small_project


def counted_directly(project: Path) -> int | None:
    prepared = prepare_memo(project, APRIL)
    introduction = prepared.introduction
    assert introduction is not None
    return advice.misspelt_count(
        prepared.config, prepared.selection.all, [(introduction.path, introduction.text)]
    )


@pytest.mark.pdf
@pytest.mark.parametrize("formats", FORMATS, ids=",".join)
def test_every_build_counts_the_memos_misspelt_words(project: Path, formats: tuple[str]) -> None:
    result = build_memo(project, APRIL, formats=formats)
    assert sorted(result.files) == sorted(formats)
    assert result.misspelt == counted_directly(project) == MISSPELT


@pytest.mark.pdf
@pytest.mark.parametrize("formats", [("pdf",), ("html", "docx")], ids=",".join)
def test_without_a_dictionary_the_count_is_none(
    project: Path, formats: tuple[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spelling, "load_dictionary", lambda: None)
    assert build_memo(project, APRIL, formats=formats).misspelt is None


def test_the_word_list_counts_and_an_unreadable_one_is_left_out(project: Path) -> None:
    assert build_memo(project, APRIL, formats=("html",)).misspelt == MISSPELT
    (project / "ordliste.txt").write_text("Rødovredagen\nbiddrage\nskolle\n", encoding="utf-8")
    assert build_memo(project, APRIL, formats=("html",)).misspelt == MISSPELT - 3  # biddrage twice
    (project / "ordliste.txt").write_bytes("Rødovredagen\n".encode() + b"\xff\xfe\n")  # not UTF-8
    assert build_memo(project, APRIL, formats=("html",)).misspelt == MISSPELT + 1


def test_a_fault_while_counting_reaches_the_build_after_its_files(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_arguments: object) -> int:
        raise RuntimeError("tælling")

    monkeypatch.setattr(advice, "misspelt_count", fail)
    with pytest.raises(RuntimeError, match="tælling"):
        build_memo(project, APRIL, formats=("html",))
    assert list((project / "output" / "2024-04").glob("*.html"))


def test_the_dictionary_loads_in_a_thread_of_its_own_and_the_build_counts(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[threading.Thread] = []
    counted: list[threading.Thread] = []
    load, count = spelling.load_dictionary, advice.misspelt_count

    def loading() -> spelling.Lookups | None:
        loaded.append(threading.current_thread())
        return load()

    def counting(*arguments: object) -> int | None:
        counted.append(threading.current_thread())
        return count(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(spelling, "load_dictionary", loading)
    monkeypatch.setattr(advice, "misspelt_count", counting)
    assert build_memo(project, APRIL, formats=("html", "docx")).misspelt == MISSPELT
    build = threading.current_thread()
    assert loaded[0] is not build and not loaded[0].is_alive()
    assert loaded[1:] == [build] and counted == [build]  # the loaded dictionary, counted here


def test_a_dictionary_that_fails_to_load_fails_the_count_as_before(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("ordbogen")

    monkeypatch.setattr(spelling, "load_dictionary", broken)
    with pytest.raises(RuntimeError, match="ordbogen"):
        build_memo(project, APRIL, formats=("html",))


STARTED = """\
import json, sys
from pathlib import Path
from trivselreport.commands import spellcount
from trivselreport.commands.build import build_memo
from trivselreport.memo.period import PeriodChoice

seen = []
start = spellcount.SpellingCount.start.__func__

def noting(cls, *arguments):
    seen.append(sorted(name for name in ("weasyprint", "docx") if name in sys.modules))
    return start(cls, *arguments)

spellcount.SpellingCount.start = classmethod(noting)
formats = tuple(sys.argv[2].split(","))
result = build_memo(Path(sys.argv[1]), PeriodChoice(month="2024-04"), formats=formats)
print(json.dumps([seen, result.misspelt]))
"""


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("formats", "loaded"),
    [("pdf", ["weasyprint"]), ("html,pdf,docx", ["weasyprint"]), ("docx", ["docx"])],
)
def test_the_count_starts_once_the_writers_library_is_loaded(
    project: Path, formats: str, loaded: list[str]
) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(STARTED), str(project), formats],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(completed.stdout) == [[loaded], MISSPELT]
