"""The program's edge, as a real process: consoles, pipes, disks, input and Ctrl-C.

Every case runs `python -m trivselreport` with the streams a user can give it: a
console that is not UTF-8, stdout closed, full or a pipe closed early, stdin empty or
closed, an interrupt, and a bug. None may end in a traceback; the exit code and the
Danish message say what happened, also when the memo was already written.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from trivselreport.cli import terminal

from .conftest import SMALL_CONFIG

ENTRY = """\
titel: "Kursus ➢ æøå – ok"
type: kursus
dato: 2024-04-10
tekst: "Et kursus."
"""
BROKEN_ENTRY = ENTRY.replace("type: kursus", "type: kursus→x")
INTERRUPTED = "Afbrudt – intet er gemt."
MEMO = Path("output") / "2024-04" / "status-april-2024.html"


def make_project(tmp_path: Path, entries: dict[str, str] | None = None) -> Path:
    project = tmp_path / "projekt"
    (project / "entries").mkdir(parents=True)
    config = SMALL_CONFIG.replace('"Kurser"', '"Kurser ➢ æøå"')
    (project / "trivselreport.yaml").write_text(config, encoding="utf-8")
    for name, text in (entries or {"a.yaml": ENTRY}).items():
        (project / "entries" / name).write_text(text, encoding="utf-8")
    return project


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONUTF8", "PYTHONIOENCODING", "TRIVSELREPORT_DEBUG", "SOURCE_DATE_EPOCH")
    }
    env.update(extra)
    return env


def run(
    project: Path, *args: str, env: dict[str, str] | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The CLI in `project`; stdin is `input_text`, or empty (like < /dev/null)."""
    return subprocess.run(
        [sys.executable, "-m", "trivselreport", *args],
        cwd=project,
        env=env or clean_env(),
        input=(input_text or "").encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )


def shell(
    project: Path, command: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`command` in bash, with "$PY" as this Python and the project as working folder."""
    return subprocess.run(
        ["bash", "-c", command],
        cwd=project,
        timeout=60,
        check=False,
        env={**(env or clean_env()), "PY": sys.executable},
        capture_output=True,
    )


def assert_no_traceback(completed: subprocess.CompletedProcess[bytes]) -> None:
    for stream in (completed.stdout or b"", completed.stderr or b""):
        assert b"Traceback" not in stream, stream.decode("utf-8", "replace")
        assert b"Exception ignored" not in stream, stream.decode("utf-8", "replace")


def entry_files(project: Path) -> list[Path]:
    return sorted((project / "entries").rglob("*.yaml"))


# --- consoles that are not UTF-8 -------------------------------------------------------------

ENCODINGS = ["latin-1", "cp850", "cp1252", "ascii"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_build_on_a_console_that_is_not_utf8_degrades_characters(
    tmp_path: Path, encoding: str
) -> None:
    project = make_project(tmp_path)
    completed = run(
        project,
        "build",
        "--period",
        "2024-04",
        "--format",
        "html",
        env=clean_env(PYTHONIOENCODING=encoding),
    )
    assert_no_traceback(completed)
    assert completed.returncode == 0, completed.stderr
    shown = completed.stdout.decode(encoding)  # strict: every byte is of that encoding
    assert "Bygget: Status april 2024" in shown and "Kursus > " in shown
    assert (project / MEMO).is_file()
    assert "➢ æøå" in (project / MEMO).read_text(encoding="utf-8")  # the memo is untouched


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_problems_on_a_console_that_is_not_utf8_are_shown(tmp_path: Path, encoding: str) -> None:
    project = make_project(tmp_path, {"a.yaml": BROKEN_ENTRY})
    completed = run(project, "check", env=clean_env(PYTHONIOENCODING=encoding))
    assert_no_traceback(completed)
    assert completed.returncode == 1
    shown = completed.stderr.decode(encoding)
    assert "entries/a.yaml, linje 2" in shown and "kursus->x" in shown
    assert "-> Mente du" in shown or "→ Mente du" in shown


def test_the_c_locale_without_utf8_mode_works(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    completed = run(
        project,
        "build",
        "--period",
        "2024-04",
        "--format",
        "html",
        env=clean_env(LC_ALL="C", LANG="C", PYTHONCOERCECLOCALE="0"),
    )
    assert_no_traceback(completed)
    assert completed.returncode == 0 and (project / MEMO).is_file()


# --- stdout closed, full, or a pipe closed early ----------------------------------------------


@pytest.fixture(scope="module")
def many_entries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1200 entries alike: `list` and `check --format json` print far more than a pipe holds."""
    project = make_project(tmp_path_factory.mktemp("mange"), {})
    for number in range(1200):
        (project / "entries" / f"e{number:04d}.yaml").write_text(ENTRY, encoding="utf-8")
    return project


@pytest.mark.parametrize(
    "args", [("list",), ("check", "--format", "json"), ("stats", "--format", "csv")]
)
def test_a_pipe_closed_early_ends_quietly(many_entries: Path, args: tuple[str, ...]) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "trivselreport", *args],
        cwd=many_entries,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()  # like `| head -1`
    process.stdout.close()
    errors = process.stderr.read()
    code = process.wait(timeout=60)
    assert b"Traceback" not in errors and b"Exception ignored" not in errors, errors
    # 1 when the closed pipe was noticed; 0 when the rest fit into the pipe before it closed.
    assert code in (0, 1)
    assert errors == b""


@pytest.mark.parametrize("command", ["list", "check --format json", "--help"])
def test_a_reader_that_reads_nothing_ends_it_quietly(many_entries: Path, command: str) -> None:
    completed = shell(
        many_entries, f'"$PY" -m trivselreport {command} | true; exit "${{PIPESTATUS[0]}}"'
    )
    assert_no_traceback(completed)
    assert completed.returncode == 1, completed.stderr  # quietly: nobody reads
    assert completed.stderr == b""


@pytest.mark.parametrize("args", ["list", "build --period 2024-04 --format html"])
def test_a_closed_stdout_ends_quietly_with_exit_code_1(tmp_path: Path, args: str) -> None:
    project = make_project(tmp_path)
    completed = shell(project, f'"$PY" -m trivselreport {args} >&-')
    assert_no_traceback(completed)
    assert completed.returncode == 1
    if args.startswith("build"):
        assert (project / MEMO).is_file()  # written before the summary could not be


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_under_stdout_is_said_in_danish(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    completed = shell(project, '"$PY" -m trivselreport list > /dev/full')
    assert_no_traceback(completed)
    assert completed.returncode == 1
    assert (
        "Udskriften kunne ikke skrives: der er ikke plads på disken." in completed.stderr.decode()
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_stdout_after_the_build_says_the_memo_is_saved(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    completed = shell(
        project, '"$PY" -m trivselreport build --period 2024-04 --format html > /dev/full'
    )
    assert_no_traceback(completed)
    message = completed.stderr.decode()
    assert completed.returncode == 1
    assert "Notatet er gemt i output/2024-04." in message and "Intet er skrevet" not in message
    assert (project / MEMO).is_file()


# --- stdin for `new`: empty, closed, ended early; Ctrl-C ------------------------------------

ANSWERS = ["kursus", "Kursus i trivsel", "2024-04-15", "", "", "", "", ""]


@pytest.mark.parametrize(
    "typed",
    [
        "",  # < /dev/null
        "kursus\n",  # ends after the type
        "\n".join(ANSWERS[:4]) + "\n",  # ends before the themes
        "\n".join(ANSWERS) + "\n",  # ends where the text should come
    ],
)
def test_input_that_ends_during_new_saves_nothing(tmp_path: Path, typed: str) -> None:
    project = make_project(tmp_path)
    before = entry_files(project)
    completed = run(project, "new", input_text=typed)
    assert_no_traceback(completed)
    assert completed.returncode == 1
    assert INTERRUPTED in completed.stderr.decode()
    assert entry_files(project) == before


def test_new_with_stdin_closed_saves_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    before = entry_files(project)
    completed = shell(project, '"$PY" -m trivselreport new <&-')
    assert_no_traceback(completed)
    assert completed.returncode == 1 and INTERRUPTED in completed.stderr.decode()
    assert entry_files(project) == before


def test_text_ended_by_the_end_of_input_is_kept(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    completed = run(project, "new", input_text="\n".join([*ANSWERS, "Teksten uden punktum"]))
    assert_no_traceback(completed)
    assert completed.returncode == 0, completed.stderr
    (saved,) = [path for path in entry_files(project) if path.name != "a.yaml"]
    assert "Teksten uden punktum" in saved.read_text(encoding="utf-8")


def test_ctrl_c_at_a_question_saves_nothing_and_exits_130(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    before = entry_files(project)
    process = subprocess.Popen(
        [sys.executable, "-m", "trivselreport", "new"],
        cwd=project,
        env=clean_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    seen = b""
    while b"Type (nummer eller navn)" not in seen:  # the first question is asked
        chunk = os.read(process.stdout.fileno(), 1024)
        assert chunk, seen
        seen += chunk
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=30)
    assert process.returncode == 130
    assert INTERRUPTED in errors.decode() and b"Traceback" not in errors
    assert entry_files(project) == before


# --- inside a command: an interrupt, and a bug (the last line of defence) ------------------


def run_with_failure(
    project: Path, target: str, raised: str, *args: str, debug: bool = False
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI with `target` (module.function) replaced by one raising `raised`."""
    module, function = target.rsplit(".", 1)
    code = textwrap.dedent(f"""\
        import sys
        import {module} as module
        def fail(*args, **kwargs):
            raise {raised}
        module.{function} = fail
        from trivselreport.cli.app import main
        sys.argv = ["trivselreport", *sys.argv[1:]]
        main()
        """)
    env = clean_env(TRIVSELREPORT_DEBUG="1") if debug else clean_env()
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=project,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_ctrl_c_anywhere_in_a_command_exits_130_with_a_message(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    completed = run_with_failure(
        project, "trivselreport.commands.checking.check_project", "KeyboardInterrupt", "check"
    )
    assert_no_traceback(completed)
    assert completed.returncode == 130
    assert INTERRUPTED in completed.stderr.decode()


def test_an_unexpected_error_gets_a_short_danish_message(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    completed = run_with_failure(
        project,
        "trivselreport.memo.compose.parse_body",
        "RuntimeError('fejl om 150312-1234')",
        "build",
        "--period",
        "2024-04",
        "--format",
        "html",
    )
    assert_no_traceback(completed)
    message = completed.stderr.decode()
    assert completed.returncode == 1
    assert "Der skete en uventet fejl i trivselreport" in message and "(RuntimeError)" in message
    assert "intet er skrevet" in message and "TRIVSELREPORT_DEBUG=1" in message
    assert "150312" not in message  # the error's own text is not shown: it may hold anything
    assert not (project / "output").exists()


def test_the_debug_variable_shows_the_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    completed = run_with_failure(
        project,
        "trivselreport.commands.checking.check_project",
        "RuntimeError('fejl')",
        "check",
        debug=True,
    )
    assert completed.returncode == 1
    assert b"Traceback" in completed.stderr and b"RuntimeError: fejl" in completed.stderr


def test_an_error_after_the_memo_is_saved_does_not_say_nothing_was(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    completed = run_with_failure(
        project,
        "trivselreport.cli.report.print_build_summary",
        "RuntimeError('fejl')",
        "build",
        "--period",
        "2024-04",
        "--format",
        "html",
    )
    assert_no_traceback(completed)
    message = completed.stderr.decode()
    assert completed.returncode == 1
    assert "Notatet er gemt i output/2024-04." in message and "intet er skrevet" not in message
    assert (project / MEMO).is_file()


# --- the printing layer, in process ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("klokke\x07", "klokke\\x07"),
        ("c1\x9b2J", "c1\\x9b2J"),
        ("retur\rfalsk", "retur\\x0dfalsk"),
        ("vend\u202eom", "vend\\u202eom"),
        ("byte\udcff", "byte\\xff"),
        ("del\x7f", "del\\x7f"),
        ("tab\tog\nlinje", "tab\tog\nlinje"),
        ("æøå ➢ –", "æøå ➢ –"),
    ],
)
def test_printable_shows_control_characters_as_visible_codes(text: str, shown: str) -> None:
    assert terminal.printable(text) == shown


@pytest.mark.parametrize(
    ("encoding", "text", "degraded"),
    [
        ("ascii", "Rødovre → Kurser ➢ æøå – »ok« …", 'Roedovre -> Kurser > aeoeaa - "ok" ...'),
        ("latin-1", "Rødovre → ➢ – »ok«", "Rødovre -> > - »ok«"),
        ("cp850", "Møde – ✓ ✗ • é", "Møde - v x * é"),
        ("cp1252", "Møde ➢ → ½ 漢", "Møde > -> ½ ?"),
        ("ascii", "café ½ 漢", "cafe ? ?"),
    ],
)
def test_characters_a_console_lacks_are_degraded_not_fatal(
    encoding: str, text: str, degraded: str
) -> None:
    terminal.prepare_streams()
    assert text.encode(encoding, terminal.ERROR_HANDLER).decode(encoding) == degraded


def test_run_turns_an_interrupt_into_130_and_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted() -> None:
        raise KeyboardInterrupt

    assert terminal.run(interrupted) == 130
    assert INTERRUPTED in capsys.readouterr().err


def test_run_turns_a_bug_into_1_and_a_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRIVSELREPORT_DEBUG", raising=False)

    def broken() -> None:
        raise ZeroDivisionError

    assert terminal.run(broken) == 1
    assert "uventet fejl i trivselreport" in capsys.readouterr().err
