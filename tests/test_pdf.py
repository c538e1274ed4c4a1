"""The example memo's PDF, checked by what it contains."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pikepdf
import pypdf
import pytest

from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo

from .conftest import REPO_ROOT
from .test_compose import MODEL_HEADINGS

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    import shutil

    project = tmp_path_factory.mktemp("eksempel")
    shutil.copy2(REPO_ROOT / "trivselreport.yaml", project)
    for folder in ("entries", "indledninger", "templates"):
        if (REPO_ROOT / folder).is_dir():
            shutil.copytree(REPO_ROOT / folder, project / folder)
    return build_memo(project, PeriodChoice(month="2024-04"))


@pytest.fixture(scope="module")
def page_texts(built: BuildResult) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(built.pdf_path).pages]


def structure_types(node: object, found: Counter[str]) -> Counter[str]:
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found[str(node.S)] += 1
        kids = node.get("/K")
        if kids is not None:
            structure_types(kids, found)
    elif isinstance(node, pikepdf.Array):
        for kid in node:
            structure_types(kid, found)
    return found


def test_the_nine_section_headings_stand_in_the_models_order(page_texts: list[str]) -> None:
    text = "\n".join(page_texts)
    positions = [text.find(heading + "\n") for heading in MODEL_HEADINGS]
    assert -1 not in positions, list(zip(MODEL_HEADINGS, positions, strict=True))
    assert positions == sorted(positions)
    assert text.startswith("Rødovre Kommune\nStatus Sundhed og Trivsel april 2024\n")
    assert "Dato: 15. april 2024" in text


def test_pages_are_a4_and_numbered_side_x_af_y(built: BuildResult, page_texts: list[str]) -> None:
    reader = pypdf.PdfReader(built.pdf_path)
    assert built.pages is not None
    assert len(reader.pages) == built.pages >= 3
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)
        assert f"Side {number} af {built.pages}" in page_texts[number - 1]


def test_the_models_lists_and_glyphs_are_there(page_texts: list[str]) -> None:
    text = "\n".join(page_texts)
    assert text.count("➢") == 7
    assert "•" in text
    assert "”Mod på trivsel”" in text
    assert all(letter in text for letter in "æøå")


def test_internal_and_earlier_entries_are_not_in_the_pdf(page_texts: list[str]) -> None:
    text = "\n".join(page_texts)
    assert "Kun til intern brug" not in text
    assert "Styregruppen" not in text or "ressourcer" not in text


def test_danish_words_are_hyphenated(page_texts: list[str]) -> None:
    broken = [
        line for text in page_texts for line in text.splitlines() if re.search(r"[a-zæøå]-$", line)
    ]
    assert broken, "expected at least one hyphenated line break"


def test_only_the_shipped_fonts_are_used_and_all_are_embedded(built: BuildResult) -> None:
    with pikepdf.open(built.pdf_path) as pdf:
        names = set()
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                assert "/FontFile2" in descriptor
                names.add(str(font.BaseFont).split("+", 1)[1])
    assert names <= {
        "Memo-Sans",
        "Memo-Sans-Bold",
        "Memo-Sans-Italic",
        "Memo-Sans-Bold-Italic",
        "Memo-Symbols",
    }
    assert "Memo-Symbols" in names  # the arrows of the theme list


def test_language_title_author_and_tags(built: BuildResult) -> None:
    with pikepdf.open(built.pdf_path) as pdf:
        assert str(pdf.Root.Lang) == "da"
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.docinfo.Title) == "Status Sundhed og Trivsel april 2024"
        assert str(pdf.docinfo.Author) == "Programleder for Mod på trivsel"
        found = structure_types(pdf.Root.StructTreeRoot, Counter())
    assert found["/H1"] == 1
    assert found["/H2"] == len(MODEL_HEADINGS) + 1  # and the overview appendix
    assert found["/P"] > 10
    assert found["/L"] >= 2 and found["/LI"] >= 12


def test_the_html_for_word_is_written_beside_the_pdf(built: BuildResult) -> None:
    assert built.html_path.parent == built.pdf_path.parent
    html = built.html_path.read_text(encoding="utf-8")
    assert html.count("<h2>") == len(MODEL_HEADINGS) + 1  # and the overview appendix


def test_no_temporary_files_are_left_behind(built: BuildResult) -> None:
    leftovers = [
        path.name for path in Path(built.pdf_path.parent).iterdir() if path.name.startswith(".")
    ]
    assert leftovers == []


def test_two_builds_of_the_same_entries_are_byte_identical(built: BuildResult) -> None:
    first_pdf, first_html = built.pdf_path.read_bytes(), built.html_path.read_bytes()
    again = build_memo(built.pdf_path.parents[2], PeriodChoice(month="2024-04"))
    assert again.pdf_path.read_bytes() == first_pdf
    assert again.html_path.read_bytes() == first_html


def test_fontconfig_sees_only_the_shipped_font_folders() -> None:
    import os

    import trivselreport.writers.pdf.render  # noqa: F401  (sets up fontconfig on import)
    from trivselreport.writers.fonts.faces import font_dirs

    conf = Path(os.environ["FONTCONFIG_FILE"]).read_text(encoding="utf-8")
    listed = re.findall(r"<dir>(.*?)</dir>", conf)
    assert sorted(listed) == sorted(str(folder) for folder in font_dirs())


def test_the_fetcher_serves_only_allowed_files(tmp_path: Path) -> None:
    from trivselreport.writers.pdf.render import ConfinedFetcher

    allowed = tmp_path / "templates"
    allowed.mkdir()
    (allowed / "logo.svg").write_text("<svg/>", encoding="utf-8")
    fetcher = ConfinedFetcher([allowed])
    assert fetcher.fetch((allowed / "logo.svg").as_uri()).url.endswith("logo.svg")
    for url in (
        "file:///etc/passwd",
        (allowed / ".." / "x").as_uri(),
        "http://127.0.0.1/",
        "https://example.com/a.png",
        "data:text/plain,hej",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_entry_text_cannot_embed_or_fetch_files(small_project: Path) -> None:
    from .conftest import write_entry

    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: '<link rel="attachment" href="file:///etc/passwd">'
        type: arrangement
        dato: 2024-02-01
        tekst: |
          <img src="file:///etc/passwd"> ![x](file:///etc/passwd)
          <style>@import url(http://127.0.0.1/x.css);</style>
        """,
    )
    result = build_memo(small_project, PeriodChoice(month="2024-04"))
    with pikepdf.open(result.pdf_path) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        for page in pdf.pages:
            assert len(page.Resources.get("/XObject", {})) == 0  # no picture drawn
    text = "".join(page.extract_text() for page in pypdf.PdfReader(result.pdf_path).pages)
    assert '<img src="file:///etc/passwd">' in text  # shown as harmless text
