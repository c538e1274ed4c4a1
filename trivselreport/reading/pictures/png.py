"""A PNG file's chunks, and a copy of it that keeps only the chunks that draw the picture.

Every chunk's checksum is verified; kept are the chunks that draw the picture (IHDR,
PLTE, IDAT, IEND) and the rendering hints that hold only numbers (tRNS, gAMA, cHRM,
sRGB, iCCP, sBIT, pHYs, bKGD, cICP); dropped are text (tEXt, zTXt, iTXt), EXIF (eXIf),
time stamps (tIME) and every other or private chunk. The pixel stream must inflate to
exactly the picture's size; anything hidden after it is cut off. The ICC profile's
free-text name is replaced by a fixed one.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from trivselreport.reading.pictures.cleancopy import CleanPicture, exif_orientation
from trivselreport.reading.pictures.fault import PictureFault, checked_size, damaged, truncated

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

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


def clean_png(data: bytes) -> CleanPicture:
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
