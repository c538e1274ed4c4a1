"""Correcting an entry in a form: which files may be opened, what the form shows, and the
file written back with only the changed keys replaced.

- Only an entry file `check` reads can be opened: the path is one of the walk of
  entries/ (`entrytree`), so nothing outside entries/, no hidden file and no link
  leading out of the project is ever read or written.
- Writing back replaces the lines of each key the form shows whose meaning changed,
  and leaves every other line as it was: comments, the pictures (`billeder`), keys the
  form does not know (`editedtext`). The whole new text is read as `check` reads it
  before it is written.
- The form carries the SHA-256 of the file as it was opened; if the file is not the
  same when the form is saved, nothing is written (`files_changed`). The new text is
  written to a hidden file beside it and put in its place in one step.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from trivselreport.commands.authoring import EntryDraft, validate_entry_text
from trivselreport.commands.editedtext import edited_text
from trivselreport.commands.formentry import FORM_KEYS, EntryForm
from trivselreport.errors import Problem, UserError, os_reason
from trivselreport.reading.config import Config
from trivselreport.reading.entries import ENTRIES_DIR
from trivselreport.reading.fields.values import parse_yes_no
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.entrytree import entry_tree
from trivselreport.reading.files.textfile import decode, read_text
from trivselreport.reading.files.yamlread import Scalar, Sequence, describe, parse_mapping
from trivselreport.writers.files.fileops import fsync_folder, write_file
from trivselreport.writers.files.staging import hidden_name

_LOCK = threading.Lock()  # one server's saves, one at a time: compare, then replace
_NOT_AN_ENTRY_HINT = (
    "Åbn indslaget fra notatets side, eller skriv stien til en .yaml-fil i mappen entries, "
    "fx entries/2024/2024-04-15-foraeldremoede.yaml."
)


@dataclass(frozen=True)
class EntryFile:
    """An entry file the form may open: its name in the project and where it really is."""

    path: Path  # as the user knows it: <project>/entries/…
    real: Path  # with every link followed (inside the project)
    relative: str  # entries/… with forward slashes


def entry_file(project_dir: Path, relative: str) -> EntryFile:
    """The entry file `relative` names, or a Danish refusal: it must be one `check` reads."""
    refused = UserError(
        Problem(
            None,
            "Formularen kan kun åbne indslag: .yaml-filer i mappen entries.",
            hint=_NOT_AN_ENTRY_HINT,
        )
    )
    if "\\" in relative or "\x00" in relative or not relative:
        raise refused
    wanted = PurePosixPath(relative)
    if wanted.is_absolute() or ".." in wanted.parts or wanted.parts[:1] != (ENTRIES_DIR,):
        raise refused
    tree = entry_tree(project_dir)
    for path in tree.entry_files:
        if path.relative_to(project_dir).as_posix() == wanted.as_posix():
            real = inside_project(path, project_dir, "Indslaget")
            return EntryFile(path, tree.sources.get(path, real), wanted.as_posix())
    link_problems = [
        problem for problem in tree.problems if problem.file == project_dir.joinpath(*wanted.parts)
    ]
    raise UserError(link_problems) if link_problems else refused


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class OpenedEntry:
    """An entry as the form shows it, and the fingerprint of the file it came from."""

    file: EntryFile
    form: EntryForm
    fingerprint: str
    other_keys: tuple[str, ...]  # kept as they are: keys the form does not show


def _read_bytes(file: EntryFile) -> tuple[bytes, str]:
    """The file's bytes and their text, with read_text's checks and messages."""
    read_text(file.path, source=file.real)  # a regular file, not too big, UTF-8
    try:
        data = file.real.read_bytes()
    except OSError as error:
        raise UserError(Problem(file.path, f"Filen kan ikke læses: {os_reason(error)}.")) from error
    return data, decode(file.path, data)


def open_entry(file: EntryFile) -> OpenedEntry:
    """The form's fields filled from the file (as typed, also when a value is wrong)."""
    data, text = _read_bytes(file)
    mapping = parse_mapping(file.path, text)
    values: dict[str, Any] = {}  # EntryForm's fields: texts, and the themes' tuple
    for key in FORM_KEYS:
        value = mapping.values.get(key)
        if value is None or (isinstance(value, Scalar) and value.is_null):
            continue
        if key == "temaer" and isinstance(value, Sequence):
            if all(isinstance(item, Scalar) for item in value.items):
                values[key] = tuple(item.text for item in value.items if isinstance(item, Scalar))
                continue
        elif isinstance(value, Scalar):
            text_value = value.text if key == "tekst" else " ".join(value.text.split())
            if key == "temaer":
                values[key] = (text_value,)
            elif key in ("intern", "kladde"):
                values[key] = "ja" if parse_yes_no(text_value) else ""
            else:
                values[key] = text_value
            continue
        raise UserError(
            Problem(
                file.path,
                f"Feltet »{key}« kan ikke vises i formularen, fordi det er {describe(value)}.",
                line=mapping.key_lines.get(key),
                field=key,
                hint="Ret feltet i filen med en editor (kør »trivselreport check« for at se "
                "hvordan), og åbn så indslaget igen.",
            )
        )
    others = tuple(key for key in mapping.values if key not in FORM_KEYS)
    return OpenedEntry(file, EntryForm(**values), sha256(data), others)


# --- writing back -------------------------------------------------------------------------


class FileChanged(UserError):
    """The file is not the one the form was opened on: nothing was written."""


def files_changed(path: Path) -> FileChanged:
    return FileChanged(
        Problem(
            path,
            "Filen er blevet ændret, siden du åbnede formularen, så intet er gemt.",
            hint="Det, du skrev, står stadig i formularen. Kopiér det, åbn filen igen (så ser "
            "du den nye udgave), og sæt dine rettelser ind.",
        )
    )


def save_edited_entry(config: Config, file: EntryFile, draft: EntryDraft, fingerprint: str) -> str:
    """Write the draft's fields into the entry file; its new fingerprint.

    Refused (`files_changed`) when the file is not the one the form was opened on, and
    with every problem when `check` would not accept the new text; nothing is written
    then.
    """
    with _LOCK:
        try:
            data, original = _read_bytes(file)
        except UserError:
            if not os.path.lexists(file.real):
                raise files_changed(file.path) from None
            raise
        if sha256(data) != fingerprint:
            raise files_changed(file.path)
        text = edited_text(original, draft)
        validate_entry_text(config, file.path, text)
        encoded = text.encode("utf-8")
        replace_file(
            file.real, encoded, file.path, lambda: sha256(file.real.read_bytes()) == fingerprint
        )
        return sha256(encoded)


def replace_file(real: Path, data: bytes, shown: Path, unchanged: Callable[[], bool]) -> None:
    """Put `data` in place of the file at `real` in one step, keeping its permissions.

    `unchanged` is asked once more just before the file is replaced (the new text is
    then already on disk beside it): False refuses with files_changed.
    """
    folder = real.parent
    temporary = folder / hidden_name(real.name)
    try:
        mode = stat.S_IMODE(real.stat().st_mode) if real.exists() else None
        write_file(temporary, data)
        if mode is not None:
            os.chmod(temporary, mode)
        if not unchanged():
            raise files_changed(shown)
        os.replace(temporary, real)
        fsync_folder(folder)
    except OSError as error:
        raise UserError(
            Problem(
                shown,
                f"Filen kan ikke gemmes: {os_reason(error)}.",
                hint="Intet er ændret i filen; det, du skrev, står stadig i formularen.",
            )
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
