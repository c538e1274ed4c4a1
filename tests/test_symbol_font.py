"""The "Memo Symbols" font: drawn by our own code, built with fontTools, the same every time.

Lato lacks "➢" (the theme lists' marker) and the other symbols a memo may hold; the
symbol font supplies them, one face per Lato face, in the user's private cache. These
tests read the built faces as a rasterizer and a text engine do: which characters they
map, what ink each glyph puts where, their metrics, and that the bytes never change.
"""

from __future__ import annotations

import dataclasses
import io
import os
import stat
import time
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from trivselreport.writers.fonts import symbolcache, symbolfont
from trivselreport.writers.fonts.faces import SYMBOL_FAMILY, font_faces, symbol_faces
from trivselreport.writers.fonts.symbolcache import installed_faces
from trivselreport.writers.fonts.symbolfont import build_face
from trivselreport.writers.fonts.symbolset import INVISIBLE, SPACES, SYMBOLS

# What a Danish memo plausibly holds beyond letters: list markers, arrows, check marks and
# boxes, comparison signs, fractions, dashes, the ellipsis, currency, the non-breaking
# hyphen. Each must come from Lato or from the symbol font, in every style.
MEMO_CHARACTERS = (
    "➢➣➤➔➜➝➞➡⬅⬆⬇→←↑↓↔⇒⇐⇔⇑⇓"  # arrowheads and arrows
    "✓✔✗✘✕✖☐☑☒★☆♥❤✉✚✱⚠"  # checks, crosses, boxes, stars, hearts, signs
    "■□▪▫●○◆◇▲△▼▽▶▷◀◁►◄▸▹◯◉‣⁃•◦"  # shapes and bullets
    "≥≤≠≈±×÷½¼¾‰°–—‑…€£$§©®™«»„“”‚‘’·"  # signs, fractions, dashes, quotes
)


@pytest.fixture(scope="module")
def faces() -> dict[str, TTFont]:
    """The four built faces by style name, read back from their bytes."""
    return {face.style_name: TTFont(io.BytesIO(build_face(face))) for face in symbol_faces()}


def lato(style_name: str) -> TTFont:
    face = next(face for face in symbol_faces() if face.style_name == style_name)
    return TTFont(face.lato)


STYLES = ["Regular", "Italic", "Bold", "Bold Italic"]


@pytest.mark.parametrize("style_name", STYLES)
def test_every_memo_character_is_in_lato_or_the_symbol_face(
    faces: dict[str, TTFont], style_name: str
) -> None:
    covered = set(lato(style_name).getBestCmap()) | set(faces[style_name].getBestCmap())
    missing = [character for character in MEMO_CHARACTERS if ord(character) not in covered]
    assert missing == []


@pytest.mark.parametrize("style_name", STYLES)
def test_each_face_maps_every_symbol_space_and_invisible_character(
    faces: dict[str, TTFont], style_name: str
) -> None:
    face = faces[style_name]
    cmap, glyf, hmtx = face.getBestCmap(), face["glyf"], face["hmtx"]
    for codepoint in SYMBOLS:
        glyph = glyf[cmap[codepoint]]
        assert glyph.numberOfContours != 0, f"U+{codepoint:04X} has no outline"
        assert hmtx[cmap[codepoint]][0] > 0
    for codepoint in INVISIBLE:
        assert glyf[cmap[codepoint]].numberOfContours == 0
        assert hmtx[cmap[codepoint]][0] == 0
    lato_face = lato(style_name)
    lato_cmap = lato_face.getBestCmap()
    for codepoint in SPACES:  # a space after a symbol (the marker "➢  ") is Lato's space
        assert glyf[cmap[codepoint]].numberOfContours == 0
        assert hmtx[cmap[codepoint]][0] == lato_face["hmtx"][lato_cmap[codepoint]][0]


@pytest.mark.parametrize("style_name", STYLES)
def test_a_symbol_never_changes_the_height_of_a_line(
    faces: dict[str, TTFont], style_name: str
) -> None:
    face, text = faces[style_name], lato(style_name)
    assert face["head"].unitsPerEm == text["head"].unitsPerEm
    for table, fields in (
        ("hhea", ("ascent", "descent", "lineGap")),
        ("OS/2", ("sTypoAscender", "sTypoDescender", "sTypoLineGap")),
        ("OS/2", ("usWinAscent", "usWinDescent")),
    ):
        for name in fields:
            assert getattr(face[table], name) == getattr(text[table], name), (table, name)
    assert face["OS/2"].fsSelection & 0x80 == text["OS/2"].fsSelection & 0x80


@pytest.mark.parametrize("style_name", STYLES)
def test_each_face_is_named_and_weighted_like_its_lato_face(
    faces: dict[str, TTFont], style_name: str
) -> None:
    face = faces[style_name]
    names = face["name"]
    assert names.getDebugName(1) == SYMBOL_FAMILY
    assert names.getDebugName(2) == style_name
    bold, italic = "Bold" in style_name, "Italic" in style_name
    assert face["OS/2"].usWeightClass == (700 if bold else 400)
    assert bool(face["OS/2"].fsSelection & 0x20) is bold
    assert bool(face["OS/2"].fsSelection & 0x01) is italic
    assert face["head"].macStyle == (1 if bold else 0) | (2 if italic else 0)
    assert face["OS/2"].fsType == 0  # may be embedded in a PDF
    assert face["post"].italicAngle == lato(style_name)["post"].italicAngle


def test_the_bytes_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    face = symbol_faces()[0]
    first = build_face(face)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    assert build_face(face) == first
    font = TTFont(io.BytesIO(first))
    assert font["head"].created == font["head"].modified == symbolfont.FIXED_TIMESTAMP


def ink(font_path: Path, character: str, size: int = 200) -> Image.Image:
    """The character rasterized by FreeType, black on white."""
    image = Image.new("L", (size * 2, size * 2), 255)
    font = ImageFont.truetype(str(font_path), size)
    ImageDraw.Draw(image).text((size // 2, size // 2), character, font=font, fill=0)
    return image


def dark(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """The share of dark pixels in a box of the image."""
    part = image.crop(box)
    histogram = part.histogram()
    return sum(histogram[:128]) / (part.width * part.height)


def centre(image: Image.Image) -> tuple[int, int]:
    left, top, right, bottom = bounds(image)
    return (left + right) // 2, (top + bottom) // 2


@pytest.fixture(scope="module")
def regular(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("symboler") / "MemoSymbols-Regular.ttf"
    path.write_bytes(build_face(symbol_faces()[0]))
    return path


@pytest.mark.parametrize("character", ["■", "◆", "★", "▶", "➤", "♥", "✚", "✱"])
def test_filled_shapes_are_dark_in_the_middle(regular: Path, character: str) -> None:
    image = ink(regular, character)
    x, y = centre(image)
    assert dark(image, (x - 10, y - 10, x + 10, y + 10)) > 0.95


def dark_runs(image: Image.Image, y: int) -> int:
    """How many separate dark stretches the row `y` crosses."""
    row = [image.getpixel((x, y)) < 128 for x in range(image.width)]  # type: ignore[operator]
    return sum(1 for x, inked in enumerate(row) if inked and (x == 0 or not row[x - 1]))


def bounds(image: Image.Image) -> tuple[int, int, int, int]:
    box = image.point(lambda value: 255 - value).getbbox()
    assert box is not None, "no ink at all"
    return box


@pytest.mark.parametrize("character", ["☐", "◇", "☆", "△", "▽", "◯", "◻", "◽"])
def test_outlined_shapes_are_hollow_with_an_inked_edge(regular: Path, character: str) -> None:
    image = ink(regular, character)
    x, y = centre(image)
    assert dark(image, (x - 3, y - 3, x + 3, y + 3)) < 0.05  # the hole
    assert dark_runs(image, y) >= 2  # the edge on either side of it


def test_the_theme_arrow_is_lit_on_top_and_solid_below(regular: Path) -> None:
    image = ink(regular, "➢")
    left, top, right, bottom = bounds(image)
    assert right - left > bottom - top  # it points sideways
    middle = (top + bottom) // 2
    upper = [dark_runs(image, y) for y in range(top + 3, middle - 3)]
    lower = [dark_runs(image, y) for y in range(middle + 3, bottom - 3)]
    assert max(upper) == 2 and upper.count(2) > len(upper) / 2  # an outline above …
    assert set(lower) == {1}  # … and a solid half below


def test_the_invisible_characters_leave_no_ink(regular: Path) -> None:
    for codepoint in INVISIBLE:
        assert ink(regular, chr(codepoint)).getextrema() == (255, 255), hex(codepoint)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_faces_are_written_once_to_a_private_folder_in_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    symbols = [face.path for face in font_faces() if face.family == SYMBOL_FAMILY]
    assert len(symbols) == 4
    folder = symbols[0].parent
    assert folder.parent == tmp_path / "cache" / "trivselreport"
    assert folder.name.startswith("symbols-") and mode(folder) == 0o700
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [*(path.name for path in symbols), "faces.sha256"]
    )
    written = {path: path.stat().st_mtime_ns for path in symbols}
    for path, face in zip(symbols, symbol_faces(), strict=True):
        assert path.read_bytes() == build_face(face)
    font_faces()
    assert {path: path.stat().st_mtime_ns for path in symbols} == written  # not rewritten


def test_a_later_build_uses_the_cached_faces_without_building_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    paths = installed_faces(symbol_faces())
    monkeypatch.setattr(symbolcache, "_known", {})  # as in a new process

    def no_building(face: object) -> bytes:
        raise AssertionError("the faces were built again")

    monkeypatch.setattr(symbolcache, "build_face", no_building)
    assert installed_faces(symbol_faces()) == paths


def test_the_cache_folder_changes_with_what_the_faces_are_built_from(tmp_path: Path) -> None:
    faces = symbol_faces()
    other = tmp_path / "Lato-Regular.ttf"
    other.write_bytes(faces[0].lato.read_bytes() + b"\0")
    changed = (dataclasses.replace(faces[0], lato=other), *faces[1:])
    assert symbolcache.inputs_digest(changed) != symbolcache.inputs_digest(faces)
    assert symbolcache.inputs_digest(faces) == symbolcache.inputs_digest(symbol_faces())


def test_a_damaged_or_planted_face_in_the_cache_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    paths = installed_faces(symbol_faces())
    damaged = next(iter(paths.values()))
    damaged.write_bytes(b"not a font")
    os.truncate(next(reversed(paths.values())), 100)
    monkeypatch.setattr(symbolcache, "_known", {})  # as in a new process
    again = installed_faces(symbol_faces())
    assert again == paths
    for face, path in again.items():
        assert path.read_bytes() == build_face(face)
    assert not [path for path in damaged.parent.iterdir() if path.name.startswith(".")]


def test_a_cache_folder_others_could_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    shared = tmp_path / "cache" / "trivselreport"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    paths = installed_faces(symbol_faces())
    folder = next(iter(paths.values())).parent
    assert not folder.is_relative_to(shared)
    assert folder.parent == tmp_path and mode(folder) == 0o700
    assert list(shared.rglob("*.ttf")) == []
