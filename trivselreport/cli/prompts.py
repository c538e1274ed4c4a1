"""The guided `new`: ask, in Danish, for each field not given as an option.

Every answer is checked as it is given and asked again until it is valid, so
nothing the user typed is lost to a late error.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
import stat
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import typer

from trivselreport.cli.terminal import printable
from trivselreport.commands.authoring import (
    EDIT_MARKER,
    NOT_SAVED,
    WORK_DIR,
    EntryDraft,
    kept_text,
    parse_user_date,
    text_above_marker,
)
from trivselreport.errors import InputEnded, Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.privacy import redact, scan_text
from trivselreport.reading.textfile import read_text
from trivselreport.reading.values import (
    THEMES,
    TYPES,
    NameKind,
    ValueProblem,
    choose_name,
    end_problem,
    whole_number,
    yes_no,
)

TEXT_END = "."


def _say(message: str) -> None:
    typer.echo(printable(message))


def _complain(message: str) -> None:
    typer.echo(f"  ✗ {printable(message)}", err=True)


def _stdin_is_open() -> bool:
    return sys.stdin is not None and not sys.stdin.closed


def _tolerate_undecodable() -> None:
    """After a line that was not UTF-8, read on instead of failing on it again.

    The bytes that cannot be read become placeholders that clean_text removes.
    """
    reconfigure = getattr(sys.stdin, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(OSError, ValueError):
            reconfigure(errors="surrogateescape")


def _ask(label: str, default: str | None = None) -> str:
    """One answer; InputEnded when stdin is closed or at its end (nothing is saved then)."""
    while True:
        if not _stdin_is_open():
            raise InputEnded
        try:
            value = typer.prompt(
                label, default=default if default is not None else "", show_default=bool(default)
            )
        except typer.Abort as error:
            if isinstance(error.__context__, KeyboardInterrupt):
                raise KeyboardInterrupt from None
            raise InputEnded from None
        except UnicodeDecodeError:
            _tolerate_undecodable()
            _complain(
                "Svaret indeholder tegn, der ikke kan læses (terminalen bruger ikke "
                "UTF-8). Skriv det igen."
            )
            continue
        return str(value).strip()


def ask_type(config: Config) -> str:
    _say("Typer: " + ", ".join(f"{n}) {name}" for n, name in enumerate(config.types, 1)))
    while True:
        try:
            return choose_one(_ask("Type (nummer eller navn)"), config.types, TYPES)
        except ValueProblem as refused:
            _complain(_with_hint(refused))


def _with_hint(problem: ValueProblem) -> str:
    return f"{problem.message} {problem.hint}" if problem.hint else problem.message


def _is_number(answer: str) -> bool:
    # str.isdigit() also accepts "²" and other digits int() refuses.
    return answer.isascii() and answer.isdigit()


def choose_one(answer: str, choices: tuple[str, ...], kind: NameKind) -> str:
    """A number from the list shown, or one of the names (values.choose_name's rule)."""
    if _is_number(answer) and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    return choose_name(answer, choices, kind)


def choose_many(answer: str, choices: tuple[str, ...], kind: NameKind = THEMES) -> list[str]:
    """'1, 3' or full names separated by ';' → the chosen items, in the config's order."""
    if not answer.strip():
        return []
    separator = ";" if ";" in answer or not any(ch.isdigit() for ch in answer) else ","
    picked = {choose_one(part.strip(), choices, kind) for part in answer.split(separator)}
    return [choice for choice in choices if choice in picked]


def _guarded(config: Config, text: str, internal: bool) -> str | None:
    findings = scan_text(text, internal=internal, terms=config.forbidden)
    if not findings:
        return None
    kinds = {
        "cpr": "et CPR-nummer",
        "email": "en e-mailadresse",
        "phone": "et telefonnummer",
        "forbidden": "et forbudt ord",
    }
    found = "; ".join(f"{kinds.get(f.kind, f.kind)} ({f.masked})" for f in findings)
    return f"Teksten indeholder {found}, som ikke må stå i et indslag til udvalget."


def ask_text_lines() -> str:
    """The text up to a line with only ".", or up to the end of the input.

    Input that ends before any text is typed raises InputEnded: asking again would
    get the same nothing forever.
    """
    _say(f"Skriv teksten (Markdown). Afslut med en linje, der kun indeholder »{TEXT_END}«:")
    lines: list[str] = []
    while True:
        if not _stdin_is_open():
            raise InputEnded
        try:
            line = sys.stdin.readline()
        except UnicodeDecodeError:
            _tolerate_undecodable()
            _complain(
                "Linjen indeholder tegn, der ikke kan læses (terminalen bruger ikke "
                "UTF-8). Skriv den igen."
            )
            continue
        if not line:
            text = "\n".join(lines).strip()
            if not text:
                raise InputEnded
            return text
        if line.rstrip("\r\n") == TEXT_END:
            break
        lines.append(line.rstrip("\r\n"))
    return "\n".join(lines).strip()


def editor_file(project_dir: Path, initial: str) -> Path:
    """A new file for the editor in the project's hidden .trivselreport folder.

    It stays in the project (nothing is written outside it) and is kept until the
    entry is saved, so what the user wrote is never lost to a later error.
    """
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
        prepared = (
            f"{initial}\n\n{EDIT_MARKER}\n# Skriv teksten over linjen ovenfor i "
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


def edit_text(path: Path, *, fresh: bool = False) -> str:
    """Open the user's editor on `path`; return what they wrote above the marker.

    The file is left where it is. If the editor fails, deletes the file or saves it in
    another encoding than UTF-8, the problem says so and names the file. If the editor
    cannot start, a `fresh` file (holding nothing the user wrote) is removed.
    """
    editor = (
        os.environ.get("VISUAL")
        or os.environ.get("EDITOR")
        or ("notepad" if os.name == "nt" else "nano")
    )
    cannot_start = Problem(
        None,
        f"Editoren »{editor}« kan ikke startes.",
        field="--edit",
        hint="Angiv din editor i miljøvariablen EDITOR, eller skriv teksten uden --edit.",
    )
    try:
        before = path.read_bytes()
    except OSError as error:
        raise UserError(
            Problem(
                path,
                f"Filen til editoren kan ikke læses: {error.strerror or error}.",
                field="--edit",
            )
        ) from error
    try:
        completed = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except (OSError, ValueError) as error:  # not found, not runnable, unbalanced quotes
        if fresh:
            _discard_unchanged(path, before)
        raise UserError(cannot_start) from error
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
    if completed.returncode != 0:
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


def _discard_unchanged(path: Path, prepared: bytes) -> None:
    """Remove the editor's file (and the folder, if empty) when it holds only what we wrote."""
    with contextlib.suppress(OSError):
        if path.read_bytes() == prepared:
            path.unlink()
            path.parent.rmdir()


def complete_draft(config: Config, draft: EntryDraft, *, today: date, edit: bool) -> EntryDraft:
    """Ask for what is missing; each answer is validated before the next question."""
    if draft.type is None:
        draft.type = ask_type(config)
    while draft.title is None:
        answer = " ".join(_ask("Titel").split())
        problem = (
            "Titlen må ikke være tom." if not answer else _guarded(config, answer, draft.internal)
        )
        if problem:
            _complain(problem)
        else:
            draft.title = answer
    while draft.start is None:
        try:
            draft.start = parse_user_date(_ask("Dato", default=today.isoformat()))
        except ValueError as error:
            _complain(str(error))
    draft.end = _ask_end(draft.start, draft.end)
    if not draft.themes and config.themes:
        _say("Temaer: " + "; ".join(f"{n}) {name}" for n, name in enumerate(config.themes, 1)))
        while True:
            try:
                draft.themes = choose_many(
                    _ask("Temaer (numre adskilt af komma; tom: ingen)"), config.themes
                )
                break
            except ValueProblem as refused:
                _complain(_with_hint(refused))
    while draft.responsible is None:
        answer = " ".join(_ask("Ansvarlig enhed eller rolle (tom: ingen)").split())
        problem = _guarded(config, answer, draft.internal) if answer else None
        if problem:
            _complain(problem)
            continue
        if not answer:
            break
        draft.responsible = answer
    if draft.participants is None:
        draft.participants = _ask_participants()
    if not draft.internal:
        draft.internal = _ask_yes_no("Kun til intern brug?", default=False)
    while draft.text is None:
        if edit:
            fresh = draft.editor_file is None
            if draft.editor_file is None:
                draft.editor_file = editor_file(config.root, draft.title or "")
            text = edit_text(draft.editor_file, fresh=fresh)
        else:
            text = ask_text_lines()
        problem = (
            "Teksten må ikke være tom." if not text else _guarded(config, text, draft.internal)
        )
        if not problem:
            draft.text = text
        elif edit and draft.editor_file is not None:
            _complain(problem)
            if not _ask_yes_no("Åbn teksten i editoren igen for at rette den?", default=True):
                raise UserError(kept_text(draft.editor_file), closing=NOT_SAVED)
        else:
            _complain(problem)
            if text:
                _say(
                    "Teksten er ikke gemt; her er den (personoplysninger skjult), så du kan "
                    "rette den:\n" + redact(text)
                )
    return draft


def _ask_end(start: date, given: date | None) -> date | None:
    if given is not None:
        return given
    while True:
        answer = _ask("Slutdato (tom: samme dag)")
        if not answer:
            return None
        try:
            end = parse_user_date(answer)
        except ValueError as error:
            _complain(str(error))
            continue
        if wrong_end := end_problem(start, end):
            _complain(_with_hint(wrong_end))
            continue
        return end


def _ask_participants() -> int | None:
    while True:
        answer = _ask("Antal deltagere (tom: ukendt)")
        if not answer:
            return None
        try:
            return whole_number(
                answer, "deltagere", hint="Skriv et helt tal, fx 25, eller lad feltet stå tomt."
            )
        except ValueProblem as refused:
            _complain(_with_hint(refused))


def _ask_yes_no(label: str, *, default: bool) -> bool:
    while True:
        answer = _ask(f"{label} [{'J/n' if default else 'j/N'}]")
        if not answer:
            return default
        try:
            return yes_no(answer)
        except ValueProblem as refused:
            _complain(_with_hint(refused))
