"""`init`: a new project folder with a config, a starting introduction, a draft
example entry (when drafts are known) and a .gitignore."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template

from trivselreport.commands.authoring import WORK_DIR, EntryDraft, entry_path, entry_yaml
from trivselreport.errors import Problem, UserError
from trivselreport.reading.cache.documents import CACHE_DIR
from trivselreport.reading.config import CONFIG_FILE
from trivselreport.reading.entries import ENTRIES_DIR
from trivselreport.reading.fields.declarations import ENTRY_FIELDS
from trivselreport.reading.introduction import INTRODUCTIONS_DIR

SCAFFOLD = Path(__file__).parent.parent / "scaffold"
# Kept out of git: the built memos, the editor's files of `new --edit` (drafts) and
# the entry cache of `check`, `list` and `stats`.
IGNORED = ("output/", f"{WORK_DIR}/", f"{CACHE_DIR}/")

EXAMPLE_TEXT = """\
Skriv her, hvad der skete, med almindelige afsnit adskilt af en tom linje.

- En punktliste skrives med bindestreg
- **Fed** og *kursiv* skrives med stjerner

Et link skrives sådan: [trivselreport](https://example.org).

Indslaget er en kladde (kladde: ja), så det kommer ikke med i noget notat."""

DRAFT_KEY = "kladde"  # an entry marked `kladde: ja` reaches no memo
INTRODUCTION_TEXT = """\
Notatet giver en status på arbejdet med børn og unges trivsel i perioden: hvad der er sket, \
hvem der har været med, og hvad der er på vej.
"""


@dataclass(frozen=True)
class ProjectDetails:
    """What `init` asks for: who the memo is from, and its title."""

    organisation: str = "Min organisation"
    department: str = "Min forvaltning"  # forvaltning
    unit: str = ""  # afdeling, optional
    title: str = "Status {måned} {år}"


def config_text(details: ProjectDetails) -> str:
    """The new project's trivselreport.yaml with `details` filled in."""
    unit = (
        f"afdeling: {_quoted(details.unit)}\n"
        if details.unit.strip()
        else ('# afdeling: "Afdelingen"\n')
    )
    return Template((SCAFFOLD / CONFIG_FILE).read_text(encoding="utf-8")).substitute(
        organisation=_quoted(details.organisation),
        forvaltning=_quoted(details.department),
        afdeling=unit,
        titel=_quoted(details.title),
    )


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def enclosing_project(target: Path) -> Path | None:
    """The project folder above `target`, if `target` lies inside one."""
    for folder in Path(os.path.abspath(target)).parents:
        if os.path.lexists(folder / CONFIG_FILE):
            return folder
    return None


def refuse_inside_other(target: Path) -> None:
    """Refuse a new project inside another one (a trivselreport.yaml in a folder above):
    its entries would be hard to tell apart, and `check` or `build` run in a subfolder
    would find the wrong project."""
    outer = enclosing_project(target)
    if outer is not None and not os.path.lexists(target / CONFIG_FILE):
        raise UserError(
            Problem(
                target,
                f"Mappen ligger inde i et andet trivselreport-projekt ({outer}).",
                hint="Intet er ændret. Vælg en mappe uden for det projekt, eller brug "
                "--i-andet-projekt, hvis det nye projekt skal ligge derinde.",
            )
        )


def init_project(
    target: Path,
    today: date,
    details: ProjectDetails | None = None,
    *,
    inside_other: bool = False,
) -> list[Path]:
    """Create a project in `target`; refuse if one is there already, or (unless
    `inside_other`) if `target` lies inside another project. Returns what was made."""
    details = details or ProjectDetails()
    config_path = target / CONFIG_FILE
    if not inside_other:
        refuse_inside_other(target)
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
    introduction = target / INTRODUCTIONS_DIR / f"{today.year:04d}-{today.month:02d}.md"
    files = {config_path: config_text(details), introduction: INTRODUCTION_TEXT}
    if DRAFT_KEY in ENTRY_FIELDS:
        # Without drafts, an example would go straight into the next memo: none then.
        draft = EntryDraft(
            type="arrangement",
            title="Eksempel på et indslag",
            start=today,
            responsible="Skriv enhed eller rolle",
            text=EXAMPLE_TEXT,
        )
        files[entry_path(target, draft)] = entry_yaml(draft) + f"{DRAFT_KEY}: ja\n"
    for path in files:
        if os.path.lexists(path):
            raise UserError(
                Problem(
                    path,
                    "Filen findes allerede.",
                    hint="Intet er ændret. Flyt eller slet filen, eller vælg en anden mappe.",
                )
            )
    gitignore = target / ".gitignore"
    created: list[Path] = []
    try:
        entries = target / ENTRIES_DIR
        if not entries.is_dir():
            entries.mkdir(parents=True)
            created.append(entries)
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
