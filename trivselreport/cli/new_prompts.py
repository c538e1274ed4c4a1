"""The guided `new`: ask, in Danish, for each field not given as an option.

Every answer is checked as it is given and asked again until it is valid, so
nothing the user typed is lost to a late error. With --edit the text is written in
the user's editor, which runs here; its file is made and read back by
commands/editorfile.py.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import typer

from trivselreport.cli.terminal import EXIT_INTERRUPTED, note_kept, printable
from trivselreport.commands.authoring import NOT_SAVED, EntryDraft, kept_text, parse_user_date
from trivselreport.commands.editorfile import (
    contents_before_editing,
    discard_unchanged,
    editor_file,
    text_after_editing,
)
from trivselreport.commands.newentry import personal_data_problem
from trivselreport.errors import InputEnded, Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.fields.values import (
    THEMES,
    TYPES,
    NameKind,
    ValueProblem,
    choose_name,
    end_problem,
    whole_number,
    yes_no,
)
from trivselreport.reading.privacy.findings import redact

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


def enable_line_editing() -> None:
    """Arrow keys, Home/End and the history of earlier answers in the questions, where
    the platform has readline (not on Windows without it: the questions work as before).
    Only on a terminal: readline can write control codes when the output is a pipe."""
    if not (_stdin_is_open() and sys.stdin.isatty()):
        return
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401 - input() edits lines once it is loaded


def _read_line() -> str:
    """One line of the text, "" at the end of the input; input() on a terminal, so the
    line can be edited with the arrow keys."""
    if sys.stdin.isatty():
        try:
            return input() + "\n"
        except EOFError:
            return ""
    return sys.stdin.readline()


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


def ask(label: str, default: str | None = None) -> str:
    """One answer to a question, as `new` asks it (also used by `init`)."""
    return _ask(label, default)


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
            line = _read_line()
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


def edit_text(path: Path, *, fresh: bool = False) -> str:
    """Open the user's editor on `path`; return what they wrote above the marker.

    The file is left where it is (editorfile.py reads it back). If the editor cannot
    start, a `fresh` file (holding nothing the user wrote) is removed.
    """
    editor = (
        os.environ.get("VISUAL")
        or os.environ.get("EDITOR")
        or ("notepad" if os.name == "nt" else "nano")
    )
    before = contents_before_editing(path)
    note_kept(
        path,
        f"Teksten fra editoren er bevaret i {_shown_work_file(path)}; brug den med "
        "»trivselreport new --tekst-fil« og stien til filen.",
    )
    try:
        completed = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except KeyboardInterrupt:
        if fresh:
            discard_unchanged(path, before)
        raise
    except (OSError, ValueError) as error:  # not found, not runnable, unbalanced quotes
        if fresh:
            discard_unchanged(path, before)
        raise UserError(
            Problem(
                None,
                f"Editoren »{editor}« kan ikke startes.",
                field="--edit",
                hint="Angiv din editor i miljøvariablen EDITOR, eller skriv teksten uden --edit.",
            )
        ) from error
    if completed.returncode in _INTERRUPTED_EDITOR:  # Ctrl-C ended the editor
        if fresh:
            discard_unchanged(path, before)
        raise KeyboardInterrupt
    return text_after_editing(path, before, editor, completed.returncode)


# How an editor ended by Ctrl-C reports it: killed by SIGINT, or the shell's 130.
_INTERRUPTED_EDITOR = frozenset({-signal.SIGINT, EXIT_INTERRUPTED})


def _shown_work_file(path: Path) -> str:
    """The editor's file as the user finds it: .trivselreport/<name> in the project."""
    return f"{path.parent.name}/{path.name}"


def complete_draft(config: Config, draft: EntryDraft, *, today: date, edit: bool) -> EntryDraft:
    """Ask for what is missing; each answer is validated before the next question."""
    enable_line_editing()
    if draft.type is None:
        draft.type = ask_type(config)
    while draft.title is None:
        answer = " ".join(_ask("Titel").split())
        problem = (
            "Titlen må ikke være tom."
            if not answer
            else personal_data_problem(config, answer, draft.internal)
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
        problem = personal_data_problem(config, answer, draft.internal) if answer else None
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
            "Teksten må ikke være tom."
            if not text
            else personal_data_problem(config, text, draft.internal)
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
