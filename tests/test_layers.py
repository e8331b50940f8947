"""The apps import downhill only: the import-linter contract in pyproject.toml holds for the tree, and it
catches an uphill import planted on purpose (so the check in ``make lint`` can fail)."""

from __future__ import annotations

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
        ("organisation/planted.py", "from lamtheobac.reports import counters\n"),
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
