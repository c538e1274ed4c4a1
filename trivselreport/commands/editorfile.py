"""The file `new --edit` opens in the user's editor: made, read back, and kept or removed.

It stays in the project's hidden .trivselreport folder (nothing is written outside
the project) and is kept until the entry is saved, so what the user wrote is never
lost to a later error. Running the editor itself is the command line's part.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from pathlib import Path

from trivselreport.commands.authoring import (
    EDIT_MARKER,
    NOT_SAVED,
    WORK_DIR,
    kept_text,
    text_above_marker,
)
from trivselreport.errors import Problem, UserError
from trivselreport.reading.files.textfile import read_text


def editor_file(project_dir: Path, title: str) -> Path:
    """A new file for the editor in the project's hidden .trivselreport folder.

    Its text is empty: only the marker and a Danish comment below it (naming the entry
    by `title`), which is never read as text, so saving it unchanged is an empty text."""
    folder = project_dir / WORK_DIR
    try:
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        info = folder.lstat()
        if not stat.S_ISDIR(info.st_mode):
            raise UserError(
                Problem(
                    folder,
                    "Her skulle være en almindelig mappe, men det er en fil eller en genvej.",
                    field="--edit",
                    hint="Flyt eller slet den, eller skriv teksten uden --edit.",
                )
            )
        named = f"# Indslaget: {' '.join(title.split())}\n" if title.strip() else ""
        prepared = (
            f"\n\n{EDIT_MARKER}\n{named}# Skriv teksten over linjen ovenfor i "
            "Markdown:\n# afsnit adskilt af en tom linje, punktlister med »- «, "
            "**fed**, *kursiv*.\n# Gem filen og luk editoren, når du er færdig.\n"
        )
        stem = time.strftime("tekst-%Y%m%d-%H%M%S")
        for number in range(1, 1000):
            path = folder / (f"{stem}.md" if number == 1 else f"{stem}-{number}.md")
            try:
                descriptor = os.open(
                    path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
                )
            except FileExistsError:
                continue
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(prepared)
            return path
        raise FileExistsError(errno.EEXIST, "for mange filer", str(folder))
    except OSError as error:
        raise UserError(
            Problem(
                folder,
                f"Filen til editoren kan ikke oprettes: {error.strerror or error}.",
                field="--edit",
                hint="Skriv teksten uden --edit.",
            )
        ) from error


def contents_before_editing(path: Path) -> bytes:
    """The editor's file as it is before the editor opens it."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(
            Problem(
                path,
                f"Filen til editoren kan ikke læses: {error.strerror or error}.",
                field="--edit",
            )
        ) from error


def text_after_editing(path: Path, before: bytes, editor: str, returncode: int) -> str:
    """What the user wrote above the marker, once the editor has ended with `returncode`.

    If the editor failed, deleted the file (it is put back as it was) or saved it in
    another encoding than UTF-8, the problem says so and names the file.
    """
    if not os.path.lexists(path):
        try:
            path.write_bytes(before)
        except OSError as error:
            raise UserError(
                Problem(
                    path,
                    "Editoren har slettet filen, og den kan ikke lægges tilbage.",
                    field="--edit",
                )
            ) from error
        raise UserError(
            Problem(
                path,
                "Editoren har slettet filen, så teksten kunne ikke læses.",
                field="--edit",
                hint="Filen er lagt tilbage med teksten, som den var, da editoren blev åbnet.",
            ),
            closing=NOT_SAVED,
        )
    if returncode != 0:
        raise UserError(
            [
                Problem(None, f"Editoren »{editor}« sluttede med en fejl.", field="--edit"),
                kept_text(path),
            ],
            closing=NOT_SAVED,
        )
    try:
        return text_above_marker(read_text(path))
    except UserError as error:
        hint = (
            "Gem filen som UTF-8 i editoren, og brug den med »trivselreport new --tekst-fil« "
            "og stien til filen."
        )
        raise UserError([*error.problems, kept_text(path, hint)], closing=NOT_SAVED) from None


def discard_unchanged(path: Path, prepared: bytes) -> None:
    """Remove the editor's file (and the folder, if empty) when it holds only what we wrote."""
    with contextlib.suppress(OSError):
        if path.read_bytes() == prepared:
            path.unlink()
            path.parent.rmdir()
