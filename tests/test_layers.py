"""The apps import downhill only: the import-linter contract in pyproject.toml holds for the tree, and it
catches an uphill import planted on purpose (so the check in ``make lint`` can fail)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_neutral

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` over the ``lamtheobac`` package found under ``root``, with the project's contract."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "lamtheobac", tmp_path / "lamtheobac",
        ignore=shutil.ignore_patterns("__pycache__", "*.txt", "*.csv", "migrations"),
    )  # fmt: skip
    return tmp_path


def test_the_tree_keeps_the_layers():
    run = _lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


@pytest.mark.parametrize(
    ("lower", "planted"),
    [
        ("organisation/planted.py", "from lamtheobac.reports.services import counters\n"),
        # inside a function counts too
        (
            "cycle/planted.py",
            "def later():\n    from lamtheobac.quality import services\n    return services\n",
        ),
        ("audit/planted.py", "import lamtheobac.organisation.access\n"),
    ],
)
def test_it_fails_on_an_uphill_import(tmp_path, lower, planted):
    root = _copy(tmp_path)
    (root / "lamtheobac" / lower).write_text(planted)
    run = _lint(root)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "BROKEN" in run.stdout
    module = "lamtheobac." + lower.removesuffix(".py").replace("/", ".")
    assert module in run.stdout  # the copy was checked, and the planted module is named


def test_it_fails_on_an_app_not_placed_in_the_layers(tmp_path):
    root = _copy(tmp_path)
    (root / "lamtheobac" / "newapp").mkdir()
    (root / "lamtheobac" / "newapp" / "__init__.py").write_text("")
    run = _lint(root)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "lamtheobac.newapp" in run.stdout


def test_two_apps_of_one_layer_stay_independent(tmp_path):
    root = _copy(tmp_path)
    (root / "lamtheobac" / "quality" / "planted.py").write_text("from lamtheobac.activities import models\n")
    run = _lint(root)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "lamtheobac.quality.planted" in run.stdout


# --- Imports inside functions -----------------------------------------------------------------------

PACKAGE = ROOT / "lamtheobac"


def _module_of(path: Path, root: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if package else parts), package


def _imported(node: ast.Import | ast.ImportFrom, module: str, package: bool) -> list[str]:
    """The absolute names of the modules ``node`` imports from (a relative import resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not node.level:
        return [node.module or ""]
    base = module.split(".") if package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return [".".join([*base, *([node.module] if node.module else [])])]


def _explained(lines: list[str], node: ast.stmt) -> bool:
    """A comment on the import's lines, or on the line above it or above the run of imports it stands in."""
    if any("#" in line for line in lines[node.lineno - 1 : node.end_lineno]):
        return True
    above = node.lineno - 2
    while above >= 0 and lines[above].strip().startswith(("from ", "import ", ")")):
        above -= 1  # the imports written together with it share one comment
    return above >= 0 and lines[above].strip().startswith("#")


def unexplained_imports(source: str, module: str, package: bool = False) -> list[str]:
    """Imports of another part of ``lamtheobac`` (another app, or ``lib``) made inside a function of
    ``module`` with no comment saying why: they hide a dependency from the reader (and often a cycle)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    own = module.split(".")[:2]
    found: dict[int, str] = {}
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _imported(node, module, package):
                parts = target.split(".")
                if (
                    parts[0] == "lamtheobac"
                    and len(parts) > 1
                    and parts[:2] != own
                    and not _explained(lines, node)
                ):
                    found[node.lineno] = f"line {node.lineno}: {lines[node.lineno - 1].strip()}"
    return [found[line] for line in sorted(found)]


def test_no_function_imports_another_app_without_saying_why():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module, package = _module_of(path, PACKAGE)
        found += [
            f"{module}: {f}" for f in unexplained_imports(path.read_text(encoding="utf-8"), module, package)
        ]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("def f():\n    from lamtheobac.organisation.models import Person\n", True),
        ("def f():\n    import lamtheobac.lib.text\n", True),
        (
            "class A:\n    def f(self):\n        from ...organisation import access\n",
            True,
        ),  # relative, two up
        ("def f():\n    from lamtheobac.cycle import workflow\n", False),  # its own app
        ("def f():\n    from .models import Record\n", False),
        ("from lamtheobac.organisation.models import Person\n", False),  # at the top: seen by everyone
        ("def f():\n    from lamtheobac.lib import text  # a cycle: text imports this module\n", False),
        (
            "def f():\n    x = 1\n    # the registry is ready only now\n"
            "    from lamtheobac.audit import access\n    from lamtheobac.lib import pagecache\n",
            False,
        ),
        ("def f():\n    # a comment further up\n    x = 1\n    from lamtheobac.audit import access\n", True),
    ],
)
def test_it_finds_a_function_level_import_without_a_reason(source, flagged):
    assert bool(unexplained_imports(source, "lamtheobac.cycle.views.records")) is flagged


# --- The size of a module -----------------------------------------------------------------------------

MAX_LINES = 600


def _sized(path: Path, root: Path) -> bool:
    """Code, not data: the migrations Django writes and the demo's tables (``demo/data``) are not sized."""
    parts = path.relative_to(root).parts
    return "migrations" not in parts and parts[:2] != ("demo", "data")


def oversized(root: Path = PACKAGE, limit: int = MAX_LINES) -> list[str]:
    """The product modules longer than ``limit`` lines: a module that grows past it becomes a package split
    by area."""
    found = []
    for path in sorted(p for p in root.rglob("*.py") if _sized(p, root)):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > limit:
            found.append(f"{path.relative_to(root.parent)}: {n} lines")
    return found


def test_no_product_module_passes_600_lines():
    found = oversized()
    assert found == [], "\n".join(found)


def test_it_finds_a_module_past_the_limit(tmp_path):
    root = tmp_path / "lamtheobac"
    (root / "demo" / "data").mkdir(parents=True)
    (root / "long.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (root / "short.py").write_text("x = 1\n" * MAX_LINES)
    (root / "demo" / "data" / "table.py").write_text("x = 1\n" * (MAX_LINES + 1))  # data: not sized
    assert oversized(root) == [f"lamtheobac/long.py: {MAX_LINES + 1} lines"]
