"""Nothing outside the project is read or written, and links never crash or hang the tool.

A symbolic link ("genvej") that leads out of the project is refused with a
Danish message naming it, wherever it stands: an entry, a folder in entries/,
entries/ itself, the config, an introduction, templates/ and each template or
stylesheet, output/ and the period folder in it. A link that stays inside the
project is followed. Rings of links, broken links and file names that are not
UTF-8 give messages, not tracebacks.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from trivselreport.errors import UserError
from trivselreport.reading.config import CONFIG_FILE, load_config
from trivselreport.reading.entries import entry_files, load_entries, read_entries
from trivselreport.reading.files.confine import inside_project

from .conftest import SMALL_CONFIG, write_entry
from .test_cli import run

SECRET = "HEMMELIGT-UDEFRA"


def entry(title: str = "Kursus i april", day: int = 2) -> str:
    return f'titel: "{title}"\ntype: kursus\ndato: 2024-04-{day:02d}\ntekst: Et kursus.\n'


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links not followed) with its bytes."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project holding one of everything a project has."""
    folder = tmp_path / "udenfor"
    (folder / "entries").mkdir(parents=True)
    (folder / "entries" / "hemmelig.yaml").write_text(entry(SECRET), encoding="utf-8")
    (folder / "hemmelig.yaml").write_text(entry(SECRET), encoding="utf-8")
    (folder / CONFIG_FILE).write_text(SMALL_CONFIG, encoding="utf-8")
    (folder / "intro.md").write_text(f"{SECRET} indledning.", encoding="utf-8")
    (folder / "templates").mkdir()
    (folder / "templates" / "word.html.j2").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    (folder / "word.html.j2").write_text(f"<p>{SECRET}</p>", encoding="utf-8")
    (folder / "lokal.css").write_text(f"/* {SECRET} */", encoding="utf-8")
    (folder / "ud").mkdir()
    return folder


@pytest.fixture
def project(small_project: Path) -> Path:
    """The small project with one valid entry in April 2024."""
    write_entry(small_project, "2024/a.yaml", entry())
    return small_project


def build(project: Path) -> tuple[int, str]:
    return run("build", "--period", "2024-04", "--format", "html", "--project", str(project))


def check(project: Path, *options: str) -> tuple[int, str]:
    return run("check", "--project", str(project), *options)


def link(at: Path, to: Path) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(to, target_is_directory=to.is_dir())


# --- links leading out of the project ----------------------------------------------------

# Each case plants one link leading out and answers with the link's path in the project.
Plant = Callable[[Path, Path], str]


def _entry_file(project: Path, outside: Path) -> str:
    link(project / "entries" / "2024" / "ude.yaml", outside / "hemmelig.yaml")
    return "entries/2024/ude.yaml"


def _entry_folder(project: Path, outside: Path) -> str:
    link(project / "entries" / "arkiv", outside / "entries")
    return "entries/arkiv"


def _entries_itself(project: Path, outside: Path) -> str:
    (project / "entries" / "2024" / "a.yaml").unlink()
    (project / "entries" / "2024").rmdir()
    (project / "entries").rmdir()
    link(project / "entries", outside / "entries")
    return "entries"


def _config(project: Path, outside: Path) -> str:
    (project / CONFIG_FILE).unlink()
    link(project / CONFIG_FILE, outside / CONFIG_FILE)
    return CONFIG_FILE


def _default_intro(project: Path, outside: Path) -> str:
    link(project / "indledninger" / "2024-04.md", outside / "intro.md")
    return "indledninger/2024-04.md"


def _intro_folder(project: Path, outside: Path) -> str:
    (outside / "2024-04.md").write_text(f"{SECRET}.", encoding="utf-8")
    link(project / "indledninger", outside)
    return "indledninger"


def _intro_named_by_the_config(project: Path, outside: Path) -> str:
    (project / CONFIG_FILE).write_text(
        SMALL_CONFIG + "memoer:\n  - periode: 2024-04\n    indledning: tekster/april.md\n",
        encoding="utf-8",
    )
    link(project / "tekster" / "april.md", outside / "intro.md")
    return "tekster/april.md"


def _templates_folder(project: Path, outside: Path) -> str:
    link(project / "templates", outside / "templates")
    return "templates"


def _template_file(project: Path, outside: Path) -> str:
    link(project / "templates" / "word.html.j2", outside / "word.html.j2")
    return "templates/word.html.j2"


def _stylesheet(project: Path, outside: Path) -> str:
    link(project / "templates" / "lokal.css", outside / "lokal.css")
    return "templates/lokal.css"


def _output(project: Path, outside: Path) -> str:
    link(project / "output", outside / "ud")
    return "output"


def _period_folder(project: Path, outside: Path) -> str:
    (project / "output").mkdir()
    link(project / "output" / "2024-04", outside / "ud")
    return "output/2024-04"


READ_CASES: dict[str, Plant] = {
    "entry file": _entry_file,
    "folder in entries": _entry_folder,
    "entries itself": _entries_itself,
    "config": _config,
    "introduction": _default_intro,
    "introductions folder": _intro_folder,
    "introduction named by the config": _intro_named_by_the_config,
    "templates folder": _templates_folder,
    "template file": _template_file,
    "stylesheet": _stylesheet,
}
WRITE_CASES: dict[str, Plant] = {"output": _output, "period folder": _period_folder}


@pytest.mark.parametrize("case", [*READ_CASES, *WRITE_CASES])
def test_a_link_leading_out_is_refused_by_build_before_anything_is_written(
    project: Path, outside: Path, case: str
) -> None:
    shown = {**READ_CASES, **WRITE_CASES}[case](project, outside)
    before = snapshot(outside)
    code, output = build(project)
    assert code == 1, output
    assert f"Fejl i {shown}:" in output
    assert "uden for projektmappen" in output
    assert "Intet er skrevet." in output
    assert "Traceback" not in output and SECRET not in output
    assert snapshot(outside) == before
    assert not (project / "output").is_dir() or not any((project / "output").rglob("*.html"))


@pytest.mark.parametrize("case", list(READ_CASES))
def test_check_names_every_link_leading_out(project: Path, outside: Path, case: str) -> None:
    shown = READ_CASES[case](project, outside)
    code, output = check(project)
    assert code == 1, output
    assert f"Fejl i {shown}:" in output and "uden for projektmappen" in output
    assert "Traceback" not in output and "Alt i orden" not in output


def test_a_link_leading_out_names_the_link_in_json_too(project: Path, outside: Path) -> None:
    _entry_folder(project, outside)
    code, output = check(project, "--format", "json")
    problems = json.loads(output)
    assert code == 1
    assert [p["file"] for p in problems if p["level"] == "error"] == ["entries/arkiv"]


def test_new_does_not_write_through_an_entries_link_leading_out(
    project: Path, outside: Path
) -> None:
    _entries_itself(project, outside)
    before = snapshot(outside)
    code, output = run(
        "new",
        "--no-input",
        "--type",
        "kursus",
        "--titel",
        "Nyt",
        "--dato",
        "2024-04-03",
        "--tekst",
        "Tekst.",
        "--project",
        str(project),
    )
    assert code == 1, output
    assert "uden for projektmappen" in output and "Traceback" not in output
    assert snapshot(outside) == before


def test_inside_project_answers_the_real_path_or_refuses(tmp_path: Path) -> None:
    root = tmp_path / "projekt"
    (root / "a").mkdir(parents=True)
    (root / "b").symlink_to(root / "a")
    (root / "ud").symlink_to(tmp_path)
    assert inside_project(root / "b" / "x.yaml", root, "Filen") == (root / "a" / "x.yaml")
    assert inside_project(root / "findes-ikke", root, "Filen") == root / "findes-ikke"
    with pytest.raises(UserError) as caught:
        inside_project(root / "ud" / "projekt" / "a", root, "Filen")
    (problem,) = caught.value.problems
    assert problem.file == root / "ud" and "uden for projektmappen" in problem.message


# --- links inside the project are followed -----------------------------------------------


def titles(project: Path) -> list[str]:
    return sorted(entry.title for entry in load_entries(load_config(project)))


def test_a_linked_folder_inside_the_project_is_read(project: Path) -> None:
    write_entry(project, "../arkiv/b.yaml", entry("Fra arkivet", 3))
    link(project / "entries" / "arkiv", project / "arkiv")
    assert titles(project) == ["Fra arkivet", "Kursus i april"]
    code, output = check(project, "--strict")
    assert code == 0, output
    assert "Alt i orden: 2 indslag" in output


def test_a_linked_entry_file_inside_the_project_is_read_and_named_by_its_link(
    project: Path,
) -> None:
    (project / "delt").mkdir()
    (project / "delt" / "b.yaml").write_text(entry("Delt", 4), encoding="utf-8")
    link(project / "entries" / "b.yaml", project / "delt" / "b.yaml")
    entries = load_entries(load_config(project))
    assert [(e.title, e.path.relative_to(project).as_posix()) for e in entries] == [
        ("Kursus i april", "entries/2024/a.yaml"),
        ("Delt", "entries/b.yaml"),
    ]


def test_a_broken_linked_entry_inside_is_reported_at_the_link(project: Path) -> None:
    (project / "delt").mkdir()
    (project / "delt" / "b.yaml").write_text("titel: [", encoding="utf-8")
    link(project / "entries" / "b.yaml", project / "delt" / "b.yaml")
    code, output = check(project)
    assert code == 1
    assert "Fejl i entries/b.yaml, linje" in output and "YAML" in output


@pytest.mark.parametrize("target", ["2024", "2024/a.yaml"])
def test_a_link_to_what_is_read_anyway_is_read_once_with_a_warning(
    project: Path, target: str
) -> None:
    link(project / "entries" / "kopi", project / "entries" / target)
    assert titles(project) == ["Kursus i april"]
    code, output = check(project)
    assert code == 0, output
    assert "Advarsel i entries/kopi:" in output and "kun én gang" in output


def test_links_inside_the_project_for_config_intro_templates_and_output_are_followed(
    project: Path,
) -> None:
    (project / "opsaetning").mkdir()
    (project / CONFIG_FILE).rename(project / "opsaetning" / CONFIG_FILE)
    link(project / CONFIG_FILE, project / "opsaetning" / CONFIG_FILE)
    (project / "tekster").mkdir()
    (project / "tekster" / "april.md").write_text("Indledning fra tekster.", encoding="utf-8")
    link(project / "indledninger" / "2024-04.md", project / "tekster" / "april.md")
    (project / "design").mkdir()
    (project / "design" / "word.css").write_text("p { color: #123456; }", encoding="utf-8")
    link(project / "templates", project / "design")
    (project / "bygget").mkdir()
    link(project / "output", project / "bygget")
    code, output = build(project)
    assert code == 0, output
    (html,) = (project / "bygget" / "2024-04").glob("*.html")
    text = html.read_text(encoding="utf-8")
    assert "Indledning fra tekster." in text and "#123456" in text
    assert check(project, "--strict")[0] == 0


# --- rings and broken links --------------------------------------------------------------


def _self_link(project: Path) -> str:
    (project / "entries" / "ring.yaml").symlink_to("ring.yaml")
    return "entries/ring.yaml"


def _two_links_in_a_ring(project: Path) -> str:
    (project / "entries" / "a.yaml").symlink_to("b.yaml")
    (project / "entries" / "b.yaml").symlink_to("a.yaml")
    return "entries/a.yaml"


def _folder_link_to_its_parent(project: Path) -> str:
    (project / "entries" / "2024" / "op").symlink_to("..", target_is_directory=True)
    return "entries/2024/op"


def _folder_link_to_itself(project: Path) -> str:
    (project / "entries" / "2024" / "her").symlink_to(".", target_is_directory=True)
    return "entries/2024/her"


def _folder_link_to_the_project(project: Path) -> str:
    (project / "entries" / "projekt").symlink_to(project, target_is_directory=True)
    return "entries/projekt"


def _broken_entry(project: Path) -> str:
    (project / "entries" / "borte.yaml").symlink_to("findes-ikke.yaml")
    return "entries/borte.yaml"


def _broken_folder(project: Path) -> str:
    (project / "entries" / "borte").symlink_to(project / "findes-ikke")
    return "entries/borte"


RING_CASES: dict[str, tuple[Callable[[Path], str], str]] = {
    "link to itself": (_self_link, "ring"),
    "two links in a ring": (_two_links_in_a_ring, "ring"),
    "folder link to its parent": (_folder_link_to_its_parent, "ring"),
    "folder link to its own folder": (_folder_link_to_itself, "ring"),
    "folder link to the project": (_folder_link_to_the_project, "ring"),
    "broken entry link": (_broken_entry, "ikke findes"),
    "broken folder link": (_broken_folder, "ikke findes"),
}


@pytest.mark.parametrize("case", list(RING_CASES))
def test_rings_and_broken_links_in_entries_get_a_message_and_the_rest_is_read(
    project: Path, case: str
) -> None:
    plant, words = RING_CASES[case]
    shown = plant(project)
    code, output = check(project)
    assert code == 1, output
    assert f"Fejl i {shown}:" in output and words in output
    assert "Traceback" not in output
    loaded = read_entries(load_config(project))
    assert [entry.title for entry in loaded.entries] == ["Kursus i april"]
    code, output = build(project)
    assert code == 1 and f"Fejl i {shown}:" in output and "Traceback" not in output


def _ring(at: Path) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(at.name)


def _broken(at: Path) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    at.symlink_to(at.parent / "findes-ikke")


@pytest.mark.parametrize(
    "where",
    [
        "entries",
        CONFIG_FILE,
        "indledninger/2024-04.md",
        "templates",
        "templates/memo.html.j2",
        "templates/lokal.css",
        "output",
        "output/2024-04",
    ],
)
@pytest.mark.parametrize(("kind", "words"), [("ring", "ring"), ("broken", "ikke findes")])
def test_a_ring_or_broken_link_anywhere_is_a_message_for_build(
    project: Path, where: str, kind: str, words: str
) -> None:
    target = project / where
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        target.rmdir()
    elif target.exists():
        target.unlink()
    (_ring if kind == "ring" else _broken)(target)
    code, output = build(project)
    assert code == 1, output
    assert f"Fejl i {where}:" in output and words in output
    assert "Traceback" not in output and "Intet er skrevet." in output
    assert not any(project.glob("output/**/*.html"))


def test_a_link_loop_in_a_picture_is_a_message(project: Path) -> None:
    (project / "entries" / "2024" / "foto.jpg").symlink_to("foto.jpg")
    write_entry(
        project,
        "2024/b.yaml",
        entry("Med billede", 5) + "billeder:\n  - fil: foto.jpg\n    alt: Et billede\n",
    )
    code, output = check(project)
    assert code == 1 and "foto.jpg" in output and "Traceback" not in output


# --- file names that are not UTF-8 -------------------------------------------------------

BAD_NAME = os.fsdecode(b"m\xf8de-\xe6.yaml")  # Latin-1 bytes, as an old zip tool writes them


def test_a_file_name_that_is_not_utf8_is_named_and_nothing_crashes(project: Path) -> None:
    (project / "entries" / BAD_NAME).write_text(entry("Latin-1", 6), encoding="utf-8")
    code, output = check(project)
    assert code == 1
    assert "Navnet kan ikke læses" in output and "Omdøb" in output
    assert "entries/m\ufffdde-\ufffd.yaml" in output
    code, output = check(project, "--format", "json")
    (problem,) = json.loads(output)
    assert problem["file"] == "entries/m\ufffdde-\ufffd.yaml"
    code, output = build(project)
    assert code == 1 and "Navnet kan ikke læses" in output and "Traceback" not in output
    code, output = run("list", "--project", str(project))
    assert code == 1 and "Traceback" not in output


def test_a_folder_name_that_is_not_utf8_is_named_once(project: Path) -> None:
    folder = project / "entries" / os.fsdecode(b"\xe5r")
    folder.mkdir()
    (folder / "a.yaml").write_text(entry("I mappen", 7), encoding="utf-8")
    (folder / "b.yaml").write_text(entry("Også", 8), encoding="utf-8")
    code, output = check(project)
    assert code == 1 and output.count("Navnet kan ikke læses") == 1
    assert entry_files(project) == [project / "entries" / "2024" / "a.yaml"]


@pytest.mark.parametrize("folder", ["templates", "indledninger"])
def test_a_name_that_is_not_utf8_beside_the_entries_is_a_warning(
    project: Path, folder: str
) -> None:
    (project / folder).mkdir()
    (project / folder / os.fsdecode(b"gammel-\xe6.css")).write_text("", encoding="utf-8")
    code, output = check(project, "--format", "json")
    assert code == 0
    (problem,) = json.loads(output)
    assert problem["level"] == "warning" and problem["file"].startswith(f"{folder}/gammel-")


def test_entries_itself_linked_inside_the_project_is_read(project: Path) -> None:
    (project / "entries").rename(project / "indslag")
    link(project / "entries", project / "indslag")
    entries = load_entries(load_config(project))
    assert [e.path.relative_to(project).as_posix() for e in entries] == ["entries/2024/a.yaml"]
    assert check(project, "--strict")[0] == 0


@pytest.mark.parametrize(
    "where", ["entries/2024/kø.yaml", "templates/word.html.j2", "indledninger/2024-04.md"]
)
def test_a_named_pipe_is_refused_without_waiting_for_it(project: Path, where: str) -> None:
    (project / where).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(project / where)
    code, output = build(project)
    assert code == 1, output
    assert f"Fejl i {where}:" in output and "ikke en almindelig fil" in output
    assert "Traceback" not in output


def test_check_names_a_template_link_leading_out_once(project: Path, outside: Path) -> None:
    shown = _template_file(project, outside)
    code, output = check(project)
    assert code == 1
    assert output.count(f"Fejl i {shown}:") == 1 and "1 fejl fundet." in output


@pytest.mark.parametrize(("target", "words"), [(".", "ring"), ("..", "uden for projektmappen")])
def test_entries_linked_to_the_project_or_above_is_refused(
    project: Path, target: str, words: str
) -> None:
    (project / "entries").rename(project / "gamle")
    (project / "entries").symlink_to(target, target_is_directory=True)
    code, output = check(project)
    assert code == 1
    assert "Fejl i entries:" in output and words in output and "Traceback" not in output
