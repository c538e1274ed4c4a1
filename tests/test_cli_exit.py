"""The end of the program's process: Python's collector is not run again over all that
is left (the modules, their tables), which took 0.2 s after a build. What a command
prints is all there, its exit code is kept, and every exit handler still runs, those
registered while the command ran first.
"""

from __future__ import annotations

import atexit
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from trivselreport.cli import app as cli

from .conftest import write_entry

ENDING = """\
import atexit, gc, json, sys
from pathlib import Path

log = Path(sys.argv.pop(1))
ran = []

def last():  # registered before the command starts: runs after its handlers
    log.write_text(json.dumps({"frozen": gc.get_freeze_count() > 0, "ran": ran}))

atexit.register(last)

from trivselreport.commands import counting

counted = counting.count_readable_entries

def count_readable_entries(*arguments, **options):
    atexit.register(ran.append, "while the command ran")
    return counted(*arguments, **options)

counting.count_readable_entries = count_readable_entries
from trivselreport.cli.app import main
sys.argv = ["trivselreport", *sys.argv[1:]]
main()
"""


def ended(tmp_path: Path, *arguments: str) -> tuple[subprocess.CompletedProcess[str], object]:
    log = tmp_path / "ending.json"
    completed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(ENDING), str(log), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    return completed, json.loads(log.read_text(encoding="utf-8"))


def test_a_command_ends_with_its_output_its_code_and_every_exit_handler(
    small_project: Path, tmp_path: Path
) -> None:
    write_entry(
        small_project,
        "a.yaml",
        "titel: Møde\ntype: møde\ndato: 2024-04-03\ntemaer: [Tilhør]\ntekst: Et møde.\n",
    )
    completed, ending = ended(
        tmp_path, "stats", "--period", "2024-04", "--project", str(small_project)
    )
    assert completed.returncode == 0, completed.stderr
    assert "møde" in completed.stdout and completed.stdout.endswith("\n")
    assert ending == {"frozen": True, "ran": ["while the command ran"]}


def test_a_failing_command_keeps_its_exit_code(tmp_path: Path) -> None:
    completed, ending = ended(tmp_path, "stats", "--period", "2024-04", "--project", "findes-ikke")
    assert completed.returncode == 1
    assert completed.stderr.strip() and "Traceback" not in completed.stderr
    assert ending == {"frozen": True, "ran": []}


def test_main_run_again_in_one_process_registers_the_freeze_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    registered: list[object] = []
    monkeypatch.setattr(cli, "_exit_prepared", False)
    monkeypatch.setattr(atexit, "register", lambda function, *_: registered.append(function))
    monkeypatch.setattr(sys, "argv", ["trivselreport", "--version"])
    for _ in range(3):
        with pytest.raises(SystemExit) as stopped:
            cli.main()
        assert stopped.value.code == 0
    assert len(registered) == 1
