"""The preview server's costs: from saving an entry to the new preview being served,
and a PDF built in the warm server against a cold `trivselreport build --format pdf`.

    .venv/bin/python bench/serve.py            # measures, appends to bench/RESULTS.md
    .venv/bin/python bench/serve.py --quick    # fewer runs, prints only

The server runs as `trivselreport serve` does (uvicorn, the watcher on the folder), in
this process, on a free loopback port. For each save: an entry's file is written;
"save → event" is until the version event arrives on /begivenheder; "save → served"
until the memo's frame (/forhaandsvisning/notat) has been read back with the new
title. "prepare + render" is the server's own work inside that (`PreviewState.changed`:
prepare_memo and the HTML writer), "frame request" the GET alone. The watcher gathers
a save's events for STEP_MS of quiet before it reports them: that wait is part of
"save → event".
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from synthetic import write_project  # noqa: E402

from trivselreport.web.builds import Builder, warm_pdf_writer  # noqa: E402
from trivselreport.web.choice import PreviewChoice  # noqa: E402
from trivselreport.web.previews import PreviewState  # noqa: E402
from trivselreport.web.security import ServerSecrets  # noqa: E402
from trivselreport.web.server import (  # noqa: E402
    make_server,
    open_socket,
    preview_app,
    wait_until_started,
)
from trivselreport.web.watching import STEP_MS  # noqa: E402

CLI = [sys.executable, "-m", "trivselreport"]
LARGE_ENTRIES = 85  # about 50 pages


def copy_example(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "trivselreport.yaml", target)
    for folder in ("entries", "indledninger", "templates"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


@contextlib.contextmanager
def running(project: Path, timings: list[float]) -> Iterator[str]:
    """The server for `project`; `timings` gets the seconds of each `changed`."""
    original = PreviewState.changed

    def timed(self: PreviewState) -> int:
        start = time.perf_counter()
        try:
            return original(self)
        finally:
            timings.append(time.perf_counter() - start)

    PreviewState.changed = timed  # type: ignore[method-assign]
    sock = open_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    app, preview = preview_app(project, ServerSecrets("127.0.0.1", port), warm=False)
    server = make_server(app, preview)
    thread = threading.Thread(target=server.run, args=(sock,), daemon=True)
    thread.start()
    try:
        if not wait_until_started(server, 30, lambda: not thread.is_alive()):
            raise SystemExit("the server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        thread.join(15)
        sock.close()
        PreviewState.changed = original  # type: ignore[method-assign]


class Events:
    def __init__(self, url: str) -> None:
        self.versions: list[tuple[int, float]] = []
        self._client = httpx.Client(timeout=httpx.Timeout(5.0, read=None))
        self._response = self._client.send(
            self._client.build_request("GET", f"{url}/begivenheder"), stream=True
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        name = ""
        with contextlib.suppress(httpx.HTTPError, RuntimeError):
            for line in self._response.iter_lines():
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: ") and name == "version":
                    self.versions.append((int(line[6:]), time.perf_counter()))

    def close(self) -> None:
        self._response.close()
        self._client.close()


def wait(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.001)
    raise SystemExit("timed out")


def save_to_served(project: Path, period: str, runs: int) -> dict[str, float]:
    """Median milliseconds of each part, over `runs` saves of one entry."""
    prepare: list[float] = []
    event_ms: list[float] = []
    served_ms: list[float] = []
    frame_ms: list[float] = []
    with running(project, prepare) as url, httpx.Client() as client:
        frame = f"{url}/forhaandsvisning/notat?notat={period}"
        client.get(f"{url}/?notat={period}")  # the choice is now one the server keeps ready
        sources = re.findall(r'data-kilde="([^"]+)"', client.get(frame).text)
        entry = project / sources[-1]  # an entry the memo shows
        original = entry.read_text(encoding="utf-8")
        events = Events(url)
        wait(lambda: events.versions)
        for run in range(runs + 1):
            title = f"Gemt igen nummer {run}"
            text = original.replace('titel: "', f'titel: "{title} ', 1)
            assert title in text
            seen = len(events.versions)
            time.sleep(0.3)  # let the previous save settle
            saved = time.perf_counter()
            entry.write_text(text, encoding="utf-8")
            wait(lambda seen=seen: len(events.versions) > seen)
            arrived = events.versions[-1][1]
            asked = time.perf_counter()
            body = client.get(frame).text
            done = time.perf_counter()
            assert title in body, "the served preview is not the new one"
            if run:  # the first save warms the caches
                event_ms.append((arrived - saved) * 1000)
                served_ms.append((done - saved) * 1000)
                frame_ms.append((done - asked) * 1000)
        events.close()
    entry.write_text(original, encoding="utf-8")
    return {
        "event": statistics.median(event_ms),
        "served": statistics.median(served_ms),
        "prepare": statistics.median(prepare[1:] or prepare) * 1000,
        "frame": statistics.median(frame_ms),
    }


def cold_build(project: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [*CLI, "build", "--period", "2024-04", "--format", "pdf", "--project", str(project)],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_builds(project: Path, runs: int) -> tuple[float, float, int]:
    """The first PDF after the server's background import, and the median of the next."""
    warm_pdf_writer().join()
    builder = Builder(project)
    times = []
    pages = 0
    for _ in range(runs + 1):
        start = time.perf_counter()
        assert builder.start(PreviewChoice(month="2024-04"), ("pdf",))
        builder.wait()
        times.append(time.perf_counter() - start)
        assert not builder.status.failed, builder.status.problems
        pages = builder.status.pages or 0
    return times[0], statistics.median(times[1:]), pages


def pages_of(project: Path) -> int:
    from trivselreport.commands.build import PeriodChoice, build_memo

    return build_memo(project, PeriodChoice(month="2024-04"), formats=("pdf",)).pages or 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    arguments = parser.parse_args()
    runs = 3 if arguments.quick else 9
    work = Path(tempfile.mkdtemp(prefix="trivselreport-bench-serve-"))
    try:
        example = copy_example(work / "eksempel")
        large = write_project(
            work / "stor", LARGE_ENTRIES, seed=2024, start=date(2024, 4, 1), days=30
        )
        lines: list[str] = []
        say = lines.append
        say(f"## serve (written {datetime.now().isoformat(timespec='seconds')})\n")
        say(
            f"Run with `.venv/bin/python bench/serve.py`: {os.cpu_count()} cores, "
            f"{platform.platform()}, Python {platform.python_version()}. The server runs as "
            "`trivselreport serve` does, in the benchmark's process; each figure is the "
            f"median of {runs} saves or builds (the first one, which warms caches, not "
            f"counted). The watcher waits for {STEP_MS} ms of quiet after a save before it "
            "reports it.\n"
        )
        say(
            "| memo | pages | save → event | save → served | prepare + render | "
            "frame request | target (served, server side) |"
        )
        say("| --- | --- | --- | --- | --- | --- | --- |")
        for name, project, period, target in (
            ("example", example, "2024-04", "≤ 50 ms"),
            (f"synthetic, {LARGE_ENTRIES} entries", large, "2024-04", "≤ 150 ms"),
        ):
            pages = pages_of(project)
            shutil.rmtree(project / "output", ignore_errors=True)
            parts = save_to_served(project, period, runs)
            say(
                f"| {name} | {pages} | {parts['event']:.0f} ms | {parts['served']:.0f} ms | "
                f"{parts['prepare']:.0f} ms | {parts['frame']:.1f} ms | {target} |"
            )
        say("")
        cold = cold_build(example, 5 if not arguments.quick else 3)
        first, warm, pages = warm_builds(example, 7 if not arguments.quick else 3)
        say("| PDF of the example | time | against cold | target |")
        say("| --- | --- | --- | --- |")
        say(f"| cold `trivselreport build --format pdf` (own process) | {cold:.3f} s | 1.00× | |")
        say(
            f"| first PDF from the page (WeasyPrint imported at start) | {first:.3f} s | "
            f"{first / cold:.2f}× | |"
        )
        say(
            f"| warm PDF from the page ({pages} pages) | {warm:.3f} s | "
            f"{warm / cold:.2f}× | ≤ 0.4× |"
        )
        say("")
        text = "\n".join(lines) + "\n"
        print(text)
        if not arguments.quick:
            with (HERE / "RESULTS.md").open("a", encoding="utf-8") as results:
                results.write("\n" + text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
