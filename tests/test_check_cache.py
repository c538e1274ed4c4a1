"""The entry cache (.trivselreport-cache/): `check`, `list` and `stats` skip parsing a
file that has not changed, and the cache never hides a change.

A warm run gives exactly what a cold run gives. Whatever decides a file's result is
in its key: the file's bytes (even when size and mtime are kept), its name, the
config (also its forbidden words), the pictures an entry names (such entries are not
cached), the tool's version and code. A cache that is corrupt, from another version,
unwritable, a link out of the project or written by two runs at once is never
followed, never a traceback and never a wrong result.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import typing
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.checking import check_project
from trivselreport.commands.prepare import prepare_memo
from trivselreport.memo.period import PeriodChoice
from trivselreport.reading import entries as entries_module
from trivselreport.reading.cache import codec, documents, store
from trivselreport.reading.cache.result import FileResult
from trivselreport.reading.cache.store import CACHE_DIR, CACHE_FILE
from trivselreport.reading.config import load_config
from trivselreport.reading.entries import read_entries

from .conftest import REPO_ROOT, SMALL_CONFIG, write_entry

runner = CliRunner()

ENTRY = """\
titel: "{title}"
type: {type}
dato: 2024-04-{day:02d}
temaer: [Tilhør]
tekst: |
  {text}
"""


def entry(title: str = "Forældremøde", type: str = "program", day: int = 3, text: str = "") -> str:
    return ENTRY.format(title=title, type=type, day=day, text=text or "Et godt møde om trivsel.")


def png_bytes(color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(stream, format="PNG")
    return stream.getvalue()


@pytest.fixture
def varied(small_project: Path) -> Path:
    """Valid entries, errors, warnings, drafts (valid and broken), personal data, a name
    spelt otherwise, an entry with a picture, a duplicate and a file that is not read."""
    project = small_project
    write_entry(project, "2024/a.yaml", entry("Forældremøde", day=3))
    write_entry(project, "2024/b.yaml", entry("Forældremøde", day=3))  # a duplicate
    write_entry(project, "2024/c.yaml", entry("Kursus", type="Kursus", day=4))  # respelt
    write_entry(project, "2024/d.yaml", entry("Langt", day=5, text="x " * 5) + "deltagere: -3\n")
    write_entry(project, "2024/e.yaml", entry("CPR", day=6, text="Barnet 150312-1234 kom."))
    write_entry(project, "2024/f.yaml", entry("T" * 130, day=7))  # a long title: a warning
    write_entry(project, "2024/g.yaml", "titel: [ødelagt\n")  # not YAML
    write_entry(project, "2024/h.yaml", entry("Kladde", day=8) + "kladde: ja\n")
    write_entry(project, "2024/i.yaml", "kladde: ja\ntitel: [ødelagt\n")  # a broken draft
    write_entry(
        project, "2024/j.yaml", entry("Intern", day=9, text="Ring 12 34 56 78.") + "intern: ja\n"
    )
    write_entry(project, "2024/k.yaml", "")  # empty
    write_entry(project, "2024/noter.docx", "ikke et indslag")
    (project / "entries" / "2024" / "foto.png").write_bytes(png_bytes())
    write_entry(
        project,
        "2024/l.yaml",
        entry("Billede", day=10) + "billeder:\n  - fil: foto.png\n    alt: Et rødt felt\n",
    )
    return project


def snapshot(project: Path, *, cached: bool = True) -> tuple[Any, ...]:
    """Everything check and read_entries give, in a form that compares every field
    (repr also shows the fields equality leaves out, such as key_lines)."""
    report = check_project(project, cached=cached)
    loaded = read_entries(load_config(project), cached=cached)
    return (
        [repr(problem) for problem in report.problems],
        report.valid_entries,
        report.names_otherwise,
        [repr(item) for item in loaded.entries],
        [repr(item) for item in loaded.drafts],
        [repr(item) for item in loaded.problems],
        loaded.names_otherwise,
    )


class Parsed:
    """Counts the files parsed (not taken from the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = entries_module._file_result

        def counting(path: Path, *args: Any) -> Any:
            self.paths.append(path.name)
            return real(path, *args)

        monkeypatch.setattr(entries_module, "_file_result", counting)

    def take(self) -> list[str]:
        taken, self.paths = sorted(self.paths), []
        return taken


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Parsed:
    return Parsed(monkeypatch)


def age_cache(project: Path) -> None:
    """Make every file look written long before the cache (no racy re-hashing)."""
    old = 1_600_000_000_000_000_000
    for path in (project / "entries").rglob("*"):
        os.utime(path, ns=(old, old))


def settle_cache(project: Path) -> None:
    """Make the cache look written well after every file's last change (its ctime,
    which no one can set back): its records are then trusted on their stat."""
    cache = project / CACHE_DIR / CACHE_FILE
    later = time.time_ns() + 10 * store.RACY_NS
    document = cache_document(project)
    document["written_ns"] = later
    cache.write_text(json.dumps(document), encoding="utf-8")
    os.utime(cache, ns=(later, later))


def cache_document(project: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((project / CACHE_DIR / CACHE_FILE).read_text())
    return document


# --- the same result, faster --------------------------------------------------------------


def test_a_warm_run_gives_exactly_what_a_cold_run_gives(varied: Path, parsed: Parsed) -> None:
    uncached = snapshot(varied, cached=False)
    assert not (varied / CACHE_DIR).exists()  # --uden-cache neither reads nor writes it
    age_cache(varied)
    cold = snapshot(varied)
    assert (varied / CACHE_DIR / CACHE_FILE).is_file()
    parsed.take()
    warm = snapshot(varied)
    assert warm == cold == uncached
    # Only the entry with a picture is parsed again: its check reads the picture.
    assert parsed.take() == ["l.yaml", "l.yaml"]
    problems = uncached[0]
    assert any("150312-****" in problem for problem in problems)
    assert any("'warning'" in problem for problem in problems)
    assert any("kladde" in problem for problem in problems)
    assert uncached[4]  # drafts
    assert uncached[2] == (varied / "entries" / "2024" / "c.yaml",)


def test_check_list_and_stats_print_the_same_warm_as_cold(varied: Path) -> None:
    for command in (["check"], ["check", "--format", "json"], ["list"], ["stats"]):
        args = [*command, "--project", str(varied)]
        cold = runner.invoke(app, [*args, "--uden-cache"] if command[0] == "check" else args)
        warm = runner.invoke(app, args)
        again = runner.invoke(app, args)
        assert cold.output == warm.output == again.output, command
        assert cold.exit_code == warm.exit_code == again.exit_code == 1


@pytest.mark.parametrize("command", ["check", "list", "stats"])
def test_without_the_cache_nothing_is_read_or_written(varied: Path, command: str) -> None:
    for option in ("--uden-cache", "--no-cache"):
        result = runner.invoke(app, [command, "--project", str(varied), option])
        assert (result.exit_code == 1 and "150312-****" in result.output) or command != "check"
        assert not (varied / CACHE_DIR).exists()
    runner.invoke(app, [command, "--project", str(varied)])
    assert (varied / CACHE_DIR / CACHE_FILE).is_file()


def test_the_cache_folder_is_never_read_as_entries(varied: Path) -> None:
    check_project(varied)
    (varied / CACHE_DIR / "ikke-et-indslag.yaml").write_text("titel: [", encoding="utf-8")
    result = runner.invoke(app, ["check", "--project", str(varied)])
    assert CACHE_DIR not in result.output and CACHE_FILE not in result.output
    assert ".trivselreport-cache/" in (REPO_ROOT / ".gitignore").read_text().split()


# --- never hides a change -----------------------------------------------------------------


def test_a_change_that_keeps_size_and_mtime_is_seen(small_project: Path, parsed: Parsed) -> None:
    path = write_entry(small_project, "a.yaml", entry(type="kursus"))
    age_cache(small_project)
    assert check_project(small_project).errors == 0
    settle_cache(small_project)
    before = os.stat(path)
    with open(path, "r+b") as stream:  # the same inode, the same size
        changed = stream.read().replace(b"type: kursus", b"type: kxrsus")
        stream.seek(0)
        stream.write(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    parsed.take()
    report = check_project(small_project)
    assert parsed.take() == ["a.yaml"]
    assert [problem.field for problem in report.problems] == ["type"]


def test_a_file_changed_in_the_tick_it_was_cached_is_hashed_again(
    small_project: Path, parsed: Parsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system whose times are coarse, a change right after caching keeps every
    time: a record whose file times lie within RACY_NS of the cache's writing is checked
    against the file's bytes, not trusted on its stat."""
    path = write_entry(small_project, "a.yaml", entry(type="kursus"))
    check_project(small_project)
    frozen = os.lstat(path)
    path.write_bytes(path.read_bytes().replace(b"kursus", b"kxrsus"))
    real_lstat = os.lstat

    def coarse_lstat(name: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if Path(name) == path:  # the same times and identity as when it was cached
            return frozen
        return real_lstat(name, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", coarse_lstat)
    parsed.take()
    report = check_project(small_project)
    assert parsed.take() == ["a.yaml"]
    assert [problem.field for problem in report.problems] == ["type"]


def test_an_old_unchanged_file_is_trusted_on_its_stat(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry(small_project, "a.yaml", entry())
    check_project(small_project)
    settle_cache(small_project)
    reads: list[Path] = []
    monkeypatch.setattr(store, "_read_exactly", lambda real, status: reads.append(real))
    assert check_project(small_project).valid_entries == 1
    assert reads == []  # the fast path: no bytes read, nothing parsed


def test_a_changed_config_is_a_new_cache(small_project: Path, parsed: Parsed) -> None:
    write_entry(small_project, "a.yaml", entry(type="møde"))
    age_cache(small_project)
    assert check_project(small_project).errors == 0
    config = small_project / "trivselreport.yaml"
    config.write_text(SMALL_CONFIG.replace(", møde]", "]").replace("[møde]", "[]"), "utf-8")
    parsed.take()
    report = check_project(small_project)
    assert parsed.take() == ["a.yaml"]
    assert any(problem.field == "type" for problem in report.problems)


def test_a_changed_forbidden_word_is_seen(small_project: Path, parsed: Parsed) -> None:
    write_entry(small_project, "a.yaml", entry(text="Mødet med Ahmed gik godt."))
    age_cache(small_project)
    assert check_project(small_project).errors == 0
    config = small_project / "trivselreport.yaml"
    config.write_text(SMALL_CONFIG + "forbudte_ord: [Ahmed]\n", encoding="utf-8")
    parsed.take()
    report = check_project(small_project)
    assert parsed.take() == ["a.yaml"]
    assert report.errors == 1 and "A***" in report.problems[0].message
    config.write_text(SMALL_CONFIG + "forbudte_mønstre: ['Ah\\w+']\n", encoding="utf-8")
    assert check_project(small_project).errors == 1


def test_a_changed_picture_is_seen(small_project: Path) -> None:
    picture = small_project / "entries" / "foto.png"
    picture.write_bytes(png_bytes())
    write_entry(
        small_project, "a.yaml", entry() + "billeder:\n  - fil: foto.png\n    alt: Et felt\n"
    )
    age_cache(small_project)
    assert check_project(small_project).errors == 0
    good = os.stat(picture)
    picture.write_bytes(b"GIF89a" + b"\0" * (good.st_size - 6))  # same size, not a PNG
    os.utime(picture, ns=(good.st_atime_ns, good.st_mtime_ns))
    report = check_project(small_project)
    assert [problem.field for problem in report.problems] == ["billeder[1].fil"]
    picture.unlink()
    assert "findes ikke" in check_project(small_project).problems[0].message


def test_a_renamed_file_is_reported_under_its_new_name(small_project: Path) -> None:
    old = write_entry(small_project, "a.yaml", entry(type="kxrsus"))
    age_cache(small_project)
    assert check_project(small_project).problems[0].file == old
    new = old.rename(old.with_name("b.yaml"))
    report = check_project(small_project)
    assert [problem.file for problem in report.problems] == [new]
    records = cache_document(small_project)["records"]
    assert str(new) in records and str(old) not in records


def test_a_name_with_personal_data_is_seen_when_a_file_is_renamed(small_project: Path) -> None:
    path = write_entry(small_project, "a.yaml", entry())
    age_cache(small_project)
    assert check_project(small_project).errors == 0
    path.rename(path.with_name("150312-1234.yaml"))
    assert check_project(small_project).errors == 1


def test_a_deleted_file_is_gone_from_results_and_cache(small_project: Path) -> None:
    keep = write_entry(small_project, "a.yaml", entry(day=3))
    gone = write_entry(small_project, "b.yaml", entry(day=4, type="kxrsus"))
    age_cache(small_project)
    assert check_project(small_project).valid_entries == 1
    gone.unlink()
    report = check_project(small_project)
    assert report.valid_entries == 1 and report.problems == []
    assert list(cache_document(small_project)["records"]) == [str(keep)]


def test_a_project_copied_with_its_cache_is_read_afresh(
    varied: Path, tmp_path: Path, parsed: Parsed
) -> None:
    """The project folder is in the key: a copy (or an unpacked zip) of a project
    with its cache never trusts that cache."""
    age_cache(varied)
    cold = snapshot(varied)
    copy = tmp_path / "kopi"
    shutil.copytree(varied, copy, symlinks=True)
    parsed.take()
    check_project(copy)
    assert len(parsed.take()) == 12
    assert snapshot(varied) == cold


def test_another_tool_version_or_code_is_a_new_cache(
    varied: Path, parsed: Parsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    age_cache(varied)
    cold = snapshot(varied)
    parsed.take()
    monkeypatch.setattr(store, "__version__", "99.0")
    assert snapshot(varied) == cold
    assert len(parsed.take()) == 12 + 1  # every file; then only the one with a picture
    snapshot(varied)
    assert parsed.take() == ["l.yaml", "l.yaml"]
    monkeypatch.setattr(store, "_code_digest", lambda: "other code")
    snapshot(varied)
    assert len(parsed.take()) == 12 + 1


# --- a cache that cannot be trusted --------------------------------------------------------


def _tampered_title(document: dict[str, Any]) -> dict[str, Any]:
    for record in document["records"].values():
        result = record[3]
        if result[0] is not None:
            result[0][1] = 42  # a title that is no text
    return document


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "garbage": lambda data: os.urandom(4096),
    "not utf-8": lambda data: b"\xff\xfe" + data,
    "a list": lambda data: b"[1, 2, 3]",
    "deeply nested": lambda data: b"[" * 100_000 + b"]" * 100_000,
    "another schema": lambda data: data.replace(b'"schema":1', b'"schema":0'),
    "records of another shape": lambda data: json.dumps(
        {**json.loads(data), "records": {"x": 5, "y": [1, 2]}}
    ).encode(),
    "wrong types inside": lambda data: json.dumps(_tampered_title(json.loads(data))).encode(),
    "a record too short": lambda data: re.sub(rb'\["C"', b"[", data),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_a_corrupt_cache_is_rebuilt_silently(varied: Path, corruption: str) -> None:
    uncached = snapshot(varied, cached=False)
    age_cache(varied)
    snapshot(varied)
    cache = varied / CACHE_DIR / CACHE_FILE
    cache.write_bytes(CORRUPTIONS[corruption](cache.read_bytes()))
    assert snapshot(varied) == uncached
    assert cache_document(varied)["schema"] == store.SCHEMA  # rebuilt
    assert snapshot(varied) == uncached


def test_a_cache_that_is_a_folder_or_a_file_in_the_way_is_left_alone(varied: Path) -> None:
    uncached = snapshot(varied, cached=False)
    (varied / CACHE_DIR).write_text("ikke en mappe", encoding="utf-8")
    assert snapshot(varied) == uncached
    assert (varied / CACHE_DIR).read_text(encoding="utf-8") == "ikke en mappe"
    (varied / CACHE_DIR).unlink()
    (varied / CACHE_DIR / CACHE_FILE).mkdir(parents=True)
    assert snapshot(varied) == uncached


def test_an_unwritable_cache_folder_leaves_the_run_uncached(
    varied: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uncached = snapshot(varied, cached=False)

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert snapshot(varied) == uncached
    result = runner.invoke(app, ["check", "--project", str(varied)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert not (varied / CACHE_DIR).exists()
    monkeypatch.undo()
    check_project(varied)  # the folder is there now, but cannot be written in
    write_entry(varied, "2024/m.yaml", entry("Ny", day=11))
    uncached = snapshot(varied, cached=False)
    monkeypatch.setattr(documents, "_write_cache", read_only)
    assert snapshot(varied) == uncached


def entry_cache_files(folder: Path) -> list[str]:
    """The entry cache and the temporary files in the cache folder (the folder also
    holds the kept writing advice and suggestions, which are not this test's)."""
    return sorted(n for n in os.listdir(folder) if n == CACHE_FILE or n.startswith(".tmp-"))


def test_a_failed_write_leaves_the_old_cache_and_no_temporary_file(
    varied: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    age_cache(varied)
    snapshot(varied)
    before = (varied / CACHE_DIR / CACHE_FILE).read_bytes()
    write_entry(varied, "2024/m.yaml", entry("Ny", day=11))

    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    snapshot(varied)
    assert (varied / CACHE_DIR / CACHE_FILE).read_bytes() == before
    assert entry_cache_files(varied / CACHE_DIR) == [CACHE_FILE]


def test_temporary_files_of_killed_runs_are_cleared_away(varied: Path) -> None:
    check_project(varied)
    folder = varied / CACHE_DIR
    left, running = folder / ".tmp-1-dead.json", folder / ".tmp-2-busy.json"
    left.write_text("{", encoding="utf-8")
    running.write_text("{", encoding="utf-8")
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    write_entry(varied, "2024/m.yaml", entry("Ny", day=11))  # so that the cache is written
    check_project(varied)
    assert entry_cache_files(folder) == [running.name, CACHE_FILE]


def test_a_cache_folder_linked_out_of_the_project_is_not_followed(
    varied: Path, tmp_path: Path
) -> None:
    uncached = snapshot(varied, cached=False)
    outside = tmp_path / "udenfor"
    outside.mkdir()
    (varied / CACHE_DIR).symlink_to(outside, target_is_directory=True)
    assert snapshot(varied) == uncached
    assert snapshot(varied) == uncached
    assert list(outside.iterdir()) == []
    # Where the system allows, the folder is opened once without following a link and
    # every file is made and renamed relative to it (a folder swapped for a link mid-run
    # cannot lead the run out either).
    assert documents._DIR_FDS or sys.platform == "win32"


def test_a_cache_file_linked_elsewhere_is_neither_read_nor_written(
    varied: Path, tmp_path: Path
) -> None:
    uncached = snapshot(varied, cached=False)
    age_cache(varied)
    snapshot(varied)
    cache = varied / CACHE_DIR / CACHE_FILE
    # A planted cache that would hide the CPR number, reached through a link.
    document = cache_document(varied)
    for record in document["records"].values():
        record[3][2] = ["L", []] if isinstance(record[3][2], list) else record[3][2]
        record[3][2] = []
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps(document), encoding="utf-8")
    cache.unlink()
    cache.symlink_to(planted)
    assert snapshot(varied) == uncached
    assert json.loads(planted.read_text(encoding="utf-8")) == document
    assert not cache.is_symlink()  # replaced by the project's own cache


def test_concurrent_runs_never_see_half_a_cache(varied: Path) -> None:
    uncached = snapshot(varied, cached=False)
    age_cache(varied)
    failures: list[BaseException] = []
    results: list[tuple[Any, ...]] = []

    def run() -> None:
        try:
            for _ in range(4):
                results.append(snapshot(varied))
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert all(result == uncached for result in results) and len(results) == 12
    assert cache_document(varied)["schema"] == store.SCHEMA
    assert entry_cache_files(varied / CACHE_DIR) == [CACHE_FILE]  # no temporary file left


def test_concurrent_processes_write_whole_caches(varied: Path) -> None:
    expected = runner.invoke(app, ["check", "--project", str(varied), "--uden-cache"]).output
    script = (
        "import sys\n"
        "from trivselreport.cli.app import main\n"
        "sys.argv = ['trivselreport', 'check', '--project', sys.argv[1]]\n"
        "for _ in range(5):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(varied)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    for stdout, stderr in outputs:
        assert "Traceback" not in stderr + stdout
        assert (stdout + stderr).count("Fejl") == 5 * expected.count("Fejl") > 0
    cache_document(varied)  # whole JSON
    assert runner.invoke(app, ["check", "--project", str(varied)]).output == expected


def test_only_the_files_that_may_spell_a_name_otherwise_are_parsed_for_the_note(
    small_project: Path,
) -> None:
    """`check`'s note on names spelt otherwise parses again only the files whose type,
    themes or section are not written exactly as configured, and finds the same."""
    from trivselreport.commands.canonical import project_respellings, respellings

    spellings = {
        "a.yaml": entry(type="Kursus"),
        "b.yaml": entry(day=4).replace("[Tilhør]", '[" tilhør ", "Tempo og pauser"]'),
        "c.yaml": entry(day=5) + "sektion: programmet\n",
        "d.yaml": entry(day=6, type='"kursus"'),  # quoted, as configured
        "e.yaml": entry(day=7, type="KURSUS") + "kladde: ja\n",  # a draft: never noted
        "f.yaml": entry(day=8, type="Møde") + "sektion: Møder\n",
        "g.yaml": entry(day=9, type="program"),
    }
    for name, text in spellings.items():
        write_entry(small_project, name, text)
    config = load_config(small_project)
    loaded = read_entries(config)
    everything = respellings(loaded.entries, config)  # every valid file parsed again
    assert [path.name for path in loaded.names_otherwise] == [
        "a.yaml",
        "b.yaml",
        "c.yaml",
        "f.yaml",
    ]
    report = check_project(small_project)
    assert project_respellings(small_project, report.names_otherwise) == everything
    assert project_respellings(small_project) == everything
    assert {respelling.path.name for respelling in everything} == {
        "a.yaml",
        "b.yaml",
        "c.yaml",
        "f.yaml",
    }


# --- the build reads the files themselves ---------------------------------------------------


def test_the_build_never_takes_an_entry_from_the_cache(small_project: Path) -> None:
    path = write_entry(small_project, "a.yaml", entry(text="Den rigtige tekst."))
    age_cache(small_project)
    check_project(small_project)
    document = cache_document(small_project)
    document["records"][str(path)][3][0][4] = "En tekst fra cachen."
    (small_project / CACHE_DIR / CACHE_FILE).write_text(json.dumps(document), "utf-8")
    prepared = prepare_memo(small_project, PeriodChoice(month="2024-04"))
    [shown] = prepared.selection.reported
    assert shown.text == "Den rigtige tekst."


# --- the codec keeps every field ------------------------------------------------------------


def _sample(kind: Any, seed: int) -> Any:
    """A value of the declared type `kind`, never the field's default."""
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if kind is str:
        return f"tekst {seed} æøå"
    if kind is bool:
        return seed % 2 == 0
    if kind is int:
        return 1000 + seed
    if kind is Path:
        return Path(f"/projekt/entries/fil-{seed}.yaml")
    if kind is date:
        return date(2024, 1 + seed % 12, 1 + seed % 28)
    if origin is typing.Literal:
        return arguments[-1]
    if type(None) in arguments:
        return _sample(next(a for a in arguments if a is not type(None)), seed)
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:
        return (_sample(arguments[0], seed), _sample(arguments[0], seed + 1))
    if origin is tuple:
        return tuple(_sample(argument, seed + i) for i, argument in enumerate(arguments))
    if origin is list:
        return [_sample(arguments[0], seed), _sample(arguments[0], seed + 1)]
    if dataclasses.is_dataclass(kind):
        return _full_instance(kind, seed)
    raise AssertionError(f"the test knows no sample of {kind!r}")


def _full_instance(cls: Any, seed: int = 0) -> Any:
    hints = typing.get_type_hints(cls, localns=codec.classes())
    values = {}
    for number, field in enumerate(dataclasses.fields(cls)):
        value = _sample(hints[field.name], seed + number)
        if field.default is not dataclasses.MISSING and value == field.default:
            value = _sample(hints[field.name], seed + number + 1)
        assert field.default is dataclasses.MISSING or value != field.default
        values[field.name] = value
    return cls(**values)


def _fields_of(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return (
            type(value),
            [(f.name, _fields_of(getattr(value, f.name))) for f in dataclasses.fields(value)],
        )
    if isinstance(value, (list, tuple)):
        return (type(value), [_fields_of(item) for item in value])
    return (type(value), value)


@pytest.mark.parametrize("name", sorted(codec.classes()))
def test_every_field_of_every_cached_class_round_trips(name: str) -> None:
    cls = codec.classes()[name]
    value = _full_instance(cls)
    data = json.loads(json.dumps(codec.encode(value)))
    back = codec.decode(data, cls)
    assert _fields_of(back) == _fields_of(value)  # every field, its type and its value


def test_the_cache_key_names_every_field_of_every_cached_class() -> None:
    shape = codec.shape()
    for cls in codec.classes().values():
        for field in dataclasses.fields(cls):
            assert f"{field.name}:{field.type}" in shape


def test_a_value_the_codec_cannot_keep_is_not_cached(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry(small_project, "a.yaml", entry())
    real = codec.encode

    def refusing(value: object) -> Any:
        if isinstance(value, FileResult):
            raise codec.Unencodable("a new kind of value")
        return real(value)

    monkeypatch.setattr(store, "encode", refusing)
    assert check_project(small_project).valid_entries == 1
    assert cache_document(small_project)["records"] == {}


def test_reading_never_depends_on_todays_date() -> None:
    """Nothing under reading/ asks for today's date or the clock, so it is not in the
    cache key; whoever adds it must put the date in `store.run_key` too."""
    reading = REPO_ROOT / "trivselreport" / "reading"
    asked = re.compile(r"date\.today\(|datetime\.now\(|datetime\.today\(|time\.localtime\(")
    for path in reading.rglob("*.py"):
        if path.parent.name == "cache":
            continue
        assert not asked.search(path.read_text(encoding="utf-8")), path


# --- list and stats stay light ---------------------------------------------------------------


@pytest.mark.parametrize("command", ["list", "stats"])
def test_list_and_stats_load_no_build_module(example_copy: Path, command: str) -> None:
    script = (
        "import json, sys\n"
        "from trivselreport.cli.app import main\n"
        "sys.argv = ['trivselreport', sys.argv[1], '--project', sys.argv[2]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, command, str(example_copy)],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "trivselreport.reading.cache.store" in loaded  # it did read the entries
    heavy = {
        "trivselreport.commands.build",
        "trivselreport.commands.prepare",
        "trivselreport.memo.compose",
        "trivselreport.memo.guard",
        "trivselreport.reading.pictures.publish",
        "weasyprint",
        "docx",
    }
    assert loaded.isdisjoint(heavy), loaded & heavy
