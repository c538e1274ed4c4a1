"""The benchmark: cost of every command against a floor that does the same work.

    .venv/bin/python bench/run.py            # full run (~15 min), writes bench/RESULTS.md
    .venv/bin/python bench/run.py --quick    # fewer rounds, smaller sizes, no big memo

Every comparison is a set of paired rounds: in each round every side runs once, each as
its own process, in an order that is reversed from one round to the next (A B, B A, …),
so a change in the machine's other load falls on both sides alike. The ratio is taken
within each round and reported as its median and its range over the rounds; times are
medians. Imports are measured apart from the work: a process that only imports what the
command imports is timed in the same rounds and shown beside it.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


from synthetic import write_project  # noqa: E402

PYTHON = sys.executable
SCRIPT = str(Path(PYTHON).parent / "trivselreport")
CLI = [SCRIPT]
FLOORS = [PYTHON, str(HERE / "floors.py")]
CACHE_FOLDER = ".trivselreport-cache"


@dataclass
class Measured:
    seconds: float
    peak_mib: float
    runs: int

    def cell(self) -> str:
        return f"{self.seconds:.3f} s"


def run_once(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak MiB of one process running `command`."""
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
    return float(result["seconds"]), float(result["peak_mib"])


def measure(command: list[str], runs: int, env: dict[str, str] | None = None) -> Measured:
    """Median of `runs` processes (for figures that are not a comparison)."""
    samples = [run_once(command, env) for _ in range(runs)]
    return Measured(statistics.median(s for s, _ in samples), max(p for _, p in samples), runs)


@dataclass
class Side:
    """One side of a comparison: a command, and what to do before each of its runs."""

    command: list[str]
    env: dict[str, str] | None = None
    before: Callable[[], None] | None = None


class Paired:
    """The rounds of a comparison: seconds and peak memory of every side in every round."""

    def __init__(self, sides: dict[str, Side], rounds: int) -> None:
        self.seconds: dict[str, list[float]] = {name: [] for name in sides}
        self.peaks: dict[str, list[float]] = {name: [] for name in sides}
        order = list(sides)
        for number in range(rounds):
            for name in order if number % 2 == 0 else order[::-1]:
                side = sides[name]
                if side.before is not None:
                    side.before()
                seconds, peak = run_once(side.command, side.env)
                self.seconds[name].append(seconds)
                self.peaks[name].append(peak)

    def median(self, name: str) -> float:
        return statistics.median(self.seconds[name])

    def cell(self, name: str) -> str:
        return f"{self.median(name):.3f} s"

    def spread(self, name: str) -> str:
        values = self.seconds[name]
        return f"{min(values):.3f}–{max(values):.3f} s"

    def peak(self, name: str) -> str:
        return f"{max(self.peaks[name]):.0f} MiB"

    def ratios(self, name: str, floor: str) -> list[float]:
        return [a / b for a, b in zip(self.seconds[name], self.seconds[floor], strict=True)]

    def ratio(self, name: str, floor: str) -> float:
        return statistics.median(self.ratios(name, floor))

    def ratio_cell(self, name: str, floor: str) -> str:
        values = self.ratios(name, floor)
        return (
            f"{statistics.median(values):.2f}× ({min(values):.2f}–{max(values):.2f}, "
            f"{len(values)} pairs)"
        )


def imports_of(command: list[str]) -> list[str]:
    """Every module a command imports (python -X importtime)."""
    return [name for name, _ in _imported(command)]


def _imported(command: list[str]) -> list[tuple[str, int]]:
    """(module, depth) of every import a command makes, in the order they finish."""
    completed = subprocess.run(
        [PYTHON, "-X", "importtime", *command], capture_output=True, text=True, check=False
    )
    found: list[tuple[str, int]] = []
    for line in completed.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "self [us]" not in line:
            field = line.rsplit("|", 1)[1]
            name = field.strip()
            if not name.endswith("__main__"):
                found.append((name, (len(field) - len(field.lstrip()) - 1) // 2))
    return found


def importing(modules: list[str]) -> list[str]:
    """A process that imports these modules and does nothing else; WeasyPrint and
    pyenchant the way trivselreport imports them (startup.load_weasyprint, and
    spelling.point_pyenchant_at_libenchant first), since a module imported with
    importlib.import_module (the writer registry does) is not nested in -X importtime's
    report, so its own imports look like the command's."""
    code = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        if name == 'weasyprint':\n"
        "            from trivselreport.writers.pdf.startup import load_weasyprint\n"
        "            load_weasyprint()\n"
        "        elif name == 'enchant':\n"
        "            from trivselreport.memo.writing import spelling\n"
        "            spelling.point_pyenchant_at_libenchant()\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    return [PYTHON, "-c", code, *modules]


def script_imports(command: list[str]) -> list[str]:
    """The import-only twin of a command run through the `trivselreport` script: the
    modules it imports at the outermost level, in the order it starts them (a module
    imported inside one is imported with it, by the same code as in the command)."""
    return importing([name for name, depth in _imported([SCRIPT, *command[1:]]) if depth == 0])


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
        "pyenchant",
    ]
    return ", ".join(f"{name} {metadata.version(name)}" for name in names)


@dataclass
class Target:
    name: str
    measured: str
    met: bool | None  # None: not measured in this run
    reason: str
    command: str

    def row(self) -> str:
        verdict = {True: "met", False: "**not met**", None: "not measured"}[self.met]
        reason = f" {self.reason}" if self.reason else ""
        return f"| {self.name} | {self.measured} | {verdict}{reason} | `{self.command}` |"


def startup(say: Callable[[str], None], rounds: int, targets: list[Target]) -> None:
    sides = {
        "help": Side([SCRIPT, "--help"]),
        "typer": Side([PYTHON, "-c", "import typer"]),
        "imports": Side(script_imports([SCRIPT, "--help"])),
        "python": Side([PYTHON, "-c", "pass"]),
    }
    paired = Paired(sides, rounds)
    say("## Start-up\n")
    say(
        "`--help` against `import typer` (the floor: the CLI library alone), the process that "
        "only imports what `--help` imports, and the bare interpreter, alternating.\n"
    )
    say("| process | median | range | against `import typer` | peak memory |")
    say("| --- | --- | --- | --- | --- |")
    labels = {
        "help": "`trivselreport --help`",
        "imports": "only the imports of `--help`",
        "typer": "`python -c 'import typer'` (floor)",
        "python": "`python -c pass`",
    }
    for name, label in labels.items():
        say(
            f"| {label} | {paired.cell(name)} | {paired.spread(name)} | "
            f"{paired.ratio_cell(name, 'typer')} | {paired.peak(name)} |"
        )
    say("")
    value = paired.ratio("help", "typer")
    extra = paired.median("imports") - paired.median("typer")
    work = paired.median("help") - paired.median("imports")
    targets.append(
        Target(
            "`--help` ≤ 1.3× `import typer`",
            paired.ratio_cell("help", "typer"),
            value <= 1.3,
            ""
            if value <= 1.3
            else f"(our imports beyond typer {extra * 1000:.0f} ms, rendering the help "
            f"{work * 1000:.0f} ms)",
            "bench/run.py (start-up)",
        )
    )


def checks(
    say: Callable[[str], None],
    work: Path,
    sizes: dict[int, int],
    targets: list[Target],
) -> Path:
    say("## check, list and stats\n")
    say(
        "Floors: `yaml.compose` with libyaml (CSafeLoader) over the same entry files, which is "
        "the parse `check` does, and `lstat` of the same files, which a warm `check` (nothing "
        "changed, every result from the cache) cannot skip. *cold*: `check` with the cache "
        "folder deleted first; *warm*: `check` after a run that wrote it, with nothing changed "
        "(the kept report); *one changed*: `check` after one entry was edited, the loop of a "
        "user who edits and checks (that entry is read again, the rest comes from the entry "
        "cache and the kept writing advice); *uncached*: "
        "`check --uden-cache`; *cold, no spelling*: `check --uden-stavning` with the cache "
        "deleted (the parse and the checks without the dictionary's look-ups); `list` and "
        "`stats` warm. Imports: a process that only imports "
        "what `check` imports (the spelling library included), and one that only imports "
        "yaml. Every cell is the median of the rounds; ratios are per round.\n"
    )
    say(
        "| entries | compose floor | stat floor | cold | warm | one changed | uncached | "
        "cold, no spelling | `list` | `stats` | `check` imports | yaml import | cold / compose | "
        "cold, no spelling / compose | warm / compose | warm / stat | one changed / compose | "
        "`check` peak |"
    )
    say("| " + " | ".join("---" for _ in range(18)) + " |")
    smallest: Path | None = None
    for size, rounds in sizes.items():
        project = write_project(
            work / f"check-{size}", size, seed=2024, start=date(2021, 1, 1), days=4 * 365
        )
        smallest = smallest or project
        target = str(project)
        cache = project / CACHE_FOLDER
        check = [SCRIPT, "check", "--project", target]
        listing = [SCRIPT, "list", "--project", target]
        counting = [SCRIPT, "stats", "--project", target]
        run_once(check)  # the file system's caches warmed, and a cache written
        edits = OneEdit(project)
        sides = {
            "compose": Side([*FLOORS, "compose", target]),
            "stat": Side([*FLOORS, "stat", target]),
            "cold": Side(check, before=functools.partial(shutil.rmtree, cache, True)),
            "warm": Side(check, before=functools.partial(edits.warmed, check)),
            "one changed": Side(check, before=edits.change),
            "uncached": Side([*check, "--uden-cache"]),
            "no spelling": Side(
                [*check, "--uden-stavning"],
                before=functools.partial(shutil.rmtree, cache, True),
            ),
            "list": Side(listing, before=functools.partial(edits.warmed, listing)),
            "stats": Side(counting, before=functools.partial(edits.warmed, counting)),
            "imports": Side(script_imports(check)),
            "yaml": Side([PYTHON, "-c", "import yaml"]),
        }
        columns = list(sides)
        if size > 5000:  # the largest size only for its target (warm), to keep the run short
            del sides["uncached"], sides["no spelling"], sides["one changed"]
        paired = Paired(sides, rounds)
        cells = [paired.cell(name) if name in sides else "–" for name in columns]
        say(
            f"| {size:,} | " + " | ".join(cells) + f" | {paired.ratio_cell('cold', 'compose')} | "
            f"{paired.ratio_cell('no spelling', 'compose') if 'no spelling' in sides else '–'} | "
            f"{paired.ratio_cell('warm', 'compose')} | {paired.ratio_cell('warm', 'stat')} | "
            f"{paired.ratio_cell('one changed', 'compose') if 'one changed' in sides else '–'} | "
            f"{paired.peak('cold')} |"
        )
        if size == 5000:
            warm = paired.ratio("warm", "compose")
            cold = paired.ratio("cold", "compose")
            fixed = paired.median("imports") - paired.median("yaml")
            unspelt = paired.ratio("no spelling", "compose")
            saved = paired.ratio("warm", "uncached")
            targets.append(
                Target(
                    "warm `check`, 5,000 entries ≤ 0.6× compose floor",
                    paired.ratio_cell("warm", "compose"),
                    warm <= 0.6,
                    ""
                    if warm <= 0.6
                    else f"(warm is {saved:.2f}× uncached: what the cache does not keep "
                    f"is most of the run; imports alone {fixed:.3f} s more than yaml's)",
                    "bench/run.py (check, 5,000)",
                )
            )
            targets.append(
                Target(
                    "cold `check`, 5,000 entries ≤ 2.5× compose floor",
                    paired.ratio_cell("cold", "compose"),
                    cold <= 2.5,
                    ""
                    if cold <= 2.5
                    else f"(spelling: without it {unspelt:.2f}×; imports alone {fixed:.3f} s "
                    "more than yaml's)",
                    "bench/run.py (check, 5,000)",
                )
            )
        if size == 20000:
            warm_seconds = paired.median("warm")
            targets.append(
                Target(
                    "warm `check`, 20,000 entries ≤ 0.25 s",
                    f"{warm_seconds:.3f} s ({paired.spread('warm')})",
                    warm_seconds <= 0.25,
                    ""
                    if warm_seconds <= 0.25
                    else f"(warm is {paired.ratio('warm', 'cold'):.2f}× cold; "
                    f"imports {paired.median('imports'):.3f} s, "
                    f"stat floor {paired.median('stat'):.3f} s)",
                    "bench/run.py (check, 20,000)",
                )
            )
    say("")
    assert smallest is not None
    return smallest


class OneEdit:
    """Edits one entry of a project before a run (its title, back and forth), and lets
    the runs that must be warm wait until no file is within the kept report's racy
    window (2 s, reading/cache/documents.RACY_NS) of an edit before warming them."""

    def __init__(self, project: Path) -> None:
        self.path = sorted((project / "entries").rglob("*.yaml"))[len(CHANGED_TITLES)]
        self.text = self.path.read_text(encoding="utf-8")
        self.edited = 0.0
        self.count = 0

    def change(self) -> None:
        self.count += 1
        title = CHANGED_TITLES[self.count % len(CHANGED_TITLES)]
        self.path.write_text(
            self.text.replace('titel: "', f'titel: "{title}', 1) if title else self.text,
            encoding="utf-8",
        )
        self.edited = time.monotonic()

    def warmed(self, command: list[str]) -> None:
        time.sleep(max(0.0, self.edited + 2.2 - time.monotonic()))
        run_once(command)


CHANGED_TITLES = ("", "Ændret: ")  # the entry as written, and with a changed title


def heavy_imports(say: Callable[[str], None], work: Path, project: Path) -> None:
    say("## Heavy imports\n")
    new_project = work / "new-project"
    write_project(new_project, 1, seed=1, start=date(2024, 1, 1), days=1)
    commands = {
        "--help": [SCRIPT, "--help"],
        "check": [SCRIPT, "check", "--project", str(project)],
        "list": [SCRIPT, "list", "--project", str(project)],
        "stats": [SCRIPT, "stats", "--project", str(project)],
        "new": [
            SCRIPT,
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
    libraries = ("weasyprint", "docx", "pikepdf", "enchant")
    say("| command | WeasyPrint | python-docx | pikepdf | pyenchant | modules imported |")
    say("| --- | --- | --- | --- | --- | --- |")
    for name, command in commands.items():
        found = imports_of(command)
        tops = {module.split(".")[0] for module in found}
        marks = ["yes" if module in tops else "no" for module in libraries]
        say(f"| `{name}` | " + " | ".join(marks) + f" | {len(found)} |")
    say("")


def builds(
    say: Callable[[str], None], work: Path, sizes: dict[int, int], targets: list[Target]
) -> None:
    say("## build\n")
    say(
        "`build --format pdf` against WeasyPrint alone writing the very same HTML, with the same "
        "fonts, to the same PDF variant (PDF/A-2a) as a naive script would: its own process "
        "and a plain `import weasyprint`, which pays WeasyPrint's search for its libraries "
        "(`ctypes.util.find_library` starting `ldconfig`, `gcc` and `ld`) that the build "
        "skips. The imports are timed apart in the same rounds: `import weasyprint` as the "
        "naive script does it, and a process that only imports what the build imports.\n"
    )
    say(
        "| entries | pages | `build --format pdf` | WeasyPrint alone | ratio | "
        "`import weasyprint` | build's imports | work: build | work: WeasyPrint | work ratio | "
        "peak memory |"
    )
    say("| " + " | ".join("---" for _ in range(11)) + " |")
    splits: list[tuple[int, dict[str, float]]] = []
    for size, rounds in sizes.items():
        project = write_project(
            work / f"build-{size}", size, seed=2024, start=date(2024, 4, 1), days=30
        )
        html_path, conf = _pdf_html(project)
        build = [SCRIPT, "build", "--period", "2024-04", "--format", "pdf"]
        build += ["--project", str(project)]
        sides = {
            "build": Side(build),
            "alone": Side(
                [*FLOORS, "weasyprint", str(html_path)], env={"BENCH_FONTCONFIG_FILE": conf}
            ),
            "weasy import": Side(
                [PYTHON, "-c", "import weasyprint"], env={"FONTCONFIG_FILE": conf}
            ),
            "build imports": Side(script_imports(build)),
        }
        run_once(build)  # fontconfig's cache and the file system's warmed
        paired = Paired(sides, rounds)
        runs = [
            json.loads(
                subprocess.run(
                    [*FLOORS, "split", str(project), "2024-04"],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd="/",
                ).stdout
            )
            for _ in range(3)
        ]
        split = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        splits.append((size, split))
        ours = [
            b - i
            for b, i in zip(paired.seconds["build"], paired.seconds["build imports"], strict=True)
        ]
        theirs = [
            a - i
            for a, i in zip(paired.seconds["alone"], paired.seconds["weasy import"], strict=True)
        ]
        work_ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
        say(
            f"| {size} | {split['pages']:.0f} | {paired.cell('build')} | "
            f"{paired.cell('alone')} | {paired.ratio_cell('build', 'alone')} | "
            f"{paired.cell('weasy import')} | {paired.cell('build imports')} | "
            f"{statistics.median(ours):.3f} s | {statistics.median(theirs):.3f} s | "
            f"{statistics.median(work_ratios):.2f}× "
            f"({min(work_ratios):.2f}–{max(work_ratios):.2f}) | {paired.peak('build')} |"
        )
        if size == min(sizes):
            value = paired.ratio("build", "alone")
            targets.append(
                Target(
                    f"`build --format pdf`, {split['pages']:.0f} pages ≤ 0.9× WeasyPrint alone",
                    paired.ratio_cell("build", "alone"),
                    value <= 0.9,
                    ""
                    if value <= 0.9
                    else f"(imports: build {paired.cell('build imports')} against "
                    f"{paired.cell('weasy import')}; work: "
                    f"{statistics.median(ours):.3f} s against {statistics.median(theirs):.3f} s)",
                    "bench/run.py (build)",
                )
            )
    say("")
    say(
        "The split of a full build (PDF, DOCX and HTML), in-process, median of 3 processes. The "
        "imports come first and apart: ours (`trivselreport.commands.build`), WeasyPrint's "
        "(with our start-up: fontconfig isolated, no library search) and python-docx's; the "
        "steps after them import nothing heavy, so *pdf* is WeasyPrint's work and our tagging.\n"
    )
    steps = [
        "import",
        "import WeasyPrint",
        "import python-docx",
        "indlæsning",
        "sammensætning",
        "html",
        "pdf",
        "docx",
        "skrivning",
    ]
    say("| entries | pages | " + " | ".join(steps) + " |")
    say("| --- | --- | " + " | ".join("---" for _ in steps) + " |")
    for size, split in splits:
        say(
            f"| {size} | {split['pages']:.0f} | "
            + " | ".join(f"{split.get(step, 0.0):.3f} s" for step in steps)
            + " |"
        )
    say("")


def big_memo(say: Callable[[str], None], runs: int, targets: list[Target]) -> None:
    say("## A 377-page memo\n")
    command = f"bench/bigmemo.py --runs {runs}"
    completed = subprocess.run(
        [PYTHON, str(HERE / "bigmemo.py"), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    say(
        f"From `{command}` (its own docstring says how): CPU seconds of the PDF and DOCX "
        "writers in-process, imports excluded; the time per page of the last 100 pages of "
        "the 377-page memo against the first 100.\n"
    )
    say(completed.stdout.strip() + "\n")
    found = re.search(
        r"PDF: first 100 pages ([\d.]+) ms/page, last 100 pages ([\d.]+) ms/page: "
        r"([\d.]+)×.*?per round ([\d.]+)–([\d.]+)×",
        completed.stdout,
    )
    if found is None:
        targets.append(Target("377 pages: last 100 ≤ 1.1× first 100", "–", None, "", command))
        return
    value = float(found.group(3))
    whole = re.search(r"PDF: .*?the whole memo [\d.]+ ms/page: ([\d.]+)×", completed.stdout)
    targets.append(
        Target(
            "377-page memo: PDF time per page, last 100 ≤ 1.1× first 100",
            f"{value:.2f}× ({found.group(1)} → {found.group(2)} ms/page; rounds "
            f"{found.group(4)}–{found.group(5)}×)",
            value <= 1.1,
            ""
            if value <= 1.1
            else f"(the whole memo {whole.group(1) if whole else '–'}× the first 100 pages; "
            f"{runs} round(s) of differences of differences, which the machine's other "
            "load moves by ±0.3×)",
            command,
        )
    )


def kept_sections(path: Path) -> str:
    """The sections other scripts append (serve.py, spelling.py), kept as they are."""
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^## [^\n]*\(written ", text, flags=re.MULTILINE)
    return text[found.start() :] if found else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--bigmemo-runs", type=int, default=None, help="rounds of bench/bigmemo.py (0: none)"
    )
    options = parser.parse_args()
    quick = options.quick
    bigmemo_runs = (0 if quick else 1) if options.bigmemo_runs is None else options.bigmemo_runs
    start_rounds = 5 if quick else 15
    check_sizes = {1000: 3, 5000: 3} if quick else {1000: 5, 5000: 7, 20000: 3}
    build_sizes = {8: 3} if quick else {8: 9, 75: 5}  # about 5 and 44 pages
    lines: list[str] = []
    say = lines.append
    targets: list[Target] = []
    work = Path(tempfile.mkdtemp(prefix="trivselreport-bench-"))
    # Measure the tool as installed from a wheel: byte-compiled (pip does this at install;
    # an editable install under PYTHONDONTWRITEBYTECODE=1 would recompile on every run).
    import trivselreport

    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(Path(trivselreport.__file__).parent)], check=True
    )
    body: list[str] = []
    started = datetime.now()
    startup(body.append, start_rounds, targets)
    smallest = checks(body.append, work, check_sizes, targets)
    heavy_imports(body.append, work, smallest)
    builds(body.append, work, build_sizes, targets)
    if bigmemo_runs:
        big_memo(body.append, bigmemo_runs, targets)
    else:
        targets.append(
            Target(
                "377-page memo: PDF time per page, last 100 ≤ 1.1× first 100",
                "–",
                None,
                "(run `bench/bigmemo.py`; README, big memos)",
                "bench/bigmemo.py",
            )
        )
    minutes = (datetime.now() - started).total_seconds() / 60

    say("# Benchmark results\n")
    say(
        f"Run on {date.today().isoformat()} with `python bench/run.py"
        f"{' --quick' if quick else ''}` ({minutes:.1f} min): {os.cpu_count()} cores, "
        f"{platform.platform()}, Python {platform.python_version()}.  "
    )
    say(f"Libraries: {versions()}.  ")
    say(
        "Every comparison is paired: in each round every side runs once as its own process, "
        "the order reversed from round to round; a ratio is taken within each round and given "
        "as the median with its range over the rounds (min–max) and the number of pairs. "
        "Times are medians; memory is the peak resident set of that process. Synthetic "
        "projects from `bench/synthetic.py` (seed 2024). The package is byte-compiled first, "
        "as a wheel install would be. The machine is a shared 2-core VM; its other load shows "
        "in the ranges.\n"
    )
    say("## Targets\n")
    say("| target | measured: median (range, pairs) | verdict | command |")
    say("| --- | --- | --- | --- |")
    for target in targets:
        say(target.row())
    say("")
    lines.extend(body)
    say(f"_Written {datetime.now().isoformat(timespec='seconds')}._\n")

    output = HERE / ("RESULTS-quick.md" if quick else "RESULTS.md")
    kept = "" if quick else kept_sections(HERE / "RESULTS.md")
    output.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")
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
        [PYTHON, "-c", code, str(project)], capture_output=True, text=True, check=True, cwd="/"
    )
    html_path, conf = completed.stdout.split()
    return Path(html_path), conf


if __name__ == "__main__":
    main()
