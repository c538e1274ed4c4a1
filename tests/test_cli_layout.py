"""The command line's floor plan: `app.py` only creates the app and registers the
commands, each command has a module of its own in cli/, the options several commands
share are declared once (cli/options.py), and no module of cli/ grows past 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import typer
import typer.core
import typer.main

from trivselreport.cli.app import app

CLI = Path(__file__).resolve().parent.parent / "trivselreport" / "cli"
SHARED_OPTIONS = ("--project", "--period", "--from", "--to")


def group() -> typer.core.TyperGroup:
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    return command


def test_the_commands_are_registered_in_the_order_of_the_help() -> None:
    commands = group()
    with typer.Context(commands) as context:
        assert commands.list_commands(context) == [
            "build",
            "init",
            "new",
            "check",
            "list",
            "stats",
            "serve",
        ]


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("build", "build"),
        ("init", "init"),
        ("new", "new"),
        ("check", "check"),
        ("list", "listing"),
        ("stats", "listing"),
        ("serve", "serve"),
    ],
)
def test_each_command_lives_in_its_own_module(name: str, module: str) -> None:
    callback = group().commands[name].callback
    assert callback is not None
    assert callback.__module__ == f"trivselreport.cli.{module}"


def option_declarations(path: Path) -> list[str]:
    """The option names given to each typer.Option(...) call in a module."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Option"
        ):
            names += [
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
    return names


@pytest.mark.parametrize("option", SHARED_OPTIONS)
def test_a_shared_option_is_declared_once_in_the_options_module(option: str) -> None:
    declared_in = [
        path.name
        for path in sorted(CLI.glob("*.py"))
        for name in option_declarations(path)
        if name == option
    ]
    assert declared_in == ["options.py"]


@pytest.mark.parametrize("option", SHARED_OPTIONS)
def test_every_command_with_a_shared_option_shows_the_same_help_for_it(option: str) -> None:
    helps = {
        name: param.help
        for name, command in group().commands.items()
        for param in command.params
        if isinstance(param, typer.core.TyperOption) and option in param.opts
    }
    assert len(helps) >= 2 and len(set(helps.values())) == 1, helps


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda path: path.name)
def test_no_module_of_the_command_line_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
