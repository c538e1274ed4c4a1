"""Pictures in entries: only through the `billeder` field, each checked before use.

A picture must be a file inside the project (no path or link may lead out of
it), a real PNG or JPEG (judged by its first bytes, not its name), no larger
than MAX_PICTURE_BYTES, and carry an alternative text for readers who cannot
see it. Markdown images in entry text are never fetched (see markdown.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trivselreport.fields import FieldReader
from trivselreport.yamlread import Mapping

MAX_PICTURE_BYTES = 5 * 1024 * 1024
MAX_ALT_LENGTH = 300

PICTURE_SCHEMA: dict[str, str] = {
    "fil": "Billedfilen, i forhold til indslagets mappe (PNG eller JPEG).",
    "alt": "Kort beskrivelse af billedet for den, der ikke kan se det (påkrævet).",
    "tekst": "Billedtekst under billedet (valgfri).",
}

_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class Picture:
    path: Path
    alt: str
    caption: str | None
    media_type: str


def picture_type(data: bytes) -> str | None:
    return next((media for magic, media in _SIGNATURES.items() if data.startswith(magic)), None)


def read_pictures(fields: FieldReader, project_dir: Path) -> list[Picture]:
    pictures: list[Picture] = []
    for index, mapping in enumerate(fields.mapping_list("billeder"), start=1):
        picture = _read_picture(fields, mapping, index, project_dir)
        if picture is not None:
            pictures.append(picture)
    return pictures


def _read_picture(fields: FieldReader, mapping: Mapping, index: int,
                  project_dir: Path) -> Picture | None:
    entry_path = fields.path
    reader = FieldReader(entry_path, mapping, PICTURE_SCHEMA, prefix=f"billeder[{index}].")
    name = reader.text("fil", required=True)
    alt = reader.text("alt", required=True)
    if alt is not None and len(alt) > MAX_ALT_LENGTH:
        reader.add("alt", f"Den alternative tekst er {len(alt)} tegn; højst {MAX_ALT_LENGTH}.",
                   "Beskriv kort, hvad billedet viser; læg detaljer i teksten.")
    caption = reader.text("tekst")
    media_type = None
    if name is not None:
        media_type, problem = _check_file(entry_path.parent / name, project_dir, name)
        if problem:
            reader.add("fil", *problem)
    fields.problems.extend(reader.problems)
    if reader.problems or name is None or alt is None or media_type is None:
        return None
    return Picture((entry_path.parent / name).resolve(), alt, caption, media_type)


def _check_file(path: Path, project_dir: Path,
                name: str) -> tuple[str | None, tuple[str, str | None] | None]:
    try:
        return _check_existing_file(path, project_dir, name)
    except (OSError, ValueError, RuntimeError):  # RuntimeError: a ring of links
        return None, (f"Filnavnet »{name[:80]}« kan ikke bruges.",
                      "Giv billedfilen et kort navn med almindelige bogstaver, fx foto.jpg.")


def _check_existing_file(path: Path, project_dir: Path,
                         name: str) -> tuple[str | None, tuple[str, str | None] | None]:
    resolved = path.resolve()
    if not resolved.is_relative_to(project_dir.resolve()):
        return None, (f"Billedet »{name}« ligger uden for projektmappen.",
                      "Læg billedet i samme mappe som indslaget.")
    if not resolved.is_file():
        return None, (f"Billedet »{name}« findes ikke.",
                      "Læg billedfilen i samme mappe som indslaget, og skriv dens navn.")
    size = resolved.stat().st_size
    if size > MAX_PICTURE_BYTES:
        return None, (f"Billedet »{name}« fylder {size // 1024} KiB; grænsen er "
                      f"{MAX_PICTURE_BYTES // 1024 // 1024} MiB.",
                      "Gem billedet i en mindre udgave (fx 1600 pixel bredt).")
    with resolved.open("rb") as stream:
        media_type = picture_type(stream.read(16))
    if media_type is None:
        return None, (f"»{name}« er ikke et PNG- eller JPEG-billede.",
                      "Gem billedet som PNG eller JPEG.")
    return media_type, None

