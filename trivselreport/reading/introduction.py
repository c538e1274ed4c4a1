"""The memo's introduction: which file it is, and its text as the programme leader wrote it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.fields.reader import control_character
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.textfile import decode, read_bytes
from trivselreport.reading.foreigncheck import errors_only, language_problems

INTRODUCTIONS_DIR = "indledninger"
# An introduction without text: the message and its hint.
EMPTY_INTRODUCTION = ("Indledningen er tom.", "Skriv indledningen, eller fjern filen.")


@dataclass(frozen=True)
class Introduction:
    text: str  # Markdown, leading blank lines kept so line numbers stay true
    path: Path
    # The SHA-256 (hex) of the file's bytes as read: the build's record names it.
    digest: str | None = field(default=None, compare=False)


def intro_file(config: Config, period_key: str) -> Path | None:
    """The memo's introduction: the file its `memoer` entry names, or indledninger/<periode>.md."""
    memo_config = config.memo_for(period_key)
    path = memo_config.intro_file if memo_config else None
    if path is None:
        default = config.root / INTRODUCTIONS_DIR / f"{period_key}.md"
        path = default if os.path.lexists(default) else None
    return path


def read_introduction(config: Config, period_key: str) -> Introduction | None:
    """The introduction of the memo for `period_key`, or None when it has none."""
    path = intro_file(config, period_key)
    if path is None:
        return None
    data = read_bytes(path, source=inside_project(path, config.root, "Indledningen"))
    return Introduction(
        _intro_text(path, decode(path, data)), path, hashlib.sha256(data).hexdigest()
    )


def _intro_text(path: Path, raw: str) -> str:
    if (found := control_character(raw)) is not None:
        raise UserError(
            Problem(
                path,
                f"Indledningen indeholder et usynligt styretegn ({found[1]}), som ikke kan "
                "stå i notatet.",
                line=raw.count("\n", 0, found[0]) + 1,
                hint="Slet tegnet, eller skriv linjen igen; den slags tegn kommer ofte med, når "
                "tekst kopieres fra Word eller en e-mail.",
            )
        )
    text = raw.rstrip()  # leading blank lines kept: line numbers stay true
    if not text.strip():
        message, hint = EMPTY_INTRODUCTION
        raise UserError(Problem(path, message, hint=hint))
    if problems := errors_only(language_problems(path, text, first_line=1, field=None)):
        raise UserError(problems)
    return text
