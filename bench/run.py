"""The benchmark: cost of every command against what the underlying libraries allow.

    .venv/bin/python bench/run.py            # full run, writes bench/RESULTS.md
    .venv/bin/python bench/run.py --quick    # fewer runs, smaller sizes (a smoke test)

Every figure is the median wall time of several runs of a separate process, and
its peak memory (resident set) as the kernel reports it for that process.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


from synthetic import write_project  # noqa: E402

PYTHON = sys.executable
CLI = [PYTHON, "-m", "trivselreport"]
SCRIPT = Path(PYTHON).parent / "trivselreport"


@dataclass
class Measured:
    seconds: float
    peak_mib: float
    runs: int

    def cell(self) -> str:
        return f"{self.seconds:.3f} s"


def measure(command: list[str], runs: int, env: dict[str, str] | None = None) -> Measured:
    times: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        completed = subprocess.run(
            [PYTHON, str(HERE / "measure.py"), *command],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **(env or {})},
        )
        result = json.loads(completed.stdout)
        if result["returncode"] != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result['stderr']}")
        times.append(result["seconds"])
        peaks.append(result["peak_mib"])
    return Measured(statistics.median(times), max(peaks), runs)


def imports_of(command: list[str]) -> set[str]:
    """Top-level modules a command imports (python -X importtime)."""
    completed = subprocess.run(
        [PYTHON, "-X", "importtime", *command[1:]], capture_output=True, text=True, check=False
    )
    found = set()
    for line in completed.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            found.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return found


def versions() -> str:
    names = [
        "trivselreport",
        "typer",
        "rich",
        "jinja2",
        "pyyaml",
        "markdown-it-py",
        "weasyprint",
        "pydyf",
        "python-docx",
        "pikepdf",
    ]
    return ", ".join(f"{name} {metadata.version(name)}" for name in names)


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:.2f}×"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    quick = options.quick
    runs = 3 if quick else 7
    check_sizes = [100, 1000] if quick else [100, 1000, 5000]
    build_sizes = [8, 40] if quick else [8, 75, 225]  # about 5, 50 and 150 pages
    lines: list[str] = []
    say = lines.append
    work = Path(tempfile.mkdtemp(prefix="trivselreport-bench-"))
    # Measure the tool as installed from a wheel: byte-compiled (pip does this at install;
    # an editable install under PYTHONDONTWRITEBYTECODE=1 would recompile on every run).
    import trivselreport

    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(Path(trivselreport.__file__).parent)], check=True
    )

    say("# Benchmark results\n")
    say(
        f"Run on {date.today().isoformat()} with `python bench/run.py"
        f"{' --quick' if quick else ''}`: {os.cpu_count()} cores, "
        f"{platform.platform()}, Python {platform.python_version()}.  "
    )
    say(f"Libraries: {versions()}.  ")
    say(
        f"Each figure is the median of {runs} runs (builds: 3) of a separate process; memory is "
        "the peak resident set of that process. Synthetic projects from `bench/synthetic.py` "
        "(seed 2024): Danish texts of 50–400 words, all types and themes, dates over four "
        "years. The package is byte-compiled first, as a wheel install would be. The machine "
        "is a shared 2-core VM: repeated runs of this script have varied by up to ±20 %.\n"
    )

    # --- start-up ---------------------------------------------------------------------
    help_time = measure([str(SCRIPT), "--help"], runs)
    typer_time = measure([PYTHON, "-c", "import typer"], runs)
    say("## Start-up\n")
    say("| command | time | floor | ratio | target | peak memory |")
    say("| --- | --- | --- | --- | --- | --- |")
    say(
        f"| `trivselreport --help` | {help_time.cell()} | {typer_time.cell()} "
        f"(`import typer`) | {ratio(help_time.seconds, typer_time.seconds)} | ≤ 1.6× | "
        f"{help_time.peak_mib:.0f} MiB |\n"
    )

    # --- check, list, stats -------------------------------------------------------------
    say("## check, list and stats\n")
    say(
        "| entries | `check` | libyaml parse (floor) | ratio | target | `check` peak | "
        "`list` | `stats` |"
    )
    say("| --- | --- | --- | --- | --- | --- | --- | --- |")
    check_times: dict[int, float] = {}
    projects: dict[int, Path] = {}
    for size in check_sizes:
        project = write_project(
            work / f"check-{size}", size, seed=2024, start=date(2021, 1, 1), days=4 * 365
        )
        projects[size] = project
        checked = measure([*CLI, "check", "--project", str(project)], runs)
        floor = measure([PYTHON, str(HERE / "floors.py"), "parse", str(project)], runs)
        listed = measure([*CLI, "list", "--project", str(project)], max(3, runs // 2))
        counted = measure([*CLI, "stats", "--project", str(project)], max(3, runs // 2))
        check_times[size] = checked.seconds
        target = "≤ 2.5×, < 300 MB" if size == 5000 else ""
        say(
            f"| {size:,} | {checked.cell()} | {floor.cell()} | "
            f"{ratio(checked.seconds, floor.seconds)} | {target} | {checked.peak_mib:.0f} MiB | "
            f"{listed.cell()} | {counted.cell()} |"
        )
    say("")
    sizes = sorted(check_times)
    say(
        "Growth of `check`: "
        + "; ".join(
            f"{b // a}× the entries → {check_times[b] / check_times[a]:.2f}× the time "
            f"(target ≤ {1.1 * b / a:.1f}×)"
            for a, b in itertools.pairwise(sizes)
        )
        + ". Start-up is part of every run, so small sizes grow less than linearly.\n"
    )

    # --- what each command imports ------------------------------------------------------------
    say("## Heavy imports\n")
    smallest = projects[sizes[0]]
    new_project = work / "new-project"
    write_project(new_project, 1, seed=1, start=date(2024, 1, 1), days=1)
    commands = {
        "--help": [*CLI, "--help"],
        "check": [*CLI, "check", "--project", str(smallest)],
        "list": [*CLI, "list", "--project", str(smallest)],
        "stats": [*CLI, "stats", "--project", str(smallest)],
        "new": [
            *CLI,
            "new",
            "--no-input",
            "--type",
            "kursus",
            "--titel",
            "Måling",
            "--tekst",
            "Tekst.",
            "--project",
            str(new_project),
        ],
    }
    say("| command | imports WeasyPrint | imports python-docx | imports pikepdf |")
    say("| --- | --- | --- | --- |")
    for name, command in commands.items():
        found = imports_of(command)
        marks = ["yes" if module in found else "no" for module in ("weasyprint", "docx", "pikepdf")]
        say(f"| `{name}` | " + " | ".join(marks) + " |")
    say("")

    # --- builds ---------------------------------------------------------------------------------
    say("## build\n")
    say(
        "`build --format pdf` against WeasyPrint alone writing the very same HTML to the same "
        "PDF variant (PDF/A-2a), both as separate processes including their imports; then the "
        "split of a full build (PDF, DOCX and HTML) measured in-process.\n"
    )
    say(
        "| entries | pages | `build --format pdf` | WeasyPrint alone | ratio | target | "
        "peak memory |"
    )
    say("| --- | --- | --- | --- | --- | --- | --- |")
    splits: list[tuple[int, dict[str, float]]] = []
    for size in build_sizes:
        project = write_project(
            work / f"build-{size}", size, seed=2024, start=date(2024, 4, 1), days=30
        )
        html_path, conf = _pdf_html(project)
        ours = measure(
            [*CLI, "build", "--period", "2024-04", "--format", "pdf", "--project", str(project)], 3
        )
        alone = measure(
            [PYTHON, str(HERE / "floors.py"), "weasyprint", str(html_path)],
            3,
            env={"BENCH_FONTCONFIG_FILE": conf},
        )
        split = json.loads(
            subprocess.run(
                [PYTHON, str(HERE / "floors.py"), "split", str(project), "2024-04"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        splits.append((size, split))
        say(
            f"| {size} | {split['pages']} | {ours.cell()} | {alone.cell()} | "
            f"{ratio(ours.seconds, alone.seconds)} | ≤ 1.15× | {ours.peak_mib:.0f} MiB |"
        )
    say("")
    steps = ["import", "indlæsning", "sammensætning", "html", "pdf", "docx", "skrivning"]
    say("| entries | pages | " + " | ".join(steps) + " |")
    say("| --- | --- | " + " | ".join("---" for _ in steps) + " |")
    for size, split in splits:
        say(
            f"| {size} | {split['pages']} | "
            + " | ".join(f"{split.get(step, 0.0):.3f} s" for step in steps)
            + " |"
        )
    say("")
    say(f"_Written {datetime.now().isoformat(timespec='seconds')}._")

    output = HERE / ("RESULTS-quick.md" if quick else "RESULTS.md")
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nWritten to {output}")


def _pdf_html(project: Path) -> tuple[Path, str]:
    """The HTML the build hands WeasyPrint, and the fontconfig file it uses."""
    code = (
        "import sys, os, pathlib;"
        "from trivselreport.commands.prepare import prepare_memo;"
        "from trivselreport.memo.period import PeriodChoice;"
        "from trivselreport.writers.html.render import render_pdf_html;"
        "import trivselreport.writers.pdf.render;"
        "p = pathlib.Path(sys.argv[1]);"
        "memo = prepare_memo(p, PeriodChoice(month='2024-04')).memo;"
        "html = render_pdf_html(memo, p);"
        "out = p / 'bench-memo.html'; out.write_text(html, encoding='utf-8');"
        "print(out); print(os.environ['FONTCONFIG_FILE'])"
    )
    completed = subprocess.run(
        [PYTHON, "-c", code, str(project)], capture_output=True, text=True, check=True
    )
    html_path, conf = completed.stdout.split()
    return Path(html_path), conf


if __name__ == "__main__":
    main()
