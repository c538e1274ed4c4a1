"""`trivselreport serve` over HTTP: the start page, the memo's frame, problems with the
last good preview, builds and their files, and every refusal of the security model
(a foreign Host, a missing CSRF token, a foreign Origin, path traversal, a team bind
without its access token)."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from trivselreport.cli.app import app as cli_app
from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.web.security import TOKEN_COOKIE, ServerSecrets

from .conftest import write_entry
from .serving import HOST, ORIGIN, PORT, app_client

TITLE = "Status Sundhed og Trivsel april 2024"


@pytest.fixture
def client(example_copy: Path) -> TestClient:
    client, _preview = app_client(example_copy)
    return client


def text_of(html: str) -> str:
    """What a reader sees of a page: tags removed, entities of the quotes resolved."""
    text = re.sub(r"<[^>]+>", " ", html).replace("&#34;", '"').replace("&#39;", "'")
    return re.sub(r"\s+", " ", text.replace("&amp;", "&").replace("&gt;", ">"))


def frame_src(html: str) -> str:
    match = re.search(r'<iframe id="notat-ramme"[^>]* src="([^"]+)"', html)
    assert match, "the page has no memo frame"
    return match[1].replace("&amp;", "&")


# --- the start page and the memo's frame -------------------------------------------------


def test_the_start_page_shows_the_most_recent_configured_memo(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert TITLE in page.text
    assert '<option value="2024-04" selected>' in page.text
    memo = client.get(frame_src(page.text))
    assert memo.status_code == 200
    assert f"<h1>{TITLE}</h1>" in memo.text


def test_the_memo_frame_may_run_no_script(client: TestClient) -> None:
    page = client.get("/")
    assert 'sandbox="allow-same-origin"' in page.text  # no allow-scripts
    memo = client.get(frame_src(page.text))
    policy = memo.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert memo.headers["x-content-type-options"] == "nosniff"


def test_the_apps_pages_may_run_only_the_apps_own_script_file(client: TestClient) -> None:
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'self'" in policy
    assert "<script>" not in page.text and '<script src="/static/preview.js"' in page.text
    assert page.headers["x-content-type-options"] == "nosniff"


def test_the_frame_has_the_memos_fonts_for_the_browser(client: TestClient) -> None:
    memo = client.get(frame_src(client.get("/").text)).text
    fonts = re.findall(r'url\("(/forhaandsvisning/skrift/\d+)"\)', memo)
    assert len(fonts) == 8
    assert 'font-family: "Memo Sans"' in memo and 'font-family: "Memo Symbols"' in memo
    answer = client.get(fonts[0])
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "font/ttf"
    assert answer.content[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO")


def test_every_entry_of_the_memo_has_a_ret_link_with_its_file(client: TestClient) -> None:
    page = client.get("/").text
    memo = client.get(frame_src(page)).text
    sources = re.findall(r'data-kilde="([^"]+)"', memo)
    links = re.findall(r'href="/indslag/ret\?fil=([^"]+)"', page)
    assert sources and sorted(links) == sorted(sources)
    assert 'href="/indslag/nyt"' in page


def test_entry_text_is_never_part_of_the_apps_page(example_copy: Path) -> None:
    write_entry(
        example_copy,
        "2024/2024-04-10-skript.yaml",
        """\
        titel: "<script>alert(1)</script> Forældremøde"
        type: arrangement
        dato: 2024-04-10
        tekst: "Mødet <img src=x onerror=alert(2)> gik godt."
        """,
    )
    client, _preview = app_client(example_copy)
    page = client.get("/").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "onerror" not in page
    memo = client.get(frame_src(page)).text
    assert "<script>alert" not in memo and "<img src=x" not in memo


@pytest.mark.parametrize(
    ("query", "selected", "heading"),
    [
        ("notat=2023-12", "2023-12", "december 2023"),
        ("notat=periode&fra=01-03-2024&til=15.04.2024", "periode", "perioden fra 2024-03-01"),
        ("notat=periode&til=2024-04-30", "periode", "til 2024-04-30"),
        ("notat=2024-3", "2024-03", "marts 2024"),
    ],
)
def test_the_chooser_picks_another_memo_or_a_span(
    client: TestClient, query: str, selected: str, heading: str
) -> None:
    page = client.get(f"/?{query}").text
    assert f'<option value="{selected}" selected>' in page
    assert heading in page
    assert client.get(frame_src(page)).status_code == 200


class EarlyDay(date):
    @classmethod
    def today(cls) -> EarlyDay:
        return cls(2020, 1, 15)


def test_the_current_month_is_offered_and_shown_with_its_problems(example_copy: Path) -> None:
    client, _preview = app_client(example_copy, today=EarlyDay)
    page = client.get("/?notat=maaned").text
    assert '<option value="maaned" selected>Denne måned (2020-01)</option>' in page
    # the example has no entries as early as that: the page says so as build would
    assert "Der er ingen indslag til 2020-01-31" in text_of(page)
    assert "Notatet kan ikke vises" in page


def test_the_internal_edition_is_clearly_marked(client: TestClient) -> None:
    page = client.get("/?notat=2024-04&intern=ja").text
    assert "Intern udgave:" in page and "må ikke offentliggøres" in page
    assert 'id="intern" name="intern" value="ja" checked' in page
    memo = client.get(frame_src(page)).text
    assert "intern-maerke" in memo


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("notat=2024-13", "er ikke en måned"),
        ("notat=periode&fra=2024-05-01&til=2024-04-01", "ligger efter til-datoen"),
        ("notat=periode&fra=2024-05-01", "Skriv den sidste dato"),
        ("notat=periode&til=31-02-2024", "felt »til«"),
    ],
)
def test_a_choice_that_cannot_be_read_is_a_problem_beside_the_default_memo(
    client: TestClient, query: str, said: str
) -> None:
    page = client.get(f"/?{query}")
    assert page.status_code == 200
    assert said in text_of(page.text)
    assert TITLE in page.text


# --- problems: check's words, the last good preview -------------------------------------


def check_lines(project: Path) -> list[str]:
    result = CliRunner().invoke(cli_app, ["check", "--project", str(project)])
    return [line for line in result.output.splitlines() if line.startswith(("Fejl", "Advarsel"))]


BROKEN = {
    "yaml": 'titel: "Foraar\ntype: kursus\n',
    "felt": "titel: Kursus\ntype: kursus\ndato: 2024-04-31\ntekst: Godt.\n",
    "cpr": "titel: Kursus\ntype: kursus\ndato: 2024-04-03\ntekst: Barnet 150312-1234 kom.\n",
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_entry_shows_checks_words_and_keeps_the_last_good_preview(
    example_copy: Path, kind: str
) -> None:
    client, preview = app_client(example_copy)
    good = client.get("/").text
    assert TITLE in good
    old_src = frame_src(good)
    path = example_copy / "entries" / "2024" / "2024-04-02-kursus.yaml"
    path.write_text(BROKEN[kind], encoding="utf-8")
    preview.state.changed()
    page = client.get("/").text
    shown = text_of(page)
    assert "Notatet kunne ikke opdateres – her er den seneste gode udgave" in page
    lines = check_lines(example_copy)
    assert lines
    for line in lines:
        assert line in shown
    assert "entries/2024/2024-04-02-kursus.yaml, linje" in shown
    assert "150312-1234" not in page  # masked as check masks it
    assert frame_src(page) == old_src  # the last good one, as it was
    assert f"<h1>{TITLE}</h1>" in client.get(old_src).text
    path.unlink()
    preview.state.changed()
    page = client.get("/").text
    assert "seneste gode udgave" not in page and frame_src(page) != old_src


def test_a_project_that_never_worked_shows_its_problems_and_no_blank_page(
    example_copy: Path,
) -> None:
    (example_copy / "trivselreport.yaml").write_text("organisation: [\n", encoding="utf-8")
    client, _preview = app_client(example_copy)
    page = client.get("/")
    assert page.status_code == 200
    assert "Notatet kan ikke vises" in page.text
    assert "trivselreport.yaml, linje" in text_of(page.text)
    assert 'id="notat-ramme"' not in page.text


def test_a_bug_becomes_a_short_danish_message(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    client, preview = app_client(example_copy)
    assert TITLE in client.get("/").text

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError

    monkeypatch.setattr("trivselreport.web.previews.prepare_memo", broken)
    preview.state.changed()
    page = client.get("/")
    assert page.status_code == 200
    assert "fejl i programmet (ikke i dine filer)" in page.text
    assert "Traceback" not in page.text and "ZeroDivisionError" not in page.text
    assert "seneste gode udgave" in page.text
    assert "ZeroDivisionError" in caplog.text


def test_a_bug_outside_the_preview_is_a_danish_page_too(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _client, preview = app_client(example_copy)
    from trivselreport.web.server import preview_app

    app, _preview = preview_app(example_copy, preview.context.secrets, watch=False, warm=False)

    def broken(*_args: object) -> list[str]:
        raise RuntimeError("en fejl i programmet")

    monkeypatch.setattr("trivselreport.web.preview.configured_months", broken)
    client = TestClient(app, base_url=ORIGIN, raise_server_exceptions=False)
    answer = client.get("/")
    assert answer.status_code == 500
    assert "Der skete en fejl i programmet (ikke i dine filer)" in answer.text
    assert "Traceback" not in answer.text and "RuntimeError" not in answer.text


def test_sync_conflict_copies_are_warnings_on_the_page(example_copy: Path) -> None:
    folder = example_copy / "entries" / "2024"
    original = next(folder.glob("*.yaml"))
    (folder / f"{original.stem} (1).yaml").write_bytes(original.read_bytes())
    (folder / f"{original.stem}-PC-NAVN.yaml").write_bytes(original.read_bytes())
    client, _preview = app_client(example_copy)
    shown = text_of(client.get("/").text)
    assert shown.count("ligner en konfliktkopi") == 2
    assert f"Advarsel i entries/2024/{original.stem} (1).yaml" in shown
    assert f"»{original.name}«" in shown


# --- the security model -------------------------------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "localhost.evil:8000"],
)
@pytest.mark.parametrize(
    "path", ["/", "/forhaandsvisning/notat", "/begivenheder", "/static/app.css"]
)
def test_a_foreign_host_header_is_refused(client: TestClient, host: str, path: str) -> None:
    answer = client.get(path, headers={"host": host})
    assert answer.status_code == 400
    assert "kun på sin egen adresse" in answer.text


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000"])
def test_the_loopback_names_of_the_address_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/static/app.css", headers={"host": host}).status_code == 200


def test_building_without_the_csrf_token_is_refused(client: TestClient) -> None:
    for data in ({"format": "html"}, {"format": "html", "csrf": "forkert"}):
        answer = client.post("/byg", data=data, headers={"origin": ORIGIN})
        assert answer.status_code == 403
        assert "for gammel" in answer.text


@pytest.mark.parametrize("origin", [None, "http://evil.example", "http://127.0.0.1:8001", "null"])
def test_building_from_a_foreign_origin_is_refused(example_copy: Path, origin: str | None) -> None:
    client, preview = app_client(example_copy)
    headers = {"origin": origin} if origin else {}
    data = {"format": "html", "csrf": preview.context.secrets.csrf_token}
    answer = client.post("/byg", data=data, headers=headers)
    assert answer.status_code == 403
    assert preview.builder.status.number == 0


TRAVERSALS = [
    "/filer/2024-04/..%2f..%2ftrivselreport.yaml",
    "/filer/..%2f..%2f/trivselreport.yaml",
    "/filer/2024-04/%2e%2e%2f%2e%2e%2ftrivselreport.yaml",
    "/filer/2024-04/..\\..\\trivselreport.yaml",
    "/filer/../trivselreport.yaml",
    "/filer/2024-04/",
    "/static/../../trivselreport.yaml",
    "/static/%2e%2e/%2e%2e/trivselreport.yaml",
    "/static/..%2fpages.py",
    "/static/%2e%2e%2fapp.py",
    "/static/",
    "/static",
    "/forhaandsvisning/skrift/8",
    "/forhaandsvisning/skrift/-1",
    "/forhaandsvisning/skrift/..%2f..%2fapp.py",
    "/forhaandsvisning/billede/..%2f..%2ftrivselreport.yaml",
    "/forhaandsvisning/billede/0",
    "/forhaandsvisning/notat/../../trivselreport.yaml",
    "/entries/2024/2024-01-01-mod-paa-trivsel.yaml",
    "/trivselreport.yaml",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_file_outside_what_the_preview_needs_is_served(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code in (400, 404, 405)
    assert "organisation:" not in answer.text and "import" not in answer.text


def test_a_file_build_wrote_outside_this_server_is_not_handed_out(
    example_copy: Path, client: TestClient
) -> None:
    result = build_memo(example_copy, PeriodChoice(month="2024-04"), formats=("html",))
    assert result.html_path.is_file()
    answer = client.get(f"/filer/2024-04/{result.html_path.name}")
    assert answer.status_code == 404


def test_a_team_bind_requires_its_access_token_and_remembers_it_in_a_cookie(
    example_copy: Path,
) -> None:
    secrets = ServerSecrets("192.0.2.10", PORT, access_token="hemmelig-noegle")
    client, _preview = app_client(example_copy, secrets)
    for path in ("/", "/static/app.css", "/begivenheder", "/?token=forkert", "/?token=nøgle"):
        answer = client.get(path)
        assert answer.status_code == 403, path
        assert "adgangsnøgle" in answer.text
    answer = client.get("/?token=hemmelig-noegle")
    assert answer.status_code == 200 and TITLE in answer.text
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{TOKEN_COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert client.get("/static/app.css").status_code == 200  # the cookie now carries it
    client.cookies.clear()
    assert client.get("/static/app.css").status_code == 403


def test_a_non_loopback_address_gets_an_access_token_and_loopback_none() -> None:
    assert ServerSecrets.for_address(HOST, PORT).access_token is None
    assert ServerSecrets.for_address("localhost", PORT).access_token is None
    for host in ("192.0.2.10", "0.0.0.0", "::"):
        secrets = ServerSecrets.for_address(host, PORT)
        assert secrets.access_token is not None and len(secrets.access_token) >= 24
    everywhere = ServerSecrets.for_address("0.0.0.0", PORT)
    assert f"127.0.0.1:{PORT}" in everywhere.allowed_hosts
    assert ServerSecrets.for_address(HOST, PORT).csrf_token != everywhere.csrf_token


# --- builds from the page ---------------------------------------------------------------


def start_build(client: TestClient, csrf: str, formats: list[str], **choice: str) -> str:
    answer = client.post(
        "/byg",
        data={"csrf": csrf, "format": formats, **choice},
        headers={"origin": ORIGIN},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return str(answer.headers["location"])


def test_a_build_from_the_page_writes_what_build_writes_and_offers_the_files(
    example_copy: Path,
) -> None:
    client, preview = app_client(example_copy)
    location = start_build(
        client, preview.context.secrets.csrf_token, ["html", "docx"], notat="2024-04"
    )
    assert location.startswith("/?notat=2024-04")
    preview.builder.wait(120)
    status = preview.builder.status
    assert not status.running and not status.failed, status.problems
    page = client.get(location).text
    links = re.findall(r'href="(/filer/2024-04/[^"?]+)"', page)
    assert len(links) == 2
    for link in links:
        answer = client.get(link)
        assert answer.status_code == 200
        assert answer.headers["content-disposition"].startswith("attachment; filename*=UTF-8''")
        assert "sandbox" in answer.headers["content-security-policy"]
    by_suffix = {Path(link).suffix: client.get(link) for link in links}
    assert by_suffix[".html"].headers["content-type"].startswith("text/html")
    assert (
        by_suffix[".docx"]
        .headers["content-type"]
        .startswith("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    )
    # the same files, with the same content, as `build --format html,docx` writes
    folder = example_copy / "output" / "2024-04"
    from_page = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert {Path(link).name for link in links} < set(from_page)  # and the list of sources
    shutil.rmtree(example_copy / "output")
    result = CliRunner().invoke(
        cli_app,
        ["build", "--project", str(example_copy), "--period", "2024-04", "--format", "html,docx"],
    )
    assert result.exit_code == 0, result.output
    from_cli = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert from_cli == from_page


def test_a_build_that_fails_shows_its_problems_and_writes_nothing(example_copy: Path) -> None:
    client, preview = app_client(example_copy)
    start_build(client, preview.context.secrets.csrf_token, ["html"], notat="2020-01")
    preview.builder.wait(60)
    assert preview.builder.status.failed
    page = client.get("/?notat=2020-01").text
    assert "Notatet blev ikke bygget. Intet er skrevet." in page
    assert "Der er ingen indslag" in page
    assert not (example_copy / "output").exists()


def test_only_one_build_runs_at_a_time(example_copy: Path) -> None:
    _client, preview = app_client(example_copy)
    from trivselreport.web.choice import PreviewChoice

    choice = PreviewChoice(month="2024-04")
    assert preview.builder.start(choice, ("html",))
    assert not preview.builder.start(choice, ("html",))
    preview.builder.wait(60)
    assert preview.builder.start(choice, ("html",))
    preview.builder.wait(60)
    assert preview.builder.status.number == 2


@pytest.mark.pdf
def test_the_pdf_built_from_the_page_opens_in_the_browser(example_copy: Path) -> None:
    client, preview = app_client(example_copy)
    start_build(client, preview.context.secrets.csrf_token, ["pdf"], notat="2024-04")
    preview.builder.wait(180)
    status = preview.builder.status
    assert not status.failed, status.problems
    assert status.pages and status.pages >= 4
    page = client.get("/?notat=2024-04").text
    link = re.search(r'href="(/filer/2024-04/[^"?]+\.pdf)" target="_blank"', page)
    assert link and "Åbn PDF" in page
    answer = client.get(link[1])
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("inline;")
    assert answer.content.startswith(b"%PDF")
    assert client.get(link[1] + "?hent=1").headers["content-disposition"].startswith("attachment")
