"""The demo lives in a room of its own: no product module imports ``lamtheobac.demo`` (not even inside a
function), the demo's modules import each other without a cycle, and none of them outgrows ~600 lines.

Read from the source files with ``ast``: nothing is imported to find out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "lamtheobac"
DEMO = PACKAGE / "demo"
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module the file imports, anywhere in it, relative imports made absolute; for ``from X import
    y`` both ``X`` and ``X.y`` (``y`` may be a module)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def product_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if DEMO not in p.parents)


def demo_files() -> list[Path]:
    return sorted(DEMO.rglob("*.py"))


def is_demo(name: str) -> bool:
    return name == "lamtheobac.demo" or name.startswith("lamtheobac.demo.")


def test_it_finds_the_files_it_judges():
    assert len(product_files()) > 50
    assert {module_name(p) for p in demo_files()} >= {"lamtheobac.demo.tree", "lamtheobac.demo.scale"}


def test_it_reads_relative_imports_as_the_modules_they_name():
    found = imported(DEMO / "management" / "commands" / "seed_demo.py")
    assert "lamtheobac.demo.wipe" in found
    assert "lamtheobac.demo.scale" in found


def test_no_product_module_imports_the_demo():
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(name for name in imported(path) if is_demo(name))
        for path in product_files()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_demo_modules_import_each_other_without_a_cycle():
    modules = {module_name(p): p for p in demo_files()}
    graph = {
        name: sorted({m for m in imported(path) if m in modules and m != name})
        for name, path in modules.items()
    }
    # A package's ``__init__`` importing its own modules is how a package publishes; it is no cycle.
    graph = {
        name: [m for m in targets if not (path.name == "__init__.py" and m.startswith(name + "."))]
        for (name, targets), path in zip(graph.items(), modules.values(), strict=True)
    }
    cycles: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in graph[name]:
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target) :], target] if target in trail else [name, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("path", demo_files(), ids=lambda p: str(p.relative_to(DEMO)))
def test_no_demo_module_outgrows_the_house_size(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES
