"""`new` never loses text: the editor opens on an empty text (a Danish comment below the
marker names the entry and is stripped), a refused text is reopened as the user wrote
it, questions can be edited with the arrow keys where readline exists, and Ctrl-C
ends every part of `new` with "Afbrudt – intet er gemt." and exit code 130."""

from __future__ import annotations

import builtins
import io
import sys
from pathlib import Path

import pytest

from trivselreport.cli import new_prompts
from trivselreport.commands.authoring import EDIT_MARKER, text_above_marker
from trivselreport.commands.editorfile import editor_file

from .test_cli_edges import assert_no_traceback, clean_env, entry_files, make_project
from .test_new import (
    CONFIG,
    edited_paths,
    kept_file,
    new_with_editor,
    saved_files,
    scripted_editor,
    the_entry,
)

INTERRUPTED = "Afbrudt – intet er gemt."
# An editor stopped by Ctrl-C: killed by SIGINT, as the terminal does.
CTRL_C = (
    "import os, signal\n"
    "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
    "os.kill(os.getpid(), signal.SIGINT)\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "projekt"
    (folder / "entries").mkdir(parents=True)
    (folder / "trivselreport.yaml").write_text(CONFIG, encoding="utf-8")
    return folder.resolve()


# --- the editor's file ------------------------------------------------------------------


@pytest.mark.parametrize("title", ["Temadag om trivsel", "", "  Mange   mellemrum  "])
def test_the_editor_opens_on_an_empty_text(tmp_path: Path, title: str) -> None:
    path = editor_file(tmp_path, title)
    shown = path.read_text(encoding="utf-8")
    assert text_above_marker(shown) == ""
    below = shown[shown.index(EDIT_MARKER) :]
    assert all(line.startswith("#") for line in below.splitlines())
    if title.strip():
        assert f"# Indslaget: {' '.join(title.split())}" in below
    else:
        assert "Indslaget:" not in below


def test_saving_the_editor_unchanged_stores_no_title_as_text(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unchanged = scripted_editor(tmp_path, "pass\n")
    code, output = new_with_editor(project, monkeypatch, unchanged, typed="\n" * 5 + "n\n")
    assert code == 1
    assert "Teksten må ikke være tom." in output
    assert saved_files(project) == []


def test_an_empty_text_reopens_the_editor_and_the_second_text_is_saved(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = scripted_editor(
        tmp_path,
        f"""\
        shown = path.read_text(encoding="utf-8")
        if (Path(sys.argv[0]).parent / "once").exists():
            below = shown[shown.index({EDIT_MARKER!r}):]
            path.write_text("Anden gang.\\n" + below, encoding="utf-8")
        (Path(sys.argv[0]).parent / "once").write_text("")
        """,
    )
    code, output = new_with_editor(project, monkeypatch, editor, typed="\n" * 5 + "j\n")
    assert code == 0, output
    first, second = edited_paths(tmp_path)
    assert first == second
    assert the_entry(project).text == "Anden gang."


def test_a_refused_text_is_reopened_with_the_users_own_words(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.txt"
    editor = scripted_editor(
        tmp_path,
        f"""\
        shown = path.read_text(encoding="utf-8")
        above, below = shown.split({EDIT_MARKER!r}, 1)
        with open({str(seen)!r}, "a", encoding="utf-8") as log:
            log.write(repr(above.strip()) + "\\n")
        if not above.strip():
            above = "Min egen tekst med mail anne@example.dk."
        else:
            above = above.replace(" med mail anne@example.dk", "")
        path.write_text(above + "\\n" + {EDIT_MARKER!r} + below, encoding="utf-8")
        """,
    )
    code, output = new_with_editor(project, monkeypatch, editor, typed="\n" * 5 + "j\n")
    assert code == 0, output
    first, second = seen.read_text(encoding="utf-8").splitlines()
    assert first == "''"
    assert second == repr("Min egen tekst med mail anne@example.dk.")
    assert the_entry(project).text == "Min egen tekst."


# --- Ctrl-C -----------------------------------------------------------------------------


def run_new_edit(project: Path, editor: Path, typed: str) -> tuple[int, str]:
    import subprocess

    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "trivselreport",
            "new",
            "--edit",
            "--type",
            "kursus",
            "--titel",
            "Med editor",
            "--dato",
            "2024-04-15",
        ],
        cwd=project,
        env=clean_env(EDITOR=str(editor), VISUAL=""),
        input=typed.encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert_no_traceback(completed)
    return completed.returncode, completed.stderr.decode()


def test_ctrl_c_in_the_editor_saves_nothing_and_exits_130(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    before = entry_files(project)
    editor = scripted_editor(tmp_path, CTRL_C)
    code, errors = run_new_edit(project, editor, "\n" * 5)
    assert code == 130, errors
    assert INTERRUPTED in errors
    assert "sluttede med en fejl" not in errors
    assert entry_files(project) == before
    # The empty file it was given holds nothing of the user's: it is gone.
    assert not (project / ".trivselreport").exists() or not any(
        (project / ".trivselreport").iterdir()
    )


def test_ctrl_c_after_writing_in_the_editor_names_the_kept_text(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    editor = scripted_editor(
        tmp_path,
        f"""\
        shown = path.read_text(encoding="utf-8")
        if "Ring" in shown:  # the second time
            import os, signal
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        path.write_text("Ring på 22 33 44 55.\\n" + shown[shown.index({EDIT_MARKER!r}):],
                        encoding="utf-8")
        """,
    )
    code, errors = run_new_edit(project, editor, "\n" * 5 + "j\n")
    assert code == 130, errors
    assert INTERRUPTED in errors
    kept = kept_file(project)
    assert f".trivselreport/{kept.name}" in errors
    assert "Ring på 22 33 44 55." in kept.read_text(encoding="utf-8")


# --- line editing -------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_readline_is_loaded_for_questions_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("readline")
    monkeypatch.delitem(sys.modules, "readline")
    monkeypatch.setattr(sys, "stdin", FakeTerminal(""))
    new_prompts.enable_line_editing()
    assert "readline" in sys.modules


def test_readline_is_not_loaded_when_input_is_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "readline", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    new_prompts.enable_line_editing()
    assert "readline" not in sys.modules


def test_a_platform_without_readline_still_asks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "readline", None)  # import readline fails
    monkeypatch.setattr(sys, "stdin", FakeTerminal(""))
    new_prompts.enable_line_editing()


def test_text_lines_on_a_terminal_are_read_with_input(monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["Første linje", "- et punkt", "."])
    monkeypatch.setattr(sys, "stdin", FakeTerminal(""))
    monkeypatch.setattr(builtins, "input", lambda *_: next(typed))
    assert new_prompts.ask_text_lines() == "Første linje\n- et punkt"


def test_text_on_a_terminal_ends_at_ctrl_d(monkeypatch: pytest.MonkeyPatch) -> None:
    typed = iter(["Kun en linje"])

    def answer(*_: object) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr(sys, "stdin", FakeTerminal(""))
    monkeypatch.setattr(builtins, "input", answer)
    assert new_prompts.ask_text_lines() == "Kun en linje"
