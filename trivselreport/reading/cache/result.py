"""What reading one entry file gives, as the entry cache keeps it."""

from __future__ import annotations

from dataclasses import dataclass

from trivselreport.errors import Problem
from trivselreport.reading.drafts import Draft
from trivselreport.reading.entry import Entry


@dataclass(frozen=True)
class FileResult:
    """The entry (valid, not a draft) or the draft of one file, and its problems as
    `read_entries` reports them (a draft's as warnings)."""

    entry: Entry | None
    draft: Draft | None
    problems: list[Problem]
    # The file may spell a configured name otherwise (entries.names_otherwise).
    names_otherwise: bool = False
