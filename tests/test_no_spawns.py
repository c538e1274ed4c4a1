"""Start-up starts no processes: the libraries are found by their exact names.

ctypes.util.find_library runs ldconfig, gcc and ld on Linux for every name it is
asked; WeasyPrint asks it for dozens of names that do not exist before the sonames
that do, and pyenchant asks it for libenchant. `startup.load_weasyprint` and
`spelling.point_pyenchant_at_libenchant` keep it from running. Each test runs a
command in a fresh Python process with an audit hook, which sees every way Python
starts a process (subprocess, os.posix_spawn, fork, exec, system) and cannot be
removed; the first tests show that the hook does see find_library's processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import write_entry

# What the child process runs before the code of each test: the hook writes every
# event that starts a process to the file named by argv[1], as it happens.
HOOK = """\
import json, sys
_LOG = open(sys.argv.pop(1), "a", encoding="utf-8")
_EVENTS = {"subprocess.Popen", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
           "os.exec", "os.system", "pty.spawn"}

def _hook(event, arguments):
    if event in _EVENTS:
        _LOG.write(json.dumps([event, repr(arguments)[:200]]) + "\\n")
        _LOG.flush()

sys.addaudithook(_hook)
"""

RUN_CLI = """\
from trivselreport.cli.app import main
try:
    main()
finally:
    for name in ("weasyprint", "enchant"):
        _LOG.write(json.dumps(["loaded", name in sys.modules and name]) + "\\n")
    _LOG.flush()
"""


def spawned(tmp_path: Path, code: str, *arguments: str) -> tuple[list[str], set[str]]:
    """Run `code` in a fresh process under the hook: the events that started a
    process, and which of WeasyPrint and pyenchant the process had loaded."""
    log = tmp_path / "events.jsonl"
    log.unlink(missing_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "PYENCHANT_LIBRARY_PATH"}
    completed = subprocess.run(
        [sys.executable, "-c", HOOK + code, str(log), *arguments],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    events = [f"{event} {detail}" for event, detail in records if event != "loaded"]
    loaded = {detail for event, detail in records if event == "loaded" and detail}
    return events, loaded


def test_the_hook_sees_find_library_start_processes(tmp_path: Path) -> None:
    events, _ = spawned(tmp_path, "import ctypes.util; ctypes.util.find_library('gobject-2.0')")
    assert events and all(event.startswith("subprocess.Popen") for event in events)


def test_weasyprint_and_pyenchant_imported_plainly_do_start_processes(tmp_path: Path) -> None:
    """What the start-up saves: without it, importing each starts processes."""
    weasy, _ = spawned(tmp_path, "import weasyprint")
    enchant, _ = spawned(tmp_path, "import enchant")
    assert len(weasy) > 10
    assert len(enchant) >= 1


def test_load_weasyprint_starts_no_process(tmp_path: Path) -> None:
    code = (
        "from trivselreport.writers.pdf.startup import load_weasyprint\n"
        "load_weasyprint()\n"
        "import weasyprint\n"
        "weasyprint.HTML(string='<p>Hej</p>').write_pdf()\n"
    )
    events, _ = spawned(tmp_path, code)
    assert events == []


@pytest.mark.pdf
def test_build_pdf_starts_no_process(tmp_path: Path, example_copy: Path) -> None:
    events, loaded = spawned(
        tmp_path,
        RUN_CLI,
        "build",
        "--period",
        "2024-04",
        "--format",
        "pdf",
        "--project",
        str(example_copy),
    )
    assert loaded == {"weasyprint", "enchant"}  # the build loaded both, and ...
    assert events == []  # ... started nothing to find them
    assert list((example_copy / "output" / "2024-04").glob("*.pdf"))


@pytest.mark.parametrize("cache", [[], ["--uden-cache"]], ids=["cached", "uncached"])
def test_check_with_spelling_starts_no_process(
    tmp_path: Path, small_project: Path, cache: list[str]
) -> None:
    write_entry(
        small_project,
        "2024/kursus.yaml",
        """\
        titel: Kursus i trivsel
        type: kursus
        dato: 2024-04-03
        temaer: [Tilhør]
        tekst: |
          Medarbejderne lærte om trivsel og pauser i hverdagen.
        """,
    )
    events, loaded = spawned(tmp_path, RUN_CLI, "check", "--project", str(small_project), *cache)
    assert "enchant" in loaded
    assert events == []


def test_pyenchant_is_pointed_at_libenchant_before_it_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trivselreport.memo.writing import spelling

    monkeypatch.delenv("PYENCHANT_LIBRARY_PATH", raising=False)
    spelling.point_pyenchant_at_libenchant()
    path = Path(os.environ["PYENCHANT_LIBRARY_PATH"])
    assert path.name == "libenchant-2.so.2" and path.is_file()
    monkeypatch.setenv("PYENCHANT_LIBRARY_PATH", "/elsewhere/libenchant.so")
    spelling.point_pyenchant_at_libenchant()  # a path the user set is kept
    assert os.environ["PYENCHANT_LIBRARY_PATH"] == "/elsewhere/libenchant.so"
