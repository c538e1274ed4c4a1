"""Write output files so that a failed build never leaves a half-written file.

Every file is first written in full to a temporary file beside its target and
flushed to disk; only when all of them are written are they renamed into place.
A build that fails (or is killed) before that leaves the previous memo as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from trivselreport.errors import Problem, UserError

STALE_SECONDS = 3600  # temporary files of a killed build older than this are removed


def write_all_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file, then rename them all into place."""
    written: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            written.append((_write_temporary(path, data), path))
        for temporary, path in written:
            try:
                os.replace(temporary, path)
            except OSError as error:
                raise UserError(_problem(path, error)) from error
    finally:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    write_all_atomically({path: data})


def _write_temporary(path: Path, data: bytes) -> Path:
    def write() -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                        suffix=".tmp")
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return temporary

    return _guard(path, write)


def _remove_stale_temporaries(path: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except OSError:
            continue


T = TypeVar("T")


def _guard(path: Path, action: Callable[[], T]) -> T:
    try:
        return action()
    except OSError as error:
        raise UserError(_problem(path, error)) from error


def _problem(path: Path, error: OSError) -> Problem:
    untouched = "Tidligere bygget output er ikke rørt."
    if error.errno == errno.ENOSPC:
        return Problem(path, "Der er ikke plads på disken.",
                       hint=f"Frigør plads, og byg igen. {untouched}")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(path, "Du har ikke adgang til at skrive her.",
                       hint=f"Tjek rettighederne til mappen output. {untouched}")
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        return Problem(path, "En fil står, hvor der skulle være en mappe.",
                       hint=f"Flyt eller omdøb filen i output-mappen. {untouched}")
    if isinstance(error, IsADirectoryError):
        return Problem(path, "Der står en mappe med notatets filnavn.",
                       hint=f"Flyt eller omdøb mappen. {untouched}")
    return Problem(path, f"Filen kan ikke skrives: {error.strerror or error}.",
                   hint=f"Tjek at mappen findes, og at der er plads på disken. {untouched}")
