"""The memo's fonts come from the installed package and our own code, never from the system.

Lato (fontpkg-lato) sets the text. "Memo Symbols" supplies the symbols Lato lacks,
notably the arrow "➢" of the theme lists: a font drawn by our own code (`symbolglyphs`,
`symbolset`), built with fontTools (`symbolfont`) into the user's private cache
(`symbolcache`), one face for each Lato face. We locate Lato's folder without importing
its package.

fontconfig finds them by family name: its configuration (`fontconfig_xml`) lists
only these folders, loads only the eight faces below from them, and gives them the
families the stylesheet asks for ("Memo Sans", "Memo Symbols") besides their own
("Lato"; the symbol faces are named "Memo Symbols" already). There is no @font-face:
WeasyPrint would copy every such font into a new temporary folder on each build.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

from trivselreport.writers.fonts.symbolcache import installed_faces
from trivselreport.writers.fonts.symbolfont import SymbolFace

TEXT_FAMILY = "Memo Sans"
SYMBOL_FAMILY = "Memo Symbols"


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: str = "normal"
    style: str = "normal"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The font package {name} is not installed.")
    return Path(next(iter(spec.submodule_search_locations)))


# Lato's file, its weight and style, and the name of the symbol face drawn to match it
_STYLES = (
    ("Lato-Regular.ttf", "normal", "normal", "Regular"),
    ("Lato-Italic.ttf", "normal", "italic", "Italic"),
    ("Lato-Bold.ttf", "bold", "normal", "Bold"),
    ("Lato-BoldItalic.ttf", "bold", "italic", "Bold Italic"),
)


def symbol_faces() -> tuple[SymbolFace, ...]:
    lato = _package_dir("fontpkg_lato") / "files"
    return tuple(
        SymbolFace(style_name, lato / file_name, f"MemoSymbols-{style_name.replace(' ', '')}.ttf")
        for file_name, _weight, _style, style_name in _STYLES
    )


def font_faces() -> list[FontFace]:
    """Lato's four faces and the four symbol faces (built into the cache if need be)."""
    lato = _package_dir("fontpkg_lato") / "files"
    symbols = installed_faces(symbol_faces())
    text = [FontFace(TEXT_FAMILY, lato / name, weight, style) for name, weight, style, _ in _STYLES]
    drawn = [
        FontFace(SYMBOL_FAMILY, path, weight, style)
        for path, (_name, weight, style, _style_name) in zip(symbols.values(), _STYLES, strict=True)
    ]
    return text + drawn


def font_dirs(faces: list[FontFace] | None = None) -> list[Path]:
    """The folders of `faces` (by default the memo's, `font_faces`)."""
    return sorted({face.path.parent for face in (font_faces() if faces is None else faces)})


def fontconfig_xml(cache_dir: Path, faces: list[FontFace] | None = None) -> str:
    """A fontconfig configuration that knows the shipped faces (`faces`, by default
    `font_faces`, which checks the symbol faces: given, they are not checked again)
    and nothing else."""
    faces = font_faces() if faces is None else faces
    root = Element("fontconfig")
    for folder in font_dirs(faces):
        SubElement(root, "dir").text = str(folder)
    SubElement(root, "cachedir").text = str(cache_dir)
    select = SubElement(root, "selectfont")
    SubElement(SubElement(select, "rejectfont"), "glob").text = "*"
    accept = SubElement(select, "acceptfont")
    for face in faces:  # a glob of the file's exact path (fontconfig knows only * and ?)
        SubElement(accept, "glob").text = str(face.path)
    for face in faces:  # prepended: the fonts' own family names still match too
        match = SubElement(root, "match", target="scan")
        test = SubElement(match, "test", name="file", compare="eq")
        SubElement(test, "string").text = str(face.path)
        edit = SubElement(match, "edit", name="family", mode="prepend")
        SubElement(edit, "string").text = face.family
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        + tostring(root, encoding="unicode")
        + "\n"
    )
