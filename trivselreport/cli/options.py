"""The options several commands share, each declared once: --project, the period,
the internal entries and the Danish names beside the English ones.

Every option that has an English name also has a Danish one (`--period` and
`--periode`, `--from` and `--fra`); both keep working. `--intern` means the same in
every command that reads entries: with the internal entries (`new --intern` marks the
new entry as internal).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project",
        "--projekt",
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
        "--periode",
        metavar="ÅÅÅÅ-MM",
        show_default=False,
        help="Notatets periode: måneden, fx 2024-04, og dagene siden forrige notat.",
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        "--fra",
        metavar="DATO",
        show_default=False,
        help="Første dato (ÅÅÅÅ-MM-DD) i stedet for --periode.",
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option(
        "--to",
        "--til",
        metavar="DATO",
        show_default=False,
        help="Sidste dato (ÅÅÅÅ-MM-DD) i stedet for --periode.",
    ),
]

INTERNAL_HELP = "Med interne indslag (ellers kun dem, der må komme i notatet til udvalget)."
IncludeInternalOption = Annotated[bool, typer.Option("--intern", help=INTERNAL_HELP)]


def internal_filter(with_internal: bool, only: bool, without: bool) -> bool | None:
    """The entries `list` shows: None for all, True for only the internal ones, False
    for none of them. `--intern` (with the internal ones) is what `list` does anyway;
    it once meant "only internal", so a note says where that went."""
    from trivselreport.cli.terminal import tell
    from trivselreport.errors import Problem, UserError

    if without and (only or with_internal):
        both = "--kun-intern" if only else "--intern"
        raise UserError(
            Problem(
                None,
                f"--ikke-intern og {both} kan ikke bruges sammen.",
                field="--ikke-intern",
                hint="Vælg ét af dem, eller ingen for at se alle indslag.",
            )
        )
    if with_internal and not only:
        tell(
            "Bemærk: --intern viser alle indslag, også de interne, som i build og stats. "
            "Kun de interne vises med --kun-intern."
        )
    return True if only else False if without else None


NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--uden-cache",
        "--no-cache",
        help="Læs alle indslag forfra uden at bruge eller gemme mappen .trivselreport-cache.",
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", "--streng", help="Lad også advarsler give fejl.")
]
EditOption = Annotated[
    bool, typer.Option("--edit", "--rediger", help="Skriv teksten i din editor.")
]
NoInputOption = Annotated[
    bool,
    typer.Option(
        "--no-input",
        "--spørg-ikke",
        help="Spørg aldrig: det, der ikke er givet som tilvalg, får sin standard, og "
        "mangler noget påkrævet, er det en fejl.",
    ),
]
NoBrowserOption = Annotated[
    bool,
    typer.Option("--no-browser", "--ingen-browser", help="Åbn ikke browseren af sig selv."),
]
