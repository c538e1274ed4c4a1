"""The memo's fonts come from Python packages, never from the system.

Lato (fontpkg-lato) sets the text; DejaVu Sans (rinoh-typeface-dejavusans)
supplies the symbols Lato lacks, notably the arrow "➢" of the theme lists.
We locate the packages' folders without importing them: importing the DejaVu
package would pull in the whole rinohtype typesetter.

fontconfig finds them by family name: its configuration (`fontconfig_xml`) lists
only these folders, loads only the eight faces below from them, and gives them the
families the stylesheet asks for ("Memo Sans", "Memo Symbols") besides their own
("Lato", "DejaVu Sans"). There is no @font-face: WeasyPrint would copy every such
font into a new temporary folder on each build.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

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


def font_faces() -> list[FontFace]:
    lato = _package_dir("fontpkg_lato") / "files"
    dejavu = _package_dir("rinoh_typeface_dejavusans")
    return [
        FontFace(TEXT_FAMILY, lato / "Lato-Regular.ttf"),
        FontFace(TEXT_FAMILY, lato / "Lato-Italic.ttf", style="italic"),
        FontFace(TEXT_FAMILY, lato / "Lato-Bold.ttf", weight="bold"),
        FontFace(TEXT_FAMILY, lato / "Lato-BoldItalic.ttf", weight="bold", style="italic"),
        FontFace(SYMBOL_FAMILY, dejavu / "DejaVuSans.ttf"),
        FontFace(SYMBOL_FAMILY, dejavu / "DejaVuSans-Oblique.ttf", style="italic"),
        FontFace(SYMBOL_FAMILY, dejavu / "DejaVuSans-Bold.ttf", weight="bold"),
        FontFace(
            SYMBOL_FAMILY, dejavu / "DejaVuSans-BoldOblique.ttf", weight="bold", style="italic"
        ),
    ]


def font_dirs() -> list[Path]:
    return sorted({face.path.parent for face in font_faces()})


def fontconfig_xml(cache_dir: Path) -> str:
    """A fontconfig configuration that knows the shipped faces and nothing else."""
    root = Element("fontconfig")
    for folder in font_dirs():
        SubElement(root, "dir").text = str(folder)
    SubElement(root, "cachedir").text = str(cache_dir)
    select = SubElement(root, "selectfont")
    SubElement(SubElement(select, "rejectfont"), "glob").text = "*"
    accept = SubElement(select, "acceptfont")
    for face in font_faces():  # a glob of the file's exact path (fontconfig knows only * and ?)
        SubElement(accept, "glob").text = str(face.path)
    for face in font_faces():  # prepended: the fonts' own family names still match too
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
