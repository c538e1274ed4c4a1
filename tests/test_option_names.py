"""The options as people type them: Danish names beside the English ones, `--intern`
meaning "with the internal entries" everywhere, a Danish "Mente du …?" for a typo,
and shell completion that can be installed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.cli.clitext import unknown_option_text

from .test_list_stats import all_entries, files, list_entries, listed_files

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("english", "danish"),
    [
        (("--period", "2024-04"), ("--periode", "2024-04")),
        (
            ("--from", "2024-04-01", "--to", "2024-04-30"),
            ("--fra", "2024-04-01", "--til", "2024-04-30"),
        ),
    ],
)
@pytest.mark.parametrize("command", ["list", "stats"])
def test_danish_option_names_mean_the_same_as_the_english(
    example_copy: Path, command: str, english: tuple[str, ...], danish: tuple[str, ...]
) -> None:
    first = invoke(command, "--project", str(example_copy), *english)
    second = invoke(command, "--projekt", str(example_copy), *danish)
    assert first[0] == second[0] == 0, second[1]
    assert first[1] == second[1]


@pytest.mark.parametrize(
    ("command", "names"),
    [
        (
            "build",
            [
                "--period",
                "--periode",
                "--from",
                "--fra",
                "--to",
                "--til",
                "--project",
                "--projekt",
                "--intern",
            ],
        ),
        ("check", ["--strict", "--streng", "--project", "--projekt"]),
        ("new", ["--edit", "--rediger", "--no-input", "--spørg-ikke", "--intern"]),
        ("serve", ["--no-browser", "--ingen-browser"]),
        ("list", ["--intern", "--kun-intern", "--ikke-intern", "--uden-interne"]),
        ("stats", ["--intern", "--periode"]),
    ],
)
def test_every_name_is_in_the_help(command: str, names: list[str]) -> None:
    code, output = invoke(command, "--help")
    assert code == 0
    for name in names:
        assert name in output, name


@pytest.mark.parametrize("command", ["build", "stats", "list"])
def test_the_help_of_intern_says_with_the_internal_entries(command: str) -> None:
    output = " ".join(invoke(command, "--help")[1].split())
    assert "--intern Med interne indslag" in output


def test_check_strict_has_a_danish_name(small_project: Path) -> None:
    from .conftest import write_entry

    write_entry(small_project, "a.yaml", 'titel: "x"\ntype: kursus\ndato: 2024-04-15\ntekst: "y"\n')
    write_entry(small_project, "noter.docx", "x")
    assert invoke("check", "--projekt", str(small_project))[0] == 0
    assert invoke("check", "--projekt", str(small_project), "--streng")[0] == 1


# --- --intern in list -----------------------------------------------------------------


def test_list_intern_shows_every_entry_with_the_internal_ones(example_copy: Path) -> None:
    result = runner.invoke(app, ["list", "--project", str(example_copy), "--intern"])
    assert result.exit_code == 0
    assert listed_files(result.stdout, example_copy) == files(
        all_entries(example_copy), example_copy
    )
    assert "--kun-intern" in result.stderr


def test_list_kun_intern_shows_only_the_internal_entries(example_copy: Path) -> None:
    only = listed_files(list_entries(example_copy, "--kun-interne"), example_copy)
    expected = files([entry for entry in all_entries(example_copy) if entry.internal], example_copy)
    assert only == expected and only


def test_list_uden_interne_is_ikke_intern(example_copy: Path) -> None:
    assert list_entries(example_copy, "--uden-interne") == list_entries(
        example_copy, "--ikke-intern"
    )


@pytest.mark.parametrize("other", ["--intern", "--kun-intern"])
def test_list_ikke_intern_with_an_intern_option_is_refused(example_copy: Path, other: str) -> None:
    code, output = invoke("list", "--project", str(example_copy), "--ikke-intern", other)
    assert code == 1
    assert "kan ikke bruges sammen" in output


def test_stats_counts_internal_entries_only_with_intern(example_copy: Path) -> None:
    without = invoke("stats", "--project", str(example_copy), "--format", "csv")[1]
    with_internal = invoke("stats", "--project", str(example_copy), "--format", "csv", "--intern")[
        1
    ]
    assert without != with_internal


# --- a mistyped option --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "typed", "meant"),
    [
        ("list", "--perod", "--period"),
        ("list", "--peridoe", "--periode"),
        ("build", "--Intern", "--intern"),
        ("new", "--titl", "--titel"),
        ("check", "--strikt", "--strict"),
        ("list", "--kun-inter", "--kun-intern"),
    ],
)
def test_a_mistyped_option_gets_a_danish_suggestion(command: str, typed: str, meant: str) -> None:
    code, output = invoke(command, typed)
    assert code == 1
    assert f"Fejl: Tilvalget {typed} findes ikke. Mente du »{meant}«?" in output
    assert "Did you mean" not in output and "Possible" not in output


def test_an_option_far_from_every_name_gets_no_guess() -> None:
    code, output = invoke("list", "--xyzzy")
    assert code == 1
    assert "Tilvalget --xyzzy findes ikke." in output and "Mente du" not in output


def test_aliases_of_one_option_are_suggested_once() -> None:
    aliases = [["--period", "--periode"], ["--project", "--projekt"]]
    assert unknown_option_text("--perio", ["--period", "--periode"], aliases) == (
        "Tilvalget --perio findes ikke. Mente du »--period«?"
    )


def test_two_different_close_options_are_both_suggested() -> None:
    text = unknown_option_text("--fro", ["--fra", "--from"], [["--from", "--fra"]])
    assert text.count("»") == 1
    text = unknown_option_text("--ab", ["--abc", "--abd"])
    assert text == "Tilvalget --ab findes ikke. Mente du »--abc« eller »--abd«?"


# --- shell completion -------------------------------------------------------------------


def test_completion_can_be_installed_and_is_described_in_danish() -> None:
    output = " ".join(invoke("--help")[1].split())
    assert "--install-completion Installer Tab-færdiggørelse" in output
    assert "--show-completion Vis skriptet" in output


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_a_shell(
    shell: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    code, output = invoke("--show-completion", shell)
    assert code == 0
    assert "_TRIVSELREPORT_COMPLETE" in output


def test_completion_completes_danish_and_english_option_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("_TRIVSELREPORT_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "trivselreport list --per")
    monkeypatch.setenv("COMP_CWORD", "2")
    result = runner.invoke(app, [], prog_name="trivselreport")
    assert set(result.output.split()) == {"--period", "--periode"}
