"""The project's word list, ordliste.txt beside trivselreport.yaml: words the spelling
check knows though the Danish dictionary does not (names of places, programmes,
schools). One word a line; blank lines and lines starting with "#" are left out, as is
everything after " #" on a line. `add_words` is `check --tilføj-ord` and the serve
form's button: it adds what is not there yet and replaces the file in one step,
leaving every other file alone.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from trivselreport.errors import Problem, UserError, os_reason
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.textfile import read_text
from trivselreport.writers.files.fileops import fsync_folder, write_file
from trivselreport.writers.files.staging import hidden_name

WORD_LIST = "ordliste.txt"
_HEADER = (
    "# Ord, som stavekontrollen i »trivselreport check« skal kende (ét ord på hver linje).\n"
    "# Et ord med lille forbogstav kendes også med stort; et navn kun, som det står.\n"
)


@dataclass(frozen=True)
class AddedWords:
    path: Path
    added: tuple[str, ...]  # the words that were new, in the order given
    present: tuple[str, ...]  # the words that were there already


def word_list_path(project_dir: Path) -> Path:
    return project_dir / WORD_LIST


def read_word_list(project_dir: Path) -> list[str]:
    """The words of ordliste.txt (none when there is no such file). UserError when the
    file cannot be read or leads out of the project."""
    path = word_list_path(project_dir)
    if not os.path.lexists(path):
        return []
    real = inside_project(path, project_dir, "Ordlisten")
    return parse_word_list(read_text(path, source=real))


def parse_word_list(text: str) -> list[str]:
    words: list[str] = []
    for line in text.splitlines():
        content = line.split(" #", 1)[0].strip()
        if content and not content.startswith("#"):
            words.extend(content.split())
    return list(dict.fromkeys(words))


def add_words(project_dir: Path, given: list[str]) -> AddedWords:
    """Add the words of `given` to ordliste.txt (created when missing), each once."""
    path = word_list_path(project_dir)
    words = _valid_words(given)
    existing = read_word_list(project_dir)
    known = set(existing)
    added = tuple(word for word in dict.fromkeys(words) if word not in known)
    present = tuple(word for word in dict.fromkeys(words) if word in known)
    if added:
        old = _current_text(path, project_dir)
        text = old if old else _HEADER
        if text and not text.endswith("\n"):
            text += "\n"
        _replace(path, project_dir, (text + "".join(f"{word}\n" for word in added)).encode())
    return AddedWords(path, added, present)


def _valid_words(given: list[str]) -> list[str]:
    words = [word for typed in given for word in typed.split()]
    problems = [
        Problem(
            None,
            f"»{word}« kan ikke stå i ordlisten: et ord må ikke begynde med # eller "
            "indeholde styretegn.",
            field="--tilføj-ord",
            hint="Skriv ordet, som det står i teksten, fx »Rødovredagen«.",
        )
        for word in words
        if word.startswith("#") or any(not char.isprintable() for char in word)
    ]
    if not words:
        problems.append(
            Problem(
                None,
                "Der er intet ord at tilføje.",
                field="--tilføj-ord",
                hint="Skriv ordet efter --tilføj-ord, fx »--tilføj-ord Rødovredagen«.",
            )
        )
    if problems:
        raise UserError(problems, closing="Ordlisten er uændret.")
    return words


def _current_text(path: Path, project_dir: Path) -> str:
    if not os.path.lexists(path):
        return ""
    return read_text(path, source=inside_project(path, project_dir, "Ordlisten"))


def _replace(path: Path, project_dir: Path, data: bytes) -> None:
    real = inside_project(path, project_dir, "Ordlisten") if os.path.lexists(path) else path
    temporary = real.parent / hidden_name(real.name)
    try:
        mode = stat.S_IMODE(real.stat().st_mode) if real.exists() else None
        write_file(temporary, data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, real)
        fsync_folder(real.parent)
    except OSError as error:
        raise UserError(
            Problem(
                path,
                f"Ordlisten kan ikke gemmes: {os_reason(error)}.",
                hint="Ordlisten er uændret; tjek rettighederne til projektmappen.",
            ),
            closing="Ordlisten er uændret.",
        ) from error
    finally:
        temporary.unlink(missing_ok=True)
