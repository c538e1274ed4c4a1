"""The install stays light: no typesetter and no documentation tool chain at run time.

The symbol font used to come from a package that depends on rinohtype, which pulls in
Sphinx, docutils, babel, requests and more (27 packages, ~94 MB) for a handful of
glyphs. The symbols are now drawn by our own code; these tests keep the chain out, read
from what pip installed (the distributions' own requirements, followed to the end) and
from pyproject.toml, and keep constraints.txt pinning exactly what is installed.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

from packaging.requirements import Requirement

from .conftest import REPO_ROOT

# What the old symbol font package brought along; none of it may return at run time.
HEAVY = {
    "rinohtype",
    "rinoh-typeface-dejavusans",
    "sphinx",
    "docutils",
    "babel",
    "requests",
    "myst-parser",
    "alabaster",
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(root: str = "trivselreport") -> set[str]:
    """Every installed distribution the runtime install of `root` needs, `root` included."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = canonical(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        for text in importlib.metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def pinned() -> dict[str, str]:
    lines = (REPO_ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = (line.split("==") for line in lines if line and not line.startswith("#"))
    return {canonical(name): version for name, version in pins}


def test_the_runtime_install_pulls_no_typesetter_and_no_sphinx() -> None:
    closure = runtime_closure()
    assert {"weasyprint", "fonttools", "fontpkg-lato"} <= closure  # the walk reaches the leaves
    assert closure & HEAVY == set()


def test_pyproject_names_fonttools_and_none_of_the_heavy_chain() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = {canonical(Requirement(text).name) for text in project["project"]["dependencies"]}
    assert "fonttools" in runtime  # the symbol font is built with it: we import it ourselves
    assert runtime & HEAVY == set()
    for extra in project["project"]["optional-dependencies"].values():
        assert {canonical(Requirement(text).name) for text in extra} & HEAVY == set()


def test_constraints_pin_every_runtime_package_and_nothing_that_is_not_installed() -> None:
    pins = pinned()
    assert runtime_closure() - {"trivselreport"} <= set(pins)
    stale = []
    for name, version in pins.items():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            stale.append(name)
            continue
        assert installed == version, name
    assert stale == []
    assert set(pins) & HEAVY == set()
