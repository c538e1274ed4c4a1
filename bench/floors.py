"""The floors the benchmark compares against, each run as its own process.

Each floor does the work the command cannot avoid, and nothing the command does not do:

python floors.py compose PROJECT  read every entry file and `yaml.compose` it with libyaml
                                  (CSafeLoader): the parse `check` does (it builds its values
                                  from the node tree itself), not `yaml.load`
python floors.py stat PROJECT     lstat every entry file: what a warm `check` cannot skip
python floors.py weasyprint HTML  WeasyPrint alone, as a naive script would use it: plain
                                  `import weasyprint` (so it pays WeasyPrint's own library
                                  search), the same HTML, the same fonts, the same PDF variant
python floors.py split PROJECT MONTH
                                  trivselreport's build in-process, printing the time of
                                  each step as JSON, with the imports (ours, WeasyPrint's,
                                  python-docx's) timed apart from the steps
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from pathlib import Path


def entry_files(project: Path) -> list[Path]:
    return sorted((project / "entries").rglob("*.yaml"))


def compose(project: Path) -> None:
    import yaml

    for path in entry_files(project):
        yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)


def stat(project: Path) -> None:
    for folder, _, names in os.walk(project / "entries"):
        for name in names:
            os.lstat(os.path.join(folder, name))


def weasyprint_alone(html_path: Path) -> None:
    conf = os.environ.get("BENCH_FONTCONFIG_FILE")
    if conf:  # the same fonts trivselreport gives fontconfig
        os.environ["FONTCONFIG_FILE"] = conf
    import weasyprint

    html = html_path.read_text(encoding="utf-8")
    weasyprint.HTML(string=html, base_url=html_path.parent.as_uri() + "/").write_pdf(
        pdf_variant="pdf/a-2a"
    )


def split(project: Path, month: str) -> None:
    clock = time.perf_counter()
    from trivselreport.commands.build import PeriodChoice, build_memo

    ours = time.perf_counter() - clock
    clock = time.perf_counter()
    importlib.import_module("trivselreport.writers.pdf.render")  # loads WeasyPrint

    weasy = time.perf_counter() - clock
    clock = time.perf_counter()
    importlib.import_module("trivselreport.writers.docx.writer")

    docx = time.perf_counter() - clock
    result = build_memo(project, PeriodChoice(month=month))
    print(
        json.dumps(
            {
                "import": ours,
                "import WeasyPrint": weasy,
                "import python-docx": docx,
                **result.seconds,
                "pages": result.pages,
                "entries": result.memo.entry_count(),
            }
        )
    )


if __name__ == "__main__":
    kind, *arguments = sys.argv[1:]
    if kind == "compose":
        compose(Path(arguments[0]))
    elif kind == "stat":
        stat(Path(arguments[0]))
    elif kind == "weasyprint":
        weasyprint_alone(Path(arguments[0]))
    elif kind == "split":
        split(Path(arguments[0]), arguments[1])
    else:
        raise SystemExit(f"unknown floor {kind!r}")
