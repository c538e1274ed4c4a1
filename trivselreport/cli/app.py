"""The command line: the typer app, its commands, and the entry point `main`.

Each command has its module here (build.py, init.py, new.py, check.py, listing.py
for list and stats), kept thin on purpose: they parse options, call the commands
layer, which knows nothing of typer, and print its results in Danish. Commands
import what they need when they run, so `--help` stays fast and WeasyPrint is
imported only by `build`, inside the core.

The command modules and this one have no `from __future__ import annotations`: typer
reads every command's parameters at each start, and would have to evaluate them from
strings (~10 ms of every `--help`); tests/test_cli_startup.py checks it.
"""

import atexit
import gc
import sys
from typing import Annotated

import typer

from trivselreport import __version__
from trivselreport.cli.build import build
from trivselreport.cli.check import check
from trivselreport.cli.clitext import install_danish_texts
from trivselreport.cli.init import init
from trivselreport.cli.listing import list_entries, stats
from trivselreport.cli.new import new
from trivselreport.cli.serve import serve
from trivselreport.cli.terminal import run, say

install_danish_texts()

app = typer.Typer(
    name="trivselreport",
    help="Samler indslag om børn og unges trivsel til statusnotatet til udvalget.",
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        say(f"trivselreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Vis versionen og afslut.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Samler indslag om børn og unges trivsel til statusnotatet til udvalget."""


# In this order in the help.
app.command()(build)
app.command()(init)
app.command()(new)
app.command()(check)
app.command(name="list")(list_entries)
app.command()(stats)
app.command()(serve)


def main() -> None:
    """The entry point: every way the program can end becomes an exit code and, where
    there is something to say, a Danish message; never a traceback (see terminal.run)."""
    _freeze_at_exit()
    sys.exit(run(lambda: app(standalone_mode=False)))


_exit_prepared = False


def _freeze_at_exit() -> None:
    """Spare the process's end from Python's collector.

    While Python tears down a process it runs its collector again and again over every
    object still alive (the modules, WeasyPrint's and ours, their tables): 0.2 s at the
    end of a build, 0.1 s after a bare `import weasyprint`. Frozen (`gc.freeze`), those
    objects are left to the operating system, which takes them back whole; what
    reference counting frees is still freed, and every exit handler still runs (this
    one is registered when the command starts, so those registered while it runs come
    first). Python never promised `__del__` for objects alive at exit anyway.
    """
    global _exit_prepared
    if not _exit_prepared:
        _exit_prepared = True
        atexit.register(gc.freeze)
