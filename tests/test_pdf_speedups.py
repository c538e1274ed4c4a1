"""Big memos cost the same per page at their end as at their start (bench/bigmemo.py).

pydyf rebuilds its tuple of page references on every read; our tagging reads it once, and
WeasyPrint's reads go through a cached property while the PDF is written, only with the
pydyf and WeasyPrint versions that patch was tested with. The PDF is the same either way.
The garbage collector is paused while the PDF is made and back on after, and while a
writer's library and the build's modules load the first time, after which what they
made is frozen (left out of later collections).
"""

from __future__ import annotations

import gc
import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydyf
import pytest

from trivselreport.commands.prepare import prepare_memo
from trivselreport.memo.period import PeriodChoice
from trivselreport.writers.pdf import collector, pagerefs, render
from trivselreport.writers.registry import WriterProject

weasyprint = importlib.import_module("weasyprint")  # loaded by render, fontconfig isolated

pytestmark = pytest.mark.pdf

ORIGINAL = pydyf.PDF.__dict__["page_references"]


def example_pdf(project: Path) -> bytes:
    prepared = prepare_memo(project, PeriodChoice(month="2024-04"))
    return render.write_pdf(prepared.memo, WriterProject(project, prepared.config.forbidden))


def counting(calls: list[str]) -> property:
    """pydyf's property, noting the module that reads it at every read."""

    def page_references(pdf: Any) -> Any:
        calls.append(sys._getframe(1).f_globals["__name__"])
        assert ORIGINAL.fget is not None
        return ORIGINAL.fget(pdf)

    return property(page_references)


def test_the_patch_applies_to_the_pinned_versions_only(monkeypatch: pytest.MonkeyPatch) -> None:
    pinned = Path(__file__).parents[1].joinpath("constraints.txt").read_text(encoding="utf-8")
    assert f"pydyf=={pagerefs.TESTED['pydyf']}" in pinned.splitlines()
    assert f"weasyprint=={pagerefs.TESTED['weasyprint']}" in pinned.splitlines()
    assert (pydyf.__version__, weasyprint.__version__) == tuple(pagerefs.TESTED.values())
    assert pagerefs.applies()
    for module, version in ((pydyf, "0.14.0"), (weasyprint, "70.1")):
        with monkeypatch.context() as changed:
            changed.setattr(module, "__version__", version)
            assert not pagerefs.applies()
            with pagerefs.cached_page_references() as patched:
                assert not patched
                assert pydyf.PDF.__dict__["page_references"] is ORIGINAL


def test_the_pdf_is_byte_identical_with_and_without_the_patch(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[object] = []
    finisher = render._identify_as_pdf_ua

    def noting_finisher(document: Any, pdf: Any) -> None:  # runs inside write_pdf
        seen.append(pydyf.PDF.__dict__["page_references"])
        finisher(document, pdf)

    monkeypatch.setattr(render, "_identify_as_pdf_ua", noting_finisher)
    patched = example_pdf(example_copy)
    assert pydyf.PDF.__dict__["page_references"] is ORIGINAL  # removed after the write
    monkeypatch.setattr(pagerefs, "applies", lambda: False)
    plain = example_pdf(example_copy)
    assert seen[0] is not ORIGINAL and seen[1] is ORIGINAL  # in place, then left out
    assert patched == plain
    assert render.page_count(patched) >= 3


def test_the_page_references_are_built_once_per_page_count(example_copy: Path) -> None:
    calls: list[str] = []
    pydyf.PDF.page_references = counting(calls)
    try:
        example_pdf(example_copy)
    finally:
        pydyf.PDF.page_references = ORIGINAL
    # All reads while writing (our tagging, WeasyPrint's bookmarks) share one tuple: all
    # pages are added before the first read.
    assert len(calls) == 1


def test_our_tagging_reads_the_page_references_once(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pagerefs, "applies", lambda: False)
    calls: list[str] = []
    monkeypatch.setattr(pydyf.PDF, "page_references", counting(calls))
    example_pdf(example_copy)
    assert calls.count("trivselreport.writers.pdf.treewrite") == 1
    assert len(calls) > 1  # WeasyPrint's bookmarks read it too, one read each


def test_the_cache_follows_pages_added_while_writing() -> None:
    with pagerefs.cached_page_references() as patched:
        assert patched
        pdfs = [pydyf.PDF(), pydyf.PDF()]
        for number in range(4):
            for pdf in pdfs:
                pdf.add_object(pydyf.Dictionary())
                assert pdf.page_references == ORIGINAL.fget(pdf)
                pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
                assert pdf.page_references == ORIGINAL.fget(pdf)
                assert len(pdf.page_references) == number + 1
        pdfs[0].pages["Kids"] = pydyf.Array()  # another list, even of the same length
        assert pdfs[0].page_references == ()
    assert pydyf.PDF.__dict__["page_references"] is ORIGINAL


def test_the_patch_is_removed_after_an_error_and_after_nested_use() -> None:
    with pytest.raises(RuntimeError), pagerefs.cached_page_references():
        with pagerefs.cached_page_references():  # as two renders at once in the server
            pass
        assert pydyf.PDF.__dict__["page_references"] is not ORIGINAL  # the other still in
        raise RuntimeError
    assert pydyf.PDF.__dict__["page_references"] is ORIGINAL


def run_render(monkeypatch: pytest.MonkeyPatch, project: Path, fail: bool) -> list[bool]:
    """Whether the collector was on while WeasyPrint wrote (a failure there, if `fail`)."""
    states: list[bool] = []
    finisher = render._identify_as_pdf_ua

    def noting_finisher(document: Any, pdf: Any) -> None:
        states.append(gc.isenabled())
        if fail:
            raise OSError("disk")
        finisher(document, pdf)

    monkeypatch.setattr(render, "_identify_as_pdf_ua", noting_finisher)
    if fail:
        with pytest.raises(OSError):
            example_pdf(project)
    else:
        example_pdf(project)
    return states


@pytest.mark.parametrize("fail", [False, True])
@pytest.mark.parametrize("before", [True, False])
def test_the_collector_is_paused_while_the_pdf_is_made_and_put_back_as_it_was(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch, fail: bool, before: bool
) -> None:
    switch: Callable[[], None] = gc.enable if before else gc.disable
    switch()
    try:
        assert run_render(monkeypatch, example_copy, fail) == [False]
        assert gc.isenabled() is before
    finally:
        gc.enable()


@pytest.mark.parametrize("before", [True, False])
def test_modules_loaded_the_first_time_leave_what_they_made_frozen(before: bool) -> None:
    switch: Callable[[], None] = gc.enable if before else gc.disable
    switch()
    frozen = gc.get_freeze_count()
    try:
        with collector.loading_frozen("trivselreport_not_a_loaded_module"):
            assert not gc.isenabled()
            made: list[list[int]] = [[]]  # a container the collector tracks
        assert gc.get_freeze_count() > frozen
        assert gc.isenabled() is before
        assert made
    finally:
        gc.unfreeze()
        gc.enable()


def test_modules_loaded_already_load_as_they_are() -> None:
    frozen = gc.get_freeze_count()
    with collector.loading_frozen("weasyprint"):  # loaded by render
        assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_an_error_while_loading_freezes_nothing_and_puts_the_collector_back() -> None:
    frozen = gc.get_freeze_count()
    with pytest.raises(ImportError), collector.loading_frozen("trivselreport_not_a_module"):
        import trivselreport_not_a_module  # type: ignore[import-not-found]  # noqa: F401
    assert gc.isenabled() and gc.get_freeze_count() == frozen


LOADED = """\
import gc, json, sys
from pathlib import Path
from trivselreport.commands.build import build_memo
from trivselreport.memo.period import PeriodChoice

print(json.dumps([gc.get_freeze_count() > 0]))
build_memo(Path(sys.argv[1]), PeriodChoice(month="2024-04"), formats=("pdf", "docx"))
print(json.dumps([gc.isenabled(), gc.get_freeze_count() > 0, "docx" in sys.modules]))
"""


def test_a_build_loads_its_writers_libraries_frozen_and_collects_again_after(
    example_copy: Path,
) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", LOADED, str(example_copy)],
        capture_output=True,
        text=True,
        check=True,
    )
    before, after = (json.loads(line) for line in completed.stdout.splitlines())
    assert before == [False] and after == [True, True, True]
