"""What a PNG or JPEG file holds, and a copy of it that holds only the picture.

Pure functions of bytes, standard library only (cheap enough for `check`).
`clean` walks the file's structure, refuses what is broken with a Danish
reason, and returns a copy without hidden data, losslessly: the compressed
pixels are copied as they are, only the metadata around them is dropped.

- PNG: every chunk's checksum is verified; kept are the chunks that draw the
  picture (IHDR, PLTE, IDAT, IEND) and the rendering hints that hold only
  numbers (tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, pHYs, bKGD, cICP); dropped are
  text (tEXt, zTXt, iTXt), EXIF (eXIf), time stamps (tIME) and every other or
  private chunk. The pixel stream must inflate to exactly the picture's size;
  anything hidden after it is cut off. The ICC profile's free-text name is
  replaced by a fixed one.
- JPEG: kept are the segments a decoder needs (quantisation and Huffman
  tables, frame, scans, restart interval), the colour profile (APP2
  ICC_PROFILE) and Adobe's colour-transform flag (APP14), and the JFIF header
  (APP0) without its thumbnail; dropped are EXIF and XMP (APP1), IPTC (APP13),
  comments (COM), every other APPn segment and anything after the end marker.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
# A memo shows a picture 12 cm wide; 50 megapixels covers the largest phone cameras.
MAX_PIXELS = 50_000_000

_REDO = "Åbn billedet i et billedprogram, og gem det igen som PNG eller JPEG."


class PictureFault(Exception):
    """A picture that cannot be published: the reason follows the picture's name."""

    def __init__(self, reason: str, hint: str = _REDO) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def truncated() -> PictureFault:
    return PictureFault(
        "er ufuldstændigt: filen slutter, før billedet er færdigt.",
        "Filen er måske ikke hentet eller kopieret helt. Hent eller gem billedet igen.",
    )


def damaged(detail: str = "") -> PictureFault:
    return PictureFault(f"er ødelagt og kan ikke vises{detail}.")


def checked_size(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise PictureFault(f"har ingen pixel ({width} × {height}).")
    if width * height > MAX_PIXELS:
        raise PictureFault(
            f"er {width} × {height} pixel; grænsen er {MAX_PIXELS // 1_000_000} megapixel.",
            "Gem billedet i en mindre udgave (fx 1600 pixel bredt).",
        )


@dataclass(frozen=True)
class CleanPicture:
    data: bytes
    width: int
    height: int
    # The EXIF orientation the original carried (1 = upright as stored; 2–8 = to be
    # turned or mirrored). The clean copy no longer says it.
    orientation: int = 1


def clean(data: bytes, media_type: str) -> CleanPicture:
    """A copy holding only the picture; PictureFault when the file is broken."""
    if media_type == "image/png" and data.startswith(PNG_SIGNATURE):
        return _clean_png(data)
    if media_type == "image/jpeg" and data.startswith(JPEG_SIGNATURE):
        return _clean_jpeg(data)
    raise PictureFault("er ikke et PNG- eller JPEG-billede.", "Gem billedet som PNG eller JPEG.")


# --- EXIF orientation --------------------------------------------------------------------


def exif_orientation(tiff: bytes) -> int:
    """Tag 0x0112 of an EXIF block's first directory; 1 when absent or unreadable."""
    if tiff.startswith(b"Exif\0\0"):
        tiff = tiff[6:]
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 1
    magic, directory = struct.unpack_from(order + "HI", tiff, 2)
    if magic != 42 or directory + 2 > len(tiff):
        return 1
    (count,) = struct.unpack_from(order + "H", tiff, directory)
    for index in range(count):
        at = directory + 2 + 12 * index
        if at + 12 > len(tiff):
            break
        tag, kind = struct.unpack_from(order + "HH", tiff, at)
        if tag == 0x0112 and kind == 3:  # SHORT
            (value,) = struct.unpack_from(order + "H", tiff, at + 8)
            return value if 1 <= value <= 8 else 1
    return 1


# --- PNG ---------------------------------------------------------------------------------

_PNG_RENDERING = {b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs", b"bKGD", b"cICP"}
_PNG_ANIMATION = {b"acTL", b"fcTL", b"fdAT"}
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_PNG_DEPTHS = {0: {1, 2, 4, 8, 16}, 2: {8, 16}, 3: {1, 2, 4, 8}, 4: {8, 16}, 6: {8, 16}}
# Adam7: (first column, first row, column step, row step) of each of the seven passes.
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)
_INFLATE_STEP = 1 << 20


@dataclass(frozen=True)
class _Chunk:
    kind: bytes
    body: bytes
    raw: bytes  # length, type, body and checksum as in the file


def _png_chunks(data: bytes) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    view = memoryview(data)
    position = len(PNG_SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise truncated() if chunks else damaged()
        length, kind = struct.unpack_from(">I4s", data, position)
        if (
            length > 0x7FFFFFFF
            or not kind.isalpha()
            or (not chunks and (kind, length) != (b"IHDR", 13))
        ):
            raise damaged()
        end = position + 8 + length
        if end + 4 > len(data):
            raise truncated()
        (checksum,) = struct.unpack_from(">I", data, end)
        if zlib.crc32(view[position + 8 : end], zlib.crc32(kind)) != checksum:
            raise damaged(" (en kontrolsum i filen passer ikke)")
        chunks.append(
            _Chunk(kind, bytes(view[position + 8 : end]), bytes(view[position : end + 4]))
        )
        position = end + 4
        if kind == b"IEND":
            return chunks  # anything after the end is not part of the picture


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))
    )


@dataclass(frozen=True)
class _RowRun:
    """Rows of equal length in the inflated pixel stream (one per Adam7 pass)."""

    start: int
    row_bytes: int  # the filter-type byte and the packed pixels
    count: int

    @property
    def end(self) -> int:
        return self.start + self.row_bytes * self.count


def _png_rows(width: int, height: int, bits_per_pixel: int, interlaced: bool) -> list[_RowRun]:
    passes = _ADAM7 if interlaced else ((0, 0, 1, 1),)
    runs: list[_RowRun] = []
    start = 0
    for x, y, dx, dy in passes:
        columns, count = max(0, (width - x + dx - 1) // dx), max(0, (height - y + dy - 1) // dy)
        if columns and count:
            runs.append(_RowRun(start, 1 + (columns * bits_per_pixel + 7) // 8, count))
            start = runs[-1].end
    return runs


def _filters_valid(piece: bytes, offset: int, runs: list[_RowRun]) -> bool:
    """Whether every row starting inside `piece` (at `offset` of the stream) names one of
    the five PNG filter types; sliced, so a picture of a million rows costs no loop."""
    for run in runs:
        low, high = max(run.start, offset), min(run.end, offset + len(piece))
        if low >= high:
            continue
        first = run.start + -(-(low - run.start) // run.row_bytes) * run.row_bytes
        if first < high and max(piece[first - offset : high - offset : run.row_bytes]) > 4:
            return False
    return True


def _exact_pixel_stream(stream: bytes, runs: list[_RowRun]) -> bytes:
    """The zlib pixel stream, refused if broken or short, cut to the picture's own rows if
    it hides more after them."""
    size = runs[-1].end
    inflater = zlib.decompressobj()
    total = 0
    pending = stream
    try:
        while True:
            piece = inflater.decompress(pending, _INFLATE_STEP)
            if not _filters_valid(piece, total, runs):
                raise damaged()
            total += len(piece)
            pending = inflater.unconsumed_tail
            if inflater.eof or total > size or (not piece and not pending):
                break
    except zlib.error:
        raise damaged() from None
    if total < size:
        raise truncated() if not inflater.eof else damaged()
    if total == size and inflater.eof:
        return stream[: len(stream) - len(inflater.unused_data)]  # without what follows it
    # More than the picture needs: keep the picture's own bytes, compressed anew.
    return zlib.compress(zlib.decompressobj().decompress(stream, size), 9)


def _renamed_profile(body: bytes) -> bytes | None:
    """iCCP with the profile's free-text name replaced; None when malformed."""
    separator = body.find(b"\0", 0, 80)
    if separator < 1 or len(body) < separator + 2:
        return None
    return b"ICC profile\0" + body[separator + 1 :]


def _clean_png(data: bytes) -> CleanPicture:
    chunks = _png_chunks(data)
    header = chunks[0]  # an IHDR of 13 bytes, as _png_chunks made sure
    width, height, depth, colour, compression, filtering, interlace = struct.unpack(
        ">IIBBBBB", header.body
    )
    if (
        depth not in _PNG_DEPTHS.get(colour, set())
        or compression
        or filtering
        or interlace not in (0, 1)
    ):
        raise damaged()
    checked_size(width, height)
    kinds = [chunk.kind for chunk in chunks]
    if _PNG_ANIMATION & set(kinds):
        raise PictureFault(
            "er animeret; notatet kan kun vise stillbilleder.",
            "Gem et enkelt billede fra animationen som PNG eller JPEG.",
        )
    known_critical = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}
    if (
        kinds.count(b"IHDR") != 1
        or b"IDAT" not in kinds
        or any(kind[:1].isupper() and kind not in known_critical for kind in kinds)
        or (colour == 3 and b"PLTE" not in kinds[: kinds.index(b"IDAT")])
    ):
        raise damaged()
    orientation = next(
        (exif_orientation(chunk.body) for chunk in chunks if chunk.kind == b"eXIf"), 1
    )
    stream = b"".join(chunk.body for chunk in chunks if chunk.kind == b"IDAT")
    runs = _png_rows(width, height, depth * _PNG_CHANNELS[colour], interlace == 1)
    stream = _exact_pixel_stream(stream, runs)

    parts = [PNG_SIGNATURE, header.raw]
    first_pixels = kinds.index(b"IDAT")
    for index, chunk in enumerate(chunks[1:first_pixels], start=1):
        if chunk.kind == b"PLTE" and kinds.index(b"PLTE") == index:
            parts.append(chunk.raw)
        elif chunk.kind == b"iCCP":
            renamed = _renamed_profile(chunk.body)
            if renamed is not None and b"iCCP" not in kinds[1:index]:
                parts.append(_png_chunk(b"iCCP", renamed))
        elif chunk.kind in _PNG_RENDERING and chunk.kind not in kinds[1:index]:
            parts.append(chunk.raw)  # the first of each; rendering hints after IDAT are void
    parts += [_png_chunk(b"IDAT", stream), _png_chunk(b"IEND", b"")]
    return CleanPicture(b"".join(parts), width, height, orientation)


# --- JPEG --------------------------------------------------------------------------------

# Baseline, extended sequential and progressive Huffman JPEG: what PDF and Word show.
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2}
_JPEG_OTHER_FRAMES = {0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_TABLES = {0xC4, 0xCC, 0xDB, 0xDD, 0xDC}  # DHT, DAC, DQT, DRI, DNL
_SOS, _EOI, _APP0, _APP1, _APP2, _APP14 = 0xDA, 0xD9, 0xE0, 0xE1, 0xE2, 0xEE
# In entropy-coded data 0xFF is followed by 0x00 (stuffing), a restart marker or another
# 0xFF (fill); any other byte after 0xFF starts the next segment.
_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _unsupported_jpeg() -> PictureFault:
    return PictureFault(
        "er gemt som en særlig slags JPEG, som PDF og Word ikke kan vise.",
        "Åbn billedet i et billedprogram, og gem det igen som almindelig JPEG.",
    )


def ended(size: tuple[int, int] | None) -> PictureFault:
    """The file ends early: cut off, once the frame header has been read; else garbage."""
    return truncated() if size is not None else damaged()


# JFIF 1.01, no density unit, a 1:1 pixel aspect, no thumbnail.
_PLAIN_JFIF = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"


def _jfif_keeps_colours(components: bytes, adobe_transform: int | None) -> bool:
    """Whether a JFIF header may be added without changing how decoders read the colours:
    JFIF says 'YCbCr' for three components, which an RGB-coded JPEG is not."""
    if len(components) in (1, 4):
        return True  # grey; CMYK, where decoders heed only Adobe's flag
    if len(components) != 3:
        return False
    if adobe_transform is not None:
        return adobe_transform == 1
    return components != b"RGB"


def _clean_jpeg(data: bytes) -> CleanPicture:
    parts: list[bytes] = []
    size: tuple[int, int] | None = None
    components = b""
    jfif: bytes | None = None
    adobe_transform: int | None = None
    scans = 0
    orientation: int | None = None
    position = 2
    while True:
        if position >= len(data):
            raise ended(size)
        if data[position] != 0xFF:
            # Stray bytes between segments (some encoders pad): skipped, as decoders do.
            position = data.find(b"\xff", position)
            if position < 0:
                raise ended(size)
        while position < len(data) and data[position] == 0xFF:
            position += 1  # fill bytes before a marker
        if position + 1 > len(data):
            raise ended(size)
        marker = data[position]
        position += 1
        if marker == _EOI:
            parts.append(b"\xff\xd9")
            break  # what follows the end marker is not part of this picture
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # a stray marker without a segment carries nothing
        if marker in (0x00, 0xD8):
            raise damaged()
        if position + 2 > len(data):
            raise ended(size)
        (length,) = struct.unpack_from(">H", data, position)
        end = position + length
        if length < 2:
            raise damaged()
        if end > len(data):
            raise ended(size)
        payload = data[position + 2 : end]
        segment = data[position - 2 : end]
        position = end
        if marker in _JPEG_FRAMES:
            if size is not None or len(payload) < 6 or len(payload) < 6 + 3 * payload[5]:
                raise damaged()
            precision, height, width = struct.unpack_from(">BHH", payload)
            if precision != 8:
                raise _unsupported_jpeg()
            checked_size(width, height)
            size = (width, height)
            components = payload[6 : 6 + 3 * payload[5] : 3]  # each component's identifier
            parts.append(segment)
        elif marker in _JPEG_OTHER_FRAMES:
            raise _unsupported_jpeg()
        elif marker == _SOS:
            if size is None:
                raise damaged()
            found = _NEXT_MARKER.search(data, position)
            if found is None:
                raise ended(size)
            parts.append(segment + data[position : found.start()])
            position = found.start()
            scans += 1
        elif marker in _JPEG_TABLES:
            parts.append(segment)
        elif marker == _APP0 and payload.startswith(b"JFIF\0") and len(payload) >= 14:
            # Version, density unit and density; no thumbnail.
            jfif = jfif or b"\xff\xe0\x00\x10" + payload[:12] + b"\0\0"
        elif marker == _APP1 and payload.startswith(b"Exif\0\0") and orientation is None:
            orientation = exif_orientation(payload)
        elif marker == _APP2 and payload.startswith(b"ICC_PROFILE\0"):
            parts.append(segment)  # the colour profile
        elif marker == _APP14 and payload.startswith(b"Adobe") and len(payload) == 12:
            adobe_transform = payload[11]
            parts.append(segment)  # Adobe's colour-transform flag
        # Everything else (APP1 EXIF/XMP, APP13 IPTC, other APPn, COM, extensions) is dropped.
    if size is None or scans == 0:
        raise damaged()
    # The JFIF header comes first: python-docx (and some other readers) know a JPEG only by
    # a JFIF or EXIF header right after the start marker. Where a plain one would change
    # the colours, there is none, and `publishable` has the picture encoded again.
    if jfif is None and _jfif_keeps_colours(components, adobe_transform):
        jfif = _PLAIN_JFIF
    return CleanPicture(b"".join([b"\xff\xd8", jfif or b"", *parts]), *size, orientation or 1)
