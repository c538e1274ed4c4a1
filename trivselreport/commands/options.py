"""What every command checks of its options before it starts: the project folder, the
output format asked for, and the warnings a build gives before it begins."""

from __future__ import annotations

from pathlib import Path

from trivselreport.errors import Problem, UserError
from trivselreport.reading.files.projectdir import find_project


def project_folder(given: Path | None) -> Path:
    """The project of `--project`, or the one around the current folder."""
    if given is not None and not given.exists():
        raise UserError(
            Problem(
                None,
                f"Mappen »{given}« findes ikke.",
                field="--project",
                hint="Angiv projektmappen, den med trivselreport.yaml.",
            )
        )
    return find_project(given if given is not None else Path.cwd())


def check_format(value: str, allowed: tuple[str, ...]) -> None:
    """Refuse a `--format` that is not one of `allowed`."""
    if value not in allowed:
        raise UserError(
            Problem(
                None,
                f"Ukendt format »{value}«.",
                field="--format",
                hint="Mulige formater: " + ", ".join(allowed) + ".",
            )
        )


def build_warnings(formats: tuple[str, ...]) -> list[Problem]:
    """What a build of `formats` warns about before it starts (SOURCE_DATE_EPOCH is
    used by the DOCX writer only)."""
    from trivselreport.writers.reproducible import source_date_epoch_problem

    problem = source_date_epoch_problem() if "docx" in formats else None
    return [problem] if problem is not None else []
