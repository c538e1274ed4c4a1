"""The test helper that reads a PDF through its structure tree finds what it must find.

A hand-made two-page PDF with known defects: the helper must join an element's text over
both pages, honour /ActualText, and report the content that no element reaches, the text
outside any marked content, the artifacts, a structure element outside the tree and a
parent tree that disagrees with the tree.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from .pdf_reader import parse_cmap, read_tags

CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0010> <00E6> endbfchar
2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<00F8> <00E5>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""


def test_the_cmap_parser_reads_bfchar_and_both_forms_of_bfrange() -> None:
    cmap = parse_cmap(CMAP)
    assert cmap.decode(bytes.fromhex("0020002100220003001000300031")) == "ABC æøå"
    assert cmap.decode(bytes.fromhex("0099")) == "\ufffd"  # a code the CMap does not map


def _identity_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """A one-byte font whose ToUnicode maps each byte to the same Latin-1 character."""
    to_unicode = pdf.make_stream(
        b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange "
        b"1 beginbfrange <00> <FF> <0000> endbfrange endcmap"
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            ToUnicode=to_unicode,
        )
    )


def _defective_pdf(path: Path) -> None:
    pdf = pikepdf.new()
    font = _identity_font(pdf)
    first = (
        b"BT /F1 12 Tf 72 700 Td "
        b"/P <</MCID 0>> BDC (Hello ) Tj EMC "
        b"/Span <</MCID 1 /ActualText (world)>> BDC (w0rld) Tj EMC "
        b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC (Side 1) Tj EMC "
        b"/Span <</MCID 2>> BDC (lost) Tj EMC "
        b"(naked) Tj ET"
    )
    second = b"BT /F1 12 Tf 72 700 Td /P <</MCID 0>> BDC ( again) Tj EMC ET"
    pages = []
    for number, content in enumerate((first, second)):
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
            StructParents=number,
        )
        pdf.pages.append(pikepdf.Page(page))
        pages.append(pdf.pages[-1].obj)
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root)
    )
    paragraph = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.P,
            P=document,
            Pg=pages[0],
            K=[0, 1, pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[1], MCID=0)],
        )
    )
    orphan = pdf.make_indirect(
        pikepdf.Dictionary(  # hangs off the Document by /P only
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Span, P=document, Pg=pages[0], K=2
        )
    )
    document.K = [paragraph]
    root.K = document
    root.ParentTree = pdf.make_indirect(
        pikepdf.Dictionary(Nums=[0, [paragraph, paragraph, orphan], 1, [document]])
    )
    pdf.Root.StructTreeRoot = root
    pdf.save(path)


def test_the_reader_follows_the_tree_over_pages_and_reports_what_it_misses(
    tmp_path: Path,
) -> None:
    path = tmp_path / "defekt.pdf"
    _defective_pdf(path)
    reading = read_tags(path)

    [paragraph] = reading.elements("P")
    assert paragraph.text == "Hello world again"
    assert paragraph.pages == {0, 1}
    assert [(m.page, m.text) for m in reading.unreached] == [(0, "lost")]
    assert reading.untagged == [(0, "naked")]
    assert reading.artifact_text(Type="Pagination", Subtype="Footer") == "Side 1"
    assert len(reading.orphans) == 1
    assert reading.parent_tree_errors == ["page 2 MCID 0: parent tree disagrees"]
    assert reading.missing == [] and reading.reached_twice == []
