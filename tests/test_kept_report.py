"""A whole-project `check`, `list` and `stats` of a project where nothing changed show
their kept report again (.trivselreport-cache/tjek.json, liste.json, tal.json), exactly
as it was printed, without reading the entries again.

The kept report must never hide a change: any change to what the check read (an
entry's bytes even at the same size and time, a new, deleted or renamed file, the
config, the word list, an introduction, a picture, a template, a link's target,
the tool's own code) makes the next run check again and print what a check without
any cache prints. Options that change the report (other files, --lix, --ret, …)
always check; a report of `list` or `stats` is one of its options and of the day. A
kept report that is corrupt, foreign or stale is ignored.

Most tests turn the "racy" window off (`trusted`): without it, files written a
moment before the run are never trusted, so only the identities decide here;
`test_a_file_changed_in_the_same_tick_as_the_report_is_not_trusted` tests the window.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from trivselreport.cli.app import app
from trivselreport.commands import checking, keptreport
from trivselreport.reading.cache import documents, store
from trivselreport.reading.cache.documents import CACHE_DIR

from .conftest import write_entry

runner = CliRunner()

ENTRY = """\
titel: "{title}"
type: program
dato: 2024-04-{day:02d}
temaer: [Tilhør]
tekst: |
  {text}
"""


def entry(title: str, day: int = 3, text: str = "Et godt møde om trivsel.") -> str:
    return ENTRY.format(title=title, day=day, text=text)


def kept_file(project: Path) -> Path:
    return project / CACHE_DIR / keptreport.KEPT_FILES["check"]


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """No racy window: a report (and an entry cache record) is trusted whenever its
    inputs are as noted."""
    monkeypatch.setattr(keptreport, "RACY_NS", -(10**18))
    monkeypatch.setattr(store, "RACY_NS", -(10**18))


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The projects `check_project` was asked to check (a replay asks for none)."""
    asked: list[Path] = []
    real = checking.check_project

    def counting(project_dir: Path, *args: Any, **kwargs: Any) -> Any:
        asked.append(project_dir)
        return real(project_dir, *args, **kwargs)

    monkeypatch.setattr(checking, "check_project", counting)
    return asked


@pytest.fixture
def project(small_project: Path) -> Path:
    """Errors, warnings, writing advice and personal data, all in one report."""
    write_entry(small_project, "2024/a.yaml", entry("Forældremøde"))
    write_entry(small_project, "2024/b.yaml", entry("CPR", 4, "Barnet 150312-1234 kom."))
    write_entry(small_project, "2024/c.yaml", "titel: [ødelagt\n")
    write_entry(small_project, "2024/d.yaml", entry("T" * 130, 5))  # a warning
    write_entry(small_project, "2024/e.yaml", entry("Stavning", 6, "Vi holdt et møde om trivssel."))
    return small_project


def check(project: Path, *options: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, ["check", "--project", str(project), *options], env=env)


def printed(result: Result) -> tuple[str, str, int]:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.stdout, result.stderr, result.exit_code


@pytest.mark.parametrize(
    "options",
    [(), ("--format", "json"), ("--uden-stavning",), ("--strict",)],
    ids=["text", "json", "no-spelling", "strict"],
)
@pytest.mark.usefixtures("trusted")
def test_an_unchanged_project_shows_the_same_report_without_checking_again(
    project: Path, checks: list[Path], options: tuple[str, ...]
) -> None:
    first = printed(check(project, *options))
    assert checks == [project] and kept_file(project).is_file()
    again = printed(check(project, *options))
    assert checks == [project]  # not checked again
    assert again == first
    assert first[2] == 1 and "150312-1234" not in first[0] + first[1]


@pytest.mark.usefixtures("trusted")
def test_a_coloured_report_comes_back_in_the_same_colours(
    project: Path, checks: list[Path]
) -> None:
    first = printed(check(project, env={"FORCE_COLOR": "1"}))
    assert "\x1b[" in first[1]
    assert printed(check(project, env={"FORCE_COLOR": "1"})) == first
    assert len(checks) == 1
    plain = printed(check(project))  # another setting: its own report
    assert len(checks) == 2 and "\x1b[" not in plain[1]


@pytest.mark.usefixtures("trusted")
def test_strict_takes_its_exit_code_from_the_kept_report(
    small_project: Path, checks: list[Path]
) -> None:
    write_entry(small_project, "2024/a.yaml", entry("T" * 130))  # a warning only
    assert check(small_project).exit_code == 0
    assert check(small_project, "--strict").exit_code == 1
    assert check(small_project).exit_code == 0
    assert len(checks) == 1


@pytest.mark.usefixtures("trusted")
def test_a_project_that_cannot_be_checked_is_kept_with_code_1(
    small_project: Path, checks: list[Path]
) -> None:
    (small_project / "trivselreport.yaml").write_text("titel: [ødelagt\n", encoding="utf-8")
    first = printed(check(small_project))
    assert first[2] == 1 and "trivselreport.yaml" in first[1]
    assert printed(check(small_project)) == first
    assert len(checks) == 1


def _same_size_edit(project: Path) -> None:
    path = project / "entries" / "2024" / "a.yaml"
    before = path.stat()
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Et godt møde om trivsel.", "Barn 150312-1234 trivsel"
        ),
        encoding="utf-8",
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the time put back


def _rename(project: Path) -> None:
    folder = project / "entries" / "2024"
    (folder / "a.yaml").rename(folder / "150312-1234.yaml")


def _config_word(project: Path) -> None:
    config = project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'forbudte_ord: ["Forældremøde"]\n', encoding="utf-8"
    )


def _word_list(project: Path) -> None:
    (project / "ordliste.txt").write_text("trivssel\n", encoding="utf-8")


def _introduction(project: Path) -> None:
    (project / "indledninger").mkdir()
    (project / "indledninger" / "2024-04.md").write_text(
        "Barnet 150312-1234 kom.\n", encoding="utf-8"
    )


def _template(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "memo.html.j2").write_text("{{ ødelagt", encoding="utf-8")


def _hidden_entry(project: Path) -> None:
    write_entry(project, ".gemt/x.yaml", entry("Skjult"))


def _entry_replaced_by_a_link(project: Path) -> None:
    other = project / "andet.yaml"
    other.write_text(entry("Et andet sted", 9, "Barnet 150312-1234 kom."), encoding="utf-8")
    path = project / "entries" / "2024" / "a.yaml"
    path.unlink()
    path.symlink_to(other)


CHANGES: dict[str, Callable[[Path], object]] = {
    "same size and time": _same_size_edit,
    "new file in a new folder": lambda p: write_entry(
        p, "2025/ny.yaml", entry("Ny", 7, "Barnet 150312-1234 kom.")
    ),
    "deleted": lambda p: (p / "entries" / "2024" / "c.yaml").unlink(),
    "renamed": _rename,
    "config": _config_word,
    "word list": _word_list,
    "introduction": _introduction,
    "template": _template,
    "hidden entry": _hidden_entry,
    "replaced by a link": _entry_replaced_by_a_link,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
@pytest.mark.usefixtures("trusted")
def test_every_change_makes_the_next_check_see_it(
    project: Path, checks: list[Path], change: Callable[[Path], object]
) -> None:
    """The report is kept from a run that took most entries from the entry cache (so
    it did not even open them): the project's snapshot sees their changes."""
    check(project)
    write_entry(project, "2024/z.yaml", entry("Endnu et møde", 8))
    before = printed(check(project))
    change(project)
    after = printed(check(project))
    assert len(checks) == 3
    assert after == printed(check(project, "--uden-cache"))
    assert after != before
    assert printed(check(project)) == after and len(checks) == 4  # kept again


@pytest.mark.usefixtures("trusted")
def test_a_links_target_changing_is_seen(small_project: Path, checks: list[Path]) -> None:
    target = small_project / "andet" / "indslag.yaml"
    target.parent.mkdir()
    target.write_text(entry("Mødet"), encoding="utf-8")
    (small_project / "entries" / "2024").mkdir()
    (small_project / "entries" / "2024" / "a.yaml").symlink_to(target)
    before = printed(check(small_project))
    target.write_text(entry("Mødet", text="Barnet 150312-1234 kom."), encoding="utf-8")
    after = printed(check(small_project))
    assert len(checks) == 2 and after != before and after[2] == 1


@pytest.mark.usefixtures("trusted")
def test_an_introduction_the_config_names_elsewhere_is_seen_when_it_appears(
    small_project: Path, checks: list[Path]
) -> None:
    config = small_project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + 'memoer:\n  - periode: "2024-04"\n    dato: 2024-04-15\n'
        + '    indledning: "noter/indledning.md"\n',
        encoding="utf-8",
    )
    before = printed(check(small_project))
    (small_project / "noter").mkdir()
    (small_project / "noter" / "indledning.md").write_text("Mail: a@b.dk\n", encoding="utf-8")
    after = printed(check(small_project))
    assert len(checks) == 2 and after != before
    assert after == printed(check(small_project, "--uden-cache"))


@pytest.mark.usefixtures("trusted")
def test_a_picture_outside_entries_is_seen_when_it_appears(
    small_project: Path, checks: list[Path]
) -> None:
    write_entry(
        small_project,
        "2024/a.yaml",
        entry("Billede") + "billeder:\n  - fil: ../../billeder/foto.png\n    alt: Et felt\n",
    )
    before = printed(check(small_project))
    assert before[2] == 1  # the picture is missing
    (small_project / "billeder").mkdir()
    from PIL import Image

    Image.new("RGB", (8, 8), (200, 30, 30)).save(small_project / "billeder" / "foto.png")
    after = printed(check(small_project))
    assert len(checks) == 2 and after[2] == 0


@pytest.mark.usefixtures("trusted")
def test_a_changed_module_is_a_new_report(
    project: Path, checks: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module loaded in the process (here one of the test's own) is noted with its
    file: an upgraded library or an edited tool gives a new report."""
    module = tmp_path / "kode" / "udvidelse.py"
    module.parent.mkdir()
    module.write_text("X = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(module.parent))
    monkeypatch.setitem(sys.modules, "udvidelse", importlib.import_module("udvidelse"))
    check(project)
    check(project)
    assert len(checks) == 1
    module.write_text("X = 2\n", encoding="utf-8")
    check(project)
    assert len(checks) == 2


@pytest.mark.usefixtures("trusted")
def test_a_project_with_a_linked_folder_is_never_kept(project: Path, checks: list[Path]) -> None:
    (project / "andre").mkdir()
    write_entry(project, "../andre/x.yaml", entry("Andre", 8))
    (project / "entries" / "andre").symlink_to(project / "andre")
    first = printed(check(project))
    assert not kept_file(project).exists()
    assert printed(check(project)) == first and len(checks) == 2


@pytest.mark.usefixtures("trusted")
def test_a_file_changed_while_the_check_reads_it_is_not_kept(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = checking.check_project

    def changing(project_dir: Path, *args: Any, **kwargs: Any) -> Any:
        report = real(project_dir, *args, **kwargs)
        write_entry(project_dir, "2024/a.yaml", entry("Ændret undervejs", 9))
        return report

    monkeypatch.setattr(checking, "check_project", changing)
    check(project)
    assert not kept_file(project).exists()


def test_a_file_changed_in_the_same_tick_as_the_report_is_not_trusted(
    project: Path, checks: list[Path]
) -> None:
    check(project)
    check(project)
    assert len(checks) == 2  # the files were written a moment ago: not trusted yet
    # As if the report had been kept 10 s after the files were last changed:
    path = kept_file(project)
    document = json.loads(path.read_text(encoding="utf-8"))
    later = time.time_ns() + 10 * documents.RACY_NS
    document["written_ns"] = later
    path.write_text(json.dumps(document), encoding="utf-8")
    os.utime(path, ns=(later, later))
    check(project)
    assert len(checks) == 2


def _garbage(path: Path) -> None:
    path.write_bytes(b"\x00\xff{ikke json")


def _edited(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def edit(path: Path) -> None:
        document = json.loads(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")

    return edit


def _as_link(path: Path) -> None:
    copy = path.with_name("kopi.json")
    path.rename(copy)
    path.symlink_to(copy)


SPOILT: dict[str, Callable[[Path], object]] = {
    "garbage": _garbage,
    "empty": lambda path: path.write_bytes(b""),
    "a list": lambda path: path.write_text("[]", encoding="utf-8"),
    "another format": _edited(lambda d: d.update(format="noget andet")),
    "another schema": _edited(lambda d: d.update(schema=99)),
    "another key": _edited(lambda d: d.update(key="0" * 64)),
    "no time": _edited(lambda d: d.update(written_ns="nu")),
    "another project": _edited(lambda d: d.update(project="0" * 64)),
    "writes not a list": _edited(lambda d: d["report"].update(writes="tekst")),
    "a write of another stream": _edited(lambda d: d["report"]["writes"].append([3, "x"])),
    "a write not text": _edited(lambda d: d["report"]["writes"].append([1, 5])),
    "a stream not a number": _edited(lambda d: d["report"]["writes"].append([True, "x"])),
    "code not a number": _edited(lambda d: d["report"].update(code="1")),
    "reads not a mapping": _edited(lambda d: d.update(reads=[])),
    "an identity not numbers": _edited(
        lambda d: d["reads"]["files"].update({"/etc/hosts": ["a"] * 6})
    ),
    "a folder listing not names": _edited(lambda d: d["reads"]["folders"].update({"/": [1]})),
    "a link": _as_link,
}


@pytest.mark.parametrize("spoil", SPOILT.values(), ids=SPOILT.keys())
@pytest.mark.usefixtures("trusted")
def test_a_corrupt_or_foreign_kept_report_is_ignored(
    project: Path, checks: list[Path], spoil: Callable[[Path], object]
) -> None:
    first = printed(check(project))
    spoil(kept_file(project))
    assert printed(check(project)) == first
    assert len(checks) == 2


@pytest.mark.usefixtures("trusted")
def test_a_kept_report_that_says_otherwise_than_the_files_is_not_shown(
    project: Path, checks: list[Path]
) -> None:
    """A report planted with the right key but for other files is never shown: the
    project's snapshot differs."""
    check(project)
    path = kept_file(project)
    document = json.loads(path.read_text(encoding="utf-8"))
    write_entry(project, "2024/ny.yaml", entry("Ny", 9))
    document["report"]["writes"] = [[1, "Alt i orden: plantet.\n"]]
    path.write_text(json.dumps(document), encoding="utf-8")
    assert "plantet" not in check(project).stdout
    assert len(checks) == 2


@pytest.mark.usefixtures("trusted")
def test_without_the_cache_it_is_neither_read_nor_written(
    project: Path, checks: list[Path]
) -> None:
    check(project, "--uden-cache")
    assert not kept_file(project).exists()
    check(project)
    check(project, "--uden-cache")
    assert len(checks) == 3


@pytest.mark.parametrize(
    "options",
    [
        ("--lix",),
        ("--periode", "2024-04"),
        ("--ret",),
        ("--tilføj-ord", "trivssel"),
        ("entries/2024/a.yaml",),
    ],
    ids=["lix", "period", "fix", "add-word", "files"],
)
@pytest.mark.usefixtures("trusted")
def test_options_beyond_the_whole_project_always_check(
    project: Path, checks: list[Path], options: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    check(project)
    check(project, *options)
    check(project, *options)
    assert len(checks) == 3


def test_a_kept_report_is_shown_by_a_real_process_without_loading_the_checks(
    project: Path,
) -> None:
    """In a process of its own, with real streams: the same bytes, the same exit code,
    and the check's modules are not even imported."""
    script = (
        "import sys\n"
        "from trivselreport.cli.app import main\n"
        f"sys.argv = ['trivselreport', 'check', '--project', {str(project)!r}]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    loaded = 'trivselreport.commands.checking' in sys.modules\n"
        "    sys.stderr.write('checked\\n' if loaded else 'kept\\n')\n"
    )

    def run() -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)

    first = run()
    path = kept_file(project)
    document = json.loads(path.read_text(encoding="utf-8"))
    later = time.time_ns() + 10 * documents.RACY_NS  # past the racy window
    document["written_ns"] = later
    path.write_text(json.dumps(document), encoding="utf-8")
    os.utime(path, ns=(later, later))
    again = run()
    assert first.stderr.endswith(b"checked\n") and again.stderr.endswith(b"kept\n")
    assert again.stdout == first.stdout
    assert again.stderr.removesuffix(b"kept\n") == first.stderr.removesuffix(b"checked\n")
    assert again.returncode == first.returncode == 1


@pytest.mark.usefixtures("trusted")
def test_a_current_folder_that_is_gone_leaves_the_check_as_it_was(
    project: Path, checks: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "væk"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = check(project)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "150312-****" in result.stderr and result.exit_code == 1
    assert not kept_file(project).exists()


@pytest.fixture
def lists(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The commands that read the entries for `list` and `stats` (a replay reads none)."""
    from trivselreport.commands import choosing, counting

    asked: list[str] = []
    real_choose, real_count = choosing.choose_entries, counting.count_readable_entries

    def choose(*args: Any, **kwargs: Any) -> Any:
        asked.append("list")
        return real_choose(*args, **kwargs)

    def count(*args: Any, **kwargs: Any) -> Any:
        asked.append("stats")
        return real_count(*args, **kwargs)

    monkeypatch.setattr(choosing, "choose_entries", choose)
    monkeypatch.setattr(counting, "count_readable_entries", count)
    return asked


def command(name: str, project: Path, *options: str) -> tuple[str, str, int]:
    return printed(runner.invoke(app, [name, "--project", str(project), *options]))


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("list", ()),
        ("list", ("--periode", "2024-04")),
        ("list", ("--kun-intern",)),
        ("list", ("--mangler",)),
        ("stats", ()),
        ("stats", ("--intern",)),
    ],
)
@pytest.mark.usefixtures("trusted")
def test_list_and_stats_show_their_kept_report_until_an_entry_changes(
    project: Path, lists: list[str], name: str, options: tuple[str, ...]
) -> None:
    first = command(name, project, *options)
    assert command(name, project, *options) == first
    assert lists == [name]
    write_entry(project, "2024/ny.yaml", entry("Et nyt møde", 12))
    write_entry(project, "2024/intern.yaml", entry("Et internt møde", 13) + "intern: ja\n")
    after = command(name, project, *options)
    assert lists == [name, name] and after != first
    assert after == command(name, project, *options, "--uden-cache")


@pytest.mark.usefixtures("trusted")
def test_each_choice_of_options_is_a_report_of_its_own(project: Path, lists: list[str]) -> None:
    everything = command("list", project)
    one_day = command("list", project, "--fra", "2024-04-03", "--til", "2024-04-03")
    assert one_day != everything and lists == ["list", "list"]
    assert command("list", project) == everything and len(lists) == 3  # the file holds one


@pytest.mark.usefixtures("trusted")
def test_a_report_of_today_is_not_shown_tomorrow(
    project: Path, lists: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date, timedelta

    from trivselreport.cli import kept

    command("list", project, "--mangler")
    command("list", project, "--mangler")
    assert len(lists) == 1

    class Tomorrow(date):
        @classmethod
        def today(cls) -> Tomorrow:
            day = date.today() + timedelta(days=1)
            return cls(day.year, day.month, day.day)

    monkeypatch.setattr(kept, "date", Tomorrow)
    command("list", project, "--mangler")
    assert len(lists) == 2


@pytest.mark.usefixtures("trusted")
def test_the_stats_csv_is_never_kept(project: Path, lists: list[str]) -> None:
    first = command("stats", project, "--format", "csv")
    assert command("stats", project, "--format", "csv") == first
    assert lists == ["stats", "stats"]
    assert not (project / CACHE_DIR / keptreport.KEPT_FILES["stats"]).exists()


@pytest.mark.usefixtures("trusted")
def test_list_news_sees_a_memo_built_since(small_project: Path, lists: list[str]) -> None:
    """--nye reads the build's record under output/, which the project's snapshot leaves
    out: the record is noted as read, and a new one is seen."""
    write_entry(small_project, "2024/a.yaml", entry("Forældremøde"))
    before = command("list", small_project, "--nye")
    assert command("list", small_project, "--nye") == before and len(lists) == 1
    built = runner.invoke(
        app, ["build", "--project", str(small_project), "--periode", "2024-04", "--format", "html"]
    )
    assert built.exit_code == 0, built.output
    write_entry(small_project, "2024/b.yaml", entry("Et nyt møde", 12))
    after = command("list", small_project, "--nye")
    assert len(lists) == 2 and after != before
    assert after == command("list", small_project, "--nye", "--uden-cache")
    # And a record changed in place (the next build of the period) is seen too:
    assert command("list", small_project, "--nye") == after and len(lists) == 3
    record = next((small_project / "output").rglob("*.kilder.txt"))
    record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    command("list", small_project, "--nye")
    assert len(lists) == 4


def test_folders_listed_by_the_import_system_are_not_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import system lists the folders on sys.path (the current folder among them,
    which changes all the time); a module loaded is noted by its file instead. A folder
    the run itself lists is noted."""
    from trivselreport.reading.cache import inputs

    code = tmp_path / "kode"
    code.mkdir()
    (code / "nyt_modul.py").write_text("X = 1\n", encoding="utf-8")
    listed = tmp_path / "listet"
    listed.mkdir()
    monkeypatch.syspath_prepend(str(code))
    importlib.invalidate_caches()
    with inputs.recording(tmp_path / CACHE_DIR) as reads:
        monkeypatch.setitem(sys.modules, "nyt_modul", importlib.import_module("nyt_modul"))
        os.listdir(listed)
    assert str(code) not in reads.folders
    assert reads.folders == {str(listed): []}
