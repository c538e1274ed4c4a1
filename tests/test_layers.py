"""The package's folders are the steps of the pipeline, and imports run one way.

    cli → web → commands → writers → memo → reading → (errors, danish)

A module may import from its own layer and from the layers after it, never from a
layer before it, and no chain of imports leads back to where it started. Every
import counts: at the top of a module, inside a function, and under
`TYPE_CHECKING`, since each of them is an arrow a reader has to follow.
Only `cli` knows the terminal: typer and rich are imported nowhere else; only `web` (the
preview server) knows Starlette, uvicorn and watchfiles.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "trivselreport"

# From the top (the user's side) to the bottom (the files on disk). The shared
# modules at the package's top level (errors, danish, the version) come last.
LAYERS = ("cli", "web", "commands", "writers", "memo", "reading")
SHARED = len(LAYERS)
ENTRY = -1  # `python -m trivselreport` starts the command line


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def rank(module: str) -> int:
    """0 for cli … 5 for reading; the shared top-level modules below them all."""
    parts = module.split(".")
    if parts[1:2] == ["__main__"]:
        return ENTRY
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS.index(parts[1])
    return SHARED


def resolve(name: str) -> str:
    """The module of the package an import names (a package means its __init__)."""
    while name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def imports_of(module: str) -> set[str]:
    """Every module of the package that `module` imports, wherever the import stands."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {resolve(name) for name in names if name.split(".")[0] == "trivselreport"}
    return found - {module}


GRAPH = {module: imports_of(module) for module in MODULES}


def test_the_package_has_one_folder_per_layer() -> None:
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert folders == set(LAYERS)


def test_the_layers_test_sees_imports_inside_functions_and_type_checking_blocks() -> None:
    # build imports its writers inside functions, report its results under TYPE_CHECKING
    assert "trivselreport.writers.pdf.render" in GRAPH["trivselreport.commands.build"]
    assert "trivselreport.commands.build" in GRAPH["trivselreport.cli.report"]
    assert "trivselreport.writers.pdf.tags" in GRAPH["trivselreport.writers.pdf.render"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_point_down(module: str) -> None:
    upward = sorted(target for target in GRAPH[module] if rank(target) < rank(module))
    assert upward == [], f"{module} imports from a layer above it"


def test_there_is_no_import_cycle() -> None:
    done: set[str] = set()

    def visit(module: str, chain: list[str]) -> None:
        if module in chain:
            cycle = [*chain[chain.index(module) :], module]
            pytest.fail("import cycle: " + " → ".join(cycle))
        if module in done:
            return
        for target in sorted(GRAPH[module]):
            visit(target, [*chain, module])
        done.add(module)

    for module in sorted(MODULES):
        visit(module, [])


def users_of(library: str) -> set[str]:
    users = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            if any(name.split(".")[0] == library for name in names):
                users.add(module)
    return users


@pytest.mark.parametrize("library", ["typer", "rich"])
def test_only_the_command_line_knows_the_terminal(library: str) -> None:
    users = users_of(library)
    assert users
    assert {module for module in users if rank(module) != LAYERS.index("cli")} == set()


@pytest.mark.parametrize("library", ["starlette", "uvicorn", "watchfiles"])
def test_only_the_preview_server_knows_the_web_stack(library: str) -> None:
    users = users_of(library)
    assert users
    assert {module for module in users if rank(module) != LAYERS.index("web")} == set()


READING_TYPES = ("trivselreport.reading.entries", "trivselreport.reading.config")


@pytest.mark.parametrize("module", sorted(m for m in MODULES if rank(m) == LAYERS.index("writers")))
def test_writers_see_the_composed_memo_not_the_entries_or_the_config(module: str) -> None:
    """The writers' input is `memo.document`: what the memo shows, not what it was read from."""
    assert not GRAPH[module] & set(READING_TYPES)
