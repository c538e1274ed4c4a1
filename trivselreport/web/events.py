"""Server-Sent Events at /begivenheder: the page learns that something changed.

Each event carries a number that only grows, so the page can ignore a stale one:
`version` is the project's version (a file was saved and the previews are ready),
`bygning` the build's (a build started, took a step or ended). A comment line every
15 seconds keeps proxies from closing the stream; at shutdown every stream ends.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from starlette.responses import StreamingResponse

HEARTBEAT_SECONDS = 15.0


class Clock:
    """The versions the events tell, and a way to wait for the next one (one event loop)."""

    def __init__(self, version: int = 1) -> None:
        self.counts = {"version": version, "bygning": 0}
        self.closed = False
        self.loop: asyncio.AbstractEventLoop | None = None  # set when the server starts
        self._changed = asyncio.Event()

    def close_soon(self) -> None:
        """`close` from another thread or a signal handler."""
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.close)

    def set(self, name: str, value: int) -> None:
        self.counts[name] = value
        self._wake()

    def bump(self, name: str) -> int:
        self.counts[name] += 1
        self._wake()
        return self.counts[name]

    def close(self) -> None:
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def wait(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)


async def event_stream(clock: Clock) -> AsyncIterator[str]:
    """The stream's lines; Starlette ends it when the browser goes away."""
    sent: dict[str, int] = {}
    yield "retry: 1000\n\n"
    while not clock.closed:
        for name, value in clock.counts.items():
            if sent.get(name) != value:
                sent[name] = value
                yield f"event: {name}\ndata: {value}\n\n"
        before = dict(clock.counts)
        await clock.wait(HEARTBEAT_SECONDS)
        if clock.counts == before and not clock.closed:
            yield ": lever\n\n"


def events_response(clock: Clock) -> StreamingResponse:
    return StreamingResponse(
        event_stream(clock),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
