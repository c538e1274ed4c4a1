"""Pictures in entries: only through the `billeder` field, each checked before use.

A picture must be a file inside the project (no path or link may lead out of
it), a real PNG or JPEG (judged by its content, not its name), no larger than
MAX_PICTURE_BYTES and MAX_PIXELS, whole and readable, and carry an alternative
text for readers who cannot see it. Markdown images in entry text are never
fetched (see markdown.py).

Pillow decodes each picture to prove it whole (`inspect_picture`); it is imported
only when an entry has pictures. What is published is never the file as it is but
its clean copy, made in picturepublish.py.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from trivselreport.reading.cache.inputs import note_file
from trivselreport.reading.fields.declarations import PICTURE_FIELDS
from trivselreport.reading.fields.reader import FieldReader
from trivselreport.reading.pictures.clean import clean
from trivselreport.reading.pictures.cleancopy import CleanPicture
from trivselreport.reading.pictures.fault import MAX_PIXELS, PictureFault, damaged
from trivselreport.reading.pictures.jpeg import JPEG_SIGNATURE
from trivselreport.reading.pictures.png import PNG_SIGNATURE

MAX_PICTURE_BYTES = 5 * 1024 * 1024
MAX_ALT_LENGTH = 300

PICTURE_SCHEMA = PICTURE_FIELDS  # the older name of the declaration

_SIGNATURES = {PNG_SIGNATURE: "image/png", JPEG_SIGNATURE: "image/jpeg"}
# What a file that is not PNG or JPEG most often is, by its first bytes.
_OTHER_KINDS = (
    (b"GIF8", 0, "et GIF-billede"),
    (b"WEBP", 8, "et WebP-billede"),
    (b"ftypavif", 4, "et AVIF-billede"),
    (b"ftyphei", 4, "et HEIC-billede"),
    (b"ftypmif1", 4, "et HEIC-billede"),
    (b"BM", 0, "et BMP-billede"),
    (b"II*\0", 0, "et TIFF-billede"),
    (b"MM\0*", 0, "et TIFF-billede"),
    (b"%PDF", 0, "en PDF-fil"),
    (b"PK\x03\x04", 0, "en zip- eller Office-fil"),
)
_HEIC_HINT = (
    "Gem billedet som JPEG. På en iPhone: Indstillinger › Kamera › Formater › "
    "Mest kompatibel; eller send billedet til dig selv som JPEG."
)


@dataclass(frozen=True)
class Picture:
    path: Path
    alt: str
    caption: str | None
    media_type: str
    # Where the picture is named (entry file, line of »fil«, field): for messages only.
    source: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)
    key: str = field(default="billeder", compare=False)


def picture_type(data: bytes) -> str | None:
    return next((media for magic, media in _SIGNATURES.items() if data.startswith(magic)), None)


def _other_kind(head: bytes) -> str | None:
    return next(
        (kind for magic, at, kind in _OTHER_KINDS if head[at : at + len(magic)] == magic), None
    )


def read_pictures(fields: FieldReader, project_dir: Path) -> list[Picture]:
    pictures: list[Picture] = []
    for index, reader in enumerate(fields.item_readers("billeder"), start=1):
        picture = _read_picture(fields, reader, index, project_dir)
        if picture is not None:
            pictures.append(picture)
    return pictures


def _read_picture(
    fields: FieldReader, reader: FieldReader, index: int, project_dir: Path
) -> Picture | None:
    entry_path = fields.path
    name = reader.text("fil")
    alt = reader.text("alt")
    if alt is not None and len(alt) > MAX_ALT_LENGTH:
        reader.add(
            "alt",
            f"Den alternative tekst er {len(alt)} tegn; højst {MAX_ALT_LENGTH}.",
            "Beskriv kort, hvad billedet viser; læg detaljer i teksten.",
        )
    caption = reader.text("tekst")
    media_type = None
    if name is not None:
        media_type, problem = _check_file(entry_path.parent / name, project_dir, name)
        if problem:
            reader.add("fil", *problem)
    fields.problems.extend(reader.problems)
    if reader.problems or name is None or alt is None or media_type is None:
        return None
    return Picture(
        (entry_path.parent / name).resolve(),
        alt,
        caption,
        media_type,
        source=entry_path,
        line=reader.line_of("fil"),
        key=f"billeder[{index}].fil",
    )


def _check_file(
    path: Path, project_dir: Path, name: str
) -> tuple[str | None, tuple[str, str | None] | None]:
    try:
        return _check_existing_file(path, project_dir, name)
    except (OSError, ValueError, RuntimeError):  # RuntimeError: a ring of links
        return None, (
            f"Filnavnet »{name[:80]}« kan ikke bruges.",
            "Giv billedfilen et kort navn med almindelige bogstaver, fx foto.jpg.",
        )


def _check_existing_file(
    path: Path, project_dir: Path, name: str
) -> tuple[str | None, tuple[str, str | None] | None]:
    resolved = path.resolve()
    note_file(resolved)  # a kept report depends on it, also when it is missing
    if not resolved.is_relative_to(project_dir.resolve()):
        return None, (
            f"Billedet »{name}« ligger uden for projektmappen.",
            "Læg billedet i samme mappe som indslaget.",
        )
    if not resolved.is_file():
        return None, (
            f"Billedet »{name}« findes ikke.",
            "Læg billedfilen i samme mappe som indslaget, og skriv dens navn.",
        )
    try:
        data = read_limited(resolved)
    except OSError:
        return None, (
            f"Billedet »{name}« kan ikke læses.",
            "Tjek, at du har adgang til filen, og at den ikke er åben i et andet program.",
        )
    if data is None:
        return None, (
            f"Billedet »{name}« fylder {resolved.stat().st_size // 1024} KiB; "
            f"grænsen er {MAX_PICTURE_BYTES // 1024 // 1024} MiB.",
            "Gem billedet i en mindre udgave (fx 1600 pixel bredt).",
        )
    media_type = picture_type(data)
    if media_type is None:
        kind = _other_kind(data[:16])
        return None, (
            f"»{name}« er ikke et PNG- eller JPEG-billede" + (f", men {kind}." if kind else "."),
            _HEIC_HINT if kind == "et HEIC-billede" else "Gem billedet som PNG eller JPEG.",
        )
    try:
        inspect_picture(data, media_type, full=False)
    except PictureFault as fault:
        return None, (f"Billedet »{name}« {fault.reason}", fault.hint)
    return media_type, None


def read_limited(path: Path) -> bytes | None:
    """The file's bytes, or None when it is larger than MAX_PICTURE_BYTES."""
    with path.open("rb") as stream:
        data = stream.read(MAX_PICTURE_BYTES + 1)
    return None if len(data) > MAX_PICTURE_BYTES else data


# --- proving a picture whole ------------------------------------------------------------


def bound_pillow() -> None:
    """Pillow (imported here, on first use) refuses pictures larger than a memo can hold;
    WeasyPrint, which decodes the pictures again, shares the bound."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def inspect_picture(data: bytes, media_type: str, *, full: bool) -> CleanPicture:
    """The clean copy of a picture, decoded by Pillow to prove it whole; PictureFault if not.

    `check` (full=False) decodes a JPEG at an eighth of its size, which still reads
    every compressed byte, and for a PNG relies on what `clean` has verified (structure,
    checksums, the pixel stream's length and every row's filter byte); the build
    (full=True) decodes every pixel.
    """
    from PIL import Image

    picture = clean(data, media_type)
    bound_pillow()
    form = "PNG" if media_type == "image/png" else "JPEG"
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(picture.data), formats=[form]) as image:
                if image.size != (picture.width, picture.height):
                    raise damaged()
                if form == "PNG" and not full:
                    image.verify()
                else:
                    if not full:
                        image.draft(
                            image.mode, (max(1, image.width // 8), max(1, image.height // 8))
                        )
                    image.load()
        except PictureFault:
            raise
        except Exception:
            # Pillow's decoders answer a damaged file with many kinds of exception
            # (OSError, SyntaxError, ValueError, struct.error …); each means the same here.
            raise damaged() from None
    return picture
