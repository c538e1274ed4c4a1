"""A command whose report is kept: shown again as it was printed while nothing it read
has changed, else run with what it prints noted and kept (commands/keptreport.py).

No `from __future__ import annotations` (see cli/app.py).
"""

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import typer

from trivselreport.errors import UserError

# The exit codes a run ended with: without --strict, and with it.
Codes = tuple[int, int]


def run_kept(
    command: str,
    project: Path | None,
    options: Mapping[str, object],
    run: Callable[[], Codes],
    *,
    strict: bool = False,
    dated: bool = False,
) -> None:
    """Show `command`'s kept report for `options` (every option that can change what it
    prints), or `run` it (it prints, and ends the command itself when the project
    cannot be read) and keep what it printed. `dated`: the report depends on today."""
    from trivselreport.cli.captured import captured_output, replay, stream_setting
    from trivselreport.commands.keptreport import KeptReportRecorder, kept_report
    from trivselreport.commands.options import project_folder

    try:
        project_dir = project_folder(project)
    except UserError:
        _end(run(), strict)  # it says what is wrong with --project
        return
    setting = {name: repr(value) for name, value in options.items()}
    setting.update(stream_setting())
    if dated:
        setting["today"] = date.today().isoformat()
    kept = kept_report(command, project_dir, setting)
    if kept is not None:
        replay(kept.writes)
        _end((kept.code, kept.strict_code), strict)
        return
    with KeptReportRecorder(command, project_dir, setting) as recorder, captured_output() as writes:
        try:
            codes = run()
        except typer.Exit as ending:
            if ending.exit_code == 1:  # the project could not be read: always code 1
                recorder.keep(writes, 1, 1)
            raise
        recorder.keep(writes, *codes)
    _end(codes, strict)


def _end(codes: Codes, strict: bool) -> None:
    code = codes[1] if strict else codes[0]
    if code:
        raise typer.Exit(code=code)
