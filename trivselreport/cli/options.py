"""The options several commands share, each declared once: --project and the period."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "-p",
        metavar="MAPPE",
        help="Projektmappen (ellers findes den ud fra den aktuelle mappe).",
        file_okay=False,
        show_default=False,
    ),
]

PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar="ÅÅÅÅ-MM",
        show_default=False,
        help="Notatets periode: måneden, fx 2024-04, og dagene siden forrige notat.",
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATO",
        show_default=False,
        help="Første dato (ÅÅÅÅ-MM-DD) i stedet for --period.",
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="DATO",
        show_default=False,
        help="Sidste dato (ÅÅÅÅ-MM-DD) i stedet for --period.",
    ),
]
