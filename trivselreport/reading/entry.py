"""One entry as read and validated (entries.py reads them; the format is a contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trivselreport.reading.pictures.field import Picture


@dataclass(frozen=True)
class Entry:
    path: Path
    title: str
    type: str
    start: date
    text: str
    end: date | None = None
    themes: tuple[str, ...] = ()
    section: str | None = None
    responsible: str | None = None
    participants: int | None = None
    internal: bool = False
    draft: bool = False
    # Where each key stands in the file: for messages, not part of what the entry says.
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    pictures: tuple[Picture, ...] = ()
    # The line the text's first line stands on (the line after `tekst: |`).
    text_line: int | None = field(default=None, compare=False)
    # Its lines were joined by YAML (`>` or plain): a space may be where a line ended.
    text_folded: bool = field(default=False, compare=False)
    # The SHA-256 (hex) of the file's bytes as read (`Mapping.digest`): the build's record.
    digest: str | None = field(default=None, compare=False)

    @property
    def last_day(self) -> date:
        return self.end or self.start

    def line_of(self, key: str) -> int | None:
        return dict(self.key_lines).get(key)
