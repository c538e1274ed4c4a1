"""A JPEG file's segments, and a copy of it that keeps only what a decoder needs.

Kept are the segments a decoder needs (quantisation and Huffman tables, frame, scans,
restart interval), the colour profile (APP2 ICC_PROFILE) and Adobe's colour-transform
flag (APP14), and the JFIF header (APP0) without its thumbnail; dropped are EXIF and XMP
(APP1), IPTC (APP13), comments (COM), every other APPn segment and anything after the
end marker.
"""

from __future__ import annotations

import re
import struct

from trivselreport.reading.pictures.cleancopy import CleanPicture, exif_orientation
from trivselreport.reading.pictures.fault import PictureFault, checked_size, damaged, truncated

JPEG_SIGNATURE = b"\xff\xd8\xff"

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


def clean_jpeg(data: bytes) -> CleanPicture:
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
