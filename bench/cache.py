"""The entry cache of `check`: cold, warm and uncached against the libyaml floor.

    python bench/cache.py [--sizes 1000,5000,20000] [--runs 5] [--baseline SRC]

Each size is a synthetic project (bench/synthetic.py, fixed seed). Every round runs,
each as its own process and in an order that alternates from round to round:

- floor:    read every entry file and `yaml.compose` it with libyaml (what check parses)
- stat:     lstat every entry file (the least a warm check must do)
- uncached: `check --uden-cache` (parses everything, as before the cache)
- cold:     `check` with the cache folder deleted first (parses and writes the cache)
- warm:     `check` with the cache of the previous run, nothing changed
- baseline: `check` of another source tree (--baseline, e.g. `git archive` of the
            commit before the cache), when given

Ratios are taken within each round (paired) and reported as median and range.
Timings are wall-clock medians; the machine's other load shows as the range.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_project

PYTHON = sys.executable
FLOOR = (
    "import sys, yaml\n"
    "from pathlib import Path\n"
    "for path in sorted((Path(sys.argv[1]) / 'entries').rglob('*.yaml')):\n"
    "    yaml.compose(path.read_text(encoding='utf-8-sig'), Loader=yaml.CSafeLoader)\n"
)
STAT = (
    "import os, sys\n"
    "for folder, _, names in os.walk(os.path.join(sys.argv[1], 'entries')):\n"
    "    for name in names:\n"
    "        os.lstat(os.path.join(folder, name))\n"
)


NEUTRAL = Path("/")  # run from here: `python -m` puts the current folder first on sys.path


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=NEUTRAL
    )
    return time.perf_counter() - start


def _kinds(
    check: list[str], target: str, baseline_env: dict[str, str] | None
) -> dict[str, Callable[[], float]]:
    cache = Path(target) / ".trivselreport-cache"

    def cold() -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return timed([*check, target])

    kinds: dict[str, Callable[[], float]] = {
        "floor": lambda: timed([PYTHON, "-c", FLOOR, target]),
        "stat": lambda: timed([PYTHON, "-c", STAT, target]),
        "uncached": lambda: timed([*check, target, "--uden-cache"]),
        "cold": cold,
        "warm": lambda: timed([*check, target]),
    }
    if baseline_env is not None:
        kinds["baseline"] = lambda: timed([*check, target], baseline_env)
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--work", type=Path, default=Path("/tmp/trivselreport-bench-cache"))
    arguments = parser.parse_args()
    check = [PYTHON, "-m", "trivselreport", "check", "--project"]
    baseline_env = None
    if arguments.baseline is not None:
        baseline_env = {**os.environ, "PYTHONPATH": str(arguments.baseline.resolve())}
    print("| entries | floor (compose) | stat | uncached | cold | warm | baseline |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    ratios: dict[int, dict[str, list[float]]] = {}
    for size in (int(part) for part in arguments.sizes.split(",")):
        project = write_project(
            arguments.work / f"p{size}", size, seed=2024, start=date(2021, 1, 1), days=4 * 365
        )
        kinds = _kinds(check, str(project), baseline_env)
        order = list(kinds)
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        timed([*check, str(project)])  # the file system's caches warmed, and a cache
        for round_number in range(arguments.runs):
            turn = order if round_number % 2 == 0 else order[::-1]
            for kind in turn:
                if kind == "warm" and turn.index("warm") < turn.index("cold"):
                    timed([*check, str(project)])  # warm: after a run that wrote the cache
                times[kind].append(kinds[kind]())
        ratios[size] = {
            f"{kind}/floor": [t / f for t, f in zip(times[kind], times["floor"], strict=True)]
            for kind in kinds
            if kind != "floor"
        }
        if baseline_env is not None:
            ratios[size]["cold/baseline"] = [
                c / b for c, b in zip(times["cold"], times["baseline"], strict=True)
            ]
            ratios[size]["uncached/baseline"] = [
                c / b for c, b in zip(times["uncached"], times["baseline"], strict=True)
            ]
        cells = [
            f"{statistics.median(times[kind]):.3f} s" if kind in times else "–"
            for kind in ("floor", "stat", "uncached", "cold", "warm", "baseline")
        ]
        print(f"| {size:,} | " + " | ".join(cells) + " |", flush=True)
    print("\nPaired ratios (median, range over rounds):\n")
    for size, pairs in ratios.items():
        for name, values in pairs.items():
            print(
                f"- {size:,} entries, {name}: {statistics.median(values):.2f} "
                f"({min(values):.2f}–{max(values):.2f})"
            )


if __name__ == "__main__":
    main()
