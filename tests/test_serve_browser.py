"""`trivselreport serve` in a real headless Chromium (Debian's, never a downloaded one):
the preview shows the example memo in its own fonts, saving a file updates the open
preview by itself at the reader's scroll position, a problem appears above the last
good preview, and axe-core finds no WCAG 2.1 A/AA violation on the start page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, Route
from playwright.sync_api import Error as PlaywrightError

from .browsers import STRUCTURE_RULES, WCAG_TAGS, axe_violations, chromium
from .conftest import REPO_ROOT
from .serving import Live, live_server, wait_for

pytestmark = pytest.mark.browser

TITLE = "Status Sundhed og Trivsel april 2024"
ENTRY = "entries/2024/2024-04-09-browserkursus.yaml"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module (`browsers.chromium`)."""
    with chromium() as launched:
        yield launched


def copy_project(target: Path) -> Path:
    target.mkdir()
    shutil.copy2(REPO_ROOT / "trivselreport.yaml", target)
    for folder in ("entries", "indledninger", "templates"):
        if (REPO_ROOT / folder).is_dir():
            shutil.copytree(REPO_ROOT / folder, target / folder)
    return target


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Live, Path]]:
    project = copy_project(tmp_path / "eksempel")
    with live_server(project) as server:
        yield server, project


def open_page(browser: Browser, url: str) -> Page:
    """A page that may reach the server and nothing else."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    def only_the_server(route: Route) -> None:
        if route.request.url.startswith(url):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_the_server)
    page.goto(url + "/")
    return page


def memo_frame(page: Page) -> Frame:
    """The frame showing the memo now (the page swaps in a new one after each save)."""
    found: list[Frame] = []

    def shown() -> bool:
        handle = page.query_selector("#notat-ramme:not(.ramme-skjult)")
        frame = handle.content_frame() if handle is not None else None
        if frame is None or frame.is_detached():
            return False
        found.append(frame)
        return True

    wait_for(shown, 10, "the memo's frame")
    found[-1].wait_for_load_state()
    return found[-1]


def entry(title: str) -> str:
    return (
        f'titel: "{title}"\ntype: kursus\ndato: 2024-04-09\n'
        'tekst: "Et kursus for lærerne om trivsel i klassen."\n'
    )


def test_the_preview_shows_the_example_memo_in_its_own_fonts(
    browser: Browser, live: tuple[Live, Path]
) -> None:
    server, _project = live
    page = open_page(browser, server.url)
    try:
        frame = memo_frame(page)
        assert frame.inner_text("h1") == TITLE
        assert frame.evaluate(
            "document.fonts.ready.then(() => document.fonts.check('16px \"Memo Sans\"'))"
        )
        family = frame.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Memo Sans" in family
        assert page.locator("a[href^='/indslag/ret?fil=entries/']").count() >= 5
        assert page.get_by_role("link", name="Nyt indslag").count() >= 1
    finally:
        page.close()


def test_saving_an_entry_updates_the_open_preview_by_itself_where_the_reader_is(
    browser: Browser, live: tuple[Live, Path]
) -> None:
    server, project = live
    page = open_page(browser, server.url)
    try:
        frame = memo_frame(page)
        page.wait_for_selector("#forhaandsvisning[data-forbundet=ja]", state="attached")
        frame.evaluate("window.scrollTo(0, 900)")
        wait_for(lambda: frame.evaluate("window.scrollY") >= 850, 5, "the scroll")
        (project / ENTRY).write_text(entry("Kursus set i browseren"), encoding="utf-8")

        def shows_the_new_entry() -> bool:
            try:
                return "Kursus set i browseren" in memo_frame(page).inner_text("body")
            except PlaywrightError:  # the frame was swapped while it was read
                return False

        wait_for(shows_the_new_entry, 5, "the updated preview")  # bench/serve.py times it
        frame = memo_frame(page)
        assert abs(frame.evaluate("window.scrollY") - 900) < 60
        assert page.get_by_role("link", name="Ret indslaget »Kursus set i browseren«").count() == 1
    finally:
        page.close()


def test_a_problem_appears_above_the_last_good_preview_by_itself(
    browser: Browser, live: tuple[Live, Path]
) -> None:
    server, project = live
    page = open_page(browser, server.url)
    try:
        memo_frame(page)
        page.wait_for_selector("#forhaandsvisning[data-forbundet=ja]", state="attached")
        (project / ENTRY).write_text('titel: "Uafsluttet\ntype: kursus\n', encoding="utf-8")
        banner = page.get_by_role("alert")
        banner.wait_for(timeout=5000)
        text = banner.inner_text()
        assert "Notatet kunne ikke opdateres – her er den seneste gode udgave" in text
        assert f"Fejl i {ENTRY}, linje" in text
        assert memo_frame(page).inner_text("h1") == TITLE
    finally:
        page.close()


def test_a_build_from_the_page_offers_its_files_by_itself(
    browser: Browser, live: tuple[Live, Path]
) -> None:
    server, project = live
    page = open_page(browser, server.url)
    try:
        memo_frame(page)
        page.wait_for_selector("#forhaandsvisning[data-forbundet=ja]", state="attached")
        page.get_by_label("PDF").uncheck()
        page.get_by_label("Word (DOCX)").uncheck()
        page.get_by_role("button", name="Byg notatet").click()
        link = page.get_by_role("link", name="Hent status-sundhed-og-trivsel-april-2024.html")
        link.wait_for(timeout=30000)
        assert (
            project / "output" / "2024-04" / "status-sundhed-og-trivsel-april-2024.html"
        ).is_file()
        assert not list((project / "output" / "2024-04").glob("*.pdf"))
    finally:
        page.close()


@pytest.mark.parametrize(
    "kind", ["forside", "intern", "med-fejl"], ids=["forside", "intern", "med-fejl"]
)
def test_axe_finds_no_wcag_2_1_a_or_aa_violation_on_the_start_page(
    browser: Browser, live: tuple[Live, Path], kind: str
) -> None:
    server, project = live
    page = open_page(browser, server.url)
    try:
        memo_frame(page)
        if kind == "intern":
            page.get_by_label("Intern udgave").check()
            page.get_by_role("button", name="Vis notatet").click()
            page.wait_for_url("**intern=ja**")
            memo_frame(page)
        if kind == "med-fejl":  # the banner, its problems and the last good preview
            page.wait_for_selector("#forhaandsvisning[data-forbundet=ja]", state="attached")
            (project / ENTRY).write_text("titel: Kursus\ntype: kursis\n", encoding="utf-8")
            page.get_by_role("alert").wait_for(timeout=5000)
        violations, report = axe_violations(page, {"type": "tag", "values": WCAG_TAGS})
        assert violations == [], report
        violations, report = axe_violations(page, {"type": "rule", "values": STRUCTURE_RULES})
        assert violations == [], report
    finally:
        page.close()


def test_the_page_works_without_javascript(browser: Browser, live: tuple[Live, Path]) -> None:
    server, _project = live
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        page.select_option("#notat", "2023-12")
        page.get_by_role("button", name="Vis notatet").click()
        page.wait_for_url("**notat=2023-12**")
        assert "december 2023" in memo_frame(page).inner_text("h1")
    finally:
        context.close()
