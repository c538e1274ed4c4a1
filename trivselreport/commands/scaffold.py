"""`init`: a new project folder with a config, one example entry and a .gitignore."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from trivselreport.commands.authoring import WORK_DIR, EntryDraft, entry_path, entry_yaml
from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import CONFIG_FILE
from trivselreport.reading.entries import ENTRIES_DIR

SCAFFOLD = Path(__file__).parent.parent / "scaffold"
# Kept out of git: the built memos, and the editor's files of `new --edit` (drafts).
IGNORED = ("output/", f"{WORK_DIR}/")

EXAMPLE_TEXT = """\
Skriv her, hvad der skete, med almindelige afsnit adskilt af en tom linje.

- En punktliste skrives med bindestreg
- **Fed** og *kursiv* skrives med stjerner

Et link skrives sådan: [Rødovre Kommune](https://www.rk.dk)."""


def init_project(target: Path, today: date) -> list[Path]:
    """Create a project in `target`; refuse if one is there already. Returns what was made."""
    config_path = target / CONFIG_FILE
    if config_path.exists():
        raise UserError(
            Problem(
                config_path,
                "Her er allerede et trivselreport-projekt.",
                hint="Intet er ændret. Vælg en anden mappe til et nyt projekt.",
            )
        )
    if (target / ENTRIES_DIR).exists() and any((target / ENTRIES_DIR).iterdir()):
        raise UserError(
            Problem(
                target / ENTRIES_DIR,
                "Mappen entries findes allerede og er ikke tom.",
                hint="Intet er ændret. Vælg en tom mappe.",
            )
        )
    draft = EntryDraft(
        type="arrangement",
        title="Eksempel på et indslag",
        start=today,
        themes=["Tilhør"],
        responsible="Skriv enhed eller rolle",
        text=EXAMPLE_TEXT,
    )
    files = {
        config_path: (SCAFFOLD / CONFIG_FILE).read_text(encoding="utf-8"),
        entry_path(target, draft): entry_yaml(draft),
    }
    gitignore = target / ".gitignore"
    created: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as stream:
                stream.write(text)
            created.append(path)
        if not gitignore.exists():
            gitignore.write_text("".join(f"{line}\n" for line in IGNORED), encoding="utf-8")
            created.append(gitignore)
        else:
            present = gitignore.read_text(encoding="utf-8").split()
            missing = [line for line in IGNORED if line not in present]
            if missing:
                with gitignore.open("a", encoding="utf-8") as stream:
                    stream.write("\n" + "".join(f"{line}\n" for line in missing))
    except OSError as error:
        raise UserError(
            Problem(target, f"Projektet kan ikke oprettes: {error.strerror or error}.")
        ) from error
    return created
