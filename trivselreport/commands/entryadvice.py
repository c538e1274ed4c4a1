"""The writing advice of each entry (LIX, typography and spelling), kept between runs.

Working out the advice is most of a `check` (the Markdown parse, LIX, typography and
the dictionary), so an entry's advice is kept in .trivselreport-cache/raad.json and
used again while nothing it depends on has changed. The whole file belongs to one key
(`advice_key`): the tool's version, the code that gives advice, the config as read,
the project's word list, the dictionary (or that there is none) and whether spelling
was asked for; an entry's record to the entry as read (`repr(entry)`, which holds its
title, text, the lines its keys stand on and the SHA-256 of its file). Anything that
is not a file this code wrote is ignored; it is written whole or not at all and never
through a link (`reading.cache.store`), and `--uden-cache` neither reads nor writes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trivselreport import __version__
from trivselreport.commands.spelling import (
    entry_texts,
    kept_suggestions,
    project_speller,
    spelled_problems,
)
from trivselreport.commands.wordlist import WORD_LIST
from trivselreport.commands.writinghelp import writing_problems
from trivselreport.errors import Problem
from trivselreport.memo.writing.spelling import Speller
from trivselreport.reading.cache.documents import CACHE_DIR, read_document, write_document
from trivselreport.reading.cache.suggestions import dictionary_key
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry

ADVICE_FILE = "raad.json"
FORMAT = "trivselreport advice"
_LEVELS = ("error", "warning", "advice")
# The code whose answers are kept: any change to it is a new key.
_ADVICE_CODE = (
    "errors.py",
    "commands/entryadvice.py",
    "commands/spelling.py",
    "commands/writinghelp.py",
    "commands/wordlist.py",
    "memo/body.py",
    "memo/writing",
    "reading/markdown.py",
)


def entries_advice(
    config: Config, entries: Sequence[Entry], *, spelling: bool, cached: bool
) -> tuple[list[Problem], bool]:
    """The writing advice (and, with `spelling`, the spelling advice) of `entries`,
    and whether spelling could be checked (False: no dictionary)."""
    speller: Speller | None = None
    problems: list[Problem] = []
    if spelling:
        speller, problems = project_speller(config)
    key = advice_key(config, speller) if cached else None
    records = _load(config.root, key) if key is not None else {}
    kept: dict[str, Any] = {}
    if speller is None:
        for entry in entries:
            problems += _advice_of(config, entry, None, records, kept)
    else:
        with kept_suggestions(config, speller, kept=cached):
            for entry in entries:
                problems += _advice_of(config, entry, speller, records, kept)
    if key is not None and kept != records:
        write_document(config.root, ADVICE_FILE, {"format": FORMAT, "key": key, "records": kept})
    return problems, speller is not None or not spelling


def advice_key(config: Config, speller: Speller | None) -> str:
    """What the advice of every entry depends on besides the entry itself."""
    digest = hashlib.sha256()
    for part in (
        __version__,
        _code_digest(),
        repr(config),
        _file_digest(config.path),
        _file_digest(config.root / WORD_LIST),
        dictionary_key() if speller is not None else "uden stavning",
    ):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _advice_of(
    config: Config,
    entry: Entry,
    speller: Speller | None,
    records: dict[str, Any],
    kept: dict[str, Any],
) -> list[Problem]:
    name = str(entry.path)
    fingerprint = hashlib.sha256(repr(entry).encode("utf-8", "surrogatepass")).hexdigest()
    record = records.get(name)
    found = None
    if isinstance(record, list) and len(record) == 2 and record[0] == fingerprint:
        found = _decoded(record[1])
    if found is None:
        found = writing_problems(config, [entry])
        if speller is not None:
            found += spelled_problems(config, speller, entry_texts([entry]))
    kept[name] = [fingerprint, [_encoded(problem) for problem in found]]
    return found


def _encoded(problem: Problem) -> list[Any]:
    file = str(problem.file) if problem.file is not None else None
    return [
        file,
        problem.message,
        problem.line,
        problem.field,
        problem.hint,
        problem.level,
        problem.kind,
    ]


def _decoded(items: Any) -> list[Problem] | None:
    """The problems of a record, or None when it is not one this code wrote."""
    if not isinstance(items, list):
        return None
    problems: list[Problem] = []
    for item in items:
        if not (isinstance(item, list) and len(item) == 7):
            return None
        file, message, line, field, hint, level, kind = item
        if not (
            (file is None or isinstance(file, str))
            and isinstance(message, str)
            and (line is None or type(line) is int)
            and (field is None or isinstance(field, str))
            and (hint is None or isinstance(hint, str))
            and level in _LEVELS
            and (kind is None or isinstance(kind, str))
        ):
            return None
        problems.append(
            Problem(None if file is None else Path(file), message, line, field, hint, level, kind)
        )
    return problems


def _load(root: Path, key: str) -> dict[str, Any]:
    found = read_document(root / CACHE_DIR / ADVICE_FILE)
    if found is None:
        return {}
    document, _ = found
    records = document.get("records")
    if document.get("format") != FORMAT or document.get("key") != key:
        return {}
    return records if isinstance(records, dict) else {}


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "ingen fil"


def _code_digest() -> str:
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in _ADVICE_CODE:
        path = package / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(str(file.relative_to(package)).encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()
