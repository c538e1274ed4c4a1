"""Why a picture file cannot be published: PictureFault and the reasons both formats share.

A reason is a Danish sentence that follows the picture's name in the message
(»Billedet »x.png« er ødelagt og kan ikke vises.«), with a hint on what to do; the PNG
and JPEG readers (pngfile.py, jpegfile.py) raise these, and `pictures.py` (in `check`)
and `publish.py` (in the build) turn them into problems.
"""

from __future__ import annotations

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
