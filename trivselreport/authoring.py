"""Writing new entries: a draft becomes YAML text, is validated exactly as `check`
would read it, and is written to a file that never replaces another."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from trivselreport.config import Config
from trivselreport.confine import inside_project
from trivselreport.danish import slug
from trivselreport.entries import ENTRIES_DIR, Entry, entry_from_mapping
from trivselreport.errors import Problem, UserError
from trivselreport.fields import parse_date
from trivselreport.privacy import scan_mapping
from trivselreport.publication import entry_publication_problems
from trivselreport.yamlread import parse_mapping

MAX_SAME_NAME = 1000
_PLAIN_WORD = re.compile(r"[^\W\d_]+")  # letters only: safe unquoted in YAML
# Line breaks YAML knows besides "\n" (Word's manual break is a vertical tab).
_OTHER_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Characters YAML refuses in a file: other C0/C1 controls, surrogates, U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text as it can stand in a YAML file: one kind of line break, no control characters."""
    return _UNPRINTABLE.sub("", _OTHER_LINE_BREAKS.sub("\n", text))


@dataclass
class EntryDraft:
    """What the user has told `new` so far; None means not given yet."""

    type: str | None = None
    title: str | None = None
    start: date | None = None
    end: date | None = None
    themes: list[str] = field(default_factory=list)
    responsible: str | None = None
    participants: int | None = None
    internal: bool = False
    text: str | None = None


def parse_user_date(text: str) -> date:
    """A date as people type it: 2024-04-15, 15-04-2024, 15.4.2024 or 15/4/2024."""
    return parse_date(text, day_first=True)


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: every character survives.
    return json.dumps(text, ensure_ascii=False)


def _plain_or_quoted(word: str) -> str:
    return word if _PLAIN_WORD.fullmatch(word) else _quoted(word)


def entry_yaml(draft: EntryDraft) -> str:
    """The entry file's text, keys in the documented order."""
    assert draft.type and draft.title and draft.start and draft.text is not None
    lines = [
        f"titel: {_quoted(' '.join(clean_text(draft.title).split()))}",
        f"type: {_plain_or_quoted(draft.type)}",
        f"dato: {draft.start.isoformat()}",
    ]
    if draft.end:
        lines.append(f"slutdato: {draft.end.isoformat()}")
    if draft.themes:
        lines.append("temaer:")
        lines.extend(f"  - {_quoted(theme)}" for theme in draft.themes)
    if draft.responsible:
        lines.append(f"ansvarlig: {_quoted(clean_text(draft.responsible))}")
    if draft.participants is not None:
        lines.append(f"deltagere: {draft.participants}")
    if draft.internal:
        lines.append("intern: ja")
    lines.append("tekst: |2")
    body = clean_text(draft.text).strip("\n")
    lines.extend(f"  {line}" if line.strip() else "" for line in body.split("\n"))
    return "\n".join(lines) + "\n"


def validate_draft(config: Config, draft: EntryDraft, path: Path) -> Entry:
    """Read the draft back as `check` would; raise every problem it has."""
    text = entry_yaml(draft)
    mapping = parse_mapping(path, text)
    problems = scan_mapping(path, mapping, internal=draft.internal, terms=config.forbidden)
    try:
        entry = entry_from_mapping(path, mapping, config)
    except UserError as error:
        problems.extend(error.problems)
        raise UserError(problems) from None
    problems += [problem for problem in entry_publication_problems(entry, config.forbidden)
                 if problem not in problems]
    if problems:
        raise UserError(problems)
    return entry


def entry_path(project_dir: Path, draft: EntryDraft) -> Path:
    assert draft.start and draft.title
    name = f"{draft.start.isoformat()}-{slug(draft.title, max_length=50)}"
    return project_dir / ENTRIES_DIR / str(draft.start.year) / f"{name}.yaml"


def write_new_entry(config: Config, draft: EntryDraft) -> Path:
    """Validate and write the draft to a new file; an existing file is never touched.

    The file is created with O_EXCL, so two people saving the same entry at the
    same moment get two files (…-2.yaml), never one merged or lost.
    """
    wanted = entry_path(config.root, draft)
    try:
        validate_draft(config, draft, wanted)
    except UserError as error:
        # The file does not exist yet: name the field, not a path the user cannot find.
        raise UserError([replace(problem, file=None, line=None)
                         for problem in error.problems]) from None
    text = entry_yaml(draft).encode("utf-8")
    inside_project(wanted.parent, config.root, "Mappen til indslaget")
    try:
        wanted.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(Problem(wanted.parent, f"Mappen kan ikke oprettes: "
                                f"{error.strerror or error}.")) from error
    for number in range(1, MAX_SAME_NAME + 1):
        candidate = wanted if number == 1 else wanted.with_name(f"{wanted.stem}-{number}.yaml")
        try:
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        except OSError as error:
            raise UserError(Problem(candidate, f"Filen kan ikke oprettes: "
                                    f"{error.strerror or error}.")) from error
        with os.fdopen(handle, "wb") as stream:
            stream.write(text)
        return candidate
    raise UserError(Problem(wanted, "Der findes allerede alt for mange indslag med dette navn.",
                            hint="Giv indslaget en mere præcis titel."))
