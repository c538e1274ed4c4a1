"""Does a big memo cost the same per page at its end as at its start?

    .venv/bin/python bench/bigmemo.py            # 3 runs of each size, about eight minutes
    .venv/bin/python bench/bigmemo.py --runs 1   # one run of each size

Builds synthetic memos (bench/synthetic.py, fixed seed) of about 1, 100, 277 and 377
pages, each in its own process, and times the PDF writer (WeasyPrint's render and write
with our tagging) and the DOCX writer, in-process, in CPU seconds, imports excluded; and
the time the garbage collector takes of each. The
time per page of the first 100 pages is (T(100) - T(1)) / (pages(100) - pages(1)), of
the last 100 pages of the 377-page memo (T(377) - T(277)) / (pages(377) - pages(277)):
the cost of the pages themselves, without the fixed cost of a build. These differences
of differences are sensitive to the machine's other work, so the ratio is also given per
round (the four sizes built one after the other), and the whole memo's cost per page,
(T(377) - T(1)) / (pages(377) - pages(1)), which rests on larger differences. Target: the last
100 pages ≤ 1.1× the first 100. Also the peak memory (resident set) of each build.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write_project  # noqa: E402

# Entries of April 2024 giving memos of about 1, 100, 277 and 377 pages.
SIZES = {"1": 1, "100": 180, "277": 500, "377": 680}


def child(project: Path) -> None:
    """One build's PDF and DOCX in this process: CPU seconds of each (less disturbed by
    other work on the machine than wall time), the collector's share, pages, peak memory."""
    import gc

    from trivselreport.commands.prepare import prepare_memo
    from trivselreport.memo.period import PeriodChoice
    from trivselreport.writers.docx.writer import write_docx
    from trivselreport.writers.pdf.render import page_count, write_pdf
    from trivselreport.writers.registry import WriterProject

    collecting = [0.0, 0.0]  # seconds in the collector, the start of the current collection

    def collector(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collecting[1] = time.process_time()
        else:
            collecting[0] += time.process_time() - collecting[1]

    prepared = prepare_memo(project, PeriodChoice(month="2024-04"))
    writer_project = WriterProject(project, prepared.config.forbidden)
    gc.callbacks.append(collector)
    start = time.process_time()
    pdf = write_pdf(prepared.memo, writer_project)
    middle = time.process_time()
    pdf_gc = collecting[0]
    write_docx(prepared.memo, writer_project)
    end = time.process_time()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "pdf": middle - start,
                "pdf_gc": pdf_gc,
                "docx": end - middle,
                "docx_gc": collecting[0] - pdf_gc,
                "pages": page_count(pdf),
                "peak_mib": peak_kib / 1024,
            }
        )
    )


def run(project: Path) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", str(project)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=Path)
    arguments = parser.parse_args()
    if arguments.child is not None:
        child(arguments.child)
        return
    results: dict[str, dict[str, float]] = {}
    measured: dict[str, list[dict[str, float]]] = {name: [] for name in SIZES}
    with tempfile.TemporaryDirectory() as work:
        projects = {
            name: write_project(
                Path(work) / f"memo-{name}", entries, seed=2024, start=date(2024, 4, 1), days=30
            )
            for name, entries in SIZES.items()
        }
        for _ in range(arguments.runs):  # the sizes alternate, so drift hits them alike
            for name, project in projects.items():
                measured[name].append(run(project))
        for name, runs in measured.items():
            results[name] = {
                key: statistics.median(run[key] for run in runs)
                for key in ("pdf", "pdf_gc", "docx", "docx_gc", "pages")
            }
            results[name]["peak_mib"] = max(run["peak_mib"] for run in runs)
    print("| memo | pages | PDF (of it collector) | DOCX (of it collector) | peak memory |")
    print("| --- | --- | --- | --- | --- |")
    for name, result in results.items():
        print(
            f"| ~{name} pages | {result['pages']:.0f} | "
            f"{result['pdf']:.3f} s ({result['pdf_gc']:.3f} s) | "
            f"{result['docx']:.3f} s ({result['docx_gc']:.3f} s) | "
            f"{result['peak_mib']:.0f} MiB |"
        )
    for step in ("pdf", "docx"):
        first = _per_page(results["1"], results["100"], step)
        last = _per_page(results["277"], results["377"], step)
        whole = _per_page(results["1"], results["377"], step)
        # The same ratio within each round (all four sizes built one after the other), so
        # the spread shows how much the machine's other work moved the figures.
        rounds = [
            _per_page(measured["277"][n], measured["377"][n], step)
            / _per_page(measured["1"][n], measured["100"][n], step)
            for n in range(arguments.runs)
        ]
        print(
            f"\n{step.upper()}: first 100 pages {first * 1000:.1f} ms/page, "
            f"last 100 pages {last * 1000:.1f} ms/page: {last / first:.2f}× (target ≤ 1.1×; "
            f"per round {min(rounds):.2f}–{max(rounds):.2f}×); the whole memo "
            f"{whole * 1000:.1f} ms/page: {whole / first:.2f}× the first 100"
        )


def _per_page(smaller: dict[str, float], bigger: dict[str, float], step: str) -> float:
    return (bigger[step] - smaller[step]) / (bigger["pages"] - smaller["pages"])


if __name__ == "__main__":
    main()
