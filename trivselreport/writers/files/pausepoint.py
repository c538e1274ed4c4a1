"""Places where the fault tests stop a build to kill it: deterministic, not by timing.

The promise "a build killed at any moment leaves every earlier output file as it was"
is tested by killing builds at named steps of the writing (tests/test_faults.py). With
``TRIVSELREPORT_TEST_PAUSE_AT=<step>:<marker file>`` in its environment, a build that
reaches `step` writes the step's name into the marker file and waits there, so the test
knows it is exactly there when it kills it. Without the variable (always, outside the
tests) :func:`pause_point` only reads the environment and returns. It never waits for
long: after PAUSE_SECONDS the build goes on as if it had not stopped. The steps:

- ``laid-out``: the PDF is laid out, not yet written (nothing on disk yet);
- ``before-writing``: every file of the memo is made, none is written;
- ``staging-made``: the hidden staging folder exists, still empty;
- ``mid-staging``: the first new file is in the staging folder, the others not yet;
- ``staged``: all new files and the folder's other files are staged, nothing swapped;
- ``between-renames``: replacing one by one, the first file is in place, the others not;
- ``swapped``: the new folder is in place, the old one not yet removed.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

VARIABLE = "TRIVSELREPORT_TEST_PAUSE_AT"
PAUSE_SECONDS = 30.0
STEPS = (
    "laid-out",
    "before-writing",
    "staging-made",
    "mid-staging",
    "staged",
    "between-renames",
    "swapped",
)


def pause_point(step: str) -> None:
    """Stop here for a while if the fault tests asked for `step`; otherwise nothing."""
    wanted = os.environ.get(VARIABLE)
    if not wanted:
        return
    name, _, marker = wanted.partition(":")
    if name != step or not marker:
        return
    try:
        Path(marker).write_text(step, encoding="utf-8")
    except OSError:
        return
    time.sleep(PAUSE_SECONDS)
