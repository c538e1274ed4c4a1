"""The example memo is byte-identical from one version of the code to the next.

A restructuring of the package (moving modules, splitting them) must not change a
single byte of what the tool writes. This test builds the repository's example
project for April 2024 through the command line, as a user would, with
SOURCE_DATE_EPOCH fixed, and compares the SHA-256 of the PDF, DOCX and HTML with
the values stored in tests/example-memo.sha256.

When a change is *meant* to alter the memo (a new template, a different wording),
regenerate the stored values and commit them with that change:

    TRIVSELREPORT_REGENERATE=1 .venv/bin/python -m pytest tests/test_example_memo_hash.py

Say in the commit why the memo changed: without the variable, a changed byte fails.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

STORED = Path(__file__).with_name("example-memo.sha256")
FORMATS = ("pdf", "docx", "html")
EPOCH = "1714000000"  # 2024-04-24 23:06:40 UTC

pytestmark = pytest.mark.pdf


def _build(project: Path) -> dict[str, str]:
    """Build the example's April memo with the console entry point; SHA-256 per format."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    subprocess.run(
        [sys.executable, "-m", "trivselreport", "build", "--period", "2024-04"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    folder = project / "output" / "2024-04"
    by_format = {path.suffix[1:]: path for path in folder.iterdir() if path.suffix[1:] in FORMATS}
    assert sorted(by_format) == sorted(FORMATS), sorted(folder.iterdir())
    return {name: hashlib.sha256(by_format[name].read_bytes()).hexdigest() for name in FORMATS}


def _stored() -> dict[str, str]:
    pairs = (line.split() for line in STORED.read_text(encoding="utf-8").splitlines() if line)
    return {name: digest for digest, name in pairs}


def test_the_example_memo_is_reproducible(example_copy: Path, tmp_path: Path) -> None:
    """Two builds of the same input give the same bytes, so a stored hash means something."""
    second = tmp_path / "again"
    shutil.copytree(example_copy, second)
    assert _build(example_copy) == _build(second)


def test_the_example_memo_matches_the_stored_hashes(example_copy: Path) -> None:
    hashes = _build(example_copy)
    if os.environ.get("TRIVSELREPORT_REGENERATE") == "1":
        lines = [f"{hashes[name]}  {name}" for name in FORMATS]
        STORED.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert hashes == _stored(), (
        "The example memo changed. If the code was meant to change it, or constraints.txt or "
        "the system's Pango/HarfBuzz were updated on purpose, regenerate the stored hashes "
        "(see this module's docstring) and say why in the commit."
    )
