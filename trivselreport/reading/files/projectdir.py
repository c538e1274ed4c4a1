"""Where the project is: the folder holding trivselreport.yaml.

Kept apart from the config reader so that a command can find its project without
importing what reading the config needs (a warm `check` replays its kept report
with little more than this).
"""

from __future__ import annotations

from pathlib import Path

from trivselreport.errors import Problem, UserError, os_reason

CONFIG_FILE = "trivselreport.yaml"
# Hidden folders of version control and editors: never read by the tool.
TOOL_FOLDERS = (".git", ".hg", ".svn", ".bzr", ".idea", ".vscode")


def find_project(start: Path) -> Path:
    """The nearest folder at or above `start` that holds trivselreport.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        try:
            if (folder / CONFIG_FILE).is_file() or (folder / CONFIG_FILE).is_symlink():
                return folder
        except OSError as error:
            raise UserError(
                Problem(
                    folder,
                    f"Mappen kan ikke læses: {os_reason(error)}.",
                    hint="Tjek rettighederne, eller angiv projektmappen med --project MAPPE.",
                )
            ) from error
    raise UserError(
        Problem(
            None,
            f"Der er ingen {CONFIG_FILE} i {start} eller mapperne over den.",
            hint="Gå til projektmappen, angiv den med --project MAPPE, "
            "eller opret et nyt projekt med »trivselreport init«.",
        )
    )
