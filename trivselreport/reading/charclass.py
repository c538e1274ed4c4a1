"""A regular expression's character class for a set of characters, written as ranges.

Testing a whole text against a class (`[a-zæøå…]*` with `fullmatch`) is a few times
faster than testing each of its characters against a set, and a class of ranges is
short even for the thousands of characters a font draws.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def character_class(codes: Iterable[int]) -> str:
    """The class (brackets included) of the characters with these code points."""
    ranges: list[list[int]] = []
    for code in sorted(set(codes)):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    members = "".join(
        re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last)))
        for first, last in ranges
    )
    return f"[{members}]"
