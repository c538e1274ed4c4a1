"""`trivselreport serve`: the memo live in the browser, and entries written in a form."""

# No `from __future__ import annotations`: typer reads these annotations at every start
# (see cli/app.py).

import contextlib
import errno
import threading
from pathlib import Path
from typing import Annotated

import typer

from trivselreport.cli.options import NoBrowserOption, ProjectOption
from trivselreport.cli.terminal import say, tell
from trivselreport.errors import Problem, UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def serve(
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            metavar="PORT",
            help=f"Porten, serveren lytter på (ellers {DEFAULT_PORT} eller den næste ledige).",
            show_default=False,
        ),
    ] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="ADRESSE",
            help="Adressen, serveren lytter på. Kun denne maskine som standard; en anden "
            "adresse kræver en adgangsnøgle, og forbindelsen er ikke krypteret.",
        ),
    ] = DEFAULT_HOST,
    no_browser: NoBrowserOption = False,
    poll: Annotated[
        bool,
        typer.Option(
            "--poll",
            help="Se efter ændringer ved at kigge på filerne (til netværksdrev og "
            "synkroniserede mapper, hvor ændringer ellers ikke ses).",
        ),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Vis notatet i browseren, mens du skriver.

    Forhåndsvisningen opdateres af sig selv, når et indslag, en indledning,
    trivselreport.yaml eller en skabelon gemmes. Herfra kan du også bygge filerne og
    skrive indslag i en formular. Stop serveren med Ctrl-C.
    """
    from trivselreport.cli.report import fail
    from trivselreport.commands.options import project_folder

    project_dir: Path | None = None
    try:
        project_dir = project_folder(project)
        run_server(project_dir, host, port, open_browser=not no_browser, poll=poll)
    except UserError as error:
        fail(error, project_dir, closing=None)


def run_server(
    project_dir: Path, host: str, port: int | None, *, open_browser: bool, poll: bool
) -> None:
    from trivselreport.web.security import ServerSecrets, is_loopback
    from trivselreport.web.server import (
        free_socket,
        make_server,
        open_socket,
        preview_app,
        setup_logging,
        wait_until_started,
    )

    if port is not None and not 1 <= port <= 65535:
        raise UserError(
            Problem(
                None,
                f"{port} er ikke en port.",
                field="--port",
                hint="En port er et tal fra 1 til 65535, fx --port 8080.",
            )
        )
    try:
        if port is None:
            sock, chosen = free_socket(host, DEFAULT_PORT)
        else:
            sock, chosen = open_socket(host, port), port
    except OSError as error:
        raise UserError(_socket_problem(error, host, port)) from None
    if port is None and chosen != DEFAULT_PORT:
        say(f"Port {DEFAULT_PORT} er optaget; serveren bruger port {chosen} i stedet.")
    secrets = ServerSecrets.for_address(host, chosen)
    setup_logging()
    app, preview = preview_app(project_dir, secrets, poll=poll)
    server = make_server(app, preview)
    address = f"http://{secrets.shown_host}:{chosen}/"
    if secrets.access_token is not None:
        address += f"?token={secrets.access_token}"
    ended = threading.Event()

    def announce() -> None:
        if not wait_until_started(server, 30, ended.is_set):
            return
        say(f"Forhåndsvisningen kører på {address} – stop den med Ctrl-C.")
        if not is_loopback(host):
            say(
                "Serveren kan nås fra andre maskiner. Forbindelsen er ikke krypteret: "
                "alle på netværket kan i princippet se, hvad der sendes, også "
                "adgangsnøglen. Brug den kun på et netværk, du stoler på."
            )
            say("Adgangsnøglen står i adressen; giv den kun til dem, der skal bruge serveren.")
        if open_browser:
            import webbrowser

            try:
                webbrowser.open(address)
            except Exception:  # no browser here: the address is printed
                tell("Browseren kunne ikke åbnes; åbn adressen ovenfor selv.")

    threading.Thread(target=announce, name="trivselreport-announce", daemon=True).start()
    try:
        server.run(sock)
    except KeyboardInterrupt:
        pass
    finally:
        ended.set()
        sock.close()
    if preview.builder.status.running:
        say("Venter på, at notatet bliver bygget færdigt …")
        # a second Ctrl-C stops waiting: the build's files are replaced together or not at all
        with contextlib.suppress(KeyboardInterrupt):
            preview.builder.wait()
    say("Forhåndsvisningen er stoppet.")


def _socket_problem(error: OSError, host: str, port: int | None) -> Problem:
    if error.errno == errno.EADDRINUSE:
        where = f"Port {port}" if port is not None else f"Portene fra {DEFAULT_PORT} og frem"
        return Problem(
            None,
            f"{where} er optaget af et andet program.",
            field="--port",
            hint="Vælg en anden port, fx --port 8080, eller stop det andet program.",
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return Problem(
            None,
            f"Serveren må ikke lytte på port {port}.",
            field="--port",
            hint="Vælg en port over 1024, fx --port 8080.",
        )
    return Problem(
        None,
        f"Serveren kan ikke lytte på adressen »{host}«.",
        field="--host",
        hint="Brug 127.0.0.1 (kun denne maskine) eller en af maskinens egne adresser.",
    )
