"""`list --nye`: the build's record (`….kilder.txt`, SHA-256 and path of each file read) and
the entries added or changed since the previous memo was built."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.commands.record import (
    CONFIG,
    MEMO_ENTRY,
    OTHER_ENTRY,
    RecordedFile,
    parse_record,
    record_text,
)
from trivselreport.memo.document import Memo
from trivselreport.writers.registry import WriterProject, writer_for

from .conftest import write_entry

runner = CliRunner()

MEMOS = """\
memoer:
  - periode: "2024-03"
  - periode: "2024-04"
"""


def entry_text(title: str, day: str, *, kind: str = "møde", extra: str = "") -> str:
    return f'titel: "{title}"\ntype: {kind}\ndato: {day}\n{extra}tekst: "Om {title}."\n'


def run(*args: str) -> tuple[int, str, str]:
    """Exit code, standard output, and everything printed."""
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result.exit_code, result.stdout, result.output


def news(project: Path, *options: str, code: int = 0) -> str:
    exit_code, stdout, output = run("list", "--project", str(project), "--nye", *options)
    assert exit_code == code, output
    return stdout


def marks(output: str) -> dict[str, str]:
    """The file of each row of the table and its mark (ny, ændret)."""
    found = re.findall(r"\s(ny|ændret)\s+(entries/\S+)$", output, re.M)
    return {path: mark for mark, path in found}


def build(project: Path, month: str, *, age: float = 0) -> Path:
    """Build the month's memo (HTML only); the record, made `age` seconds older."""
    result = build_memo(project, PeriodChoice(month=month), formats=("html",))
    assert result.sources_path is not None
    if age:
        moment = result.sources_path.stat().st_mtime - age
        os.utime(result.sources_path, (moment, moment))
    return result.sources_path


@pytest.fixture
def project(small_project: Path) -> Path:
    """The small project with two memos, three entries in March and April 2024, and one
    of 2023 (in no memo of 2024-04: it is read, but not in the memo)."""
    config = small_project / "trivselreport.yaml"
    config.write_text(config.read_text(encoding="utf-8") + MEMOS, encoding="utf-8")
    write_entry(small_project, "2024/a.yaml", entry_text("Møde a", "2024-03-10"))
    write_entry(small_project, "2024/b.yaml", entry_text("Møde b", "2024-04-10"))
    write_entry(small_project, "2024/c.yaml", entry_text("Møde c", "2024-04-20"))
    return small_project


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the record ---------------------------------------------------------------------------


def test_the_record_names_each_entry_by_its_hash_and_path_sorted(project: Path) -> None:
    (project / "entries" / "2024" / "b.yaml").write_bytes(
        b"\xef\xbb\xbf" + entry_text("Møde b", "2024-04-10").replace("\n", "\r\n").encode()
    )
    record = build(project, "2024-04")
    text = record.read_text(encoding="utf-8")
    assert record.name.endswith(".kilder.txt")
    assert text.startswith("# Status april 2024: bygget af 2 indslag\n#")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    # The April memo covers the days after March: b and c, hashed as they are on disk
    # (BOM and CRLF included), sorted by path.
    assert lines == [
        f"{sha256(project / 'entries/2024/b.yaml')}  entries/2024/b.yaml",
        f"{sha256(project / 'entries/2024/c.yaml')}  entries/2024/c.yaml",
    ]
    # The other files the build read are marked as what they are, never as entries.
    assert f"# ikke i notatet: {sha256(project / 'entries/2024/a.yaml')}  entries/2024/a.yaml" in (
        text.splitlines()
    )
    assert f"# konfiguration: {sha256(project / 'trivselreport.yaml')}  trivselreport.yaml" in (
        text.splitlines()
    )


def test_the_record_holds_the_bytes_read_even_when_a_file_is_saved_during_the_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = project / "entries" / "2024" / "b.yaml"
    read = sha256(path)

    def saving_meanwhile(name: str) -> Callable[[Memo, WriterProject], bytes]:
        def write(memo: Memo, project_files: WriterProject) -> bytes:
            path.write_text(entry_text("Møde b, rettet", "2024-04-10"), encoding="utf-8")
            return writer_for(name)(memo, project_files)

        return write

    # The writers run after the entries were read: the file is saved again meanwhile.
    monkeypatch.setattr("trivselreport.commands.build.writer_for", saving_meanwhile)
    text = build(project, "2024-04").read_text(encoding="utf-8")
    assert f"{read}  entries/2024/b.yaml" in text.splitlines()
    assert sha256(path) != read
    assert marks(news(project)) == {"entries/2024/b.yaml": "ændret"}


def test_the_record_names_the_introduction_it_read(project: Path) -> None:
    intro = project / "indledninger" / "2024-04.md"
    intro.parent.mkdir()
    intro.write_text("Indledningen til april.\n", encoding="utf-8")
    text = build(project, "2024-04").read_text(encoding="utf-8")
    assert f"# indledning: {sha256(intro)}  indledninger/2024-04.md" in text.splitlines()


def test_the_record_is_the_same_for_the_same_files(project: Path) -> None:
    first = build(project, "2024-04").read_bytes()
    second = build(project, "2024-04").read_bytes()
    assert first == second


@pytest.mark.parametrize(
    "name",
    ["entries/a b.yaml", "entries/æøå.yaml", "entries/back\\slash.yaml", "entries/x\ny.yaml"],
)
def test_a_record_reads_back_what_was_written(name: str) -> None:
    files = [
        RecordedFile(name, "a" * 64, MEMO_ENTRY),
        RecordedFile("entries/z.yaml", "b" * 64, OTHER_ENTRY),
        RecordedFile("trivselreport.yaml", "c" * 64, CONFIG),
    ]
    record = parse_record(record_text("Status: april 2024", files))
    assert record.title == "Status: april 2024"
    assert sorted(record.files, key=lambda f: f.path) == sorted(files, key=lambda f: f.path)
    assert record.hashed


def test_an_old_record_of_paths_is_read_without_hashes() -> None:
    record = parse_record(
        "# Status april 2024: bygget af 2 indslag\n\nentries/a.yaml\nentries/b.yaml\n"
    )
    assert record.title == "Status april 2024"
    assert [(f.path, f.digest) for f in record.files] == [
        ("entries/a.yaml", None),
        ("entries/b.yaml", None),
    ]
    assert not record.hashed


# --- list --nye -----------------------------------------------------------------------------


def test_without_a_build_every_entry_is_new(project: Path) -> None:
    output = news(project)
    assert output.startswith("Der er ikke bygget et notat endnu, så alle indslag er nye.\n")
    assert marks(output) == {f"entries/2024/{name}.yaml": "ny" for name in "abc"}


def test_new_and_changed_entries_are_marked_and_unchanged_ones_left_out(project: Path) -> None:
    build(project, "2024-04")
    write_entry(project, "2024/c.yaml", entry_text("Møde c", "2024-04-20", extra="deltagere: 9\n"))
    write_entry(project, "2024/d.yaml", entry_text("Møde d", "2024-04-25"))
    output = news(project)
    first = output.splitlines()[0]
    assert first.startswith("Nye og ændrede indslag siden »Status april 2024« (periode 2024-04)")
    assert re.search(r"blev bygget \d{1,2}\. \w+ \d{4} kl\. \d\d\.\d\d\.$", first)
    assert re.search(r"^Dato\s+Type\s+Titel\s+Temaer\s+Intern\s+Nyt\s+Fil", output, re.M)
    assert marks(output) == {"entries/2024/c.yaml": "ændret", "entries/2024/d.yaml": "ny"}
    assert "entries/2024/b.yaml" not in output
    assert "\n2 indslag." in output


def test_saving_a_file_again_unchanged_does_not_make_it_changed(project: Path) -> None:
    build(project, "2024-04", age=60)
    path = project / "entries" / "2024" / "b.yaml"
    path.write_bytes(path.read_bytes())  # newer, same content
    assert marks(news(project)) == {}


def test_an_entry_of_another_period_changed_since_the_build_is_changed(project: Path) -> None:
    build(project, "2024-04")
    write_entry(project, "2024/a.yaml", entry_text("Møde a, rettet", "2024-03-10"))
    assert marks(news(project)) == {"entries/2024/a.yaml": "ændret"}


def test_a_deleted_entry_is_noted_below_the_table(project: Path) -> None:
    build(project, "2024-04")
    (project / "entries" / "2024" / "b.yaml").unlink()
    output = news(project)
    assert marks(output) == {}
    assert "Slettet, siden notatet blev bygget: entries/2024/b.yaml" in output


def test_a_renamed_file_with_the_same_content_is_matched_by_its_hash(project: Path) -> None:
    build(project, "2024-04")
    shutil.move(project / "entries/2024/b.yaml", project / "entries/2024/b-flyttet.yaml")
    output = news(project)
    assert marks(output) == {}
    assert "Slettet" not in output


def test_a_late_entry_dated_in_a_built_memo_is_shown_and_noted_beside_a_period(
    project: Path,
) -> None:
    build(project, "2024-04")
    write_entry(project, "2024/sent.yaml", entry_text("Sent møde", "2024-03-28"))
    assert marks(news(project)) == {"entries/2024/sent.yaml": "ny"}  # no period: all dates
    in_may = news(project, "--periode", "2024-05")
    assert marks(in_may) == {}
    assert "Desuden 1 nyt eller ændret indslag uden for perioden" in in_may
    assert "trivselreport list --nye« uden --periode" in in_may


def test_the_previous_memo_is_the_newest_of_an_earlier_period(project: Path) -> None:
    build(project, "2024-03", age=120)
    write_entry(project, "2024/sen-april.yaml", entry_text("April-møde", "2024-04-28"))
    build(project, "2024-04", age=60)
    write_entry(project, "2024/maj.yaml", entry_text("Maj-møde", "2024-04-29"))
    # Listing April compares with March's memo, the one built before April's period:
    # b and c were already there (read, though not in March's memo).
    april = news(project, "--periode", "2024-04")
    assert "(periode 2024-03)" in april.splitlines()[0]
    assert marks(april) == {"entries/2024/sen-april.yaml": "ny", "entries/2024/maj.yaml": "ny"}
    # Without a period, with the newest memo of any period; --siden names one.
    assert "(periode 2024-04)" in news(project).splitlines()[0]
    assert marks(news(project)) == {"entries/2024/maj.yaml": "ny"}
    since_march = news(project, "--siden", "2024-3")
    assert "(periode 2024-03)" in since_march.splitlines()[0]
    assert set(marks(since_march)) == {"entries/2024/sen-april.yaml", "entries/2024/maj.yaml"}


def test_since_a_period_without_a_build_is_refused(project: Path) -> None:
    build(project, "2024-04")
    code, _, output = run("list", "--project", str(project), "--nye", "--siden", "2023-12")
    assert code == 1
    assert "Der er ikke bygget et notat for perioden »2023-12«." in output
    assert "Der er bygget notater for 2024-04." in output
    assert "Traceback" not in output


def test_since_without_news_is_refused(project: Path) -> None:
    code, _, output = run("list", "--project", str(project), "--siden", "2024-04")
    assert code == 1
    assert "--siden bruges sammen med --nye." in output


def test_an_old_record_without_hashes_is_judged_by_the_files_times(project: Path) -> None:
    record = build(project, "2024-04")
    record.write_text(
        "# Status april 2024: bygget af 2 indslag\n\nentries/2024/b.yaml\nentries/2024/c.yaml\n",
        encoding="utf-8",
    )
    built = record.stat().st_mtime
    for name in "abc":
        os.utime(project / "entries/2024" / f"{name}.yaml", (built - 60, built - 60))
    write_entry(project, "2024/c.yaml", entry_text("Møde c", "2024-04-20", extra="deltagere: 9\n"))
    write_entry(project, "2024/d.yaml", entry_text("Møde d", "2024-04-25"))
    for name in "cd":
        os.utime(project / "entries/2024" / f"{name}.yaml", (built + 60, built + 60))
    output = news(project)
    assert "ældre udgave af trivselreport" in output
    assert "når filen er gemt, efter notatet blev bygget" in output
    # a: not in the old record, but older than it; b: in it and older; c changed; d new.
    assert marks(output) == {"entries/2024/c.yaml": "ændret", "entries/2024/d.yaml": "ny"}


def test_news_combines_with_the_other_filters(project: Path) -> None:
    build(project, "2024-04")
    write_entry(project, "2024/d.yaml", entry_text("Møde d", "2024-04-25"))
    write_entry(project, "2024/e.yaml", entry_text("Kursus e", "2024-04-26", kind="kursus"))
    write_entry(project, "2024/f.yaml", entry_text("Internt f", "2024-04-27", extra="intern: ja\n"))
    assert marks(news(project, "--type", "kursus")) == {"entries/2024/e.yaml": "ny"}
    assert set(marks(news(project, "--ikke-intern"))) == {
        "entries/2024/d.yaml",
        "entries/2024/e.yaml",
    }
    assert set(marks(news(project, "--kun-intern"))) == {"entries/2024/f.yaml"}


def test_a_broken_file_does_not_stop_the_news(project: Path) -> None:
    build(project, "2024-04")
    write_entry(project, "2024/d.yaml", entry_text("Møde d", "2024-04-25"))
    write_entry(project, "2024/brudt.yaml", "titel: [ups\n")
    code, stdout, output = run("list", "--project", str(project), "--nye")
    assert code == 1
    assert marks(stdout) == {"entries/2024/d.yaml": "ny"}
    assert "brudt.yaml" in output
    assert "Listen viser kun de indslag, der kunne læses." in output


def test_news_and_missing_cannot_be_asked_together(project: Path) -> None:
    code, _, output = run("list", "--project", str(project), "--nye", "--mangler")
    assert code == 1
    assert "--nye og --mangler kan ikke bruges sammen." in output


def test_an_internal_entry_left_out_of_the_public_memo_is_not_new_after_it(
    project: Path,
) -> None:
    write_entry(
        project, "2024/intern.yaml", entry_text("Internt", "2024-04-12", extra="intern: ja\n")
    )
    record = build(project, "2024-04").read_text(encoding="utf-8")
    assert "# ikke i notatet: " in record
    assert re.search(r"^# ikke i notatet: [0-9a-f]{64}  entries/2024/intern\.yaml$", record, re.M)
    assert marks(news(project)) == {}
