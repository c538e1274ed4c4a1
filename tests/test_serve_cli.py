"""`trivselreport serve` on the command line: Danish help, the address printed, the
browser opened unless --no-browser, a port in use or an address it cannot have as a
Danish message with exit code 1, a team bind with its access token and the plain
warning that nothing is encrypted, and Ctrl-C as a clean stop with exit code 0."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.web.server import free_socket, open_socket

from .serving import wait_for

ADDRESS = re.compile(r"Forhåndsvisningen kører på (http://\S+) – stop den med Ctrl-C\.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_help_is_danish_and_names_every_option() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--port", "--host", "--no-browser", "--poll", "--project"):
        assert option in result.output
    assert "Vis notatet i browseren" in result.output
    assert "ikke krypteret" in " ".join(result.output.split())
    assert "serve" in CliRunner().invoke(app, ["--help"]).output


def test_a_port_in_use_is_a_danish_message_and_exit_code_1(example_copy: Path) -> None:
    taken = open_socket("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        result = CliRunner().invoke(
            app, ["serve", "--no-browser", "--port", str(port), "--project", str(example_copy)]
        )
    finally:
        taken.close()
    assert result.exit_code == 1
    assert f"Port {port} er optaget af et andet program." in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("host", ["999.1.1.1", "ikke-en-maskine.invalid", "192.0.2.77"])
def test_an_address_the_server_cannot_have_is_a_danish_message(
    example_copy: Path, host: str
) -> None:
    result = CliRunner().invoke(
        app, ["serve", "--no-browser", "--host", host, "--project", str(example_copy)]
    )
    assert result.exit_code == 1
    assert f"Serveren kan ikke lytte på adressen »{host}«." in result.output


@pytest.mark.parametrize("port", ["70000", "0", "-5"])
def test_a_port_that_is_not_a_port_is_refused_in_danish(example_copy: Path, port: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", port, "--project", str(example_copy)])
    assert result.exit_code == 1
    assert f"{port} er ikke en port." in result.output
    assert "range" not in result.output


def test_when_the_port_is_taken_the_next_free_one_is_used() -> None:
    taken = open_socket("127.0.0.1", 0)
    port = taken.getsockname()[1]
    try:
        chosen, chosen_port = free_socket("127.0.0.1", port)
        chosen.close()
    finally:
        taken.close()
    assert chosen_port > port


@contextmanager
def serving(
    *options: str, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "trivselreport", "serve", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = ADDRESS.search(line)
        assert match, line + (process.stderr.read() if process.stderr else "")
        yield process, match[1]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """Ctrl-C, and what the server said after its address."""
    process.send_signal(signal.SIGINT)
    code = process.wait(15)
    assert process.stdout is not None and process.stderr is not None
    return code, process.stdout.read(), process.stderr.read()


def test_the_server_prints_its_address_and_stops_cleanly_on_ctrl_c(example_copy: Path) -> None:
    port = free_port()
    options = ("--no-browser", "--port", str(port), "--project", str(example_copy))
    with serving(*options) as (process, address):
        assert address == f"http://127.0.0.1:{port}/"
        assert "Status Sundhed og Trivsel april 2024" in httpx.get(address).text
        # an open event stream does not hold up the stop
        with httpx.Client(timeout=5) as client, client.stream("GET", f"{address}begivenheder"):
            code, out, err = stop(process)
    assert code == 0
    assert "Forhåndsvisningen er stoppet." in out
    assert "Traceback" not in out + err


def test_a_team_bind_prints_the_token_and_says_it_is_not_encrypted(example_copy: Path) -> None:
    port = free_port()
    options = ("--no-browser", "--host", "0.0.0.0", "--port", str(port))
    with serving(*options, "--project", str(example_copy)) as (process, address):
        token = address.partition("?token=")[2]
        assert len(token) >= 24
        local = f"http://127.0.0.1:{port}/"
        assert httpx.get(local).status_code == 403
        assert httpx.get(f"{local}?token=forkert").status_code == 403
        assert httpx.get(f"{local}?token={token}").status_code == 200
        code, out, err = stop(process)
    assert code == 0
    assert "Forbindelsen er ikke krypteret" in out
    assert "Traceback" not in out + err


def test_the_browser_is_opened_at_the_address_unless_no_browser(
    example_copy: Path, tmp_path: Path
) -> None:
    opened = tmp_path / "aabnet.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{opened}"\n', encoding="utf-8")
    browser.chmod(0o755)
    port = free_port()
    with serving(
        "--port", str(port), "--project", str(example_copy), env={"BROWSER": str(browser)}
    ) as (
        process,
        address,
    ):
        wait_for(lambda: opened.exists() and opened.read_text(encoding="utf-8"), 10, "the browser")
        assert opened.read_text(encoding="utf-8") == address
        stop(process)
    opened.unlink()
    with serving(
        "--no-browser",
        "--port",
        str(free_port()),
        "--project",
        str(example_copy),
        env={"BROWSER": str(browser)},
    ) as (process, _address):
        time.sleep(0.5)  # the browser would be opened right after the address is printed
        stop(process)
    assert not opened.exists()
