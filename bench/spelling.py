"""The cost of check's spelling advice: `check` against `check --uden-stavning`.

    .venv/bin/python bench/spelling.py            # 1,000 entries, appends to bench/RESULTS.md
    .venv/bin/python bench/spelling.py --quick    # fewer runs, prints only

Two projects of the benchmark's synthetic entries (`synthetic.write_project`): as
written (every word known: the cost of looking words up) and with a misspelling in
every twentieth entry (50 distinct misspelt words: the cost of suggestions, which
Hunspell makes in 50–500 ms a word). Each figure is the median of separate processes
(`run.measure`), run in pairs so that both sides see the same machine.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import CLI, Measured, measure  # noqa: E402
from synthetic import write_project  # noqa: E402

TARGET = 1.5


def with_misspellings(project: Path, every: int, seed: int) -> int:
    """Misspell one word (a letter doubled) in every `every`-th entry; how many."""
    rng = random.Random(seed)
    files = sorted((project / "entries").rglob("*.yaml"))
    for number, path in enumerate(files[::every]):
        text = path.read_text(encoding="utf-8")
        head, body = text.split("tekst: |", 1)
        words = [word for word in body.split() if word.isalpha() and len(word) > 5]
        word = rng.choice(words)
        typo = f"{word[:-1]}{word[-1] * 2}{'x' * (number // 26)}{chr(97 + number % 26)}"
        path.write_text(head + "tekst: |" + body.replace(word, typo, 1), encoding="utf-8")
    return len(files[::every])


def pair(project: Path, runs: int) -> tuple[Measured, Measured]:
    base = [*CLI, "check", "--project", str(project)]
    without = measure([*base, "--uden-stavning"], 1)  # warm the file cache
    without = measure([*base, "--uden-stavning"], runs)
    spelt = measure(base, runs)
    return without, spelt


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    lines = [
        f"## check with spelling (written {datetime.now().isoformat(timespec='seconds')})\n",
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{args.entries:,} synthetic entries, median of {runs} runs.\n",
        "| project | `check --uden-stavning` | `check` | ratio | target |",
        "|---|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as work:
        clean = write_project(
            Path(work) / "clean", args.entries, seed=2024, start=date(2021, 1, 1), days=4 * 365
        )
        without, spelt = pair(clean, runs)
        lines.append(
            f"| as written | {without.cell()} | {spelt.cell()} | "
            f"{spelt.seconds / without.seconds:.2f}× | ≤ {TARGET}× |"
        )
        typos = write_project(
            Path(work) / "typos", args.entries, seed=2024, start=date(2021, 1, 1), days=4 * 365
        )
        count = with_misspellings(typos, 20, seed=7)
        without, spelt = pair(typos, runs)
        lines.append(
            f"| {count} misspelt words | {without.cell()} | {spelt.cell()} | "
            f"{spelt.seconds / without.seconds:.2f}× | – |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.quick:
        with (HERE / "RESULTS.md").open("a", encoding="utf-8") as results:
            results.write("\n" + text)


if __name__ == "__main__":
    main()
