"""Faults during builds: killed processes, disks that refuse, entries that change.

Whatever happens, entries are never touched and the last good memo stays whole.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import trivselreport.commands.build
import trivselreport.memo.compose
from trivselreport.cli.app import app
from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.errors import UserError
from trivselreport.writers.files import output, pausepoint, staging

from .conftest import write_entry

PDF = "status-sundhed-og-trivsel-april-2024.pdf"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- builds killed at each step of the writing (writers/files/pausepoint.py) -------------


def killed_at(
    step: str, command: list[str], marker: Path, environment: dict[str, str] | None = None
) -> None:
    """Run `command` until it stands at `step` (asserted: it must get there), then kill it."""
    process = subprocess.Popen(
        command,
        env={**(environment or os.environ), pausepoint.VARIABLE: f"{step}:{marker}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        assert process.poll() is None, f"the build ended before {step}: {process.stderr}"
        assert marker.read_text(encoding="utf-8") == step  # it stands exactly there
    finally:
        process.kill()
        process.wait()
        assert process.stderr is not None
        process.stderr.close()
    marker.unlink()


def cli_command(project: Path, formats: str = "html,docx") -> list[str]:
    return [
        sys.executable,
        "-m",
        "trivselreport",
        "build",
        "--period",
        "2024-04",
        "--format",
        formats,
        "--project",
        str(project),
    ]


def visible(folder: Path) -> dict[str, str]:
    """The user's view of `folder`: every file by its hash, none of our hidden ones."""
    return {
        name: digest
        for name, digest in digests(folder).items()
        if not any(part.startswith(".") for part in name.split("/"))
    }


BEFORE_THE_SWAP = ("before-writing", "staging-made", "mid-staging", "staged")


@pytest.mark.parametrize("step", BEFORE_THE_SWAP)
def test_a_build_killed_before_its_swap_leaves_every_earlier_file_as_it_was(
    built_once: Path, tmp_path: Path, step: str
) -> None:
    before = visible(built_once / "output")
    entries = digests(built_once / "entries")
    killed_at(step, cli_command(built_once), tmp_path / "marker")
    assert visible(built_once / "output") == before
    assert digests(built_once / "entries") == entries
    # The next build takes what the killed one left (staging folders) away with it.
    build_memo(built_once, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    assert_new_memo(built_once)


def test_a_build_killed_after_its_swap_leaves_the_whole_new_memo(
    built_once: Path, tmp_path: Path
) -> None:
    before = visible(built_once / "output")
    killed_at("swapped", cli_command(built_once), tmp_path / "marker")
    after = visible(built_once / "output")
    changed = {name for name in before if after[name] != before[name]}
    assert changed == {f"2024-04/{name}" for name in MEMO_FILES}  # all of them, together
    assert hidden_entries(built_once / "output") != []  # the old folder, not yet removed
    build_memo(built_once, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    assert_new_memo(built_once)


ONE_BY_ONE_CLI = """import errno, sys
from trivselreport.writers.files import output

def exchange(first, second):
    raise OSError(errno.EINVAL, "unsupported")

output.exchange = exchange
sys.argv = ["trivselreport", *sys.argv[1:]]
from trivselreport.cli.app import main
main()
"""


def test_a_build_killed_between_two_renames_is_undone_by_the_next(
    built_once: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digests(built_once / "output")
    command = [sys.executable, "-c", ONE_BY_ONE_CLI, *cli_command(built_once)[3:]]
    killed_at("between-renames", command, tmp_path / "marker")
    folder = built_once / "output" / "2024-04"
    mixed = {name: before[f"2024-04/{name}"] != digests(folder)[name] for name in MEMO_FILES}
    assert list(mixed.values()).count(True) == 1  # one file new, the others old
    # The next build puts the earlier files back first, even one that then fails itself.
    monkeypatch.setattr(
        output, "write_file", fail_on_call(1, output.write_file, OSError(errno.ENOSPC, "fuld"))
    )
    assert build_cli(built_once)[0] == 1
    assert digests(built_once / "output") == before
    monkeypatch.undo()
    build_memo(built_once, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    assert_new_memo(built_once)


def test_the_pause_points_do_nothing_unless_asked_and_never_wait_for_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waited: list[float] = []
    monkeypatch.setattr(time, "sleep", waited.append)
    marker = tmp_path / "marker"
    monkeypatch.delenv(pausepoint.VARIABLE, raising=False)
    for step in pausepoint.STEPS:
        pausepoint.pause_point(step)
    monkeypatch.setenv(pausepoint.VARIABLE, f"staged:{marker}")
    pausepoint.pause_point("mid-staging")  # another step: goes on at once
    monkeypatch.setenv(pausepoint.VARIABLE, "staged")  # no marker file: nothing
    pausepoint.pause_point("staged")
    assert waited == [] and not marker.exists()
    monkeypatch.setenv(pausepoint.VARIABLE, f"staged:{marker}")
    pausepoint.pause_point("staged")
    assert waited == [pausepoint.PAUSE_SECONDS] and 0 < pausepoint.PAUSE_SECONDS <= 60
    assert marker.read_text(encoding="utf-8") == "staged"
    monkeypatch.setenv(pausepoint.VARIABLE, f"staged:{tmp_path / 'no' / 'folder'}")
    pausepoint.pause_point("staged")  # the marker cannot be written: no pause either
    assert waited == [pausepoint.PAUSE_SECONDS]


@pytest.mark.pdf
def test_a_pdf_build_killed_leaves_the_memo_and_the_temporary_folder_as_they_were(
    example_copy: Path, tmp_path: Path
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary)}
    command = cli_command(example_copy, "pdf,docx")
    subprocess.run(
        [*command, "--dato", "2024-04-15"], check=True, capture_output=True, env=environment
    )
    before = visible(example_copy / "output")
    assert f"2024-04/{PDF}" in before
    entries = digests(example_copy / "entries")
    for step in ("laid-out", "mid-staging"):  # inside WeasyPrint's work, and after it
        killed_at(step, [*command, "--dato", "2024-04-20"], tmp_path / "marker", environment)
        assert visible(example_copy / "output") == before
        assert digests(example_copy / "entries") == entries
        assert os.listdir(temporary) == []  # nothing of WeasyPrint's or ours, ever


def test_a_file_where_the_output_folder_should_be_is_a_clear_error(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: x\n")
    (small_project / "output").write_text("ikke en mappe", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["build", "--period", "2024-04", "--format", "html", "--project", str(small_project)]
    )
    assert result.exit_code == 1
    assert "En fil står, hvor der skulle være en mappe" in result.output
    assert "Traceback" not in result.output
    assert (small_project / "output").read_text(encoding="utf-8") == "ikke en mappe"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (errno.ENOSPC, "Der er ikke plads på disken"),
        (errno.EROFS, "Du har ikke adgang til at skrive her"),
        (errno.EIO, "Filen kan ikke skrives"),
    ],
)
def test_a_disk_that_refuses_leaves_earlier_output_untouched(
    small_project: Path, monkeypatch: pytest.MonkeyPatch, error: int, message: str
) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: x\n")
    build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    before = snapshot(small_project / "output")
    write_entry(small_project, "b.yaml", "titel: B\ntype: kursus\ndato: 2024-02-02\ntekst: y\n")

    def failing_fsync(descriptor: int) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(UserError) as caught:
        build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    assert message in caught.value.problems[0].message
    assert "Tidligere bygget output er ikke rørt" in (caught.value.problems[0].hint or "")
    assert snapshot(small_project / "output") == before  # no temporary file left either


def test_when_one_file_fails_no_file_of_the_memo_is_replaced(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: x\n")
    build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    before = snapshot(small_project / "output")
    write_entry(small_project, "b.yaml", "titel: B\ntype: kursus\ndato: 2024-02-02\ntekst: y\n")
    original = output.write_file

    def fail_on_docx(path: Path, data: bytes) -> None:
        if path.suffix == ".docx":
            raise OSError(errno.ENOSPC, "fuld")
        original(path, data)

    monkeypatch.setattr(output, "write_file", fail_on_docx)
    with pytest.raises(UserError):
        build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    assert snapshot(small_project / "output") == before


def test_leftovers_of_a_killed_build_are_cleaned_up_later(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: x\n")
    folder = small_project / "output" / "2024-04"
    folder.mkdir(parents=True)
    stale = folder / ".status-april-2024.html.abc123.tmp"
    fresh = folder / ".status-april-2024.html.def456.tmp"
    stale.write_text("halvt", encoding="utf-8")
    fresh.write_text("i gang", encoding="utf-8")
    old = time.time() - 2 * staging.STALE_SECONDS
    os.utime(stale, (old, old))
    build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html",))
    assert not stale.exists()
    assert fresh.exists()  # may belong to a build running right now


def test_entries_changed_during_a_build_do_not_mix_into_the_memo(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = write_entry(
        small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: Før ændringen.\n"
    )
    original = trivselreport.memo.compose.compose_memo

    def compose_while_someone_edits(*args: object, **kwargs: object) -> object:
        entry.write_text(
            "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: Efter ændringen.\n", encoding="utf-8"
        )
        write_entry(
            small_project, "b.yaml", "titel: B\ntype: kursus\ndato: 2024-02-03\ntekst: Ny fil.\n"
        )
        return original(*args, **kwargs)  # type: ignore[arg-type]

    # prepare.py (which build_memo calls) looks compose_memo up in its own namespace
    monkeypatch.setattr("trivselreport.commands.prepare.compose_memo", compose_while_someone_edits)
    result = build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html",))
    html = result.html_path.read_text(encoding="utf-8")
    assert "Før ændringen." in html
    assert "Efter ændringen." not in html and "Ny fil." not in html
    assert result.sources_path is not None
    sources = result.sources_path.read_text(encoding="utf-8")
    assert "bygget af 1 indslag" in sources and "entries/a.yaml" in sources
    assert "entries/b.yaml" not in sources


def test_the_summary_names_the_list_of_files_used(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: x\n")
    result = CliRunner().invoke(
        app, ["build", "--period", "2024-04", "--format", "html", "--project", str(small_project)]
    )
    assert result.exit_code == 0, result.output
    assert "Bygget af 1 indslagsfil," in result.output
    assert "status-april-2024.kilder.txt" in result.output


# --- all or nothing: a period's files are replaced together ------------------------------

FIRST = "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: Første udgave.\n"
SECOND = "titel: B\ntype: kursus\ndato: 2024-02-02\ntekst: Ny tekst.\n"
MEMO_FILES = ("status-april-2024.html", "status-april-2024.docx", "status-april-2024.kilder.txt")


def digests(folder: Path) -> dict[str, str]:
    """Every file under `folder`, hidden ones and those in hidden folders too, by its hash."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def hidden_entries(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob(".*"))


@pytest.fixture
def built_once(small_project: Path) -> Path:
    """A project built once as HTML and DOCX, with the user's own files beside the memo,
    and a second entry written since, so the next build changes every memo file."""
    write_entry(small_project, "a.yaml", FIRST)
    build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    folder = small_project / "output" / "2024-04"
    (folder / "noter.txt").write_text("Mine egne noter.\n", encoding="utf-8")
    (folder / "bilag").mkdir()
    (folder / "bilag" / "oversigt.csv").write_text("a;b\n", encoding="utf-8")
    write_entry(small_project, "b.yaml", SECOND)
    return small_project


def build_cli(project: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        [
            "build",
            "--period",
            "2024-04",
            "--format",
            "html,docx",
            "--project",
            str(project),
            *options,
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def fail_on_call(
    number: int,
    real: Callable[..., Any],
    error: BaseException,
    only: Callable[..., bool] = lambda *args: True,
) -> Callable[..., Any]:
    """`real`, except that its `number`-th call (counting calls `only` accepts) raises."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        if only(*args):
            calls += 1
            if calls == number:
                raise error
        return real(*args, **kwargs)

    return wrapper


def refuse(number: int) -> Callable[..., None]:
    """A stand-in for a file operation that always fails with this errno."""

    def refused(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    return refused


def assert_new_memo(project: Path) -> None:
    folder = project / "output" / "2024-04"
    assert "Ny tekst." in (folder / "status-april-2024.html").read_text(encoding="utf-8")
    assert "entries/b.yaml" in (folder / "status-april-2024.kilder.txt").read_text(encoding="utf-8")
    assert (folder / "noter.txt").read_text(encoding="utf-8") == "Mine egne noter.\n"
    assert (folder / "bilag" / "oversigt.csv").read_text(encoding="utf-8") == "a;b\n"
    assert hidden_entries(project / "output") == []


@pytest.mark.parametrize("failing", [1, 2, 3])
def test_a_failing_write_of_any_file_leaves_every_earlier_file_byte_identical(
    built_once: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    before = digests(built_once / "output")
    monkeypatch.setattr(
        output,
        "write_file",
        fail_on_call(failing, output.write_file, OSError(errno.ENOSPC, "fuld")),
    )
    code, printed = build_cli(built_once)
    assert code == 1
    assert "Der er ikke plads på disken." in printed
    assert "Tidligere bygget output er ikke rørt." in printed
    assert printed.rstrip().endswith("Intet er skrevet.")
    assert MEMO_FILES[failing - 1].split(".", 1)[1] in printed  # names the file that failed
    assert digests(built_once / "output") == before


@pytest.mark.parametrize("error", [errno.EIO, errno.ENOSPC])
def test_a_failing_swap_leaves_every_earlier_file_byte_identical(
    built_once: Path, monkeypatch: pytest.MonkeyPatch, error: int
) -> None:
    before = digests(built_once / "output")
    monkeypatch.setattr(output, "exchange", refuse(error))
    code, printed = build_cli(built_once)
    assert code == 1
    assert "Tidligere bygget output er ikke rørt." in printed
    assert digests(built_once / "output") == before


def test_the_first_build_of_a_period_that_fails_leaves_no_folder_behind(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry(small_project, "a.yaml", FIRST)
    monkeypatch.setattr(os, "rename", fail_on_call(1, os.rename, OSError(errno.EIO, "fejl")))
    code, printed = build_cli(small_project)
    assert code == 1 and "Filen kan ikke skrives" in printed
    assert not (small_project / "output").exists()


def test_the_period_folder_is_swapped_in_whole(built_once: Path) -> None:
    folder = built_once / "output" / "2024-04"
    old_inode = folder.stat().st_ino
    kept_inode = (folder / "noter.txt").stat().st_ino
    build_memo(built_once, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    assert_new_memo(built_once)
    assert folder.stat().st_ino != old_inode  # a new folder took the old one's place …
    assert (folder / "noter.txt").stat().st_ino == kept_inode  # … with the same other files


@pytest.mark.parametrize("refusal", [errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP])
def test_where_the_drive_cannot_swap_folders_the_files_are_replaced_one_by_one(
    built_once: Path, monkeypatch: pytest.MonkeyPatch, refusal: int
) -> None:
    folder = built_once / "output" / "2024-04"
    old_inode = folder.stat().st_ino
    monkeypatch.setattr(output, "exchange", refuse(refusal))
    build_memo(built_once, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    assert_new_memo(built_once)
    assert folder.stat().st_ino == old_inode


def in_period_folder(source: object, target: object) -> bool:
    """A move into the period folder itself (not into a hidden folder of ours)."""
    return Path(str(target)).parent.name == "2024-04"


@pytest.mark.parametrize("links", ["hard links", "no hard links"])
@pytest.mark.parametrize("failing", [1, 2, 3])
def test_one_by_one_a_failing_rename_puts_every_earlier_file_back(
    built_once: Path, monkeypatch: pytest.MonkeyPatch, failing: int, links: str
) -> None:
    before = digests(built_once / "output")
    monkeypatch.setattr(output, "exchange", refuse(errno.EINVAL))
    if links == "no hard links":  # backups are then byte-identical copies
        monkeypatch.setattr(os, "link", refuse(errno.EPERM))
    monkeypatch.setattr(
        os,
        "replace",
        fail_on_call(failing, os.replace, OSError(errno.EACCES, "nægtet"), only=in_period_folder),
    )
    code, printed = build_cli(built_once)
    assert code == 1
    assert "Du har ikke adgang til at skrive her." in printed
    assert "Tidligere bygget output er ikke rørt." in printed
    assert digests(built_once / "output") == before


def test_one_by_one_a_failing_backup_leaves_every_earlier_file_byte_identical(
    built_once: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digests(built_once / "output")
    monkeypatch.setattr(output, "exchange", refuse(errno.EINVAL))
    monkeypatch.setattr(os, "link", refuse(errno.EPERM))
    monkeypatch.setattr(
        shutil,
        "copy2",
        fail_on_call(
            2,
            shutil.copy2,
            OSError(errno.ENOSPC, "fuld"),
            only=lambda source, target, **_: ".tidligere-filer" in str(target),
        ),
    )
    code, printed = build_cli(built_once)
    assert code == 1 and "Der er ikke plads på disken." in printed
    assert digests(built_once / "output") == before


def test_when_earlier_files_cannot_be_put_back_the_message_says_which_and_where(
    built_once: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digests(built_once / "output")
    monkeypatch.setattr(output, "exchange", refuse(errno.EINVAL))
    real_replace = os.replace
    calls: list[str] = []

    def replace(source: str, target: str) -> None:
        calls.append(Path(target).name)
        if len(calls) > 1 and in_period_folder(source, target):
            raise OSError(errno.EIO, "I/O-fejl")  # the 2nd file, and putting the 1st back
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    code, printed = build_cli(built_once)
    monkeypatch.setattr(os, "replace", real_replace)
    assert code == 1
    assert "Tidligere bygget output er ikke rørt" not in printed
    assert "Intet er skrevet" not in printed
    assert "kunne ikke sættes tilbage, som de var: status-april-2024.html." in printed
    assert ".tidligere-filer" in printed  # where the earlier version lies
    assert printed.rstrip().endswith("Notatets filer er ikke alle, som de var før; se ovenfor.")
    assert digests(built_once / "output") != before
    # The next build of the period puts the earlier files back before anything else
    # (here it then fails itself, so nothing new is put in their place).
    monkeypatch.setattr(staging, "_running", lambda pid: False)
    monkeypatch.setattr(
        output, "write_file", fail_on_call(1, output.write_file, OSError(errno.ENOSPC, "fuld"))
    )
    assert build_cli(built_once)[0] == 1
    assert digests(built_once / "output") == before


def test_a_directory_with_a_memo_files_name_is_refused_and_kept(built_once: Path) -> None:
    folder = built_once / "output" / "2024-04"
    (folder / "status-april-2024.docx").unlink()
    (folder / "status-april-2024.docx").mkdir()
    (folder / "status-april-2024.docx" / "vigtig.txt").write_text("x", encoding="utf-8")
    before = digests(built_once / "output")
    code, printed = build_cli(built_once)
    assert code == 1 and "Der står en mappe med notatets filnavn." in printed
    assert digests(built_once / "output") == before


def test_builds_of_one_project_at_the_same_time_keep_each_others_files(built_once: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "trivselreport",
        "build",
        "--period",
        "2024-04",
        "--project",
        str(built_once),
    ]
    variants = [
        ["--format", "html"],
        ["--format", "docx"],
        ["--format", "html", "--intern"],
        ["--format", "docx", "--intern"],
    ]
    processes = [
        subprocess.Popen([*command, *variant], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for variant in variants
    ]
    assert [process.wait(timeout=120) for process in processes] == [0] * 4
    names = {path.name for path in (built_once / "output" / "2024-04").iterdir()}
    assert {
        "status-april-2024.html",
        "status-april-2024.docx",
        "status-april-2024-intern.html",
        "status-april-2024-intern.docx",
        "noter.txt",
        "bilag",
    } <= names
    assert hidden_entries(built_once / "output") == []


def test_a_build_waits_for_another_one_writing_and_then_gives_up_truthfully(
    built_once: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    before = digests(built_once / "output")
    monkeypatch.setattr(output, "LOCK_SECONDS", 0.2)
    descriptor = os.open(built_once / "output", os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # as another build writing right now
        code, printed = build_cli(built_once)
    finally:
        os.close(descriptor)
    assert code == 1
    assert "Et andet bygge skriver i mappen lige nu." in printed
    assert digests(built_once / "output") == before


# --- permissions --------------------------------------------------------------------------


@pytest.fixture(params=[0o022, 0o027])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_period_folder_and_its_files_get_the_users_umask(
    small_project: Path, umask: int
) -> None:
    write_entry(small_project, "a.yaml", FIRST)
    build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    folder = small_project / "output" / "2024-04"
    assert mode(small_project / "output") == mode(folder) == 0o777 & ~umask
    assert {name: mode(folder / name) for name in MEMO_FILES} == dict.fromkeys(
        MEMO_FILES, 0o666 & ~umask
    )


@pytest.mark.parametrize("swap", ["exchange", "one by one"])
def test_replaced_files_get_the_users_umask_and_the_folder_keeps_its_mode(
    built_once: Path, monkeypatch: pytest.MonkeyPatch, umask: int, swap: str
) -> None:
    folder = built_once / "output" / "2024-04"
    folder.chmod(0o2770)  # shared with a group
    (folder / "noter.txt").chmod(0o600)
    if swap == "one by one":
        monkeypatch.setattr(output, "exchange", refuse(errno.EINVAL))
    build_memo(built_once, PeriodChoice(month="2024-04"), formats=("html", "docx"))
    assert {name: mode(folder / name) for name in MEMO_FILES} == dict.fromkeys(
        MEMO_FILES, 0o666 & ~umask
    )
    assert mode(folder) == 0o2770
    assert mode(folder / "noter.txt") == 0o600


# --- leftovers of killed builds -----------------------------------------------------------


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def leftover(
    place: Path, folder: str, *, pid: int, host: str | None = None, age: float = 0
) -> Path:
    """A staging folder as a build on `host` (default: this machine) with `pid` leaves it."""
    path = place / f".{folder}.{host or staging._host()}-{pid}-{os.urandom(6).hex()}.ny"
    path.mkdir(parents=True)
    (path / "status-april-2024.html").write_text("halvt", encoding="utf-8")
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def test_only_our_leftovers_whose_build_is_gone_or_old_are_removed(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", FIRST)
    out = small_project / "output"
    old = 2 * staging.STALE_SECONDS
    gone = [
        leftover(out, "2024-04", pid=dead_pid()),
        leftover(out, "2024-04", pid=os.getpid(), age=old),
        leftover(out, "2024-04", pid=1, host="0badc0de", age=old),
        leftover(out / "2024-04", "2024-04", pid=dead_pid()),
    ]
    kept = [
        leftover(out, "2024-04", pid=os.getpid()),  # a build running right now
        leftover(out, "2024-04", pid=dead_pid(), host="0badc0de"),  # on another machine
        leftover(out, "2024-03", pid=dead_pid()),  # another period: not this build's
        out / ".2024-04.sikkerhedskopi",
    ]  # not named as ours
    kept[-1].mkdir()
    build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html",))
    assert [path.exists() for path in gone] == [False] * len(gone)
    assert [path.exists() for path in kept] == [True] * len(kept)
    assert (out / "2024-04" / "status-april-2024.html").read_text(encoding="utf-8") != "halvt"


# --- nothing in the shared temporary folder -----------------------------------------------


def temporary_names(folder: Path) -> set[str]:
    return {name for name in os.listdir(folder) if "weasyprint" in name or "trivselreport" in name}


@pytest.mark.pdf
def test_a_pdf_build_creates_nothing_in_the_temporary_folder(
    example_copy: Path, tmp_path: Path
) -> None:
    temporary, cache = tmp_path / "tmp", tmp_path / "cache"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary), "XDG_CACHE_HOME": str(cache)}
    command = [
        sys.executable,
        "-m",
        "trivselreport",
        "build",
        "--period",
        "2024-04",
        "--format",
        "pdf",
        "--project",
        str(example_copy),
    ]
    for _ in range(2):  # without and with fontconfig's cache
        subprocess.run(command, check=True, capture_output=True, env=environment)
        assert os.listdir(temporary) == []
    folders = sorted((cache / "trivselreport").iterdir())
    # one folder for fontconfig, one for the symbol font built for the memo; both private
    assert [folder.name.split("-")[0] for folder in folders] == ["fontconfig", "symbols"]
    assert all(mode(folder) == 0o700 for folder in folders)


@pytest.mark.pdf
def test_a_pdf_build_needs_no_temporary_folder_at_all(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # So a build killed at any moment cannot leave one behind (WeasyPrint used to copy
    # every @font-face font into a new weasyprint-… folder there).
    import tempfile

    import trivselreport.writers.pdf.render  # noqa: F401  (fontconfig is set up on import)

    before = temporary_names(Path(tempfile.gettempdir()))

    def no_temporary_folder() -> str:
        raise AssertionError("the shared temporary folder was used")

    monkeypatch.setattr(tempfile, "gettempdir", no_temporary_folder)
    monkeypatch.setattr(tempfile, "tempdir", None)
    write_entry(small_project, "a.yaml", FIRST)
    result = build_memo(small_project, PeriodChoice(month="2024-04"), formats=("pdf",))
    assert result.pages == 1
    monkeypatch.undo()
    assert temporary_names(Path(tempfile.gettempdir())) <= before


# --- several folders in one call: one transaction -----------------------------------------


@pytest.mark.parametrize("existing", [True, False])
def test_files_of_several_folders_are_replaced_together_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    first, second = tmp_path / "ud" / "2024-03", tmp_path / "ud" / "2024-04"
    if existing:
        output.write_all_atomically({first / "a.txt": b"gammel a", second / "b.txt": b"gammel b"})
    before = digests(tmp_path)
    real_exchange, real_rename = output.exchange, os.rename

    def second_fails(source: Path, target: Path) -> None:
        if Path(target).name == "2024-04":
            raise OSError(errno.EIO, "I/O-fejl")
        (real_exchange if existing else real_rename)(source, target)

    if existing:
        monkeypatch.setattr(output, "exchange", second_fails)
    else:
        monkeypatch.setattr(os, "rename", second_fails)
    with pytest.raises(UserError) as caught:
        output.write_all_atomically({first / "a.txt": b"ny a", second / "b.txt": b"ny b"})
    assert "Tidligere bygget output er ikke rørt." in (caught.value.problems[0].hint or "")
    assert caught.value.closing is None
    assert digests(tmp_path) == before  # the first folder was put back
    assert sorted(path.name for path in tmp_path.rglob(".*")) == []
