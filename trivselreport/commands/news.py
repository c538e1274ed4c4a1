"""`list --nye`: the entries added or changed since the previous memo was built.

The previous memo is a build's record in output/<periode>/ (`commands.record`): the
newest one (by the record file's time) of a period that ends before the period `list`
shows; when there is none, the newest of any period; `--siden PERIODE` names the period.
An entry is *changed* when its file's SHA-256 differs from the record's, *new* when the
record does not name its file. A file moved or renamed with the same content is matched
by its hash: it is neither new nor changed. A record from before the hashes (paths only)
is judged by time: a file saved after the record was written counts as new or changed.

Without a period, every date is shown. With one, the entries outside it that are new or
changed are counted (`News.outside`): a late entry, dated in a memo already built, is
what a programme leader must see.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from trivselreport.commands.build import OUTPUT_DIR
from trivselreport.commands.prepare import ChosenEntries
from trivselreport.commands.record import (
    ENTRY_KINDS,
    Record,
    RecordedFile,
    parse_record,
    project_path,
)
from trivselreport.errors import Problem, UserError, os_reason
from trivselreport.memo.period import Period
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry
from trivselreport.reading.fields.values import ValueProblem, month_end, parse_date, parse_month

RECORD_SUFFIX = ".kilder.txt"
NEW = "ny"
CHANGED = "ændret"


@dataclass(frozen=True)
class BuiltRecord:
    """A record file in output/: which period's folder, and when it was written."""

    path: Path
    period_key: str
    built: float  # the file's modification time


@dataclass(frozen=True)
class News:
    """What `list --nye` shows: the compared record (None: nothing built yet), the new and
    changed entries in the period with their mark, and what it notes around them."""

    record: BuiltRecord | None
    title: str | None
    entries: list[Entry]
    marks: dict[Path, str]
    by_time: bool = False  # an old record without hashes: judged by the files' times
    outside: int = 0  # new or changed entries outside the period shown
    deleted: list[str] = field(default_factory=list)  # recorded entry files now gone


def built_records(project_dir: Path) -> list[BuiltRecord]:
    """Every build record in output/<periode>/, oldest first."""
    output = project_dir / OUTPUT_DIR
    found: list[BuiltRecord] = []
    try:
        folders = sorted(os.scandir(output), key=lambda item: item.name)
    except OSError:
        return []
    for folder in folders:
        if folder.name.startswith(".") or not folder.is_dir(follow_symlinks=False):
            continue
        try:
            items = sorted(os.scandir(folder.path), key=lambda item: item.name)
        except OSError:
            continue
        for item in items:
            if not item.name.endswith(RECORD_SUFFIX) or item.name.startswith("."):
                continue
            try:
                status = item.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(status.st_mode):
                found.append(BuiltRecord(Path(item.path), folder.name, status.st_mtime))
    return sorted(found, key=lambda record: (record.built, str(record.path)))


def period_key(text: str) -> str:
    """The folder name of a period as typed with --siden: 2024-4 → 2024-04."""
    try:
        year, month = parse_month(text)
    except ValueProblem:
        return text.strip()
    return f"{year:04d}-{month:02d}"


def key_end(config: Config, key: str) -> date | None:
    """The last day of the period an output folder is named after, if it is one."""
    try:
        year, month = parse_month(key)
    except ValueProblem:
        last = key.rpartition("_")[2].removeprefix("til-")
        try:
            return parse_date(last)
        except ValueProblem:
            return None
    memo = config.memo_for(f"{year:04d}-{month:02d}")
    return memo.end if memo and memo.end else month_end(year, month)


def previous_record(config: Config, shown: Period | None, since: str | None) -> BuiltRecord | None:
    """The record `list --nye` compares with (see the module), or None when none is built."""
    records = built_records(config.root)
    if since is not None:
        key = period_key(since)
        chosen = [record for record in records if record.period_key == key]
        if not chosen:
            built = sorted({record.period_key for record in records})
            raise UserError(
                Problem(
                    None,
                    f"Der er ikke bygget et notat for perioden »{since}«.",
                    field="--siden",
                    hint=f"Der er bygget notater for {', '.join(built)}."
                    if built
                    else "Der er ikke bygget noget notat endnu; byg det med »trivselreport build«.",
                )
            )
        return chosen[-1]
    if shown is not None:
        earlier = [
            record
            for record in records
            if (end := key_end(config, record.period_key)) is not None and end < shown.end
        ]
        if earlier:
            return earlier[-1]
    return records[-1] if records else None


def read_record(built: BuiltRecord) -> Record:
    try:
        data = built.path.read_bytes()
    except OSError as error:
        raise UserError(
            Problem(built.path, f"Notatets liste over filer kan ikke læses: {os_reason(error)}.")
        ) from error
    return parse_record(data.decode("utf-8-sig", errors="replace"))


def find_news(chosen: ChosenEntries, since: str | None = None) -> News:
    """The entries of `chosen` added or changed since the previous build (module doc)."""
    config = chosen.config
    project_dir = config.root
    built = previous_record(config, chosen.period, since)
    in_period = {entry.path for entry in chosen.entries}
    if built is None:
        marks = {entry.path: NEW for entry in chosen.entries}
        return News(None, None, list(chosen.entries), marks)
    record = read_record(built)
    recorded = record.entries()
    recorded_digests = {file.digest for file in recorded.values() if file.digest}
    marks = {}
    current: set[str] = set()
    current_digests: set[str] = set()
    for entry in chosen.any_date:
        path = project_path(entry.path, project_dir)
        current.add(path)
        if entry.digest:
            current_digests.add(entry.digest)
        mark = _mark(entry, recorded.get(path), record.hashed, recorded_digests, built.built)
        if mark is not None:
            marks[entry.path] = mark
    shown = [entry for entry in chosen.entries if entry.path in marks]
    outside = sum(1 for path in marks if path not in in_period)
    deleted = sorted(
        file.path
        for file in recorded.values()
        if file.kind in ENTRY_KINDS
        and file.path not in current
        and not (file.digest and file.digest in current_digests)
        and not os.path.lexists(project_dir / file.path)
    )
    return News(
        built,
        record.title,
        shown,
        {path: mark for path, mark in marks.items() if path in in_period},
        by_time=not record.hashed,
        outside=outside,
        deleted=deleted,
    )


def _mark(
    entry: Entry,
    file: RecordedFile | None,
    hashed: bool,
    recorded_digests: set[str],
    built: float,
) -> str | None:
    """ "ny", "ændret", or None for an entry the record already holds as it is."""
    if file is not None and file.digest is not None:
        return None if entry.digest == file.digest else CHANGED
    if file is None and hashed:
        return None if entry.digest in recorded_digests else NEW
    # A record without hashes: a file saved after the record was written is new or changed.
    if _saved_after(entry.path, built):
        return CHANGED if file is not None else NEW
    return None


def _saved_after(path: Path, built: float) -> bool:
    try:
        return os.stat(path).st_mtime > built
    except OSError:
        return True


def built_when(built: BuiltRecord) -> str:
    """When a record was written, in Danish: "15. april 2024 kl. 10.12"."""
    from trivselreport.danish import long_date

    moment = datetime.fromtimestamp(built.built)
    return f"{long_date(moment.date())} kl. {moment.hour:02d}.{moment.minute:02d}"
