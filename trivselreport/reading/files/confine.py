"""Keep every file the tool reads or writes inside the project folder.

A symbolic link (a "genvej") may point anywhere. `inside_project` follows every
link on the way from the project folder to a path and answers with the real
location, or refuses with a Danish message naming the link when it leads out of
the project, goes round in a ring or points at nothing.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from trivselreport.errors import Problem, UserError

_LINK = "en genvej (symbolsk link)"
_OUTSIDE_HINT = (
    "trivselreport læser og skriver kun inden for projektmappen. Kopiér det, "
    "genvejen peger på, ind i projektet, og slet genvejen."
)


def inside_project(path: Path, root: Path, what: str) -> Path:
    """The real location of `path` with every link followed; it must lie inside `root`.

    `what` names `path` in messages, capitalised: "Indslaget", "Mappen entries".
    A path that does not exist (and is no broken link) is returned as far as it
    resolves; whether missing is an error is for the caller to say.
    """
    real_root = Path(os.path.realpath(root))
    shown = Path(os.path.abspath(path))
    try:
        parts = shown.relative_to(os.path.abspath(root)).parts
    except ValueError:
        parts = None
    if parts is None or ".." in parts:
        real = Path(os.path.realpath(shown))
        if not real.is_relative_to(real_root):
            raise UserError(
                Problem(path, f"{what} ligger uden for projektmappen.", hint=_OUTSIDE_HINT)
            )
        return real
    current = real_root
    walked = Path(os.path.abspath(root))
    for index, part in enumerate(parts):
        walked = walked / part
        candidate = current / part
        if not candidate.is_symlink():
            current = candidate
            continue
        named = what if index == len(parts) - 1 else "Mappen"
        current = _follow(walked, candidate, named)
        if not current.is_relative_to(real_root):
            raise UserError(
                Problem(
                    walked,
                    f"{named} er {_LINK}, der fører uden for projektmappen.",
                    hint=_OUTSIDE_HINT,
                )
            )
    return current


def _follow(shown: Path, link: Path, what: str) -> Path:
    """Where one link leads (its folder already resolved), or a problem naming it."""
    try:
        return link.resolve(strict=True)
    except RuntimeError:  # Python before 3.13 reports a ring of links so
        raise UserError(_ring(shown, what)) from None
    except FileNotFoundError:
        raise UserError(
            Problem(
                shown,
                f"{what} er {_LINK} til noget, der ikke findes.",
                hint="Slet genvejen, eller ret den, så den peger på noget i projektmappen.",
            )
        ) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UserError(_ring(shown, what)) from None
        raise UserError(
            Problem(shown, f"{what} er {_LINK}, der ikke kan følges: {error.strerror or error}.")
        ) from None


def _ring(shown: Path, what: str) -> Problem:
    return Problem(
        shown,
        f"{what} er {_LINK}, der peger på sig selv i en ring.",
        hint="Slet genvejen, eller lad den pege direkte på den rigtige fil eller mappe.",
    )


def check_output_folder(folder: Path, root: Path) -> None:
    """Refuse before anything is written when output/ or the period folder in it is a
    link leading out of the project (or a broken link or a ring of links)."""
    inside_project(folder.parent, root, "Mappen output")
    inside_project(folder, root, f"Mappen output/{folder.name}")
