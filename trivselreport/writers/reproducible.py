"""The time stamped into the DOCX: the memo date, or SOURCE_DATE_EPOCH when it is set.

A zip file (which a DOCX is) can only store times from 1980 to 2107, so every time
is clamped into that range there; the memo's own date in the text is never changed.
A SOURCE_DATE_EPOCH that is not a whole number of seconds is ignored with a warning,
one beyond what a zip can store is clamped.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timedelta

from trivselreport.errors import Problem

ZIP_EARLIEST = datetime(1980, 1, 1)
ZIP_LATEST = datetime(2107, 12, 31, 23, 59, 58)
_EPOCH = datetime(1970, 1, 1)
_SECONDS = re.compile(r"[0-9]+")
VARIABLE = "SOURCE_DATE_EPOCH"
_LATEST_SECONDS = int((ZIP_LATEST - _EPOCH).total_seconds())


def _raw() -> str:
    return os.environ.get(VARIABLE, "").strip()


def source_date_epoch() -> datetime | None:
    """SOURCE_DATE_EPOCH as a (naive, UTC) time, clamped to what a zip can store."""
    text = _raw()
    if not _SECONDS.fullmatch(text):
        return None
    return _EPOCH + timedelta(seconds=_seconds(text))


def _too_late(digits: str) -> bool:
    """Beyond the last second a zip can store (without parsing a number of any length)."""
    significant = digits.lstrip("0")
    latest = str(_LATEST_SECONDS)
    return len(significant) > len(latest) or (
        len(significant) == len(latest) and significant > latest
    )


def _seconds(digits: str) -> int:
    return _LATEST_SECONDS if _too_late(digits) else int(digits)


def source_date_epoch_problem() -> Problem | None:
    """A warning when SOURCE_DATE_EPOCH is set but cannot be used as it is."""
    text = _raw()
    if not text:
        return None
    shown = text if len(text) <= 30 else text[:30] + "…"
    if not _SECONDS.fullmatch(text):
        return Problem(
            None,
            f"Miljøvariablen {VARIABLE} (»{shown}«) er ikke et helt antal "
            "sekunder og bliver ikke brugt.",
            hint="Tidsstemplerne i DOCX-filen sættes ud fra notatets dato. Sæt "
            f"{VARIABLE} til fx 1713139200, eller fjern den.",
            level="warning",
        )
    if _too_late(text):
        return Problem(
            None,
            f"Miljøvariablen {VARIABLE} ligger efter år 2107, som en "
            "DOCX-fil ikke kan gemme; den sidste mulige tid bruges.",
            level="warning",
        )
    return None


def zip_time(stamp: datetime) -> tuple[int, int, int, int, int, int]:
    """`stamp` as a zip entry's date_time, clamped to 1980–2107 (zip stores even seconds)."""
    clamped = min(max(stamp.replace(tzinfo=None), ZIP_EARLIEST), ZIP_LATEST)
    return (
        clamped.year,
        clamped.month,
        clamped.day,
        clamped.hour,
        clamped.minute,
        clamped.second // 2 * 2,
    )
