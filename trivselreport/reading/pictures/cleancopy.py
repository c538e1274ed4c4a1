"""The copy of a picture that holds only the picture, and the one thing it keeps from the EXIF.

Both picture readers (pngfile.py, jpegfile.py) return a CleanPicture. The EXIF they drop
may have said that the picture is to be shown turned or mirrored; that orientation is
read here and kept as a number, so that `publish.py` can turn the copy upright.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class CleanPicture:
    data: bytes
    width: int
    height: int
    # The EXIF orientation the original carried (1 = upright as stored; 2–8 = to be
    # turned or mirrored). The clean copy no longer says it.
    orientation: int = 1


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
