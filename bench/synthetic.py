"""Synthetic projects for the benchmark: realistic Danish entries, fixed seed."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

THEMES = [
    "Tilhør",
    "Tempo og pauser",
    "Fritid i samspil med kommunale institutioner",
    "Det digitale felt i samspil med det analoge",
    "Tværgående data på nye måder",
    "Læringsrum 2.0 koblet med trivsel og data",
    "Hvordan forstår vi sundhed i et trivselsperspektiv?",
]
TYPES = [
    "program",
    "orientering",
    "arrangement",
    "indsats",
    "netværk",
    "konsulentsag",
    "kursus",
    "workshop",
]

SUBJECTS = [
    "Konsulenterne",
    "Arbejdsgruppen",
    "Skoleafdelingen",
    "Netværket",
    "Personalet",
    "Pædagogerne på fritidsklubben",
    "Lærerne i indskolingen",
    "Styregruppen",
    "Fælleselevrådet",
    "Sundhedsplejen",
    "Ungdomsskolen",
    "Forældrerådet",
]
VERBS = [
    "har arbejdet med",
    "har drøftet",
    "har afprøvet",
    "har sat fokus på",
    "har samlet erfaringer om",
    "har planlagt et forløb om",
    "har fulgt op på",
    "har holdt et oplæg om",
    "har inddraget børnene i",
    "har udviklet materialer om",
]
OBJECTS = [
    "gode overgange mellem skole og fritid",
    "søvn og digitale vaner",
    "trivslen på mellemtrinnet",
    "fællesskaber i klasserne",
    "pauser i løbet af dagen",
    "børns tolerancevindue",
    "samarbejdet med forældrene",
    "data om elevernes trivsel",
    "ro og tryghed i undervisningen",
    "ungesteder efter skoletid",
    "mobiltelefoner i skoletiden",
    "læringsmiljøer, der styrker trivslen",
]
ENDINGS = [
    "og erfaringerne deles nu med de øvrige skoler.",
    "med gode resultater.",
    "og arbejdet fortsætter i det kommende skoleår.",
    "hvilket har givet anledning til nye prøvehandlinger.",
    "og deltagerne efterspørger flere af den slags forløb.",
    "i tæt samarbejde med ledelsen.",
    "på tværs af afdelinger og fagligheder.",
]

CONFIG = """\
organisation: "Benchmark Kommune"
forvaltning: "Børne- og Kulturforvaltningen"
titel: "Status Sundhed og Trivsel {{måned}} {{år}}"
oversigt: ja
temaer:
{themes}
typer: [{types}]
sektioner:
  - overskrift: "Programmet"
    typer: [program, orientering]
  - overskrift: "Arrangementer"
    typer: [arrangement]
  - overskrift: "Indsatser og netværk"
    typer: [indsats, netværk]
  - overskrift: "Praksisnær understøttelse"
    typer: [konsulentsag]
  - overskrift: "Kurser og workshops"
    typer: [kursus, workshop]
    egne_overskrifter: ja
"""


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"


def _text(rng: random.Random, words: int) -> str:
    paragraphs: list[str] = []
    count = 0
    while count < words:
        if rng.random() < 0.15:
            items = [rng.choice(OBJECTS) for _ in range(rng.randint(2, 5))]
            marker = "+" if rng.random() < 0.3 else "-"
            block = "\n".join(f"{marker} {item[0].upper()}{item[1:]}" for item in items)
        else:
            sentences = [_sentence(rng) for _ in range(rng.randint(2, 5))]
            block = " ".join(sentences)
            if rng.random() < 0.2:
                block = block.replace(" med ", " med **særligt fokus** på ", 1)
        paragraphs.append(block)
        count += len(block.split())
    return "\n\n".join(paragraphs)


def write_project(folder: Path, entries: int, *, seed: int, start: date, days: int) -> Path:
    """A project of `entries` entries dated over `days` days from `start`."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "entries").mkdir(parents=True)
    (folder / "trivselreport.yaml").write_text(
        CONFIG.format(
            themes="\n".join(f'  - "{theme}"' for theme in THEMES), types=", ".join(TYPES)
        ),
        encoding="utf-8",
    )
    rng = random.Random(seed)
    for number in range(entries):
        day = start + timedelta(days=rng.randrange(days))
        themes = rng.sample(THEMES, rng.randint(1, 3))
        text = _text(rng, rng.randint(50, 400)).replace("\n", "\n  ")
        lines = [
            f'titel: "Indslag {number}: {rng.choice(OBJECTS)}"',
            f"type: {rng.choice(TYPES)}",
            f"dato: {day.isoformat()}",
            "temaer:",
            *(f'  - "{theme}"' for theme in themes),
        ]
        if rng.random() < 0.6:
            lines.append(f"deltagere: {rng.randint(3, 120)}")
        if rng.random() < 0.05:
            lines.append("intern: ja")
        lines.append(f"tekst: |\n  {text}")
        path = folder / "entries" / str(day.year) / f"{day.isoformat()}-indslag-{number}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
