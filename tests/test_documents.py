"""Committee-grade documents: archival, accessible PDF; native DOCX; Word HTML that an
office suite turns into a clean document; byte-for-byte reproducible builds."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import docx.oxml.xmlchemy
import pikepdf
import pytest

from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo, parse_formats
from trivselreport.errors import UserError
from trivselreport.writers.html.accessibility import check_accessibility

from .conftest import REPO_ROOT, write_entry
from .test_compose import MODEL_HEADINGS
from .test_pdf import structure_types

pytestmark = pytest.mark.pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path: str) -> Any:
    """python-docx's own types say "maybe None" where a written document always has one."""
    return docx.Document(path)


def copy_example(target: Path) -> Path:
    shutil.copy2(REPO_ROOT / "trivselreport.yaml", target)
    for folder in ("entries", "indledninger", "templates"):
        shutil.copytree(REPO_ROOT / folder, target / folder)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = copy_example(tmp_path_factory.mktemp("eksempel"))
    return build_memo(project, PeriodChoice(month="2024-04"))


def png(width: int, height: int) -> bytes:
    """A small, valid RGB PNG."""
    raw = b"".join(b"\x00" + bytes((30, 90, 160)) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# --- the PDF ---------------------------------------------------------------------------


def test_the_pdf_is_identified_as_pdf_a_2a_and_pdf_ua_1(built: BuildResult) -> None:
    with pikepdf.open(built.pdf_path) as pdf:
        packet = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "/OutputIntents" in pdf.Root
    assert 'pdfaid:part="2"' in packet and 'pdfaid:conformance="A"' in packet
    assert 'pdfuaid:part="1"' in packet
    # PDF/A allows the PDF/UA property only with its extension schema described.
    assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in packet


def test_the_appendix_is_a_tagged_table_and_the_chart_has_a_text_alternative(
    built: BuildResult,
) -> None:
    with pikepdf.open(built.pdf_path) as pdf:
        found = structure_types(pdf.Root.StructTreeRoot, Counter())
        figures = [
            element
            for element in _elements(pdf.Root.StructTreeRoot)
            if element.get("/S") == "/Figure"
        ]
    assert found["/Table"] == 1 and found["/TH"] == 3 and found["/TD"] > 3
    assert len(figures) == 1
    assert str(figures[0].Alt).startswith("Søjlediagram over antal aktiviteter pr. tema")


def _elements(node: object) -> list[pikepdf.Dictionary]:
    found: list[pikepdf.Dictionary] = []
    if isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            found.append(node)
        if "/K" in node:
            found += _elements(node.K)
    elif isinstance(node, pikepdf.Array):
        for kid in node:
            found += _elements(kid)
    return found


# --- the DOCX --------------------------------------------------------------------------


def test_the_docx_has_real_heading_styles_and_lists(built: BuildResult) -> None:
    document = open_docx(str(built.docx_path))
    styles = Counter(paragraph.style.name for paragraph in document.paragraphs)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert styles["Heading 1"] == 1
    assert headings[1 : len(MODEL_HEADINGS) + 1] == MODEL_HEADINGS
    assert styles["List Bullet"] >= 12
    from .test_docx_a11y import Numbering

    symbols = [
        (label, text) for label, _, _, text in Numbering(document).labels(document.paragraphs)
    ]
    arrows = [text for label, text in symbols if label == "➢"]
    assert arrows[:1] == ["Tilhør"] and len(arrows) == 7
    assert sum(label == "•" for label, _ in symbols) >= 12


def _numbering_id(paragraph: object) -> str | None:
    properties = paragraph._p.pPr  # type: ignore[attr-defined]
    if properties is None or properties.numPr is None:
        return None
    return str(properties.numPr.numId.val)


def test_the_docx_is_danish_a4_with_header_and_page_number_fields(built: BuildResult) -> None:
    document = open_docx(str(built.docx_path))
    defaults = document.styles.element.find(f"{W}docDefaults")
    assert defaults is not None
    assert 'w:val="da-DK"' in docx.oxml.xmlchemy.serialize_for_reading(defaults)
    assert document.core_properties.language == "da-DK"
    assert document.core_properties.title == "Status Sundhed og Trivsel april 2024"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 2.5 and round(section.right_margin.cm, 1) == 2.0
    assert "Status Sundhed og Trivsel april 2024" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]
    instructions = [node.text.strip() for node in footer._p.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("Side ") and " af " in footer.text


def test_the_docx_overview_table_has_a_repeated_header_row(built: BuildResult) -> None:
    table = open_docx(str(built.docx_path)).tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["Tema", "Aktiviteter", "Deltagere"]
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert table.rows[-1].cells[0].text == "Aktiviteter i alt"


# --- reproducible ----------------------------------------------------------------------


def test_the_same_input_gives_the_same_bytes_in_every_format(
    built: BuildResult, tmp_path: Path
) -> None:
    again = build_memo(copy_example(tmp_path), PeriodChoice(month="2024-04"))
    for name in ("pdf", "docx", "html"):
        assert again.files[name].read_bytes() == built.files[name].read_bytes(), name


def test_source_date_epoch_sets_the_docx_timestamps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714000000")  # 2024-04-24 23:06:40 UTC
    result = build_memo(copy_example(tmp_path), PeriodChoice(month="2024-04"), formats=("docx",))
    created = open_docx(str(result.docx_path)).core_properties.created
    assert created is not None and created.isoformat().startswith("2024-04-24T23:06:40")
    assert list(result.files) == ["docx"]


# --- formats ---------------------------------------------------------------------------


def test_formats_are_chosen_and_checked() -> None:
    assert parse_formats("docx,pdf") == ("pdf", "docx")
    assert parse_formats(" HTML ") == ("html",)
    with pytest.raises(UserError) as caught:
        parse_formats("pdf,odt")
    assert "odt" in caught.value.problems[0].message


def test_an_internal_docx_is_marked_in_its_header(tmp_path: Path) -> None:
    result = build_memo(
        copy_example(tmp_path), PeriodChoice(month="2024-04"), internal=True, formats=("docx",)
    )
    assert result.docx_path.name.endswith("-intern.docx")
    header = open_docx(str(result.docx_path)).sections[0].header.paragraphs[0].text
    assert "Internt – må ikke offentliggøres" in header


# --- pictures --------------------------------------------------------------------------


def test_a_picture_with_alt_text_reaches_every_format(small_project: Path) -> None:
    (small_project / "entries" / "foto.png").write_bytes(png(40, 20))
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: Temadag
        type: arrangement
        dato: 2024-02-01
        tekst: Tekst.
        billeder:
          - fil: foto.png
            alt: Elever ved temadagen
            tekst: Fra temadagen
        """,
    )
    result = build_memo(small_project, PeriodChoice(month="2024-04"))
    with pikepdf.open(result.pdf_path) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        assert [str(figure.Alt) for figure in figures] == ["Elever ved temadagen"]
    shapes = open_docx(str(result.docx_path)).inline_shapes
    assert [shape._inline.docPr.get("descr") for shape in shapes] == ["Elever ved temadagen"]
    html = result.html_path.read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in html and 'alt="Elever ved temadagen"' in html


@pytest.mark.parametrize(
    ("picture", "message"),
    [
        ("    - fil: foto.png\n", "»alt« mangler"),
        ("    - fil: mangler.png\n      alt: x\n", "findes ikke"),
        ("    - fil: ../../../../etc/passwd\n      alt: x\n", "uden for projektmappen"),
        ("    - fil: tekst.png\n      alt: x\n", "ikke et PNG- eller JPEG-billede"),
        ("    - fil: stor.png\n      alt: x\n", "grænsen er 5 MiB"),
    ],
)
def test_a_picture_must_be_a_real_small_image_inside_the_project_with_alt_text(
    small_project: Path, picture: str, message: str
) -> None:
    folder = small_project / "entries"
    (folder / "foto.png").write_bytes(png(4, 4))
    (folder / "tekst.png").write_text("ikke et billede", encoding="utf-8")
    (folder / "stor.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024))
    write_entry(
        small_project,
        "a.yaml",
        "titel: T\ntype: arrangement\ndato: 2024-02-01\ntekst: x\nbilleder:\n" + picture,
    )
    with pytest.raises(UserError) as caught:
        build_memo(small_project, PeriodChoice(month="2024-04"))
    assert any(message in problem.message for problem in caught.value.problems), [
        problem.message for problem in caught.value.problems
    ]
    assert all(
        problem.field and problem.field.startswith("billeder[1].")
        for problem in caught.value.problems
    )


# --- accessibility checked at build time -----------------------------------------------


def test_a_memo_without_language_title_or_alt_text_is_refused() -> None:
    html = (
        "<html><head><title> </title></head><body><h1>T</h1><h3>Spring</h3>"
        '<div data-kilde="entries/a.yaml"><img src="x.png"></div>'
        "<table><tr><td>1</td></tr></table><svg></svg></body></html>"
    )
    messages = {
        (str(p.file) if p.file else None, p.message)
        for p in check_accessibility(html, Path("/projekt"))
    }
    assert ("/projekt/entries/a.yaml", "Et billede mangler en alternativ tekst (alt).") in messages
    texts = " ".join(message for _, message in messages)
    for expected in (
        "intet sprog",
        "ingen titel",
        "niveau er sprunget over",
        "kolonneoverskrifter",
        "SVG",
    ):
        assert expected in texts


def test_the_default_templates_pass_the_checks(built: BuildResult) -> None:
    from trivselreport.writers.html.render import render_pdf_html

    project = built.pdf_path.parents[2]
    assert check_accessibility(render_pdf_html(built.memo, project), project) == []


def test_a_project_template_that_skips_a_heading_level_is_refused(small_project: Path) -> None:
    write_entry(
        small_project, "a.yaml", "titel: T\ntype: arrangement\ndato: 2024-02-01\ntekst: x\n"
    )
    templates = small_project / "templates"
    templates.mkdir()
    original = (
        Path(__file__).parent.parent / "trivselreport" / "templates" / "memo.html.j2"
    ).read_text(encoding="utf-8")
    (templates / "memo.html.j2").write_text(
        original.replace("<h2>", "<h3>").replace("</h2>", "</h3>"), encoding="utf-8"
    )
    with pytest.raises(UserError) as caught:
        build_memo(small_project, PeriodChoice(month="2024-04"))
    assert "sprunget over" in caught.value.problems[0].message
    assert not (small_project / "output").exists()


# --- the Word HTML through a real office suite -------------------------------------------


def test_libreoffice_turns_the_word_html_into_a_clean_docx(
    built: BuildResult, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is installed by `scripts/bootstrap --test`"
    source = tmp_path / "notat.html"
    shutil.copy2(built.html_path, source)
    subprocess.run(
        [
            soffice,
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        env={**os.environ, "HOME": str(tmp_path)},
        capture_output=True,
        check=True,
        timeout=180,
    )
    document = open_docx(str(tmp_path / "notat.docx"))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[0] == ("Heading 1", "Status Sundhed og Trivsel april 2024")
    assert [text for style, text in headings[1:]][: len(MODEL_HEADINGS)] == MODEL_HEADINGS
    assert all(style == "Heading 2" for style, _ in headings[1:])
    assert sum(_numbering_id(p) is not None for p in document.paragraphs) >= 12
    languages = set(re.findall(r'w:lang w:val="([^"]+)"', document.styles.element.xml))
    assert languages == {"da-DK"}
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 1) == 2.5
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Side 1 af" not in body and "{{" not in body
    assert [p.text for p in section.header.paragraphs] in ([], [""])
