"""The built symbol faces, kept in the user's private cache between builds.

Building the four faces takes about a tenth of a second, so each build does not: they
live in ($XDG_CACHE_HOME or ~/.cache)/trivselreport/symbols-<inputs>, a folder only this
user can write (``privatecache``), named by a digest of everything their bytes depend
on (the code that draws and builds them, the Lato faces, fontTools' version). Beside
them, `faces.sha256` lists each face's SHA-256, written after the faces; a face that is
missing, damaged or differs from that list is built and written again, so a build never
reads half a font.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import fontTools

from trivselreport.writers.fonts import outlines, symbolfont, symbolglyphs, symbolset
from trivselreport.writers.fonts.privatecache import private_folder, write_if_changed
from trivselreport.writers.fonts.symbolfont import SymbolFace, build_face

MANIFEST = "faces.sha256"
_CODE = (outlines, symbolglyphs, symbolset, symbolfont)

# Faces already checked in this process, by their inputs and the cache folder's place
_known: dict[tuple[str, str, str], dict[SymbolFace, Path]] = {}


def inputs_digest(faces: tuple[SymbolFace, ...]) -> str:
    """A digest of everything the faces' bytes depend on."""
    digest = hashlib.sha256(fontTools.version.encode())
    for module in _CODE:
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # no source to read (a frozen install): its name and the version
            digest.update(f"{module.__name__} {symbolfont.VERSION}".encode())
    for face in faces:
        digest.update(f"{face.style_name}|{face.file_name}".encode())
        digest.update(face.lato.read_bytes())
    return digest.hexdigest()[:16]


def installed_faces(faces: tuple[SymbolFace, ...]) -> dict[SymbolFace, Path]:
    """Each face as a file in the private cache, built and written there if need be."""
    inputs = inputs_digest(faces)
    place = (inputs, os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", ""))
    known = _known.get(place)
    if known is not None and _intact(known):
        return known
    folder = private_folder(f"symbols-{inputs}")
    paths = {face: folder / face.file_name for face in faces}
    if not _intact(paths):
        listed = []
        for face, path in paths.items():
            data = build_face(face)
            write_if_changed(path, data)
            listed.append(f"{hashlib.sha256(data).hexdigest()}  {path.name}\n")
        write_if_changed(folder / MANIFEST, "".join(listed).encode())
    _known[place] = paths
    return paths


def _intact(paths: dict[SymbolFace, Path]) -> bool:
    """Whether every face is there with the bytes the manifest beside it lists."""
    folder = next(iter(paths.values())).parent
    try:
        lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
        listed = {name: digest for digest, name in (line.split("  ", 1) for line in lines)}
        return all(
            listed.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest()
            for path in paths.values()
        )
    except (OSError, UnicodeDecodeError, ValueError):
        return False
