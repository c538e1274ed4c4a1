"""Replace a memo's files for a period together, or not at all.

A build never writes into the period folder (output/<periode>) directly. It fills a
hidden staging folder beside it, output/.<periode>.<id>.ny, with hard links (or,
where the drive has none, copies) of the period folder's files that this build does
not replace, plus the new files, each written in full and flushed to disk. Then:

- when there is no period folder yet, the staging folder is renamed to it;
- on Linux the staging folder and the period folder trade places in one step
  (renameat2 with RENAME_EXCHANGE), and the old folder, now at the staging name,
  is removed;
- where the exchange is refused (some network drives, other systems), the new files
  are moved in one by one, each previous file first kept as a backup; on any failure
  every earlier file is put back from its backup.

So a failure leaves every earlier file byte-identical, and the message says so only
when it is true. Builds of one project take turns (a lock on output/). What a killed
build leaves (staging, old and backup folders, all named as above) is removed by the
next build once that build's process is gone or the folder is an hour old; a
one-by-one replacement that was cut off is undone from its backups first.

The steps are in fileops.py, staging.py and onebyone.py; the transaction, its lock and
what each failure tells the user stay here together, since a message may say that the
earlier files are untouched only when the transaction knows it.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from trivselreport.errors import Problem, UserError
from trivselreport.writers.files.fileops import (
    EXCHANGE_REFUSED,
    copy_folder_rights,
    exchange,
    fsync_folder,
    make_folders,
    remove_if_empty,
    write_file,
)
from trivselreport.writers.files.onebyone import OneByOne
from trivselreport.writers.files.pausepoint import pause_point
from trivselreport.writers.files.staging import (
    carry_over,
    keep_visible,
    make_staging,
    remove_leftovers,
)

# exchange and write_file are looked up here, so the fault tests replace them here.
__all__ = ["exchange", "write_all_atomically", "write_file"]

LOCK_SECONDS = 120.0  # how long a build waits for another one writing to the same output/
UNTOUCHED = "Tidligere bygget output er ikke rørt."
PARTLY_WRITTEN = "Notatets filer er ikke alle, som de var før; se ovenfor."


class _Failed(Exception):
    """An OSError, with the path the user should be told about."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(str(error))
        self.path = path
        self.error = error


@contextmanager
def _about(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise _Failed(path, error) from error


def write_all_atomically(files: dict[Path, bytes]) -> None:
    """Write the files so that each folder's files are replaced together or not at all.

    Files of several folders are one transaction too: if one folder fails, the
    folders already replaced are put back.
    """
    folders: dict[Path, dict[str, bytes]] = {}
    for path, data in files.items():
        folders.setdefault(path.parent, {})[path.name] = data
    replacements = [_Replacement(folder, contents) for folder, contents in folders.items()]
    created: list[Path] = []
    swapped: list[_Replacement] = []
    try:
        with ExitStack() as turns:
            for parent in sorted({replacement.folder.parent for replacement in replacements}):
                with _about(parent):
                    created.extend(make_folders(parent))
                turns.enter_context(_turn(parent))
            try:
                pause_point("before-writing")
                for replacement in replacements:
                    replacement.prepare()
                for replacement in replacements:
                    swapped.append(replacement)
                    replacement.swap()
                pause_point("swapped")
            except BaseException:
                undone = [replacement.undo() for replacement in reversed(swapped)]
                for replacement in replacements:
                    replacement.discard()
                sentences = [sentence for sentence in undone if sentence]
                if sentences:
                    raise _PartlyWritten(sentences) from None
                raise
            for replacement in replacements:
                replacement.finish()
    except _PartlyWritten as partly:
        cause = partly.__context__
        path, error = (
            (cause.path, cause.error)
            if isinstance(cause, _Failed)
            else (replacements[0].shown, OSError(errno.EINTR, "afbrudt"))
        )
        raise UserError(
            _problem(path, error, after=" ".join(partly.sentences)), closing=PARTLY_WRITTEN
        ) from error
    except _Failed as failed:
        for folder in reversed(created):
            remove_if_empty(folder)
        raise UserError(_problem(failed.path, failed.error)) from failed.error


class _PartlyWritten(Exception):
    """Some earlier files could not be put back; the sentences say which and where."""

    def __init__(self, sentences: list[str]) -> None:
        super().__init__(" ".join(sentences))
        self.sentences = sentences


class _Replacement:
    """The new files of one folder, staged and then swapped in."""

    def __init__(self, folder: Path, contents: dict[str, bytes]) -> None:
        self.shown = folder  # as the build named it, for messages
        self.folder = Path(os.path.realpath(folder))
        self.contents = contents
        self.staging: Path | None = None
        self.inside = False  # staging inside the folder: no right to write beside it
        self.carried = False  # the folder's other files are in the staging folder too
        self.existed = False
        self.mode = ""  # how it was swapped in: "rename", "exchange" or "one-by-one"
        self.installer: OneByOne | None = None
        self.keep = False  # the staging folder holds earlier files that are not back

    def prepare(self) -> None:
        folder = self.folder
        if os.path.lexists(self.shown) and not self.shown.is_dir():
            raise _Failed(self.shown, NotADirectoryError(errno.ENOTDIR, "ikke en mappe"))
        self.existed = folder.is_dir()
        remove_leftovers(folder, list(self.contents))
        for name in self.contents:
            if (folder / name).is_dir() and not (folder / name).is_symlink():
                raise _Failed(self.shown / name, IsADirectoryError(errno.EISDIR, "en mappe"))
        with _about(self.shown):
            try:
                self.staging = make_staging(folder.parent, folder.name)
            except PermissionError:
                if not self.existed:
                    raise
                self.staging = make_staging(folder, folder.name)
                self.inside = True
        pause_point("staging-made")
        if self.existed and not self.inside:
            copy_folder_rights(folder, self.staging)
        for number, (name, data) in enumerate(self.contents.items()):
            with _about(self.shown / name):
                write_file(self.staging / name, data)
            if number == 0:
                pause_point("mid-staging")
        fsync_folder(self.staging)
        if self.existed and not self.inside:
            try:
                carry_over(folder, self.staging, set(self.contents))
                self.carried = True
            except OSError:  # e.g. another user's file: put the new ones in one by one
                self.carried = False
        pause_point("staged")

    def swap(self) -> None:
        assert self.staging is not None
        if not self.existed:
            with _about(self.shown):
                os.rename(self.staging, self.folder)
            self.mode = "rename"
            fsync_folder(self.folder.parent)
            return
        if self.carried:
            try:
                exchange(self.staging, self.folder)
            except OSError as error:
                if error.errno not in EXCHANGE_REFUSED:
                    raise _Failed(self.shown, error) from error
            else:
                self.mode = "exchange"
                fsync_folder(self.folder.parent)
                return
        self.mode = "one-by-one"
        self.installer = OneByOne(self.folder, self.staging, list(self.contents))
        try:
            self.installer.install()
        except OSError as error:
            raise _Failed(self.shown / (self.installer.current or ""), error) from error

    def undo(self) -> str | None:
        """Put the earlier files back; None when all are, else a sentence on what is not."""
        assert self.staging is not None
        try:
            if self.mode == "rename":
                os.rename(self.folder, self.staging)
            elif self.mode == "exchange":
                exchange(self.staging, self.folder)
        except OSError:
            self.keep = True
            if self.mode == "rename":
                return (
                    f"Mappen {self.shown} blev skrevet og kunne ikke fjernes igen; "
                    "den har de nye filer."
                )
            return (
                f"Mappen {self.shown} har de nye filer; de tidligere ligger i "
                f"{keep_visible(self.staging, self.folder)}."
            )
        if self.installer is None:
            return None
        failed = self.installer.roll_back()
        if not failed:
            return None
        self.keep = True
        return (
            f"Disse filer i {self.shown} kunne ikke sættes tilbage, som de var: "
            f"{', '.join(failed)}. De tidligere udgaver ligger i {self.installer.backups}, "
            "og det næste bygge af samme periode lægger dem tilbage først."
        )

    def discard(self) -> None:
        if self.staging is not None and not self.keep:
            shutil.rmtree(self.staging, ignore_errors=True)

    def finish(self) -> None:
        assert self.staging is not None
        if self.installer is not None:
            try:
                self.installer.finish()
            except OSError:
                return  # left for the next build, which puts the earlier files back
        if self.mode != "rename":
            shutil.rmtree(self.staging, ignore_errors=True)


@contextmanager
def _turn(folder: Path) -> Iterator[None]:
    """Hold a lock on `folder` while writing, where the system has one (flock)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + LOCK_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UserError(
                        Problem(
                            folder,
                            "Et andet bygge skriver i mappen lige nu.",
                            hint=f"Vent, til det er færdigt, og byg igen. {UNTOUCHED}",
                        )
                    ) from None
                time.sleep(0.05)
            except OSError:  # no locks on this drive: go on without
                break
        yield
    finally:
        os.close(descriptor)


def _problem(path: Path, error: OSError, *, after: str = UNTOUCHED) -> Problem:
    if error.errno == errno.ENOSPC:
        return Problem(
            path, "Der er ikke plads på disken.", hint=f"Frigør plads, og byg igen. {after}"
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return Problem(
            path,
            "Du har ikke adgang til at skrive her.",
            hint=f"Tjek rettighederne til mappen output. {after}",
        )
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        return Problem(
            path,
            "En fil står, hvor der skulle være en mappe.",
            hint=f"Flyt eller omdøb filen i output-mappen. {after}",
        )
    if isinstance(error, IsADirectoryError):
        return Problem(
            path,
            "Der står en mappe med notatets filnavn.",
            hint=f"Flyt eller omdøb mappen. {after}",
        )
    return Problem(
        path,
        f"Filen kan ikke skrives: {error.strerror or error}.",
        hint=f"Tjek at mappen findes, og at der er plads på disken. {after}",
    )
