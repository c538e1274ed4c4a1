"""What a PNG or JPEG file holds, and a copy of it that holds only the picture.

Pure functions of bytes, standard library only (cheap enough for `check`).
`clean` walks the file's structure, refuses what is broken with a Danish
reason (picturefault.py), and returns a copy without hidden data, losslessly:
the compressed pixels are copied as they are, only the metadata around them is
dropped. What each format keeps and drops is told in pngfile.py and
jpegfile.py; the EXIF orientation the copy no longer says is kept beside it
(picturecopy.py).
"""

from __future__ import annotations

from trivselreport.reading.pictures.cleancopy import CleanPicture
from trivselreport.reading.pictures.fault import PictureFault
from trivselreport.reading.pictures.jpeg import JPEG_SIGNATURE, clean_jpeg
from trivselreport.reading.pictures.png import PNG_SIGNATURE, clean_png


def clean(data: bytes, media_type: str) -> CleanPicture:
    """A copy holding only the picture; PictureFault when the file is broken."""
    if media_type == "image/png" and data.startswith(PNG_SIGNATURE):
        return clean_png(data)
    if media_type == "image/jpeg" and data.startswith(JPEG_SIGNATURE):
        return clean_jpeg(data)
    raise PictureFault("er ikke et PNG- eller JPEG-billede.", "Gem billedet som PNG eller JPEG.")
