"""Danish conventions: dates as "15. april 2024", month titles, ASCII file names."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

_ASCII_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def long_date(day: date) -> str:
    """15. april 2024"""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    """april 2024"""
    return f"{MONTHS[day.month - 1]} {day.year}"


def date_span(start: date, end: date | None) -> str:
    """ "6.–8. marts 2024", "30. april – 2. maj 2024" or a single date: an en dash from
    one date to the other, unspaced between two days, spaced between longer dates."""
    if end is None or end == start:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}.–{long_date(end)}"
    if start.year == end.year:
        return f"{start.day}. {MONTHS[start.month - 1]} – {long_date(end)}"
    return f"{long_date(start)} – {long_date(end)}"


def slug(text: str, *, max_length: int = 60) -> str:
    """An ASCII file name part: 'Status Sundhed og Trivsel april 2024' → 'status-…-2024'."""
    text = text.translate(_ASCII_LETTERS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return text[:max_length].rstrip("-") or "notat"
