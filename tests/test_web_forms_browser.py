"""The forms in a real headless Chromium (Debian's), against a real uvicorn server.

A consultant fills in the new-entry form and saves it; a CPR number typed into the text
is refused beside the field with the masked message; a file changed on disk while its
form was open is refused without losing the text; axe-core finds no WCAG 2.1 A/AA
violation on the forms, also while they show errors. Without Chromium these tests fail.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Route

from trivselreport.web import forms
from trivselreport.web.app import ServerContext, create_app
from trivselreport.web.security import ServerSecrets

from .browsers import STRUCTURE_RULES, WCAG_TAGS, axe_violations, chromium
from .conftest import write_entry
from .formclient import CPR, MASKED_CPR, check, entry_files

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module (`browsers.chromium`)."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def server(small_project: Path) -> Iterator[str]:
    """The forms of `small_project` served by uvicorn on a free port; its address."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    context = ServerContext(small_project, ServerSecrets.for_address("127.0.0.1", port))
    config = uvicorn.Config(
        create_app(context, forms.routes(context)), log_level="warning", lifespan="off"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)
        listening.close()


@pytest.fixture
def tab(browser: Browser, server: str) -> Iterator[Page]:
    page = browser.new_page()

    def only_the_server(route: Route) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_the_server)
    try:
        yield page
    finally:
        page.close()


def assert_accessible(page: Page) -> None:
    violations, report = axe_violations(page, {"type": "tag", "values": WCAG_TAGS})
    assert violations == [], report
    violations, report = axe_violations(page, {"type": "rule", "values": STRUCTURE_RULES})
    assert violations == [], report


def fill_entry(page: Page, text: str) -> None:
    page.get_by_label("Titel").fill("Workshop om pauser")
    page.get_by_label("Type").select_option("kursus")
    page.locator("#felt-dato").fill("2024-04-15")
    page.get_by_label("Tempo og pauser").check()
    page.get_by_label("Antal deltagere").fill("18")
    page.locator("#felt-tekst").fill(text)


def test_an_entry_filled_in_and_saved_is_written_and_check_accepts_it(
    tab: Page, server: str, small_project: Path
) -> None:
    tab.goto(f"{server}/indslag/nyt")
    fill_entry(tab, "Vi arbejdede med **pauser** i timerne.\n\n- korte pauser\n- lange pauser")
    # The live preview shows the text as the memo will.
    tab.locator("#forhaandsvisning strong", has_text="pauser").wait_for(timeout=5000)
    assert tab.locator("#forhaandsvisning li").count() == 2
    tab.get_by_role("button", name="Gem indslaget").click()
    tab.wait_for_url(lambda url: "/indslag/gemt?fil=" in url)
    assert "entries/2024/2024-04-15-workshop-om-pauser.yaml" in tab.inner_text("main")
    [written] = entry_files(small_project)
    text = written.read_text(encoding="utf-8")
    assert 'temaer:\n  - "Tempo og pauser"\n' in text and "deltagere: 18\n" in text
    code, output = check(small_project)
    assert code == 0, output


def test_a_cpr_number_typed_is_refused_beside_the_field_and_nothing_is_written(
    tab: Page, server: str, small_project: Path
) -> None:
    tab.goto(f"{server}/indslag/nyt")
    fill_entry(tab, f"Barnet med nummer {CPR} var med.")
    tab.get_by_role("button", name="Gem indslaget").click()
    error = tab.locator("#fejl-tekst")
    error.wait_for()
    assert f"Teksten indeholder noget, der ligner et CPR-nummer ({MASKED_CPR})." in (
        error.inner_text()
    )
    assert tab.locator("#felt-tekst").get_attribute("aria-invalid") == "true"
    assert "fejl-tekst" in (tab.locator("#felt-tekst").get_attribute("aria-describedby") or "")
    assert tab.evaluate("document.activeElement.id") == "fejlopsummering"
    assert tab.get_by_role("alert").count() == 1
    assert tab.locator("#felt-tekst").input_value() == f"Barnet med nummer {CPR} var med."
    assert tab.locator("#felt-titel").input_value() == "Workshop om pauser"
    assert entry_files(small_project) == []
    # The summary's link takes the keyboard to the field.
    tab.get_by_role("link", name="CPR-nummer").press("Enter")
    assert tab.evaluate("document.activeElement.id") == "felt-tekst"


def test_an_entry_changed_on_disk_is_refused_without_losing_the_text(
    tab: Page, server: str, small_project: Path
) -> None:
    path = write_entry(
        small_project, "2024/moede.yaml", "titel: Møde\ntype: møde\ndato: 2024-04-15\ntekst: Før.\n"
    )
    tab.goto(f"{server}/indslag/ret?fil=entries/2024/moede.yaml")
    tab.locator("#felt-tekst").fill("Min lange rettelse.")
    path.write_text(path.read_text(encoding="utf-8").replace("Før.", "Kollega."), "utf-8")
    tab.get_by_role("button", name="Gem rettelserne").click()
    tab.get_by_role("alert").wait_for()
    assert "ændret, siden du åbnede formularen" in tab.get_by_role("alert").inner_text()
    assert tab.locator("#felt-tekst").input_value() == "Min lange rettelse."
    assert "tekst: Kollega." in path.read_text(encoding="utf-8")


def test_axe_finds_no_violation_on_the_new_entry_form(tab: Page, server: str) -> None:
    tab.goto(f"{server}/indslag/nyt")
    assert_accessible(tab)


def test_axe_finds_no_violation_on_the_form_showing_errors(tab: Page, server: str) -> None:
    tab.goto(f"{server}/indslag/nyt")
    tab.locator("#felt-dato").fill("")
    tab.locator("#felt-tekst").fill(f"CPR {CPR}")
    tab.get_by_label("Antal deltagere").fill("mange")
    tab.get_by_role("button", name="Gem indslaget").click()
    tab.locator("#fejlopsummering").wait_for()
    assert tab.locator(".feltfejl").count() >= 4  # titel, type, dato, deltagere, tekst
    assert_accessible(tab)


def test_axe_finds_no_violation_on_the_edit_and_introduction_forms(
    tab: Page, server: str, small_project: Path
) -> None:
    write_entry(
        small_project, "2024/moede.yaml", "titel: Møde\ntype: møde\ndato: 2024-04-15\ntekst: x\n"
    )
    tab.goto(f"{server}/indslag/ret?fil=entries/2024/moede.yaml")
    assert_accessible(tab)
    tab.goto(f"{server}/indledning/ret")
    tab.locator("#felt-tekst").fill(f"Sagen {CPR}")
    tab.get_by_role("button", name="Gem indledningen").click()
    tab.locator("#fejlopsummering").wait_for()
    assert MASKED_CPR in tab.locator("#fejl-tekst").inner_text()
    assert_accessible(tab)


def test_the_form_works_without_javascript(
    browser: Browser, server: str, small_project: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server}/indslag/nyt")
        fill_entry(page, "Uden *JavaScript*.")
        page.get_by_role("button", name="Vis forhåndsvisning").click()
        page.locator("#forhaandsvisning em", has_text="JavaScript").wait_for()
        assert entry_files(small_project) == []
        page.get_by_role("button", name="Gem indslaget").click()
        page.wait_for_url(lambda url: "/indslag/gemt?fil=" in url)
        assert len(entry_files(small_project)) == 1
    finally:
        context.close()
