"""Writing a memo's introduction in a form: the file it is, what may be written, the
fingerprint check.

The file is the one the memo reads (`reading.introduction.intro_file`: the file the
memo's entry in `memoer` names, or indledninger/<periode>.md), and it must lie inside
the project. Its text is checked as `check` checks an introduction (personal data as
typed and as rendered) and may not be empty. As with an entry (`entryedit`), the
form carries the file's SHA-256 as it was opened (empty: there was no file) and
nothing is written when the file has changed since; a new file never replaces one
that appeared meanwhile.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from trivselreport.commands.authoring import clean_text
from trivselreport.commands.entryedit import files_changed, replace_file, sha256
from trivselreport.errors import Problem, UserError, os_reason
from trivselreport.reading.config import Config
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.textfile import decode, read_text
from trivselreport.reading.foreigncheck import errors_only, language_problems
from trivselreport.reading.introduction import EMPTY_INTRODUCTION, INTRODUCTIONS_DIR, intro_file
from trivselreport.reading.privacy.publication import introduction_problems
from trivselreport.writers.files.fileops import fsync_folder, write_file
from trivselreport.writers.files.staging import hidden_name

_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS})


@dataclass(frozen=True)
class OpenedIntroduction:
    path: Path  # as the user knows it
    real: Path  # with its links followed, inside the project
    text: str
    fingerprint: str  # "" when there is no file yet


def introduction_path(config: Config, period: str) -> Path:
    """The file the memo of `period` reads its introduction from, or will."""
    return intro_file(config, period) or config.root / INTRODUCTIONS_DIR / f"{period}.md"


def open_introduction(config: Config, period: str) -> OpenedIntroduction:
    path = introduction_path(config, period)
    real = inside_project(path, config.root, "Indledningen")
    if not os.path.lexists(real):
        return OpenedIntroduction(path, real, "", "")
    read_text(path, source=real)  # a regular file, not too big, UTF-8
    try:
        data = real.read_bytes()
    except OSError as error:
        raise UserError(Problem(path, f"Filen kan ikke læses: {os_reason(error)}.")) from error
    return OpenedIntroduction(path, real, decode(path, data), sha256(data))


def introduction_text(config: Config, path: Path, typed: str) -> str:
    """The file's text for what was typed, or every problem `check` would report."""
    text = clean_text(typed).rstrip()
    if not text.strip():
        message, hint = EMPTY_INTRODUCTION
        raise UserError(Problem(path, message, hint=hint))
    problems = introduction_problems(path, text, config.forbidden)
    problems += errors_only(language_problems(path, text, first_line=1, field=None))
    if problems:
        raise UserError(problems)
    return text + "\n"


def save_introduction(config: Config, period: str, typed: str, fingerprint: str) -> str:
    """Write the introduction of `period`; its new fingerprint. Nothing is written when
    the text has a problem or the file is not the one the form was opened on."""
    opened = open_introduction(config, period)
    data = introduction_text(config, opened.path, typed).encode("utf-8")
    if opened.fingerprint != fingerprint:
        raise files_changed(opened.path)
    if fingerprint:
        replace_file(
            opened.real,
            data,
            opened.path,
            lambda: sha256(opened.real.read_bytes()) == fingerprint,
        )
    else:
        _create(opened, data)
    return sha256(data)


def _create(opened: OpenedIntroduction, data: bytes) -> None:
    """A new file, whole or not at all, that never replaces one made meanwhile."""
    folder = opened.real.parent
    temporary = folder / hidden_name(opened.real.name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_file(temporary, data)
        try:
            os.link(temporary, opened.real, follow_symlinks=False)
        except FileExistsError:
            raise files_changed(opened.path) from None
        except OSError as error:
            if error.errno not in _NO_HARD_LINKS:
                raise
            try:
                write_file(opened.real, data)
            except FileExistsError:
                raise files_changed(opened.path) from None
        fsync_folder(folder)
    except OSError as error:
        raise UserError(
            Problem(
                opened.path,
                f"Filen kan ikke gemmes: {os_reason(error)}.",
                hint="Intet er gemt; det, du skrev, står stadig i formularen.",
            )
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
