"""One headless Chromium for the browser tests: Debian's own, never a downloaded one.

`scripts/install-system-packages --test` installs it; without it the browser tests
fail (they never skip). `axe_violations` runs axe-core (from axe-playwright-python,
offline) on a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Rules outside the WCAG tags that say what the issues measured: a main landmark, all
# content in landmarks, one h1, headings in order, landmarks that can be told apart.
STRUCTURE_RULES = [
    "landmark-one-main",
    "region",
    "page-has-heading-one",
    "heading-order",
    "landmark-no-duplicate-main",
    "landmark-unique",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}); the browser tests need it. Install it with "
            "`scripts/install-system-packages --test` (Debian package chromium)."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


def axe_violations(page: Page, run_only: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    results = Axe().run(page, options={"runOnly": run_only, "resultTypes": ["violations"]})
    return list(results.response["violations"]), str(results.generate_report())
