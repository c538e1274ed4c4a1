"""Read a text file the user wrote: a regular file, not too big, UTF-8, one kind of line break.

Every file a user writes comes in through :func:`read_text`: the YAML of the entries
and the config (through `yamlread.read_mapping`), the Markdown introductions, the text
file `new` takes an entry's text from. What goes wrong is said in Danish, with the hint
a non-programmer needs (saved as Windows-1252, a folder where a file was meant, a file
swollen with pasted material). :func:`decode` is the part that only looks at the bytes.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from trivselreport.errors import Problem, UserError, os_reason
from trivselreport.reading.cache.inputs import note_file

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_ANY_LINE_BREAK_BUT_LF = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")

MAX_FILE_BYTES = 1024 * 1024


def read_text(path: Path, *, source: Path | None = None) -> str:
    """Read a file as UTF-8 (BOM and CRLF welcome), or raise a Danish problem.

    A link is never followed here. `source` is where `path` really is, when the
    caller has followed its links and confined them to the project
    (`confine.inside_project`); messages still name `path`.
    """
    return decode(path, read_bytes(path, source=source))


def read_bytes(path: Path, *, source: Path | None = None) -> bytes:
    """The bytes of a file the user wrote, with `read_text`'s checks (a regular file, not
    too big) and messages, not yet decoded: for a caller that also hashes them."""
    real = path if source is None else source
    note_file(path)  # a kept report depends on it, also when it is missing
    if source is not None:
        note_file(source)
    try:
        status = os.lstat(real)  # one system call answers exists, link, kind and size
    except FileNotFoundError:
        raise UserError(Problem(path, "Filen findes ikke.")) from None
    except OSError as error:
        raise UserError(Problem(path, f"Filen kan ikke læses: {os_reason(error)}.")) from error
    try:
        if not stat.S_ISREG(status.st_mode):
            raise UserError(
                Problem(
                    path,
                    "Det er ikke en almindelig fil.",
                    hint="Indslag skal være almindelige .yaml-filer, ikke mapper eller genveje.",
                )
            )
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise UserError(
                Problem(
                    path,
                    f"Filen er for stor ({size // 1024} KiB); grænsen er "
                    f"{MAX_FILE_BYTES // 1024} KiB.",
                    hint="Et indslag er en kort tekst. Del den op, eller fjern indsat materiale.",
                )
            )
        with open(real, "rb") as stream:
            # Not read(MAX_FILE_BYTES): that would allocate a mebibyte for every file.
            data = stream.read(size + 1)
            if len(data) > size:  # it grew since we looked: read on, up to the limit
                data += stream.read(MAX_FILE_BYTES + 1 - len(data))
        if len(data) > MAX_FILE_BYTES:
            raise UserError(
                Problem(
                    path,
                    f"Filen er for stor; grænsen er {MAX_FILE_BYTES // 1024} KiB.",
                    hint="Et indslag er en kort tekst. Del den op, eller fjern indsat materiale.",
                )
            )
    except OSError as error:
        raise UserError(Problem(path, f"Filen kan ikke læses: {os_reason(error)}.")) from error
    return data


def decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise UserError(
            Problem(
                path,
                "Filen er ikke en tekstfil (den indeholder binære data).",
                hint="Gem indslaget som almindelig tekst (.yaml), ikke som Word- eller PDF-fil.",
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        hint = "Åbn filen i en editor og gem den igen med kodningen UTF-8."
        try:
            data.decode("cp1252")
            hint = (
                "Filen ser ud til at være gemt som Windows-1252 (ANSI). Åbn den i "
                "Notesblok, vælg Filer → Gem som, og vælg Kodning: UTF-8."
            )
        except UnicodeDecodeError:
            pass
        raise UserError(
            Problem(path, "Filen er ikke gemt som UTF-8.", line=line, hint=hint)
        ) from error
    # One kind of line break: Windows and old Mac endings, Word's manual line break (a
    # vertical tab, which YAML refuses) and the Unicode separators pasted from the web.
    return _LINE_BREAKS.sub("\n", text) if _ANY_LINE_BREAK_BUT_LF.search(text) else text
