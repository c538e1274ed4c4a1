"""What every start of the program pays for: typer reading the commands' parameters.

typer builds the click commands at each start (also for `--help`), reading each
command's parameters with typing.get_type_hints. Annotations kept as strings (`from
__future__ import annotations`) would be evaluated there, every time: about 10 ms of a
`--help` that takes 100 ms. The command modules keep them as objects.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from trivselreport.cli.app import app


def _callbacks() -> list[Callable[..., Any]]:
    found = [command.callback for command in app.registered_commands]
    assert app.registered_callback is not None
    found.append(app.registered_callback.callback)
    return [callback for callback in found if callback is not None]


def test_every_command_is_read() -> None:
    names = {callback.__name__ for callback in _callbacks()}
    assert {"build", "check", "list_entries", "stats", "new", "init", "serve"} <= names


@pytest.mark.parametrize("callback", _callbacks(), ids=lambda callback: callback.__name__)
def test_the_parameters_of_each_command_are_annotated_with_objects_not_strings(
    callback: Callable[..., Any],
) -> None:
    parameters = inspect.signature(callback).parameters.values()
    assert parameters  # every command takes options
    strings = [p.name for p in parameters if isinstance(p.annotation, str)]
    assert strings == []
