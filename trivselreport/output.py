"""Write output files so that a failed build never leaves a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from trivselreport.errors import Problem, UserError


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UserError(Problem(
            path, f"Filen kan ikke skrives: {error.strerror or error}.",
            hint="Tjek at mappen findes, at du har adgang til at skrive i den, og at "
            "der er plads på disken. Tidligere bygget output er ikke rørt.")) from error
