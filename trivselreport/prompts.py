"""The guided `new`: ask, in Danish, for each field not given as an option.

Every answer is checked as it is given and asked again until it is valid, so
nothing the user typed is lost to a late error.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import typer

from trivselreport.authoring import EntryDraft, parse_user_date
from trivselreport.config import Config
from trivselreport.errors import InputEnded, Problem, UserError, did_you_mean
from trivselreport.fields import parse_yes_no
from trivselreport.privacy import redact, scan_text
from trivselreport.terminal import printable

TEXT_END = "."
EDIT_MARKER = "# ---- Alt herunder ignoreres ----"


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
            value = typer.prompt(label, default=default if default is not None else "",
                                 show_default=bool(default))
        except typer.Abort as error:
            if isinstance(error.__context__, KeyboardInterrupt):
                raise KeyboardInterrupt from None
            raise InputEnded from None
        except UnicodeDecodeError:
            _tolerate_undecodable()
            _complain("Svaret indeholder tegn, der ikke kan læses (terminalen bruger ikke "
                      "UTF-8). Skriv det igen.")
            continue
        return str(value).strip()


def ask_type(config: Config) -> str:
    _say("Typer: " + ", ".join(f"{n}) {name}" for n, name in enumerate(config.types, 1)))
    while True:
        answer = _ask("Type (nummer eller navn)")
        chosen = choose_one(answer, config.types)
        if chosen:
            return chosen
        _complain(f"»{answer}« er ikke en af typerne. "
                  + (did_you_mean(answer, config.types) or "Skriv et nummer fra listen."))


def _is_number(answer: str) -> bool:
    # str.isdigit() also accepts "²" and other digits int() refuses.
    return answer.isascii() and answer.isdigit()


def choose_one(answer: str, choices: tuple[str, ...]) -> str | None:
    if _is_number(answer) and 1 <= int(answer) <= len(choices):
        return choices[int(answer) - 1]
    return answer if answer in choices else None


def choose_many(answer: str, choices: tuple[str, ...]) -> list[str]:
    """'1, 3' or full names separated by ';' → the chosen items, in the config's order."""
    if not answer.strip():
        return []
    separator = ";" if ";" in answer or not any(ch.isdigit() for ch in answer) else ","
    picked: set[str] = set()
    for part in (piece.strip() for piece in answer.split(separator)):
        chosen = choose_one(part, choices)
        if chosen is None:
            raise ValueError(f"»{part}« er ikke et af temaerne. "
                             + (did_you_mean(part, choices) or "Skriv numre fra listen."))
        picked.add(chosen)
    return [choice for choice in choices if choice in picked]


def _guarded(config: Config, text: str, internal: bool) -> str | None:
    findings = scan_text(text, internal=internal, terms=config.forbidden)
    if not findings:
        return None
    kinds = {"cpr": "et CPR-nummer", "email": "en e-mailadresse",
             "phone": "et telefonnummer", "forbidden": "et forbudt ord"}
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
            _complain("Linjen indeholder tegn, der ikke kan læses (terminalen bruger ikke "
                      "UTF-8). Skriv den igen.")
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


def edit_text(initial: str) -> str:
    """Open the user's editor on a prepared file; return what they wrote above the marker."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or (
        "notepad" if os.name == "nt" else "nano")
    prepared = (f"{initial}\n\n{EDIT_MARKER}\n# Skriv teksten over linjen ovenfor i Markdown:\n"
                "# afsnit adskilt af en tom linje, punktlister med »- «, **fed**, *kursiv*.\n"
                "# Gem filen og luk editoren, når du er færdig.\n")
    handle, name = tempfile.mkstemp(prefix="trivselreport-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(prepared)
        try:
            completed = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as error:
            raise UserError(Problem(None, f"Editoren »{editor}« kan ikke startes.",
                                    field="--edit", hint="Angiv din editor i miljøvariablen "
                                    "EDITOR, eller skriv teksten uden --edit.")) from error
        if completed.returncode != 0:
            raise UserError(Problem(None, f"Editoren »{editor}« sluttede med en fejl.",
                                    field="--edit"))
        text = path.read_text(encoding="utf-8-sig")
    finally:
        path.unlink(missing_ok=True)
    return text.split(EDIT_MARKER, 1)[0].strip()


def complete_draft(config: Config, draft: EntryDraft, *, today: date, edit: bool) -> EntryDraft:
    """Ask for what is missing; each answer is validated before the next question."""
    if draft.type is None:
        draft.type = ask_type(config)
    while draft.title is None:
        answer = " ".join(_ask("Titel").split())
        problem = "Titlen må ikke være tom." if not answer else _guarded(config, answer,
                                                                        draft.internal)
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
                draft.themes = choose_many(_ask("Temaer (numre adskilt af komma; tom: ingen)"),
                                           config.themes)
                break
            except ValueError as error:
                _complain(str(error))
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
        text = edit_text(draft.title or "") if edit else ask_text_lines()
        problem = "Teksten må ikke være tom." if not text else _guarded(config, text,
                                                                       draft.internal)
        if problem:
            _complain(problem)
            if text:
                _say("Teksten er ikke gemt; her er den (personoplysninger skjult), så du kan "
                     "rette den:\n" + redact(text))
        else:
            draft.text = text
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
        if end < start:
            _complain(f"Slutdatoen ligger før datoen {start.isoformat()}.")
            continue
        return end


def _ask_participants() -> int | None:
    while True:
        answer = _ask("Antal deltagere (tom: ukendt)")
        if not answer:
            return None
        if _is_number(answer):
            return int(answer)
        _complain("Skriv et helt tal, fx 25, eller lad feltet stå tomt.")


def _ask_yes_no(label: str, *, default: bool) -> bool:
    while True:
        answer = _ask(f"{label} [{'J/n' if default else 'j/N'}]")
        if not answer:
            return default
        parsed = parse_yes_no(answer)
        if parsed is not None:
            return parsed
        _complain("Svar j (ja) eller n (nej).")
