"""The floors the benchmark compares against, each run as its own process.

python floors.py parse PROJECT    read and parse every entry with libyaml, nothing else
python floors.py weasyprint HTML  WeasyPrint alone: the same HTML to the same PDF variant
python floors.py split PROJECT MONTH
                                  trivselreport's build in-process, printing the time of
                                  each step (and of the imports) as JSON
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def parse(project: Path) -> None:
    import yaml

    for path in sorted((project / "entries").rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)


def weasyprint_alone(html_path: Path) -> None:
    import os

    conf = os.environ.get("BENCH_FONTCONFIG_FILE")
    if conf:  # the same fonts trivselreport gives fontconfig
        os.environ["FONTCONFIG_FILE"] = conf
    import weasyprint

    html = html_path.read_text(encoding="utf-8")
    weasyprint.HTML(string=html, base_url=html_path.parent.as_uri() + "/").write_pdf(
        pdf_variant="pdf/a-2a"
    )


def split(project: Path, month: str) -> None:
    start = time.perf_counter()
    from trivselreport.commands.build import PeriodChoice, build_memo

    imported = time.perf_counter() - start
    result = build_memo(project, PeriodChoice(month=month))
    print(
        json.dumps(
            {
                "import": imported,
                **result.seconds,
                "pages": result.pages,
                "entries": result.memo.entry_count(),
            }
        )
    )


if __name__ == "__main__":
    kind, *arguments = sys.argv[1:]
    if kind == "parse":
        parse(Path(arguments[0]))
    elif kind == "weasyprint":
        weasyprint_alone(Path(arguments[0]))
    elif kind == "split":
        split(Path(arguments[0]), arguments[1])
    else:
        raise SystemExit(f"unknown floor {kind!r}")
