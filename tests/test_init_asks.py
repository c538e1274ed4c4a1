"""`init` asks who the memo is from and its title (or takes them as options), writes
nothing of another municipality, and refuses to make a project inside another one."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.reading.config import load_config

from .test_init import snapshot

runner = CliRunner()


def init(*args: str, typed: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["init", *args], input=typed)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def config_of(folder: Path) -> dict[str, object]:
    loaded = yaml.safe_load((folder / "trivselreport.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            [
                "--organisation",
                "Hvidovre Kommune",
                "--forvaltning",
                "Børne- og Kulturforvaltningen",
            ],
            {"organisation": "Hvidovre Kommune", "forvaltning": "Børne- og Kulturforvaltningen"},
        ),
        (
            ["--afdeling", "Skoleafdelingen", "--titel", "Trivsel {måned} {år}"],
            {"afdeling": "Skoleafdelingen", "titel": "Trivsel {måned} {år}"},
        ),
        (
            ["--organisation", 'Kommune "med" citat: og kolon #1'],
            {"organisation": 'Kommune "med" citat: og kolon #1'},
        ),
    ],
)
def test_the_options_are_written_into_the_config(
    tmp_path: Path, options: list[str], expected: dict[str, str]
) -> None:
    folder = tmp_path / "projekt"
    code, output = init(str(folder), *options)
    assert code == 0, output
    config = config_of(folder)
    for key, value in expected.items():
        assert config[key] == value
    load_config(folder)  # a valid config


def test_without_a_terminal_nothing_is_asked_and_neutral_defaults_are_written(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "projekt"
    code, output = init(str(folder), typed="Skal ikke læses\n")
    assert code == 0, output
    assert "Organisation" not in output.split("Nyt projekt")[0]
    config = config_of(folder)
    assert config["organisation"] == "Min organisation"
    assert config["forvaltning"] == "Min forvaltning"
    assert "afdeling" not in config
    assert config["temaer"] == []


def test_nothing_of_roedovre_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "projekt"
    assert init(str(folder), "--no-input")[0] == 0
    for name, content in snapshot(folder).items():
        text = content.decode("utf-8")
        for word in ("Rødovre", "rk.dk", "Mod på trivsel", "Tilhør", "Tempo og pauser"):
            assert word not in text, (name, word)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_each_detail_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trivselreport.cli import init as init_module

    answers = iter(["Hvidovre Kommune", "Børne- og Kulturforvaltningen", "", ""])
    asked: list[str] = []

    def ask(label: str, default: str | None = None) -> str:
        asked.append(label)
        return next(answers)

    monkeypatch.setattr(sys, "stdin", Terminal(""))
    monkeypatch.setattr("trivselreport.cli.new_prompts.ask", ask)
    folder = tmp_path / "projekt"
    init_module.init(folder)
    assert asked == ["Organisation", "Forvaltning", "Afdeling (tom: ingen)", "Notatets titel"]
    config = config_of(folder)
    assert config["organisation"] == "Hvidovre Kommune"
    assert config["titel"] == "Status {måned} {år}"  # an empty answer keeps the default
    assert "afdeling" not in config


def test_options_given_are_not_asked_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trivselreport.cli import init as init_module

    monkeypatch.setattr(sys, "stdin", Terminal(""))

    def ask(label: str, default: str | None = None) -> str:
        raise AssertionError(label)

    monkeypatch.setattr("trivselreport.cli.new_prompts.ask", ask)
    folder = tmp_path / "projekt"
    init_module.init(folder, "A", "B", "C", "D", False, False)
    assert config_of(folder)["afdeling"] == "C"


def test_no_input_asks_nothing_even_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trivselreport.cli import init as init_module

    monkeypatch.setattr(sys, "stdin", Terminal(""))

    def ask(label: str, default: str | None = None) -> str:
        raise AssertionError(label)

    monkeypatch.setattr("trivselreport.cli.new_prompts.ask", ask)
    init_module.init(tmp_path / "projekt", None, None, None, None, False, True)
    assert config_of(tmp_path / "projekt")["organisation"] == "Min organisation"


# --- a project inside another ---------------------------------------------------------


@pytest.mark.parametrize("inside", ["under", "entries/under", "a/b/c"])
def test_init_inside_another_project_is_refused_and_changes_nothing(
    tmp_path: Path, inside: str
) -> None:
    outer = tmp_path / "ydre"
    assert init(str(outer), "--no-input")[0] == 0
    before = snapshot(outer)
    code, output = init(str(outer / inside), "--no-input")
    assert code == 1
    assert "inde i et andet trivselreport-projekt" in output
    assert "--i-andet-projekt" in output and "Intet er ændret." in output
    assert snapshot(outer) == before
    assert not (outer / inside).exists()


def test_init_inside_another_project_with_the_option_is_made(tmp_path: Path) -> None:
    outer = tmp_path / "ydre"
    assert init(str(outer), "--no-input")[0] == 0
    code, output = init(str(outer / "indre"), "--no-input", "--i-andet-projekt")
    assert code == 0, output
    assert (outer / "indre" / "trivselreport.yaml").is_file()


def test_the_refusal_comes_before_any_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outer = tmp_path / "ydre"
    assert init(str(outer), "--no-input")[0] == 0
    monkeypatch.setattr(sys, "stdin", Terminal(""))

    def ask(label: str, default: str | None = None) -> str:
        raise AssertionError(label)

    monkeypatch.setattr("trivselreport.cli.new_prompts.ask", ask)
    code, output = init(str(outer / "indre"))
    assert code == 1 and "andet trivselreport-projekt" in output


def test_an_existing_introduction_is_never_overwritten(tmp_path: Path) -> None:
    from .test_init import this_month

    folder = tmp_path / "projekt"
    intro = folder / "indledninger" / f"{this_month()}.md"
    intro.parent.mkdir(parents=True)
    intro.write_text("Min egen indledning.\n", encoding="utf-8")
    code, output = init(str(folder), "--no-input")
    assert code == 1 and "Filen findes allerede." in output
    assert intro.read_text(encoding="utf-8") == "Min egen indledning.\n"
    assert not (folder / "trivselreport.yaml").exists()
