"""The memo's fonts come from Python packages, never from the system.

Lato (fontpkg-lato) sets the text; DejaVu Sans (rinoh-typeface-dejavusans)
supplies the symbols Lato lacks, notably the arrow "➢" of the theme lists.
We locate the packages' folders without importing them: importing the DejaVu
package would pull in the whole rinohtype typesetter.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

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
        FontFace(SYMBOL_FAMILY, dejavu / "DejaVuSans-BoldOblique.ttf", weight="bold",
                 style="italic"),
    ]


def font_dirs() -> list[Path]:
    return sorted({face.path.parent for face in font_faces()})


def font_face_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in font_faces()
    )
