"""The running server: a saved file sends a new version on the event stream and the
preview served is the new one; what must not count (output/, hidden files, editors'
swap and backup files, the server's own writes) sends nothing; --poll works as well."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from .serving import EventReader, live_server, wait_for

ENTRY = "entries/2024/2024-04-05-foraarskursus.yaml"


def entry_text(title: str) -> str:
    return f'titel: "{title}"\ntype: kursus\ndato: 2024-04-05\ntekst: "Et godt kursus."\n'


def frame(url: str) -> str:
    return httpx.get(f"{url}/forhaandsvisning/notat?notat=2024-04").text


@pytest.mark.parametrize("poll", [False, True], ids=["system", "poll"])
def test_saving_an_entry_sends_a_new_version_and_the_new_preview(
    example_copy: Path, poll: bool
) -> None:
    with live_server(example_copy, poll=poll) as live:
        assert httpx.get(f"{live.url}/").status_code == 200  # the default choice is shown
        events = EventReader(live.url)
        try:
            wait_for(lambda: events.latest("version") is not None, what="the first event")
            first = events.latest("version")
            assert first is not None
            path = example_copy / ENTRY
            path.write_text(entry_text("Forårskursus i trivsel"), encoding="utf-8")
            wait_for(lambda: (events.latest("version") or 0) > first, 5, "a new version")
            assert "Forårskursus i trivsel" in frame(live.url)
            # an editor's atomic save: a temporary file renamed over the entry
            second = events.latest("version") or 0
            temporary = path.with_name(".foraarskursus.yaml.tmp")
            temporary.write_text(entry_text("Sommerkursus i trivsel"), encoding="utf-8")
            temporary.replace(path)
            wait_for(lambda: (events.latest("version") or 0) > second, 5, "the renamed save")
            assert "Sommerkursus i trivsel" in frame(live.url)
        finally:
            events.close()


IGNORED = [
    "output/2024-04/notat.pdf",
    ".git/index",
    "entries/.skjult.yaml",
    "entries/2024/.kladde.yaml.swp",
    "entries/2024/kladde.yaml~",
    "entries/2024/.#kladde.yaml",
    "entries/2024/#kladde.yaml#",
    "entries/2024/4913",
    "entries/2024/kladde.tmp",
    "templates/~$memo.docx",
]


def test_files_that_do_not_count_send_no_new_version(example_copy: Path) -> None:
    with live_server(example_copy) as live:
        events = EventReader(live.url)
        try:
            wait_for(lambda: events.latest("version") is not None, what="the first event")
            first = events.latest("version")
            for name in IGNORED:
                path = example_copy / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("x", encoding="utf-8")
            # then a file that counts: only its change may come through, once
            (example_copy / ENTRY).write_text(entry_text("Kursus"), encoding="utf-8")
            wait_for(lambda: (events.latest("version") or 0) > (first or 0), 5, "a new version")
            time.sleep(0.8)  # the watcher's debounce is 0.4 s: nothing more may follow
            assert events.values["version"] == [first, (first or 0) + 1]
        finally:
            events.close()


def test_the_servers_own_writes_refresh_once_and_are_not_taken_for_a_save(
    example_copy: Path,
) -> None:
    with live_server(example_copy) as live:
        events = EventReader(live.url)
        try:
            wait_for(lambda: events.latest("version") is not None, what="the first event")
            first = events.latest("version") or 0
            path = example_copy / ENTRY
            path.write_text(entry_text("Skrevet af serveren"), encoding="utf-8")
            live.preview.context.writes.note(path)
            wait_for(lambda: (events.latest("version") or 0) > first, 5, "the refresh")
            assert "Skrevet af serveren" in frame(live.url)
            time.sleep(0.8)
            assert events.values["version"] == [first, first + 1]
        finally:
            events.close()


def test_a_build_is_followed_on_the_event_stream(example_copy: Path) -> None:
    with live_server(example_copy) as live:
        events = EventReader(live.url)
        try:
            wait_for(lambda: events.latest("bygning") is not None, what="the first event")
            from trivselreport.web.choice import PreviewChoice

            assert live.preview.builder.start(PreviewChoice(month="2024-04"), ("html",))
            live.preview.builder.wait(60)
            wait_for(lambda: (events.latest("bygning") or 0) >= 3, 5, "the build's steps")
            page = httpx.get(f"{live.url}/").text
            assert "Hent " in page and "/filer/2024-04/" in page
        finally:
            events.close()
