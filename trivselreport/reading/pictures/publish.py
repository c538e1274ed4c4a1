"""The copy of a picture that every writer publishes, made once per file version.

Never the file as it is: the clean copy (`clean.clean`: no EXIF, XMP, IPTC,
comments or text chunks), decoded by Pillow to prove it whole (`pictures.inspect_picture`),
and turned upright when the EXIF said the picture is to be shown rotated. `publish_all`
makes them for a memo before it is composed; a picture that has gone or broken since
it was read is a problem on its entry's »fil« field.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from pathlib import Path
from typing import Any

from trivselreport.errors import Problem, UserError
from trivselreport.reading.pictures.clean import clean
from trivselreport.reading.pictures.cleancopy import CleanPicture
from trivselreport.reading.pictures.fault import PictureFault
from trivselreport.reading.pictures.field import (
    Picture,
    bound_pillow,
    inspect_picture,
    picture_type,
    read_limited,
)

# EXIF orientation → the Pillow transposition that shows the picture upright.
_UPRIGHT = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}


def publishable(data: bytes, media_type: str) -> bytes:
    """What is published of a picture file: the clean copy, upright; PictureFault if broken."""
    picture = inspect_picture(data, media_type, full=True)
    if picture.orientation == 1 and (media_type == "image/png" or _has_jfif(picture.data)):
        return picture.data
    return _encoded_again(picture, media_type)


def _has_jfif(jpeg: bytes) -> bool:
    return jpeg[6:11] == b"JFIF\0"


def _encoded_again(picture: CleanPicture, media_type: str) -> bytes:
    """Turned as its EXIF said (and an RGB-coded JPEG made a common one), saved again: a
    JPEG with its own quantisation tables and subsampling (so no visible loss), a PNG
    losslessly, each with its colour profile."""
    from PIL import Image, JpegImagePlugin

    bound_pillow()

    output = io.BytesIO()
    with Image.open(io.BytesIO(picture.data)) as image:
        turned = (
            image.transpose(Image.Transpose[_UPRIGHT[picture.orientation]])
            if picture.orientation != 1
            else image
        )
        options: dict[str, Any] = {}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        if media_type == "image/jpeg":
            assert isinstance(image, JpegImagePlugin.JpegImageFile)
            options["qtables"] = image.quantization
            if (sampling := JpegImagePlugin.get_sampling(image)) >= 0:
                options["subsampling"] = sampling
            turned.save(output, "JPEG", **options)
        else:
            turned.save(output, "PNG", **options)
    # Whatever the encoder wrote besides the picture is dropped the same way.
    return clean(output.getvalue(), media_type).data


_CACHE_BYTES = 64 * 1024 * 1024
_cache: OrderedDict[tuple[Path, int, int, int], bytes] = OrderedDict()


def publishable_bytes(picture: Picture) -> bytes:
    """The bytes every writer publishes for this picture, computed once per file version.

    Raises UserError on the entry's »fil« field if the file has gone or broken since
    it was read.
    """
    try:
        status = picture.path.stat()
        key = (picture.path, status.st_mtime_ns, status.st_size, status.st_ino)
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        data = read_limited(picture.path)
        if data is None or picture_type(data) != picture.media_type:
            raise PictureFault("er blevet ændret, mens notatet blev bygget.", "Byg notatet igen.")
        published = publishable(data, picture.media_type)
    except OSError:
        raise UserError(
            _problem(
                picture,
                PictureFault(
                    "findes ikke længere.", "Læg billedfilen tilbage, og byg notatet igen."
                ),
            )
        ) from None
    except PictureFault as fault:
        raise UserError(_problem(picture, fault)) from None
    _cache[key] = published
    while sum(map(len, _cache.values())) > _CACHE_BYTES and len(_cache) > 1:
        _cache.popitem(last=False)
    return published


def publish_all(pictures: list[Picture]) -> dict[Path, bytes]:
    """Every picture's published bytes by its path; all problems raised together."""
    published: dict[Path, bytes] = {}
    problems: list[Problem] = []
    for picture in pictures:
        try:
            published[picture.path] = publishable_bytes(picture)
        except UserError as error:
            problems.extend(error.problems)
    if problems:
        raise UserError(problems)
    return published


def _problem(picture: Picture, fault: PictureFault) -> Problem:
    return Problem(
        picture.source,
        f"Billedet »{picture.path.name}« {fault.reason}",
        picture.line,
        picture.key,
        fault.hint,
    )
