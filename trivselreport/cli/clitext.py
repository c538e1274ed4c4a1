"""Danish for what the command-line library prints on its own.

typer carries its own copy of click, whose few fixed English texts ("Usage:",
"Show this message and exit.", usage errors) are not translatable through
gettext. We adjust exactly those three places, once, when the CLI loads.
Every other text the user reads is ours and already Danish.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

HELP_TEXT = "Vis denne hjælp og afslut."
SECTION_NAMES = {"Options": "Tilvalg", "Commands": "Kommandoer", "Arguments": "Argumenter"}

_ERROR_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            r"^No such option: (\S+)\s*(?:Did you mean (\S+)\?)?\s*(?:\(Possible options: "
            r"(.+)\))?$",
            re.S,
        ),
        "ukendt tilvalg",
    ),
    (re.compile(r"^No such command '(.+?)'\.(?:\s*Did you mean '(.+)'\?)?$"), "ukendt kommando"),
    (re.compile(r"^Missing option '(.+)'\.?.*$", re.S), "mangler tilvalg"),
    (re.compile(r"^Missing argument '(.+)'\.?.*$", re.S), "mangler argument"),
    (re.compile(r"^Option '(.+)' requires an argument\.$"), "mangler værdi"),
    (re.compile(r"^Invalid value for (.+?): (.*)$", re.S), "ugyldig værdi"),
    (re.compile(r"^Got unexpected extra arguments? \((.+)\)$"), "ekstra argumenter"),
]


def translate_usage_error(message: str) -> str:
    for pattern, kind in _ERROR_PATTERNS:
        match = pattern.match(message.strip())
        if not match:
            continue
        first = match.group(1)
        if kind == "ukendt tilvalg":
            guesses = match.group(2) or match.group(3) or ""
            return unknown_option_text(first, [g for g in re.split(r"[,\s]+", guesses) if g])
        if kind == "ukendt kommando":
            guess = match.group(2)
            text = f"Kommandoen »{first}« findes ikke."
            return f"{text} Mente du »{guess}«?" if guess else text
        if kind == "mangler tilvalg":
            return f"Tilvalget {first} mangler."
        if kind == "mangler argument":
            return f"Argumentet {first} mangler."
        if kind == "mangler værdi":
            return f"Tilvalget {first} skal have en værdi."
        if kind == "ugyldig værdi":
            return f"Ugyldig værdi for {first}: {_translate_detail(match.group(2))}"
        return f"Uventet ekstra argument: {first}."
    return message


_SUGGESTION_MARGIN = 0.15  # how much less alike than the closest a suggestion may be


def unknown_option_text(
    name: str, guesses: Sequence[str], aliases: Sequence[Sequence[str]] = ()
) -> str:
    """ "Tilvalget --perod findes ikke. Mente du »--period«?": the closest names first,
    one per option (`aliases` holds each option's names, so --period and --periode,
    which are the same option, are suggested once)."""
    from difflib import SequenceMatcher

    closeness = {guess: SequenceMatcher(None, name, guess).ratio() for guess in guesses}
    best = max(closeness.values(), default=0.0)
    shown: list[str] = []
    taken: set[str] = set()
    # Only the closest: --perod is --period, not also --projekt.
    for guess in sorted(guesses, key=lambda guess: -closeness[guess]):
        if closeness[guess] < best - _SUGGESTION_MARGIN:
            continue
        names = next((list(group) for group in aliases if guess in group), [guess])
        if not taken.intersection(names):
            shown.append(f"»{guess}«")
            taken.update(names)
    text = f"Tilvalget {name} findes ikke."
    if not shown:
        return text
    choices = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " eller " + shown[-1]
    return f"{text} Mente du {choices}?"


def _option_aliases(context: Any) -> list[list[str]]:
    command = getattr(context, "command", None)
    return [
        [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
        for param in getattr(command, "params", ())
    ]


_DETAILS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^'?(.*?)'? is not a valid (?:int|integer)\.?$"), "»{0}« er ikke et helt tal."),
    (re.compile(r"^'?(.*?)'? is not a valid (?:float|number)\.?$"), "»{0}« er ikke et tal."),
    (re.compile(r"^'?(.*?)'? is not a valid boolean\.?$"), "»{0}« er ikke ja eller nej."),
    (re.compile(r"^File '(.*)' does not exist\.?$"), "Filen »{0}« findes ikke."),
    (re.compile(r"^Directory '(.*)' does not exist\.?$"), "Mappen »{0}« findes ikke."),
    (re.compile(r"^File '(.*)' is a directory\.?$"), "»{0}« er en mappe, ikke en fil."),
    (re.compile(r"^Directory '(.*)' is a file\.?$"), "»{0}« er en fil, ikke en mappe."),
    (
        re.compile(r"^Directory '(.*)' is not readable\.?$"),
        "Mappen »{0}« kan ikke læses: du har ikke adgang.",
    ),
    (
        re.compile(r"^File '(.*)' is not readable\.?$"),
        "Filen »{0}« kan ikke læses: du har ikke adgang.",
    ),
]


def _translate_detail(detail: str) -> str:
    for pattern, danish in _DETAILS:
        match = pattern.match(detail.strip())
        if match:
            return danish.format(*match.groups())
    return detail


# Texts typer itself looks up through gettext (typer.core's `_`).
_GETTEXT: dict[str, str] = {
    "(dynamic)": "(beregnes)",
    "Aborted!": "Afbrudt.",
    "default: {default}": "standard: {default}",
    "required": "påkrævet",
    "env var: {var}": "miljøvariabel: {var}",
    "Arguments": "Argumenter",
    "Options": "Tilvalg",
    "Commands": "Kommandoer",
    "Missing command.": "Der mangler en kommando.",
}


def install_danish_texts() -> None:
    """Patch typer's bundled click where it prints fixed English texts."""
    from trivselreport.cli.terminal import printable

    try:
        import typer.core
        from typer._click import decorators, exceptions, formatting
    except ImportError:  # pragma: no cover - an older typer using click itself
        return

    typer.core._ = lambda message: _GETTEXT.get(message, message)  # type: ignore[attr-defined]

    original_write_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[TILVALG]")
        args = args.replace("COMMAND [ARGS]", "KOMMANDO [ARGUMENTER]")
        original_write_usage(self, prog, args, "Brug: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]

    original_section = formatting.HelpFormatter.section

    def section(self: Any, name: str) -> Any:
        return original_section(self, SECTION_NAMES.get(name, name))

    formatting.HelpFormatter.section = section  # type: ignore[method-assign]

    original_help_option = decorators.help_option

    def help_option(param_decls: list[str]) -> Callable[[Any], Any]:
        add_option = original_help_option(param_decls)

        def add_danish_option(command: Any) -> Any:
            command = add_option(command)
            command.params[-1].help = HELP_TEXT
            return command

        return add_danish_option

    decorators.help_option = help_option

    def show(self: Any, file: IO[str] | None = None) -> None:
        stream = file or sys.stderr
        context = getattr(self, "ctx", None)
        # The message may quote what was typed: control characters are shown as codes.
        if isinstance(self, exceptions.NoSuchOption) and self.option_name.startswith("-"):
            text = unknown_option_text(
                self.option_name, self.possibilities or (), _option_aliases(context)
            )
        else:
            text = translate_usage_error(self.format_message())
        message = printable(text)
        try:
            print(f"Fejl: {message}", file=stream)
            if context is not None:
                print(
                    f"  → Se »{printable(context.command_path)} --help« for at få hjælp.",
                    file=stream,
                )
        except (OSError, ValueError):
            pass  # stderr is closed or full: the exit code still tells

    exceptions.UsageError.show = show  # type: ignore[method-assign]
    exceptions.UsageError.exit_code = 1
    _danish_completion_options()


COMPLETION_HELP = {
    "install": "Installer Tab-færdiggørelse af kommandoer og tilvalg i din skal "
    "(bash, zsh, fish eller PowerShell).",
    "show": "Vis skriptet til Tab-færdiggørelse, så du selv kan sætte det ind.",
}


def _danish_completion_options() -> None:
    """typer's --install-completion and --show-completion, with Danish help and message."""
    import typer.main

    original = typer.main.get_install_completion_arguments

    def danish_arguments() -> tuple[Any, Any]:
        install: Any
        show: Any
        install, show = original()
        install.help = COMPLETION_HELP["install"]
        show.help = COMPLETION_HELP["show"]
        install.callback = _install_completion
        return install, show

    typer.main.get_install_completion_arguments = danish_arguments


def _install_completion(context: Any, param: Any, value: Any) -> Any:
    if not value or context.resilient_parsing:
        return value
    from typer._completion_shared import install

    from trivselreport.cli.terminal import say

    shell, path = install(shell=value) if isinstance(value, str) else install()
    say(f"Tab-færdiggørelse til {shell} er installeret i {path}.")
    say("Den virker, når du har åbnet terminalen igen.")
    sys.exit(0)
