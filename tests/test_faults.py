"""Faults during builds: killed processes, disks that refuse, entries that change.

Whatever happens, entries are never touched and the last good memo stays whole.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from typer.testing import CliRunner

import trivselreport.build
import trivselreport.compose
from trivselreport import output
from trivselreport.build import PeriodChoice, build_memo
from trivselreport.cli import app
from trivselreport.errors import UserError

from .conftest import write_entry

PDF = "status-sundhed-og-trivsel-april-2024.pdf"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.mark.pdf
def test_a_build_killed_at_any_moment_leaves_a_whole_memo(example_copy: Path) -> None:
    command = [sys.executable, "-m", "trivselreport", "build", "--period", "2024-04",
               "--format", "pdf,docx", "--project", str(example_copy)]
    subprocess.run([*command, "--dato", "2024-04-15"], check=True, capture_output=True)
    target = example_copy / "output" / "2024-04" / PDF
    old = target.read_bytes()
    entries_before = snapshot(example_copy / "entries")
    for delay in (0.3, 0.7, 1.0, 1.3, 1.6, 2.0):
        process = subprocess.Popen([*command, "--dato", "2024-04-20"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        data = target.read_bytes()
        if data != old:  # the rename happened: then it is the whole new memo
            with pikepdf.open(target) as pdf:
                assert len(pdf.pages) >= 3
        names = [path.name for path in target.parent.iterdir()]
        assert names.count(PDF) == 1
        assert all(name == PDF or not name.endswith(".pdf") or name.startswith(".")
                   for name in names)
    assert snapshot(example_copy / "entries") == entries_before


def test_a_file_where_the_output_folder_should_be_is_a_clear_error(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: x\n")
    (small_project / "output").write_text("ikke en mappe", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", "--period", "2024-04", "--format", "html",
                                      "--project", str(small_project)])
    assert result.exit_code == 1
    assert "En fil står, hvor der skulle være en mappe" in result.output
    assert "Traceback" not in result.output
    assert (small_project / "output").read_text(encoding="utf-8") == "ikke en mappe"


@pytest.mark.parametrize(
    ("error", "message"),
    [(errno.ENOSPC, "Der er ikke plads på disken"),
     (errno.EROFS, "Du har ikke adgang til at skrive her"),
     (errno.EIO, "Filen kan ikke skrives")],
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
    old = time.time() - 2 * output.STALE_SECONDS
    os.utime(stale, (old, old))
    build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html",))
    assert not stale.exists()
    assert fresh.exists()  # may belong to a build running right now


def test_entries_changed_during_a_build_do_not_mix_into_the_memo(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = write_entry(small_project, "a.yaml",
                        "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: Før ændringen.\n")
    original = trivselreport.compose.compose_memo

    def compose_while_someone_edits(*args: object, **kwargs: object) -> object:
        entry.write_text("titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: Efter ændringen.\n",
                         encoding="utf-8")
        write_entry(small_project, "b.yaml",
                    "titel: B\ntype: kursus\ndato: 2024-02-03\ntekst: Ny fil.\n")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    # build.py looks compose_memo up in its own namespace
    monkeypatch.setattr("trivselreport.build.compose_memo", compose_while_someone_edits)
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
    result = CliRunner().invoke(app, ["build", "--period", "2024-04", "--format", "html",
                                      "--project", str(small_project)])
    assert result.exit_code == 0, result.output
    assert "Bygget af 1 indslagsfil," in result.output
    assert "status-april-2024.kilder.txt" in result.output
