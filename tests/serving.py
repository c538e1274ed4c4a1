"""The preview server in tests: the app behind Starlette's TestClient, or the real
uvicorn server in a thread on a free port (for the event stream and the browser)."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
from starlette.testclient import TestClient

from trivselreport.web.preview import PreviewServer
from trivselreport.web.security import ServerSecrets
from trivselreport.web.server import make_server, open_socket, preview_app, wait_until_started

HOST = "127.0.0.1"
PORT = 8000
ORIGIN = f"http://{HOST}:{PORT}"


def app_client(
    project: Path,
    secrets: ServerSecrets | None = None,
    *,
    watch: bool = False,
    today: type[date] = date,
) -> tuple[TestClient, PreviewServer]:
    """A client of the app for `project`, addressed as the server's own address."""
    secrets = secrets or ServerSecrets(HOST, PORT)
    app, preview = preview_app(project, secrets, watch=watch, warm=False, today=today)
    client = TestClient(app, base_url=f"http://{secrets.host}:{secrets.port}")
    return client, preview


@dataclass
class Live:
    url: str
    preview: PreviewServer
    secrets: ServerSecrets


@contextlib.contextmanager
def live_server(project: Path, *, poll: bool = False) -> Iterator[Live]:
    """The real server (uvicorn, the watcher) for `project`, on a free loopback port."""
    sock = open_socket(HOST, 0)
    port = sock.getsockname()[1]
    secrets = ServerSecrets(HOST, port)
    app, preview = preview_app(project, secrets, poll=poll, warm=False)
    server = make_server(app, preview)
    thread = threading.Thread(target=server.run, args=(sock,), daemon=True)
    thread.start()
    try:
        assert wait_until_started(server, 20, lambda: not thread.is_alive()), "did not start"
        yield Live(f"http://{HOST}:{port}", preview, secrets)
    finally:
        server.stop()
        thread.join(15)
        sock.close()
    assert not thread.is_alive(), "the server did not stop"


def wait_for(condition: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """Poll `condition` until it is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")


class EventReader:
    """The server's event stream read in a thread: the latest value of each event."""

    def __init__(self, url: str) -> None:
        self.values: dict[str, list[int]] = {"version": [], "bygning": []}
        self._client = httpx.Client(timeout=httpx.Timeout(5.0, read=None))
        self._response = self._client.send(
            self._client.build_request("GET", f"{url}/begivenheder"), stream=True
        )
        assert self._response.headers["content-type"].startswith("text/event-stream")
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        name = ""
        with contextlib.suppress(httpx.HTTPError, RuntimeError):
            for line in self._response.iter_lines():
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: ") and name in self.values:
                    self.values[name].append(int(line.removeprefix("data: ")))

    def latest(self, name: str) -> int | None:
        values = self.values[name]
        return values[-1] if values else None

    def close(self) -> None:
        self._response.close()
        self._client.close()
