"""Writing new entries: a draft becomes YAML text, is validated exactly as `check`
would read it, and is written to a file that never replaces another.

The file appears whole or not at all: the text is first written in full to a hidden
temporary file in the same folder and flushed to disk, and only then given its name
with a hard link, which never replaces an existing file. A full disk therefore
leaves no empty or cut-off entry for `check` to accept.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from trivselreport.danish import slug
from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.entries import (
    ENTRIES_DIR,
    Entry,
    declared_internal,
    entry_from_mapping,
)
from trivselreport.reading.fields.values import parse_date
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.textfile import MAX_FILE_BYTES
from trivselreport.reading.files.yamlread import parse_mapping
from trivselreport.reading.privacy.findings import scan_mapping
from trivselreport.reading.privacy.publication import entry_publication_problems
from trivselreport.writers.files.fileops import fsync_folder, write_file
from trivselreport.writers.files.staging import hidden_name, remove_abandoned_files

MAX_SAME_NAME = 1000
EDIT_MARKER = "# ---- Alt herunder ignoreres ----"
WORK_DIR = ".trivselreport"  # in the project: the editor's file until the entry is saved
NOT_SAVED = "Indslaget er ikke gemt."
# A hard link fails with these where the drive has no hard links.
_NO_HARD_LINKS = frozenset(
    {
        errno.EPERM,
        errno.EOPNOTSUPP,
        errno.ENOTSUP,
        errno.ENOSYS,
        errno.EXDEV,
        errno.EMLINK,
        errno.EINVAL,
    }
)
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
    section: str | None = None  # another section than the type's (the form offers it)
    responsible: str | None = None
    participants: int | None = None
    internal: bool = False
    unfinished: bool = False  # `kladde: ja`: kept in the project, never in a memo
    text: str | None = None
    editor_file: Path | None = None  # where the text was written with --edit; kept until saved


def text_above_marker(text: str) -> str:
    """The part of an editor's file the user wrote: everything above EDIT_MARKER."""
    return text.split(EDIT_MARKER, 1)[0].strip()


def parse_user_date(text: str) -> date:
    """A date as people type it: 2024-04-15, 15-04-2024, 15.4.2024, 15/4/2024, or
    »i dag«, »i går«, »i morgen«."""
    return parse_date(text, day_first=True, today=date.today())


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: every character survives.
    return json.dumps(text, ensure_ascii=False)


def _plain_or_quoted(word: str) -> str:
    return word if _PLAIN_WORD.fullmatch(word) else _quoted(word)


def entry_yaml(draft: EntryDraft) -> str:
    """The entry file's text, keys in the documented order."""
    return "".join(entry_key_texts(draft).values())


def entry_key_texts(draft: EntryDraft) -> dict[str, str]:
    """The lines of each key the draft gives, in the documented order (each ends in a
    line break): the entry file's text, and what an edit puts in place of one key."""
    assert draft.type and draft.title and draft.start and draft.text is not None
    keys: dict[str, list[str]] = {
        "titel": [f"titel: {_quoted(' '.join(clean_text(draft.title).split()))}"],
        "type": [f"type: {_plain_or_quoted(draft.type)}"],
        "dato": [f"dato: {draft.start.isoformat()}"],
    }
    if draft.end:
        keys["slutdato"] = [f"slutdato: {draft.end.isoformat()}"]
    if draft.themes:
        keys["temaer"] = ["temaer:", *(f"  - {_quoted(theme)}" for theme in draft.themes)]
    if draft.section:
        keys["sektion"] = [f"sektion: {_quoted(draft.section)}"]
    if draft.responsible:
        keys["ansvarlig"] = [f"ansvarlig: {_quoted(clean_text(draft.responsible))}"]
    if draft.participants is not None:
        keys["deltagere"] = [f"deltagere: {draft.participants}"]
    if draft.internal:
        keys["intern"] = ["intern: ja"]
    if draft.unfinished:
        keys["kladde"] = ["kladde: ja"]
    body = clean_text(draft.text).strip("\n")
    keys["tekst"] = [
        "tekst: |2",
        *(f"  {line}" if line.strip() else "" for line in body.split("\n")),
    ]
    return {key: "".join(f"{line}\n" for line in lines) for key, lines in keys.items()}


def validate_draft(config: Config, draft: EntryDraft, path: Path) -> Entry:
    """Read the draft back as `check` would; raise every problem it has."""
    return validate_entry_text(config, path, entry_yaml(draft))


def validate_entry_text(config: Config, path: Path, text: str) -> Entry:
    """Read an entry's text as `check` would read it from `path`; raise every problem."""
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise UserError(
            Problem(
                path,
                f"Filen er for stor ({size // 1024} KiB); grænsen er {MAX_FILE_BYTES // 1024} KiB.",
                hint="Et indslag er en kort tekst. Del den op, eller fjern indsat materiale.",
            )
        )
    mapping = parse_mapping(path, text)
    problems = scan_mapping(
        path, mapping, internal=declared_internal(mapping), terms=config.forbidden
    )
    try:
        entry = entry_from_mapping(path, mapping, config)
    except UserError as error:
        problems.extend(error.problems)
        raise UserError(problems) from None
    problems += [
        problem
        for problem in entry_publication_problems(entry, config.forbidden)
        if problem not in problems
    ]
    if problems:
        raise UserError(problems)
    return entry


def entry_path(project_dir: Path, draft: EntryDraft) -> Path:
    assert draft.start and draft.title
    name = f"{draft.start.isoformat()}-{slug(draft.title, max_length=50)}"
    return project_dir / ENTRIES_DIR / str(draft.start.year) / f"{name}.yaml"


def write_new_entry(config: Config, draft: EntryDraft) -> Path:
    """Validate and write the draft to a new file; an existing file is never touched.

    Two people saving the same entry at the same moment get two files (…-2.yaml),
    never one merged or lost. With --edit, the editor's file is removed once the
    entry is saved, and named in the message when it is not.
    """
    wanted = entry_path(config.root, draft)
    try:
        validate_draft(config, draft, wanted)
    except UserError as error:
        # The file does not exist yet: name the field, not a path the user cannot find.
        raise _not_saved(
            draft, [replace(problem, file=None, line=None) for problem in error.problems]
        ) from None
    text = entry_yaml(draft).encode("utf-8")
    inside_project(wanted.parent, config.root, "Mappen til indslaget")
    try:
        wanted.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _not_saved(
            draft, [Problem(wanted.parent, f"Mappen kan ikke oprettes: {error.strerror or error}.")]
        ) from error
    try:
        path = _save_whole(wanted, text)
    except OSError as error:
        raise _not_saved(draft, [_write_problem(wanted, error)]) from error
    if path is None:
        raise _not_saved(
            draft,
            [
                Problem(
                    wanted,
                    "Der findes allerede alt for mange indslag med dette navn.",
                    hint="Giv indslaget en mere præcis titel.",
                )
            ],
        )
    if draft.editor_file is not None:
        draft.editor_file.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            draft.editor_file.parent.rmdir()  # only when nothing else is kept there
    return path


def _candidates(wanted: Path) -> Iterator[Path]:
    yield wanted
    for number in range(2, MAX_SAME_NAME + 1):
        yield wanted.with_name(f"{wanted.stem}-{number}.yaml")


def _save_whole(wanted: Path, data: bytes) -> Path | None:
    """Write `data` to the first free name of `wanted`, -2, -3 …; None when all are taken.

    Raises OSError, and has then left no file behind.
    """
    folder = wanted.parent
    remove_abandoned_files(folder)
    temporary = folder / hidden_name(wanted.name)
    try:
        write_file(temporary, data)
        for candidate in _candidates(wanted):
            try:
                os.link(temporary, candidate, follow_symlinks=False)
            except FileExistsError:
                continue
            except OSError as error:
                if error.errno not in _NO_HARD_LINKS:
                    raise
                return _save_exclusive(wanted, data)
            fsync_folder(folder)
            return candidate
        return None
    finally:
        temporary.unlink(missing_ok=True)


def _save_exclusive(wanted: Path, data: bytes) -> Path | None:
    """Without hard links: create the name exclusively, write, and remove it on failure."""
    for candidate in _candidates(wanted):
        try:
            write_file(candidate, data)  # removes the file again if it cannot be completed
        except FileExistsError:
            continue
        fsync_folder(wanted.parent)
        return candidate
    return None


def _write_problem(wanted: Path, error: OSError) -> Problem:
    nothing = "Indslaget er ikke gemt; der er ikke skrevet noget i entries."
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return Problem(
            wanted, "Der er ikke plads på disken.", hint=f"{nothing} Frigør plads, og prøv igen."
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(
            wanted,
            "Du har ikke adgang til at skrive i mappen.",
            hint=f"{nothing} Tjek rettighederne til mappen entries.",
        )
    return Problem(wanted, f"Indslaget kan ikke gemmes: {error.strerror or error}.", hint=nothing)


def kept_text(path: Path, hint: str | None = None) -> Problem:
    """Tells where the text written in the editor is kept, as a warning beside the error."""
    return Problem(
        path,
        "Teksten, du skrev i editoren, er bevaret i denne fil.",
        level="warning",
        hint=hint
        or "Brug den igen med »trivselreport new --tekst-fil« og stien til "
        "filen, og slet filen, når indslaget er gemt.",
    )


def _not_saved(draft: EntryDraft, problems: list[Problem]) -> UserError:
    """The problems, and where the text written in the editor is kept."""
    if draft.editor_file is None or not draft.editor_file.exists():
        return UserError(problems)
    return UserError([*problems, kept_text(draft.editor_file)], closing=NOT_SAVED)
